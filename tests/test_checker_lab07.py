"""Lab 07 (softplus end to end, the capstone): the checker passes the solution and catches known bugs,
and the lab runs on the learner's own engine read from the labs before it."""

from lab_checks import mutant_is_rejected, standard_lab_tests
from lab_notebooks import lab_namespace, notebook_path
from mutants.lab07 import ALTERNATIVES, MUTANTS

STEMS = {"en": "07-a-new-operation-end-to-end", "es": "07-una-operacion-nueva-de-principio-a-fin"}
EXERCISES = ["07.1", "07.2", "07.3", "07.4", "07.5"]
ARGUMENTS = {"07.1": ["sigmoid"], "07.2": ["softplus"], "07.3": ["Value"],
             "07.4": ["dual_softplus", "Dual"], "07.5": ["three_derivatives"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_the_solution_runs_on_the_engine_of_the_solved_labs():
    printed = []
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), printed=printed)
    report = next(text for text in printed if text.startswith("Value:"))
    assert report.splitlines() == [
        "Value: your own, from labs 00–02 (all 16 exercises pass).",
        "Dual: your own, from lab 05 (all 5 exercises pass).",
        "gradcheck: your own, from lab 03 (all 4 exercises pass)."]
    # The softplus it learned is attached to the learner's own classes, not to minigrad's.
    assert namespace["Value"].__module__ == "minigrad_lab00"
    assert namespace["Dual"].__module__ == "minigrad_lab05"


def test_the_exercise_notebook_runs_on_ready_made_parts_and_says_why():
    printed = []
    lab_namespace(notebook_path("exercises", "es", STEMS["es"]), printed=printed)
    report = next(text for text in printed if text.startswith("Value:")).splitlines()
    assert report[0].startswith("Value: el ya hecho (minigrad.labs.ready.Value), porque el tuyo no "
                                "está listo: 00.1 Value.__init__ — aún sin implementar.")
    assert report[1].startswith("Dual: el ya hecho (minigrad.labs.ready.Dual)")
    assert report[2].startswith("gradcheck: la ya hecha (minigrad.labs.ready.gradcheck)")


def test_digits_lost_to_cancellation_are_shown_and_named():
    for name, shown in (("sigmoid through tanh, which cancels for very negative x", 6),
                        ("the textbook softplus above -20, e^x below", 9),
                        ("closure with 1 - sigma(-x), which cancels", 6)):
        mutant = next(m for m in MUTANTS if m.name == name)
        lines = mutant_is_rejected(STEMS, mutant, ARGUMENTS).message.splitlines()
        expected, got = (line.split(":", 1)[1].strip() for line in lines[2:4])
        # Six digits when they tell the numbers apart, more when they would not.
        assert expected != got and len(expected.split("e")[0].replace(".", "")) == shown, lines
    tanh = next(m for m in MUTANTS if m.exercise == "07.1" and m.hint == "lost_digits")
    assert "eˣ / (1 + eˣ)" in mutant_is_rejected(STEMS, tanh, ARGUMENTS).message


def test_softplus_overflow_is_explained():
    textbook = next(m for m in MUTANTS if m.name == "the textbook softplus")
    lines = mutant_is_rejected(STEMS, textbook, ARGUMENTS).message.splitlines()
    assert lines[1] == "  input:    softplus(800.0)"
    assert lines[2] == "  error:    OverflowError: math range error"
    assert "max(x, 0) + log1p(exp(−|x|))" in lines[3]
