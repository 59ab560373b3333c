"""Lab 02 (topological order and backward): the checker passes the solution and catches each bug."""



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
