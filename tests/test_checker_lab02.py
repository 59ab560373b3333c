"""Lab 02 (topological order and backward): the checker passes the solution and catches each bug."""



import sys

import nbformat

from lab_checks import mutant_is_rejected, standard_lab_tests
from lab_notebooks import lab_namespace, notebook_path
from minigrad.checker import core
from mutants.lab02 import ALTERNATIVES, MUTANTS

STEMS = {"en": "02-topological-order-and-backward", "es": "02-orden-topologico-y-backward"}
EXERCISES = ["02.1", "02.2", "02.3"]
ARGUMENTS = {"02.1": ["topological_order"], "02.2": ["zero_grad"], "02.3": ["backward"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_recursion_is_reported_in_one_line_with_the_deep_case():
    recursive = next(m for m in MUTANTS if m.name == "recursive depth-first search")
    lines = mutant_is_rejected(STEMS, recursive, ARGUMENTS, lang="es").message.splitlines()
    assert lines[0] == "✘ 02.1 topological_order(root) — tu código ha lanzado un error"
    assert lines[1] == "  entrada:  una cadena de 5000 nodos tanh: L = x.tanh().tanh()...tanh()"
    assert lines[2].startswith("  error:    RecursionError: maximum recursion depth exceeded")
    assert lines[3].startswith("  pista:    un grafo de 5000 nodos de profundidad es demasiado para "
                               "la recursión")
    assert len(lines) == 5 and lines[4].startswith("  más:      hint('02.1')")


def test_a_walk_out_of_order_names_the_nodes():
    forward = next(m for m in MUTANTS if m.name.startswith("closures in topological order"))
    message = mutant_is_rejected(STEMS, forward, ARGUMENTS).message
    assert "hint:     e's _backward ran before d's, which uses e" in message


def test_an_endless_walk_is_stopped_with_its_case(monkeypatch):
    from mutants import Mutant
    from minigrad.checker import core

    core.run("02.1", lambda root: [root])                  # make sure lab 02 is registered
    monkeypatch.setattr(core.EXERCISES["02.1"], "time_limit", 1)
    endless = Mutant("a node pushed back forever", "02.1", "timeout", '''
def topological_order(root):
    stack = [root]
    while stack:
        node = stack.pop()
        stack.append(node)
''')
    message = mutant_is_rejected(STEMS, endless, ARGUMENTS).message
    assert "input:    a = Value(2.0); topological_order(a)" in message


def test_a_breadth_first_walk_is_caught_where_a_node_has_a_distant_user():
    # y feeds L directly and t two levels down: breadth-first runs y's closure before t's.
    bfs = next(m for m in MUTANTS if m.name == "breadth-first walk from the output")
    lines = mutant_is_rejected(STEMS, bfs, ARGUMENTS).message.splitlines()
    assert lines[1] == ("  input:    x = Value(0.5); y = x * 2; t = y.tanh(); u = t.tanh(); L = y + u; "
                        "backward(L); the nodes whose _backward ran, in order")
    assert lines[2:4] == ["  expected: [L, u, t, y]", "  got:      [L, y, u, t]"]
    assert lines[4].startswith("  hint:     y's _backward ran before t's, which uses y")


def test_the_shared_graph_gives_the_gradient_a_breadth_first_walk_gets_wrong():
    from minigrad.checker.lab02 import _shared_graph
    from minigrad.scalar import Value as Reference

    root, _, names = _shared_graph()
    root.backward()
    x = Reference(0.5)
    y = x * 2
    (y + y.tanh().tanh()).backward()
    assert abs(names["x"].grad - x.grad) < 1e-12 and abs(x.grad - 2.4937) < 1e-4


def test_backward_points_to_the_failing_topological_order():
    mutant = next(m for m in MUTANTS if m.name.startswith("backward over a topological_order"))
    message = mutant_is_rejected(STEMS, mutant, ARGUMENTS).message
    assert message.splitlines()[1] == (
        "  hint:     backward uses your topological_order, which does not pass 02.1 yet: make 02.1 "
        "pass first (run its check cell to see why it fails), then check this one again.")


def test_the_input_line_names_what_expected_and_got_compare():
    # The review's case: the input line ended (a.grad, b.grad, L.grad) while the lists compared
    # were orders of calls.
    forward = next(m for m in MUTANTS if m.name.startswith("closures in topological order"))
    lines = mutant_is_rejected(STEMS, forward, ARGUMENTS).message.splitlines()
    assert lines[1].endswith("backward(L); the nodes whose _backward ran, in order")
    assert lines[2:4] == ["  expected: [L, d, e]", "  got:      [e, d, L]"]
    seed = next(m for m in MUTANTS if m.name == "no seed")
    lines = mutant_is_rejected(STEMS, seed, ARGUMENTS).message.splitlines()
    assert lines[1].endswith("backward(L); L.grad when L's _backward ran")
    assert lines[2:4] == ["  expected: 1.0", "  got:      0.0"]
    spanish = mutant_is_rejected(STEMS, seed, ARGUMENTS, lang="es").message
    assert "pon la semilla 1.0 en la salida" in spanish and "siembr" not in spanish


def test_zero_grad_after_the_loop_is_not_told_to_seed():
    after = next(m for m in MUTANTS if m.name == "zero_grad called after the loop")
    message = mutant_is_rejected(STEMS, after, ARGUMENTS).message
    assert "zero_grad(root) ran after the loop" in message and "seed it with" not in message


def test_a_limit_raised_in_an_earlier_cell_does_not_let_recursion_pass():
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    exec(next(m for m in MUTANTS if m.name == "recursive depth-first search").code, namespace)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)          # what the learner did in a cell above
    try:
        result = core.run("02.1", namespace["topological_order"])
        assert sys.getrecursionlimit() == 100_000        # the notebook's limit, restored
    finally:
        sys.setrecursionlimit(limit)
    assert (result.status, result.hint) == ("fail", "recursion_limit"), result.message
    assert "leave the limit alone" in result.message
    # An iterative walk passes whatever limit the notebook set.
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    sys.setrecursionlimit(100_000)
    try:
        assert core.run("02.1", namespace["topological_order"]).passed
    finally:
        sys.setrecursionlimit(limit)


def test_the_guard_cell_does_not_raise_when_an_exercise_cell_failed():
    # A syntax error in 02.1's cell: the function is never defined. The check cell and the cell
    # that guards unfinished exercises say so in a sentence instead of raising NameError.
    path = notebook_path("solutions", "en", STEMS["en"])
    cells = nbformat.read(path, as_version=4).cells
    index = next(i for i, c in enumerate(cells) if c.source.startswith("def topological_order"))
    printed = []
    lab_namespace(path, printed=printed, replace={index: "x = 1\n"})
    text = "\n".join(printed)
    assert "NameError" not in text and "Traceback" not in text
    assert ("topological_order is not defined: the exercise cell that defines it did not run (it "
            "has an error, or you have not run it yet): fix it and run it") in text
