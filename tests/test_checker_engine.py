"""The learner's engine read back from saved lab notebooks (minigrad.labs.engine), and the labs'
registry of notebook names."""

import shutil

import nbformat
import pytest

from lab_notebooks import ROOT
from minigrad import set_language
from minigrad.labs import NOTEBOOKS, engine, ready
from minigrad.scalar import Value as LibraryValue


def _copy_solutions(tmp_path, lang="en"):
    for lab in ("00", "01", "02", "03", "05"):
        name = f"{NOTEBOOKS[lab][lang]}.ipynb"
        shutil.copy(ROOT / "solutions" / lang / name, tmp_path / name)
    return tmp_path


def _replace_cell(path, starts_with, source):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(starts_with))
    cell.source = source
    nbformat.write(nb, path)


def test_the_registry_names_every_lab_source_and_nothing_else():
    import tools.build_notebooks as build

    labs = {s.path.stem[:2]: s.names for s in build.sources() if s.is_lab}
    assert labs == NOTEBOOKS


def test_finished_labs_give_the_learners_own_value(capsys):
    Value = engine.your_value(folder=ROOT / "solutions" / "en")
    assert capsys.readouterr().out == "Value: your own, from labs 00–02 (all 16 exercises pass).\n"
    assert Value is not LibraryValue and Value.__module__ == "minigrad_lab00"
    # It is a whole engine: the learner's closures and the learner's backward() of lab 02.
    a, b = Value(2.0), Value(-3.0)
    L = (a * b + a) * (a * b)
    L.backward()
    assert (a.grad, b.grad) == (24.0, -20.0)


def test_unfinished_labs_give_minigrads_value_and_say_why_in_the_notebooks_language(capsys):
    assert engine.your_value(folder=ROOT / "exercises" / "en") is LibraryValue
    assert capsys.readouterr().out == (
        "Value: minigrad's Value (minigrad.scalar.Value), because yours is not ready: 00.1 "
        "Value.__init__ — not yet implemented. Finish it in 00-value-skeleton.ipynb, save that "
        "notebook, and run this cell again.\n")
    set_language("es")
    engine.your_value(folder=ROOT / "exercises" / "es")
    assert capsys.readouterr().out.startswith(
        "Value: el Value de minigrad (minigrad.scalar.Value), porque el tuyo no está listo: 00.1 "
        "Value.__init__ — aún sin implementar. Termínalo en 00-esqueleto-de-value.ipynb")


def test_the_first_exercise_that_does_not_pass_is_named(tmp_path, capsys):
    folder = _copy_solutions(tmp_path)
    _replace_cell(folder / "01-operations-and-local-derivatives.ipynb", "def value_truediv",
                  "def value_truediv(self, other):\n"
                  "    other = as_value(other)\n"
                  "    out = Value(self.data / other.data, (self, other), '/')\n"
                  "    def _backward():\n"
                  "        self.grad += out.grad / other.data\n"
                  "        other.grad += self.data / other.data ** 2 * out.grad\n"
                  "    out._backward = _backward\n"
                  "    return out\n"
                  "Value.__truediv__ = value_truediv\n")
    assert engine.your_value(folder=folder) is LibraryValue
    assert "because yours is not ready: 01.4 a / b — not yet right. Finish it in " \
           "01-operations-and-local-derivatives.ipynb" in capsys.readouterr().out


def test_a_cell_with_a_syntax_error_is_named(tmp_path, capsys):
    folder = _copy_solutions(tmp_path)
    _replace_cell(folder / "02-topological-order-and-backward.ipynb", "def zero_grad",
                  "def zero_grad(root)\n    pass\n")
    engine.your_value(folder=folder)
    out = capsys.readouterr().out
    assert "the cell that defines zero_grad raised SyntaxError" in out
    assert "02-topological-order-and-backward.ipynb" in out


def test_a_missing_notebook_is_named(tmp_path, capsys):
    folder = _copy_solutions(tmp_path)
    (folder / "02-topological-order-and-backward.ipynb").unlink()
    engine.your_value(folder=folder)
    assert "the notebook 02-topological-order-and-backward.ipynb is not in this folder" in \
        capsys.readouterr().out


def test_a_value_whose_gradients_disagree_with_the_library_is_refused():
    class Wrong(ready.Value):
        def tanh(self):
            out = type(self)(0.0, (self,), "tanh")
            return out

    with pytest.raises(engine._NotReady) as refused:
        engine._agrees_with_the_library(Wrong, "01-operations-and-local-derivatives.ipynb")
    assert refused.value.key == "wrong_gradients"
    engine._agrees_with_the_library(ready.Value, "anything")         # the ready-made one agrees


def test_the_capstone_engine_falls_back_to_fresh_ready_made_parts(capsys):
    first = engine.your_engine(folder=ROOT / "exercises" / "en")
    second = engine.your_engine(folder=ROOT / "exercises" / "en")
    capsys.readouterr()
    assert issubclass(first.Value, ready.Value) and first.Value is not second.Value
    first.Value.softplus = lambda self: self          # lab 07 attaches methods: they stay there
    assert not hasattr(ready.Value, "softplus") and not hasattr(second.Value, "softplus")
    assert issubclass(first.Dual, ready.Dual)
    ok, worst, index = first.gradcheck(lambda a, b: (a * b).tanh() + b, [0.5, -1.5])
    assert ok and worst < 1e-6


def test_the_capstone_engine_uses_every_finished_part(capsys):
    parts = engine.your_engine(folder=ROOT / "solutions" / "en")
    assert capsys.readouterr().out.splitlines() == [
        "Value: your own, from labs 00–02 (all 16 exercises pass).",
        "Dual: your own, from lab 05 (all 5 exercises pass).",
        "gradcheck: your own, from lab 03 (all 4 exercises pass)."]
    # The learner's gradcheck of lab 03 now evaluates f on the learner's Value.
    seen = []

    def f(a, b):
        seen.append(type(a))
        return a * b + b
    assert parts.gradcheck(f, [0.5, 2.0])[0] is True
    assert set(seen) == {parts.Value}
    d = parts.Dual(2.0, 1.0) * parts.Dual(3.0, 0.0) + 1.0
    assert (d.value, d.tangent) == (7.0, 3.0)


def test_a_notebook_that_is_not_json_is_named(tmp_path, capsys):
    folder = _copy_solutions(tmp_path)
    (folder / "00-value-skeleton.ipynb").write_text("{ half a notebook", encoding="utf-8")
    engine.your_value(folder=folder)
    assert "the notebook 00-value-skeleton.ipynb cannot be read (JSONDecodeError)" in \
        capsys.readouterr().out


def test_reading_the_labs_needs_nothing_but_the_standard_library(monkeypatch):
    # The workbook's in-browser kernel has no nbformat: the engine reads notebooks as JSON.
    import builtins

    real_import = builtins.__import__

    def no_nbformat(name, *args, **kwargs):
        if name.split(".")[0] == "nbformat":
            raise ModuleNotFoundError("No module named 'nbformat'", name="nbformat")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nbformat)
    part = engine.load_part("value", LibraryValue, "library_value", ROOT / "solutions" / "en")
    assert part.yours


def test_checks_passed_by_unchanged_labs_are_not_run_again_and_a_changed_lab_is(tmp_path,
                                                                                monkeypatch):
    folder = _copy_solutions(tmp_path)
    engine._PASSED.clear()
    calls = []
    quiet_run = engine.core.quiet_run

    def counted(exercise_id, *args):
        calls.append(exercise_id)
        return quiet_run(exercise_id, *args)

    monkeypatch.setattr(engine.core, "quiet_run", counted)
    first = engine.your_value(folder=folder)
    assert len(calls) == 16                          # every check of labs 00–02, once
    calls.clear()
    second = engine.your_value(folder=folder)
    assert calls == [] and second is not first       # a fresh class from the same code
    # Lab 02 changed (a backward that forgets to zero the grads): its checks run again and fail.
    _replace_cell(folder / "02-topological-order-and-backward.ipynb", "def zero_grad",
                  "def zero_grad(root):\n    pass\n")
    assert engine.your_value(folder=folder) is LibraryValue
    assert calls and set(calls) <= {"02.1", "02.2", "02.3"}


def _add_cell(path, after_starting_with, source):
    nb = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and c.source.startswith(after_starting_with))
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)


TOPOLOGICAL_ORDER = """def topological_order(root):
    order, seen, stack = [], set(), deque([(root, False)])
    while stack:
        node, placed = stack.pop()
        if placed:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((p, False) for p in parents_of(node) if p not in seen)
    return order
"""


def test_the_learners_own_helpers_and_imports_come_along(tmp_path, capsys):
    # Lab 02 written with a helper in a cell of its own and an import added to the imports cell,
    # as a learner may: it passes its checks, so it is the learner's Value that lab 04 gets.
    folder = _copy_solutions(tmp_path)
    lab02 = folder / "02-topological-order-and-backward.ipynb"
    _replace_cell(lab02, "def topological_order", TOPOLOGICAL_ORDER)
    _add_cell(lab02, "def topological_order", "def parents_of(node):\n    return list(node._prev)\n")
    nb = nbformat.read(lab02, as_version=4)
    imports = next(c for c in nb.cells if c.cell_type == "code" and "import when_ready" in c.source)
    imports.source = "from collections import deque\n" + imports.source
    nbformat.write(nb, lab02)
    Value = engine.your_value(folder=folder)
    assert capsys.readouterr().out.startswith("Value: your own, from labs 00–02")
    a = Value(2.0)
    (a * a + a).backward()
    assert a.grad == 5.0
    # Only the statements the lab's cells need were run: not the rest of the imports cell.
    namespace, code = engine._define(folder, "02", "en", {"Value": ready.Value})
    assert code[0] == "from collections import deque\ndef parents_of(node):\n    return list(node._prev)"
    assert "when_ready" not in namespace and "BackwardStepper" not in namespace


def test_a_part_whose_check_raises_names_the_error(tmp_path, capsys):
    folder = _copy_solutions(tmp_path)
    _replace_cell(folder / "02-topological-order-and-backward.ipynb", "def topological_order",
                  TOPOLOGICAL_ORDER.replace("deque(", "list("))        # parents_of is nowhere
    assert engine.your_value(folder=folder) is LibraryValue
    assert "02.1 topological_order(root) — raises an error (NameError: name 'parents_of' is not " \
           "defined). Finish it in 02-topological-order-and-backward.ipynb" in capsys.readouterr().out
