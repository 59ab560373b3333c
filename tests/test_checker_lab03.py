"""Lab 03 (gradient checking): the checker passes the solution and catches each known bug."""

import pytest

from lab_checks import mutant_is_rejected, placeholders_are_not_yet_implemented, solution_passes
from mutants.lab03 import MUTANTS

STEMS = {"en": "03-gradient-checking", "es": "03-comprobacion-de-gradientes"}
EXERCISES = ["03.1", "03.2", "03.3", "03.4"]
ARGUMENTS = {"03.1": ["central_difference"], "03.2": ["numerical_gradient"],
             "03.3": ["relative_error"], "03.4": ["gradcheck"]}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_solution_notebook_passes_every_check(lang):
    solution_passes(STEMS, lang, EXERCISES)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_exercise_notebook_reports_not_yet_implemented(lang):
    placeholders_are_not_yet_implemented(STEMS, lang, EXERCISES)


def test_every_exercise_has_mutants():
    assert {m.exercise for m in MUTANTS} == set(EXERCISES)


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_a_known_bug_gets_its_hint(mutant):
    mutant_is_rejected(STEMS, mutant, ARGUMENTS)


def test_a_forward_difference_shows_the_central_value_it_should_have_given():
    forward = next(m for m in MUTANTS if m.name == "forward difference")
    lines = mutant_is_rejected(STEMS, forward, ARGUMENTS, lang="es").message.splitlines()
    assert lines[1] == "  entrada:  g = lambda x: x ** 3; central_difference(g, 2.0, 0.1)"
    assert lines[2] == "  esperado: 12.01"          # (2.1³ − 1.9³) / 0.2
    assert lines[3] == "  obtenido: 12.61"          # (2.1³ − 2³) / 0.1
    assert lines[4].startswith("  pista:    eso es una diferencia de un solo lado")


def test_the_planted_bug_of_the_lab_is_found_by_the_solution():
    from lab_notebooks import lab_namespace, notebook_path

    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    ready = __import__("minigrad.labs.ready", fromlist=["softplus", "softsign"])
    gradcheck = namespace["gradcheck"]
    assert gradcheck(lambda a, b: ready.softplus(a * b) + b, [0.8, -0.4])[0] is True
    ok, worst, index = gradcheck(lambda a, b: ready.softsign(a - b) * a, [0.8, -0.4])
    assert (ok, index) == (False, 1) and worst > 0.1
