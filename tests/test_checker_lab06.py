"""Lab 06 (Jacobians both ways): the checker passes the solution and catches each known bug."""

import pytest

from lab_checks import mutant_is_rejected, standard_lab_tests
from minigrad.checker.lab06 import count_passes
from minigrad.jacobian import jacobian_forward, jacobian_reverse
from minigrad.scalar import Value
from mutants.lab06 import ALTERNATIVES, MUTANTS

STEMS = {"en": "06-jacobians-both-ways", "es": "06-el-jacobiano-por-los-dos-modos"}
EXERCISES = ["06.1", "06.2", "06.3", "06.4"]
ARGUMENTS = {"06.1": ["jacobian_forward"], "06.2": ["jacobian_reverse"], "06.3": ["vjp"],
             "06.4": ["work"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_accumulated_rows_are_shown_in_spanish():
    forgot = next(m for m in MUTANTS if m.name == "reverse mode never zeroes the grads")
    lines = mutant_is_rejected(STEMS, forgot, ARGUMENTS, lang="es").message.splitlines()
    # At (0.5, 2) the rows are [y, x], [cos x, 0], [0, e^y]; without zeroing each adds the ones
    # before it.
    assert lines[:-1] == [
        "✘ 06.2 jacobian_reverse — todavía no está bien",
        "  entrada:  f(x, y) = [x·y, sin(x), exp(y)]; jacobian_reverse(f, [0.5, 2.0])",
        "  esperado: [[2.0, 0.5], [0.877583, 0.0], [0.0, 7.38906]]",
        "  obtenido: [[2.0, 0.5], [2.87758, 0.5], [2.87758, 7.88906]]",
        "  pista:    cada fila lleva sumadas las filas anteriores: backward() suma en el .grad de "
        "las entradas, así que pon el grad de cada entrada a 0.0 antes de cada pasada.",
    ]


def test_count_passes_counts_evaluations_and_backward_calls():
    def f(x, y):
        return [x * y, x + y, x.sin()]

    assert count_passes(lambda g, x: jacobian_forward(g, x).matrix, f, [1.0, 2.0]) == (2, 0)
    assert count_passes(lambda g, x: jacobian_reverse(g, x).matrix, f, [1.0, 2.0]) == (1, 3)


def test_counting_leaves_value_backward_as_it_was():
    original = Value.backward
    with pytest.raises(ZeroDivisionError):
        count_passes(lambda g, x: 1 / 0, lambda x: [x], [1.0])
    assert Value.backward is original


def test_a_vjp_costs_one_backward_pass_and_the_check_counts_it():
    per_output = next(m for m in MUTANTS if m.name == "vjp with one backward pass per output")
    lines = mutant_is_rejected(STEMS, per_output, ARGUMENTS).message.splitlines()
    assert lines[2:4] == ["  expected: 1 call to backward()", "  got:      3 calls to backward()"]
    assert "it took 3 backward passes: a VJP needs one" in lines[4]


def test_node_work_shows_why_reverse_mode_wins_on_a_helix():
    # Passes say forward mode (6 against 300); the work says reverse mode.
    from lab_notebooks import lab_namespace, notebook_path
    from minigrad.checker.lab06 import node_work

    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    forward, reverse = node_work(namespace["helix"], namespace["HELIX_AT"])
    assert (forward, reverse) == (6 * 1106, 1106 + 100 * (8 + 8 + 5)) and reverse < forward / 2
    forward, reverse = node_work(namespace["tall"], [0.3])
    assert reverse > 10 * forward
