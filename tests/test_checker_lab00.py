"""Lab 00 (the Value skeleton): the checker passes the solution and catches each known bug."""

import pytest

from lab_checks import mutant_is_rejected, placeholders_are_not_yet_implemented, solution_passes
from mutants.lab00 import MUTANTS

STEMS = {"en": "00-value-skeleton", "es": "00-esqueleto-de-value"}
EXERCISES = ["00.1", "00.2", "00.3", "00.4", "00.5"]
ARGUMENTS = {key: ["Value"] for key in EXERCISES}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_solution_notebook_passes_every_check(lang):
    solution_passes(STEMS, lang, EXERCISES)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_exercise_notebook_reports_not_yet_implemented(lang):
    placeholders_are_not_yet_implemented(STEMS, lang, EXERCISES)


def test_every_exercise_has_mutants():
    assert {m.exercise for m in MUTANTS} == set(EXERCISES)
    assert len(MUTANTS) >= 5


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_a_known_bug_gets_its_hint(mutant):
    mutant_is_rejected(STEMS, mutant, ARGUMENTS)


def test_the_hint_speaks_spanish_and_shows_the_failing_case():
    set_tuple = next(m for m in MUTANTS if m.name == "parents deduplicated into a tuple")
    message = mutant_is_rejected(STEMS, set_tuple, ARGUMENTS, lang="es").message
    assert message.splitlines()[0] == "✘ 00.1 Value.__init__ — todavía no está bien"
    assert "  entrada:  a = Value(2.0); c = Value(4.0, (a, a), '*'); c._prev" in message
    assert "  esperado: (a, a)" in message and "  obtenido: (a,)" in message
    assert "en una tupla, no en un conjunto" in message


def test_the_placeholder_names_the_function_still_to_write():
    from lab_notebooks import lab_namespace, notebook_path
    from minigrad.checker import core

    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    exec("def value_mul(self, other):\n    raise NotImplementedError('not yet implemented')\n"
         "Value.__mul__ = value_mul", namespace)
    result = core.run("00.4", namespace["Value"])
    assert result.status == "todo"
    assert "raise NotImplementedError line in value_mul" in result.message
