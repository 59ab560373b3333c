"""The learner's own engine, read back from their saved lab notebooks.

Labs 00–02 build a `Value`, lab 03 a gradient check, lab 05 a `Dual`. Later labs run on them:

* lab 04 trains its network on ``your_value()``: the learner's `Value` when labs 00–02 are
  finished, minigrad's own `minigrad.scalar.Value` otherwise;
* lab 07 adds an operation to ``your_engine()``: the learner's `Value`, `Dual` and `gradcheck`,
  each replaced by a fresh ready-made one (`minigrad.labs.ready`) while it is not finished.

Both print which engine they use and, for a part that is not the learner's, why: the first
exercise that does not pass, a cell that fails, or a notebook that is not there.

How a part is read: the lab notebooks are the learner's saved ones, next to the running notebook
(the kernel's folder; pass ``folder=`` otherwise), in the notebook's language. From each, only the
code cells that define one of the lab's names are run (the exercise cells and the provided
definitions they need, never the demonstrations or the checks), in a namespace of their own, after
the statements of other cells that bind what they use (a helper function or an import of the
learner's). Then
the lab's checks run on what they defined, quietly, and a last comparison with the library's
gradients guards the assembled `Value`. Nothing is written, and the notebooks are only read: save
a lab's notebook to bring its latest code here.
"""

import ast
import builtins
import contextlib
import io
import json
import math
import symtable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..checker import core
from ..i18n import get_language, say
from . import NOTEBOOKS, ready

__all__ = ["your_value", "your_engine", "load_part", "Engine", "Part"]

MESSAGES = {
    "yours": {"en": "{part}: your own, from {labs} (all {n} exercises pass).",
              "es": "{part}: el tuyo, de {labs} (se superan los {n} ejercicios)."},
    "fallback": {"en": "{part}: {fallback}, because yours is not ready: {why}. {fix}",
                 "es": "{part}: {fallback}, porque el tuyo no está listo: {why}. {fix}"},
    "fix": {"en": "Finish it in {file}, save that notebook, and run this cell again.",
            "es": "Termínalo en {file}, guarda ese cuaderno y vuelve a ejecutar esta celda."},
    "fix_missing": {"en": "Run this notebook from the folder of the lab notebooks.",
                    "es": "Ejecuta este cuaderno desde la carpeta de los cuadernos de las prácticas."},
    "missing": {"en": "the notebook {file} is not in this folder",
                "es": "el cuaderno {file} no está en esta carpeta"},
    "unreadable": {"en": "the notebook {file} cannot be read ({error})",
                   "es": "el cuaderno {file} no se puede leer ({error})"},
    "cell_failed": {"en": "the cell that defines {name} raised {error}",
                    "es": "la celda que define {name} ha lanzado {error}"},
    "not_defined": {"en": "{file} does not define {name}",
                    "es": "{file} no define {name}"},
    "exercise": {"en": "{id} {title} — {status}", "es": "{id} {title} — {status}"},
    "wrong_gradients": {
        "en": "its gradients of {expr} differ from minigrad's ({got} instead of {want})",
        "es": "sus gradientes de {expr} no coinciden con los de minigrad ({got} en lugar de {want})"},
    "labs_value": {"en": "labs 00–02", "es": "las prácticas 00–02"},
    "labs_dual": {"en": "lab 05", "es": "la práctica 05"},
    "labs_gradcheck": {"en": "lab 03", "es": "la práctica 03"},
    "library_value": {"en": "minigrad's Value (minigrad.scalar.Value)",
                      "es": "el Value de minigrad (minigrad.scalar.Value)"},
    "ready_value": {"en": "the ready-made one (minigrad.labs.ready.Value)",
                    "es": "el ya hecho (minigrad.labs.ready.Value)"},
    "ready_dual": {"en": "the ready-made one (minigrad.labs.ready.Dual)",
                   "es": "el ya hecho (minigrad.labs.ready.Dual)"},
    "ready_gradcheck": {"en": "the ready-made one (minigrad.labs.ready.gradcheck)",
                        "es": "la ya hecha (minigrad.labs.ready.gradcheck)"},
}

# What each lab contributes: the names its cells define (the cells to run), and its exercises.
LAB_NAMES = {
    "00": {"Value", "value_repr", "value_add", "value_mul", "value_radd", "value_rmul"},
    "01": {"value_add", "value_mul", "value_sub", "value_truediv", "value_pow", "value_exp",
           "value_tanh", "value_relu"},
    "02": {"topological_order", "zero_grad", "backward"},
    "03": {"evaluate", "autodiff_gradient", "central_difference", "numerical_gradient",
           "relative_error", "gradcheck"},
    "05": {"Dual", "as_dual", "dual_add", "dual_mul", "cos", "sin", "exp"},
}
LAB_EXERCISES = {
    "00": [f"00.{k}" for k in range(1, 6)],
    "01": [f"01.{k}" for k in range(1, 9)],
    "02": ["02.1", "02.2", "02.3"],
    "03": ["03.1", "03.2", "03.3", "03.4"],
    "05": [f"05.{k}" for k in range(1, 6)],
}

# The assembled Value must agree with minigrad's on every operation labs 00–01 built.
PROBE = "((a * b - a / b) ** 2).tanh() + (a - 1).exp().relu() * b + 2 * a / (1 + b * b)"


class _NotReady(Exception):
    """A part is not the learner's yet: ``key`` and ``fields`` say why (a MESSAGES entry)."""

    def __init__(self, key, file, **fields):
        super().__init__(key)
        self.key, self.file, self.fields = key, file, fields


@dataclass
class Part:
    """One part of the engine: the object, whether it is the learner's, and the sentence saying so."""
    obj: object
    yours: bool
    report: str


@dataclass
class Engine:
    """What lab 07 runs on: a `Value`, a `Dual` and a `gradcheck`, each the learner's or ready-made."""
    Value: type
    Dual: type
    gradcheck: object
    report: str

    def __repr__(self):
        return self.report


def _file(lab, lang):
    return f"{NOTEBOOKS[lab][lang]}.ipynb"


def _sources(folder, lab, lang):
    """The code cells of a saved lab notebook (read as JSON: the in-browser kernel of the
    workbook's site has no nbformat)."""
    path = Path(folder) / _file(lab, lang)
    if not path.exists():
        raise _NotReady("missing", _file(lab, lang))
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = [cell["source"] for cell in cells if cell.get("cell_type") == "code"]
        return [source if isinstance(source, str) else "".join(source) for source in sources]
    except Exception as error:              # a notebook saved half-way, or not a notebook
        raise _NotReady("unreadable", _file(lab, lang), error=type(error).__name__) from None


def _define(folder, lab, lang, namespace):
    """Run the cells of ``lab`` that define its names, in ``namespace``, after the learner's own
    helpers and imports they use; return the namespace and the code run."""
    wanted = LAB_NAMES[lab]
    sources = _sources(folder, lab, lang)
    cells = [source for source in sources if core.defined_names(source) & wanted]
    support, helpers = _support([source for source in sources if source not in cells], cells,
                                namespace)
    pieces = [(support, helpers)] if support else []
    pieces += [(source, core.defined_names(source) & wanted) for source in cells]
    ran = []
    for source, names in pieces:
        ran.append(source)
        try:
            code = compile(source, _file(lab, lang), "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, namespace)
        except Exception as error:
            raise _NotReady("cell_failed", _file(lab, lang), name=min(names),
                            error=core.one_line(error)) from None
    for name in sorted(wanted):
        if name not in namespace:
            raise _NotReady("not_defined", _file(lab, lang), name=name)
    return namespace, tuple(ran)


def _support(others, cells, namespace):
    """The statements of the ``others`` cells that bind a name the lab's ``cells`` read but neither
    define nor get from the engine: a helper function of the learner's, ``from collections import
    deque`` added to the imports cell. Only those statements, never a whole cell (which may draw or
    run checks), as one piece of code in the notebook's order; and the names it binds."""
    statements = []
    for index, source in enumerate(others):
        try:
            statements += [(index, node) for node in ast.parse(source).body]
        except SyntaxError:
            continue                        # a broken cell of no concern to the lab's names
    have = set(namespace) | set(dir(builtins)) | {n for s in cells for n in core.defined_names(s)}
    needed = set().union(*map(_free_names, cells)) - have
    chosen = []
    while needed:
        found = [(i, node) for i, node in statements
                 if (i, node) not in chosen and core.statement_names(node) & needed]
        if not found:
            break
        chosen += found
        have |= {name for _, node in found for name in core.statement_names(node)}
        needed = (needed | {n for _, node in found for n in _free_names(ast.unparse(node))}) - have
    chosen.sort(key=lambda item: (item[0], item[1].lineno))
    return ("\n".join(ast.unparse(node) for _, node in chosen),
            {name for _, node in chosen for name in core.statement_names(node)})


def _free_names(source):
    """The global names ``source`` reads, in its functions too, without binding them itself."""
    try:
        table = symtable.symtable(source, "<cell>", "exec")
    except SyntaxError:
        return set()
    found, scopes = set(), [table]
    while scopes:
        scope = scopes.pop()
        scopes += scope.get_children()
        for symbol in scope.get_symbols():
            top = scope.get_type() == "module"
            if symbol.is_referenced() and (not (symbol.is_assigned() or symbol.is_imported())
                                           if top else symbol.is_global()):
                found.add(symbol.get_name())
    return found


# The code whose checks have passed in this kernel, per lab: running lab 04's or lab 07's first
# cell again, with the earlier labs unchanged, does not re-run all their checks (lab 02's walk a
# chain 5000 nodes deep). A quiet check records nothing, so skipping one changes nothing else.
_PASSED = set()


def _passing(lab, lang, arguments, code):
    """Run the lab's checks quietly on what ``code`` defined; the first exercise that does not
    pass says why."""
    if (lab, code) in _PASSED:
        return
    for exercise_id in LAB_EXERCISES[lab]:
        ex = core._get(exercise_id)
        result = core.quiet_run(exercise_id, *arguments(ex))
        if not result.passed:
            status = ("waiting" if result.hint == "waiting" else
                      "timed_out" if result.hint == "timeout" else result.status)
            status = say(core.MESSAGES, "status_" + status, needs=result.needs)
            if result.error:                # say which error, or "finish it" would mislead
                status += f" ({result.error})"
            raise _NotReady("exercise", _file(lab, lang), id=exercise_id, title=core.show(ex.title),
                            status=status)
    _PASSED.add((lab, code))


def _leaf_backward(self):
    """A leaf has nothing to pass back (lab 00's Value has no closure of its own)."""


def _assemble_value(folder, lang):
    """The learner's Value: lab 00's class, lab 01's operations, lab 02's backward()."""
    skeleton, code = _define(folder, "00", lang, {"__name__": "minigrad_lab00"})
    Value = skeleton["Value"]
    _passing("00", lang, lambda ex: (Value,), code)
    if not hasattr(Value, "_backward"):
        Value._backward = _leaf_backward

    def as_value(x):
        return x if isinstance(x, Value) else Value(x)

    _, operations = _define(folder, "01", lang, {"__name__": "minigrad_lab01", "Value": Value,
                                                 "as_value": as_value, "math": math})
    _passing("01", lang, lambda ex: (Value,), code + operations)    # lab 00's class, lab 01's methods
    walk, code = _define(folder, "02", lang, {"__name__": "minigrad_lab02", "Value": ready.Value})
    _passing("02", lang, lambda ex: (walk[ex.names[0]],), code)

    learner_backward = walk["backward"]

    def backward(self):
        """Fresh gradients of this output, by your backward() of lab 02."""
        learner_backward(self)

    Value.backward = backward
    _agrees_with_the_library(Value, _file("01", lang))
    return Value


def _agrees_with_the_library(Value, file):
    from ..scalar import Value as Library

    expression = eval(f"lambda a, b: {PROBE}")
    grads = []
    for kind in (Value, Library):
        a, b = kind(0.7), kind(-1.3)
        expression(a, b).backward()
        grads.append([a.grad, b.grad])
    got, want = grads
    if not all(math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12) for g, w in zip(got, want)):
        raise _NotReady("wrong_gradients", file, expr=PROBE,
                        got=core.show([round(g, 6) for g in got]),
                        want=core.show([round(w, 6) for w in want]))


def _assemble_dual(folder, lang):
    namespace, code = _define(folder, "05", lang, {"__name__": "minigrad_lab05", "math": math})
    _passing("05", lang, lambda ex: tuple(namespace[name] for name in ex.names), code)
    return namespace["Dual"]


def _assemble_gradcheck(folder, lang, Value):
    namespace, code = _define(folder, "03", lang, {"__name__": "minigrad_lab03", "math": math,
                                                   "Value": ready.Value})
    _passing("03", lang, lambda ex: tuple(namespace[name] for name in ex.names), code)
    namespace["Value"] = Value            # from now on, evaluate f on the engine's Value
    return namespace["gradcheck"]


PARTS = {"value": (LAB_EXERCISES["00"] + LAB_EXERCISES["01"] + LAB_EXERCISES["02"], "labs_value"),
         "dual": (LAB_EXERCISES["05"], "labs_dual"),
         "gradcheck": (LAB_EXERCISES["03"], "labs_gradcheck")}


def load_part(part, fallback, fallback_name, folder=None, lang=None, **extra):
    """One part ("value", "dual" or "gradcheck"): the learner's, or ``fallback`` with the reason."""
    lang = lang or get_language()
    folder = Path.cwd() if folder is None else Path(folder)
    exercises, labs = PARTS[part]
    name = {"value": "Value", "dual": "Dual", "gradcheck": "gradcheck"}[part]
    build = {"value": _assemble_value, "dual": _assemble_dual,
             "gradcheck": _assemble_gradcheck}[part]
    try:
        obj = build(folder, lang, **extra)
    except _NotReady as not_ready:
        why = say(MESSAGES, not_ready.key, lang, file=not_ready.file, **not_ready.fields)
        fix = say(MESSAGES, "fix_missing" if not_ready.key == "missing" else "fix", lang,
                  file=not_ready.file)
        report = say(MESSAGES, "fallback", lang, part=name, why=why, fix=fix,
                     fallback=say(MESSAGES, fallback_name, lang))
        return Part(fallback, False, report)
    report = say(MESSAGES, "yours", lang, part=name, labs=say(MESSAGES, labs, lang),
                 n=len(exercises))
    return Part(obj, True, report)


def your_value(folder=None, lang=None):
    """Lab 04's Value: yours from labs 00–02 when they pass, else minigrad's; prints which."""
    from ..scalar import Value as Library

    part = load_part("value", Library, "library_value", folder, lang)
    print(part.report)
    return part.obj


def your_engine(folder=None, lang=None):
    """Lab 07's engine: your Value (labs 00–02), Dual (lab 05) and gradcheck (lab 03).

    A part that is not ready is replaced by a fresh ready-made one: a new class each time, so
    that the methods lab 07 attaches to it stay in this notebook.
    """
    value = load_part("value", type("Value", (ready.Value,), {}), "ready_value", folder, lang)
    dual = load_part("dual", type("Dual", (ready.Dual,), {}), "ready_dual", folder, lang)
    check = load_part("gradcheck", partial(ready.gradcheck, value=value.obj), "ready_gradcheck",
                      folder, lang, Value=value.obj)
    report = "\n".join(part.report for part in (value, dual, check))
    print(report)
    return Engine(value.obj, dual.obj, check.obj, report)
