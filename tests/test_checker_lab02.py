"""Lab 02 (topological order and backward): the checker passes the solution and catches each bug."""



import pytest

from lab_checks import mutant_is_rejected, standard_lab_tests
from mutants.lab02 import MUTANTS

STEMS = {"en": "02-topological-order-and-backward", "es": "02-orden-topologico-y-backward"}
EXERCISES = ["02.1", "02.2", "02.3"]
ARGUMENTS = {"02.1": ["topological_order"], "02.2": ["zero_grad"], "02.3": ["backward"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS)


def test_recursion_is_reported_in_one_line_with_the_deep_case():
    recursive = next(m for m in MUTANTS if m.name == "recursive depth-first search")
    lines = mutant_is_rejected(STEMS, recursive, ARGUMENTS, lang="es").message.splitlines()
    assert lines[0] == "✘ 02.1 topological_order(root) — tu código ha lanzado un error"
    assert lines[1] == "  entrada:  una cadena de 5000 nodos tanh: L = x.tanh().tanh()...tanh()"
    assert lines[2].startswith("  error:    RecursionError: maximum recursion depth exceeded")
    assert lines[3].startswith("  pista:    un grafo de 5000 nodos de profundidad es demasiado para "
                               "la recursión")
    assert len(lines) == 4


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
                        "backward(L); x.grad")
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


# Other correct ways to write the three functions: the checks must accept them all.
KAHN_ORDER = '''
def topological_order(root):
    """Kahn's algorithm from the output: a node is placed once all of its users are placed."""
    users, stack, seen = {}, [root], {root}
    while stack:
        node = stack.pop()
        for parent in node._prev:
            users[parent] = users.get(parent, 0) + 1
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    order, ready = [], [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for parent in node._prev:
            users[parent] -= 1
            if users[parent] == 0:
                ready.append(parent)
    return order[::-1]
'''

ITERATOR_ORDER = '''
def topological_order(root):
    order, seen, stack = [], {root}, [(root, iter(root._prev))]
    while stack:
        node, parents = stack[-1]
        parent = next(parents, None)
        if parent is None:
            order.append(node)
            stack.pop()
        elif parent not in seen:
            seen.add(parent)
            stack.append((parent, iter(parent._prev)))
    return order
'''

PENDING_USERS_BACKWARD = '''
def backward(root):
    """A node passes its grad back once every node that uses it has done so."""
    zero_grad(root)
    root.grad = 1.0
    pending = {}
    for node in topological_order(root):
        for parent in node._prev:
            pending[parent] = pending.get(parent, 0) + 1
    ready = [root]
    while ready:
        node = ready.pop()
        node._backward()
        for parent in node._prev:
            pending[parent] -= 1
            if pending[parent] == 0:
                ready.append(parent)
'''

ALTERNATIVES = [
    ("Kahn's algorithm", "02.1", KAHN_ORDER),
    ("depth-first search with an iterator per node", "02.1", ITERATOR_ORDER),
    ("zero_grad over Kahn's order", "02.2", KAHN_ORDER + '''
def zero_grad(root):
    for node in topological_order(root):
        node.grad = 0
'''),
    ("backward over Kahn's order", "02.3", KAHN_ORDER + '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()
'''),
    ("backward counting each node's pending users", "02.3", PENDING_USERS_BACKWARD),
    ("backward over an iterator order, built in place", "02.3", ITERATOR_ORDER + '''
def backward(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    order[-1].grad = 1.0
    while order:
        order.pop()._backward()
'''),
]


@pytest.mark.parametrize("name, exercise, code", ALTERNATIVES, ids=[a[0] for a in ALTERNATIVES])
def test_other_correct_walks_pass(name, exercise, code):
    from lab_notebooks import lab_namespace, notebook_path
    from minigrad.checker import core

    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    exec(code, namespace)
    result = core.run(exercise, *[namespace[n] for n in ARGUMENTS[exercise]])
    assert result.passed, result.message
