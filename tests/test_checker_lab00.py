"""Lab 00 (the Value skeleton): the checker passes the solution and catches each known bug."""


from lab_checks import mutant_is_rejected, standard_lab_tests
from mutants.lab00 import MUTANTS

STEMS = {"en": "00-value-skeleton", "es": "00-esqueleto-de-value"}
EXERCISES = ["00.1", "00.2", "00.3", "00.4", "00.5"]
ARGUMENTS = {key: ["Value"] for key in EXERCISES}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS)


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


def test_a_misspelled_attribute_is_named_not_taken_for_a_wrong_default():
    op = next(m for m in MUTANTS if m.name == "op stored as self.op")
    lines = mutant_is_rejected(STEMS, op, ARGUMENTS).message.splitlines()
    assert lines[1:4] == ["  input:    v = Value(2.0); vars(v)",
                          "  expected: ['data', 'grad', '_prev', '_op', 'label']",
                          "  got:      ['data', 'grad', '_prev', 'op', 'label']"]
    assert lines[4].startswith("  hint:     the attribute _op is missing: your __init__ sets self.op "
                               "instead. Name it self._op, exactly so")
    spanish = mutant_is_rejected(STEMS, op, ARGUMENTS, lang="es").message
    assert "falta el atributo _op: tu __init__ asigna self.op en su lugar" in spanish
    assert "el guion bajo inicial forma parte del nombre" in spanish
