"""The checker framework: verdicts, placeholders, learner exceptions, time limits, the summary.

The exercises here are registered under lab "99", which no notebook uses.
"""

import pytest

from minigrad import set_language
from minigrad.checker import core
from minigrad.checker.core import case, exercise, expect, expect_close, fail

HINTS = {
    "double": {"en": "return twice the input, {who}", "es": "devuelve el doble de la entrada, {who}"},
    "deep": {"en": "no recursion, please", "es": "sin recursión, por favor"},
}


@exercise("99.1", {"en": "double", "es": "doble"}, HINTS)
def _check_double(double):
    for x in (1.0, -2.5):
        with case(f"double({x})"):
            expect_close(double(x), 2 * x, "double", who="learner")


@exercise("99.2", {"en": "deep", "es": "profundo"}, HINTS, time_limit=0.5)
def _check_deep(walk):
    with case({"en": "a chain of 5000 links", "es": "una cadena de 5000 eslabones"},
              on_error={RecursionError: "deep"}):
        walk(5000)


@exercise("99.3", {"en": "anything", "es": "cualquier cosa"}, HINTS)
def _check_anything(thing):
    with case("thing()"):
        value = thing()
    expect(value is not None, "double", expected="a value", got=value, who="x")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    core.reset()
    yield
    set_language("en")
    core.reset()


def test_a_right_answer_passes_in_both_languages():
    assert core.run("99.1", lambda x: 2 * x).message == "✔ 99.1 double — well done!"
    set_language("es")
    result = core.run("99.1", lambda x: x + x)
    assert result.passed and result.message == "✔ 99.1 doble — ¡bien hecho!"


def test_a_wrong_answer_shows_the_case_expected_got_and_hint():
    result = core.run("99.1", lambda x: x * x)
    assert (result.status, result.hint) == ("fail", "double")
    assert result.message.splitlines() == [
        "✘ 99.1 double — not yet right",
        "  input:    double(1.0)",
        "  expected: 2.0",
        "  got:      1.0",
        "  hint:     return twice the input, learner",
    ]
    set_language("es")
    lines = core.run("99.1", lambda x: x * x).message.splitlines()
    assert lines[1:] == ["  entrada:  double(1.0)", "  esperado: 2.0", "  obtenido: 1.0",
                         "  pista:    devuelve el doble de la entrada, learner"]


def test_a_placeholder_is_not_yet_implemented_without_a_traceback(capsys):
    def placeholder(x):
        raise NotImplementedError("not yet implemented")

    core.check("99.1", placeholder)
    out = capsys.readouterr().out
    assert out.startswith("… 99.1 double — not yet implemented")
    assert "Traceback" not in out and "NotImplementedError(" not in out
    set_language("es")
    assert "aún sin implementar" in core.run("99.1", placeholder).message


def test_another_exception_is_one_line_with_a_generic_hint():
    result = core.run("99.1", lambda x: x.missing)
    assert (result.status, result.hint) == ("error", "error_attribute")
    lines = result.message.splitlines()
    assert lines[1] == "  input:    double(1.0)"
    assert lines[2] == "  error:    AttributeError: 'float' object has no attribute 'missing'"
    assert lines[3].startswith("  hint:     an object lacks an attribute")
    assert "Traceback" not in result.message


def test_on_error_chooses_the_hint_for_recursion_without_touching_the_limit():
    import sys
    limit = sys.getrecursionlimit()

    def recursive(n):
        return 0 if n == 0 else 1 + recursive(n - 1)

    result = core.run("99.2", recursive)
    assert (result.status, result.hint) == ("error", "deep")
    assert "a chain of 5000 links" in result.message and "RecursionError" in result.message
    assert sys.getrecursionlimit() == limit
    assert core.run("99.2", lambda n: sum(range(n))).passed


def test_an_endless_loop_stops_at_the_time_limit():
    def endless(n):
        while True:
            try:
                pass
            except Exception:       # even a broad except cannot swallow the time limit
                pass

    result = core.run("99.2", endless)
    assert (result.status, result.hint) == ("error", "timeout")
    assert result.message.splitlines() == [
        "✘ 99.2 deep — your code did not finish in time",
        "  input:    a chain of 5000 links",
        "  hint:     the check did not finish in 0.5 s: look for a loop that never ends (a node "
        "pushed again and again, a stack that never empties).",
    ]
    set_language("es")
    lines = core.run("99.2", endless).message.splitlines()
    assert lines[0] == "✘ 99.2 profundo — tu código no ha terminado a tiempo"
    assert lines[2].startswith("  pista:    la comprobación no ha terminado en 0,5 s")


def test_the_summary_tells_a_timeout_from_an_error(capsys):
    def endless(n):
        while True:
            pass

    core.run("99.2", endless)
    core.run("99.1", lambda x: x.missing)
    core.summary("99")
    out = capsys.readouterr().out.splitlines()
    assert "  ✘ 99.2 deep — does not finish in time" in out
    assert "  ✘ 99.1 double — raises an error" in out


def test_the_learner_prints_are_silenced(capsys):
    def chatty():
        print("debugging...")
        return 1

    core.check("99.3", chatty)
    assert capsys.readouterr().out == "✔ 99.3 anything — well done!\n"


def test_expected_and_got_never_show_memory_addresses():
    class Opaque:
        pass

    assert core.show(Opaque()) == "<Opaque>"
    assert core.show([1.0, 2, -0.5]) == "[1.0, 2, -0.5]"
    assert core.show(1 / 3) == "0.333333" and core.show(1e-12) == "1e-12"
    assert core.show({"en": "a list", "es": "una lista"}, "es") == "una lista"


def test_items_left_out_of_a_list_show_as_a_bare_ellipsis():
    assert core.show([0.5, ..., -1.0]) == "[0.5, …, -1.0]"
    assert core.show(["…"]) == "['…']"          # a string inside a list keeps its quotes


def test_fail_outside_a_case_has_no_input_line():
    @exercise("99.4", {"en": "plain", "es": "simple"}, HINTS)
    def _check(answer):
        if answer != 42:
            fail("double", who="you")

    result = core.run("99.4", 41)
    assert result.message.splitlines() == ["✘ 99.4 plain — not yet right",
                                           "  hint:     return twice the input, you"]


def test_summary_lists_every_exercise_of_the_lab(capsys):
    core.run("99.1", lambda x: 2 * x)
    core.run("99.2", lambda n: n / 0)
    core.summary()
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Lab 99: 1 of {len(core._lab_exercises('99'))} exercises pass"
    assert "  ✔ 99.1 double — passes" in out
    assert "  ✘ 99.2 deep — raises an error" in out
    assert "  · 99.3 anything — not checked yet" in out
    set_language("es")
    core.summary("99")
    assert "Práctica 99: 1 de" in capsys.readouterr().out


def test_summary_before_any_check_says_so(capsys):
    core.summary()
    assert capsys.readouterr().out.startswith("No exercise checked yet")


def test_unknown_exercises_and_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="there is no lab '77'"):
        core.run("77.1", None)
    with pytest.raises(ValueError, match="there is no exercise '99.9'; the exercises are '99.1'"):
        core.run("99.9", None)
    # Without arguments the check looks "double" up in the caller's namespace (see below).
    assert core.run("99.1").hint == "not_defined"
    with pytest.raises(TypeError, match=r"check\('99.1', \.\.\.\) takes double"):
        core.run("99.1", 1.0, 2.0)


def test_all_of_is_the_first_verdict_that_does_not_pass():
    def placeholder(x):
        raise NotImplementedError("not yet implemented")

    passing, todo = core.run("99.1", lambda x: 2 * x), core.run("99.1", placeholder)
    wrong = core.run("99.3", lambda: None)
    assert core.all_of(passing, todo, wrong) is todo
    assert core.all_of(passing, wrong, todo) is wrong
    assert core.all_of(passing, passing).passed
    guard = core.all_of(passing, todo)
    assert not guard.passed and str(guard).startswith("… 99.1 double — not yet implemented")


# ── Shared helpers of the lab checks ──────────────────────────────────────────────────────────

def test_all_close_compares_lists_and_matrices_entry_by_entry():
    assert core.all_close([1.0, 2.0], (1.0 + 1e-9, 2.0))
    assert core.all_close([[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]])
    assert not core.all_close([1.0, 2.0], [1.0, 2.1])
    assert not core.all_close([1.0], [1.0, 2.0])                    # shorter
    assert not core.all_close([[1.0, 2.0]], [[1.0, 2.0], [3.0]])     # a missing row
    assert not core.all_close(None, [1.0])                          # not a list at all
    assert not core.all_close([True], [1.0])                        # a bool is not a number
    assert core.all_close([1.05], [1.0], rel=0.1)


def test_is_number_refuses_bools_and_non_numbers():
    assert core.is_number(3) and core.is_number(-0.5)
    assert not core.is_number(True)
    assert not core.is_number("1.0")
    assert not core.is_number(None)


def test_phrase_and_counted_give_both_languages():
    table = {"calls": {"en": "{n} calls", "es": "{n} llamadas"},
             "calls_1": {"en": "1 call", "es": "1 llamada"}}
    assert core.phrase(table, "calls", n=3) == {"en": "3 calls", "es": "3 llamadas"}
    assert core.counted(table, "calls", 1) == {"en": "1 call", "es": "1 llamada"}
    assert core.counted(table, "calls", 2) == {"en": "2 calls", "es": "2 llamadas"}
    assert core.show(core.counted(table, "calls", 2), lang="es") == "2 llamadas"


# ── Earlier exercises that a learner's function relies on ─────────────────────────────────────

@exercise("99.5", {"en": "halve", "es": "mitad"}, HINTS)
def _check_halve(halve):
    with case("halve(3.0)"):
        expect_close(halve(3.0), 1.5, "double", who="halve")


@exercise("99.6", {"en": "quarter", "es": "cuarto"}, HINTS)
def _check_quarter(quarter, halve=None):
    core.expect_earlier(quarter, {"halve": "99.5"}, given={"halve": halve})
    with case("quarter(3.0)"):
        expect_close(quarter(3.0), 0.75, "double", who="quarter")


def _learner_namespace(halve_source, quarter_source):
    namespace = {}
    exec(halve_source + "\n" + quarter_source, namespace)
    return namespace


WRONG_HALVE = "def halve(x):\n    return x / 3"
RIGHT_QUARTER = "def quarter(x):\n    return halve(halve(x))"


def test_a_wrong_earlier_function_is_named_instead_of_the_symptom():
    learner = _learner_namespace(WRONG_HALVE, RIGHT_QUARTER)
    result = core.run("99.6", learner["quarter"])
    assert (result.status, result.hint) == ("fail", "earlier_exercise")
    assert result.message.splitlines() == [
        "✘ 99.6 quarter — not yet right",
        "  hint:     quarter uses your halve, which does not pass 99.5 yet: make 99.5 pass first "
        "(run its check cell to see why it fails), then check this one again.",
    ]
    set_language("es")
    assert ("  pista:    quarter usa tu halve, que todavía no supera el 99.5"
            in core.run("99.6", learner["quarter"]).message)


def test_the_earlier_check_does_not_leave_a_verdict_of_its_own():
    core.run("99.6", _learner_namespace(WRONG_HALVE, RIGHT_QUARTER)["quarter"])
    assert list(core._results) == ["99.6"]


def test_a_helper_used_only_inside_a_nested_function_counts():
    nested = "def quarter(x):\n    twice = lambda y: halve(halve(y))\n    return twice(x)"
    assert core.run("99.6", _learner_namespace(WRONG_HALVE, nested)["quarter"]).hint == \
        "earlier_exercise"


def test_a_function_that_does_not_use_the_helper_is_judged_on_its_own():
    own = "def quarter(x):\n    return x / 4"
    assert core.run("99.6", _learner_namespace(WRONG_HALVE, own)["quarter"]).passed
    right = _learner_namespace("def halve(x):\n    return x / 2", RIGHT_QUARTER)
    assert core.run("99.6", right["quarter"]).passed


def test_an_unfinished_earlier_function_makes_the_check_wait_for_it():
    placeholder = "def halve(x):\n    raise NotImplementedError('not yet implemented')"
    learner = _learner_namespace(placeholder, RIGHT_QUARTER)
    result = core.run("99.6", learner["quarter"])
    assert (result.status, result.hint, result.needs) == ("todo", "waiting", "99.5")


def test_a_helper_passed_explicitly_is_checked_too():
    own = _learner_namespace("def halve(x):\n    return x / 2", "def quarter(x):\n    return x / 4")
    assert core.run("99.6", own["quarter"], halve=lambda x: x / 3).hint == "earlier_exercise"
    assert core.run("99.6", own["quarter"], halve=own["halve"]).passed


# ── Looking arguments up by name, cells that did not run ──────────────────────────────────────

def test_check_without_arguments_checks_the_notebooks_object_of_that_name():
    namespace = {"run": core.run, "double": lambda x: 2 * x}
    exec("result = run('99.1')", namespace)
    assert namespace["result"].passed
    exec("del double\nresult = run('99.1')", namespace)
    result = namespace["result"]
    assert (result.status, result.hint) == ("error", "not_defined")
    assert result.message.splitlines() == [
        "✘ 99.1 double — the exercise cell did not run",
        "  hint:     double is not defined: the exercise cell that defines it did not run (it has an "
        "error, or you have not run it yet): fix it and run it, then run this check again.",
    ]


def test_a_cell_that_failed_is_reported_instead_of_its_older_definition():
    # IPython calls note_cell after every cell; a cell that did not compile leaves the name
    # defined by an earlier run of it, and the check says the cell has an error.
    core.note_cell("def double(x):\n    return 2 * x\n")
    try:
        compile("def double(x)\n    return x + x\n", "cell", "exec")
    except SyntaxError as error:
        core.note_cell("def double(x)\n    return x + x\n", error)
    result = core.run("99.1", lambda x: 2 * x)
    assert (result.status, result.hint) == ("error", "cell_error")
    assert result.message.splitlines()[1].startswith("  error:    SyntaxError: ")
    assert "the exercise cell that defines double did not run (it has an error)" in result.message
    core.note_cell("def double(x):\n    return x + x\n")          # fixed and run again
    assert core.run("99.1", lambda x: 2 * x).passed


def test_defined_names_are_top_level_definitions_not_attribute_assignments():
    assert core.defined_names("class Value:\n    pass\n") == {"Value"}
    assert core.defined_names("def value_add(self, o):\n    pass\nValue.__add__ = value_add\n") == \
        {"value_add"}
    assert core.defined_names("a, (b, *c) = 1, (2, 3, 4)\nx += 1\n") == {"a", "b", "c", "x"}
    assert core.defined_names("def broken(x)\n    return x\nVALUE = 3\n") == {"broken", "VALUE"}


def test_the_checker_watches_the_cells_of_an_ipython_kernel():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False        # no history database left open
    shell = InteractiveShell.instance(config=config)
    try:
        core._watch_cells()
        shell.run_cell("def double(x):\n    return 2 * x\n")
        shell.run_cell("def double(x)\n    return x + x\n")         # a syntax error
        assert "double" in core._broken
        shell.run_cell("def double(x):\n    return x + x\n")
        assert "double" not in core._broken
        shell.run_cell("def double(x):\n    return 2 * x\nraise ValueError('oops')\n")
        assert core._broken["double"] == "ValueError: oops"
    finally:
        InteractiveShell.clear_instance()
        core._broken.clear()


# ── Hints on demand ────────────────────────────────────────────────────────────────────────────

TIERS = [{"en": "think about doubling", "es": "piensa en el doble"},
         {"en": "return x + x", "es": "devuelve x + x"}]


@exercise("99.7", {"en": "tiered", "es": "por niveles"}, HINTS, tiers=TIERS)
def _check_tiered(double):
    with case("double(1.0)"):
        expect_close(double(1.0), 2.0, "double", who="learner")


def test_hints_come_one_tier_at_a_time(capsys):
    core.hint("99.7")
    assert capsys.readouterr().out.splitlines() == [
        "Hint 1 of 2 for 99.7 tiered: think about doubling",
        "(run hint('99.7') again for a more concrete hint)"]
    core.hint("99.7")
    assert capsys.readouterr().out.splitlines() == [
        "Hint 2 of 2 for 99.7 tiered: return x + x",
        "(that was the last hint; when a check fails, its own hint names what is wrong with your "
        "code)"]


def test_a_failed_check_offers_the_concrete_tier_and_hint_then_shows_it(capsys):
    result = core.run("99.7", lambda x: x)
    assert result.message.splitlines()[-1] == (
        "  more:     hint('99.7') shows hint 2 of 2, as does \"Hint 2 of 2\" under the exercise's "
        "text")
    core.hint("99.7")
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Hint 1 of 2 for 99.7 tiered: think about doubling",
        "Hint 2 of 2 for 99.7 tiered: return x + x"]
    set_language("es")
    core.reset()
    assert core.run("99.7", lambda x: x).message.splitlines()[-1] == (
        "  más:      hint('99.7') muestra la pista 2 de 2, igual que «Pista 2 de 2» bajo el "
        "enunciado del ejercicio")
    core.reset()
    core.hint("99.7")
    assert capsys.readouterr().out.startswith("Pista 1 de 2 para el 99.7 por niveles: piensa en el doble")


def test_an_exercise_without_tiers_says_so(capsys):
    core.hint("99.1")
    assert "has no hints on demand" in capsys.readouterr().out


# ── Waiting for earlier exercises, the recursion limit, methods attached to a class ───────────

@exercise("99.8", {"en": "needs 99.1", "es": "necesita el 99.1"}, HINTS, requires=("99.1",))
def _check_needs(double):
    with case("double(2.0)"):
        expect_close(double(2.0), 4.0, "double", who="learner")


def test_an_exercise_waits_for_the_one_it_requires(capsys):
    result = core.run("99.8", lambda x: x * x)          # wrong for 99.1, so 99.8 waits
    assert (result.status, result.hint, result.needs) == ("todo", "waiting", "99.1")
    assert result.message == ("… 99.8 needs 99.1 — waiting for 99.1: make 99.1 pass first, then "
                              "run this check again")
    core.summary("99")
    assert "  … 99.8 needs 99.1 — waiting for 99.1" in capsys.readouterr().out


@exercise("99.11", {"en": "limit", "es": "límite"}, HINTS)
def _check_limit(walk):
    with case("walk(5000)", on_error={RecursionError: "deep"}), core.default_recursion_limit():
        walk(5000)


def test_raising_the_recursion_limit_is_caught_and_undone():
    import sys
    limit = sys.getrecursionlimit()

    def raising(n):
        sys.setrecursionlimit(100_000)
        return 0 if n == 0 else 1 + raising(n - 1)

    result = core.run("99.11", raising)
    assert (result.status, result.hint) == ("fail", "recursion_limit")
    assert sys.getrecursionlimit() == limit
    assert core.run("99.11", lambda n: sum(range(n))).passed


def test_a_method_missing_from_a_class_run_again_is_told_apart_from_one_never_attached():
    namespace = {}
    exec("class Thing:\n    def __init__(self):\n        self.x = 1\n"
         "def thing_add(self, other):\n    return self\n"
         "Thing.__add__ = thing_add\n"
         "class Thing:\n    def __init__(self):\n        self.x = 1\n", namespace)
    with pytest.raises(core.Failure) as rerun:
        core.expect_attached(namespace["Thing"], {"__add__": "thing_add"})
    assert rerun.value.hint == "class_rerun"
    exec("class Other:\n    def __init__(self):\n        pass\n"
         "def other_add(self, o):\n    return self\n", namespace)
    with pytest.raises(core.Failure) as never:
        core.expect_attached(namespace["Other"], {"__add__": "other_add"})
    assert never.value.hint == "not_attached"
    core.expect_attached(namespace["Thing"], {"__init__": "anything"})     # present: fine


def test_the_attribute_hint_names_the_objects_a_lab_builds():
    core.exercise("98.1", {"en": "dual twice", "es": "dual dos veces"}, {})(
        lambda f: f(1.0))
    try:
        hint = core.run("98.1", lambda x: x.tangent).message.splitlines()[-1]
        assert "(Value: data, grad, _prev, _op, _backward)" in hint and "every Value" in hint
        core.builds("98", "Value", "Dual")
        hint = core.run("98.1", lambda x: x.tangent).message.splitlines()[-1]
        assert "(Value: data, grad, _prev, _op, _backward; Dual: value, tangent)" in hint
        assert "every Value or Dual you create" in hint
        set_language("es")
        hint = core.run("98.1", lambda x: x.tangent).message.splitlines()[-1]
        assert "cada Value o Dual que creas" in hint
        with pytest.raises(ValueError, match="Perceptron"):
            core.builds("98", "Perceptron")
    finally:
        core.EXERCISES.pop("98.1")
        core._built.pop("98", None)


def test_numbers_that_six_digits_would_show_alike_get_more_digits():
    assert core._shown_apart(0.1, 0.2) == ("0.1", "0.2")
    assert core._shown_apart(3.39826781e-09, 3.39826788e-09) == ("3.39826781e-09", "3.39826788e-09")
    assert core._shown_apart((1.0, 2.0000000001), (1.0, 2.0)) == ("(1.0, 2.0000000001)", "(1.0, 2.0)")
    assert core._shown_apart(1.5, 1.5) == ("1.5", "1.5")
