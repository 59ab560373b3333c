"""Lab 00 (the Value skeleton): the checker passes the solution and catches each known bug."""


from lab_checks import mutant_is_rejected, standard_lab_tests
from lab_notebooks import lab_namespace, notebook_path
from minigrad import set_language
from minigrad.checker import core
from mutants.lab00 import ALTERNATIVES, MUTANTS

STEMS = {"en": "00-value-skeleton", "es": "00-esqueleto-de-value"}
EXERCISES = ["00.1", "00.2", "00.3", "00.4", "00.5"]
ARGUMENTS = {key: ["Value"] for key in EXERCISES}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_the_hint_speaks_spanish_and_shows_the_failing_case():
    set_tuple = next(m for m in MUTANTS if m.name == "parents deduplicated into a tuple")
    message = mutant_is_rejected(STEMS, set_tuple, ARGUMENTS, lang="es").message
    assert message.splitlines()[0] == "✘ 00.1 Value.__init__ — todavía no está bien"
    assert "  entrada:  a = Value(2.0); c = Value(4.0, (a, a), '*'); c._prev" in message
    assert "  esperado: (a, a)" in message and "  obtenido: (a,)" in message
    assert "en una tupla, no en un conjunto" in message


def test_the_placeholder_names_the_function_still_to_write():
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


def test_an_unfinished_init_makes_the_later_exercises_wait_for_it():
    # The review's case: 00.3–00.5 blamed __init__ without saying "finish 00.1 first".
    namespace = lab_namespace(notebook_path("exercises", "en", STEMS["en"]), run_checks=False)
    for key in ("00.3", "00.4", "00.5"):
        result = core.run(key, namespace["Value"])
        assert (result.status, result.hint) == ("todo", "waiting"), result.message
        assert "waiting for 00.1: make 00.1 pass first" in result.message
        assert "__init__" not in result.message
    set_language("es")
    try:
        message = core.run("00.3", namespace["Value"]).message
    finally:
        set_language("en")
    assert "a la espera del 00.1: haz primero que se supere el 00.1" in message


def test_a_wrong_init_also_makes_the_later_exercises_wait():
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    exec(next(m for m in MUTANTS if m.name == "op stored as self.op").code, namespace)
    exec("Value.__add__ = value_add", namespace)
    assert core.run("00.3", namespace["Value"]).hint == "waiting"


def test_a_class_cell_run_again_says_to_run_the_cells_below_it():
    rerun = next(m for m in MUTANTS if m.name == "class cell run again after the methods")
    lines = mutant_is_rejected(STEMS, rerun, ARGUMENTS).message.splitlines()
    assert lines[1] == ("  hint:     Value has no __add__, although value_add is defined: the cell "
                        "with class Value was run again after the cells below it had attached their "
                        "methods, and that made a new class without them. Run every cell below the "
                        "class again, in order, then this check.")
    spanish = mutant_is_rejected(STEMS, rerun, ARGUMENTS, lang="es").message
    assert "Vuelve a ejecutar, en orden, todas las celdas que hay debajo de la clase" in spanish


def test_rmul_written_as_other_times_self_is_not_told_to_use_a_loop():
    recursive = next(m for m in MUTANTS if m.name == "rmul written as other * self")
    message = mutant_is_rejected(STEMS, recursive, ARGUMENTS).message
    assert "Value(other) * self" in message and "loop" not in message


def test_parents_wrapped_in_another_tuple_are_shown_so():
    nested = next(m for m in MUTANTS if m.name == "parents wrapped in another tuple")
    lines = mutant_is_rejected(STEMS, nested, ARGUMENTS).message.splitlines()
    assert lines[2:4] == ["  expected: ()", "  got:      ((),)"]
    assert "keep the parents in the order" not in lines[4]
