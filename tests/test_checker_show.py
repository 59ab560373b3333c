"""The lab cells that draw or step through the learner's own code (minigrad.labs.show.when_ready):
unfinished code shows the checker's verdict, wrong code is drawn and stepped with the stepper's
verdict, and objects that cannot be drawn give a sentence, never a traceback."""

import math

import pytest

from lab_notebooks import lab_namespace, notebook_path
from minigrad import set_language
from minigrad.checker import core
from minigrad.labs.show import Note, when_ready
from minigrad.widgets import BackwardStepper, ForwardStepper
from mutants.lab01 import MUTANTS as LAB01
from mutants.lab05 import MUTANTS as LAB05

LAB01_STEM = "01-operations-and-local-derivatives"
LAB05_STEM = "05-forward-mode-dual-numbers"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    core.reset()
    yield
    set_language("en")


def _lab01(kind="solutions", mutant=None):
    namespace = lab_namespace(notebook_path(kind, "en", LAB01_STEM), run_checks=False)
    if mutant is not None:
        exec(next(m for m in LAB01 if m.name == mutant).code, namespace)
    return namespace


def _stepper_cell(namespace):
    Value, f = namespace["Value"], namespace["f"]
    return when_ready(lambda: BackwardStepper(f(Value(0.7, label="a"), Value(-1.3, label="b"))),
                      *[core.run(f"01.{k}", Value) for k in range(1, 9)])


def test_finished_code_is_stepped_and_every_step_agrees_with_the_table():
    stepper = _stepper_cell(_lab01())
    assert isinstance(stepper, BackwardStepper) and stepper.verdict is None


def test_unfinished_code_shows_the_verdict_that_names_the_exercise():
    shown = _stepper_cell(_lab01("exercises"))
    assert shown.status == "todo" and shown.exercise == "01.1"
    assert "not yet implemented" in shown.message


def test_written_but_wrong_code_is_stepped_and_the_stepper_names_the_step():
    stepper = _stepper_cell(_lab01(mutant="mul swaps the factors"))
    assert isinstance(stepper, BackwardStepper)
    verdict = stepper.verdict
    assert verdict.kind == "passed" and "your * node passed" in verdict.text
    assert "the product rule gives" in verdict.text


def test_objects_that_cannot_be_stepped_give_a_sentence_not_a_traceback():
    # A closure that puts a node into a grad: the stepper says which step, in a sentence.
    shown = _stepper_cell(_lab01(mutant="relu multiplies by the node out"))
    text = shown.verdict.text if isinstance(shown, BackwardStepper) else shown.text
    assert text and "Traceback" not in text
    # An addition that returns a plain number leaves no graph to step through at all.
    namespace = _lab01()
    exec("Value.__add__ = lambda self, other: self.data + as_value(other).data", namespace)
    shown = _stepper_cell(namespace)
    assert isinstance(shown, Note) and shown.text.startswith("TypeError: ")
    set_language("es")
    shown = _stepper_cell(namespace)
    assert isinstance(shown, Note) and shown.text.startswith("TypeError: ")


def test_a_note_displays_as_its_sentence():
    class Printer:
        def __init__(self):
            self.parts = []

        def text(self, part):
            self.parts.append(part)

    printer = Printer()
    Note("a sentence")._repr_pretty_(printer, False)
    assert printer.parts == ["a sentence"] and repr(Note("x")) == "x"
    result = core.Result("00.1", "todo", None, "… 00.1 Value.__init__ — not yet implemented")
    printer = Printer()
    result._repr_pretty_(printer, False)
    assert printer.parts == [result.message]


def test_the_forward_stepper_computes_with_the_learners_dual():
    namespace = lab_namespace(notebook_path("solutions", "en", LAB05_STEM), run_checks=False)

    def polar(ns):
        return ForwardStepper(lambda r, theta: [r * theta.cos(), r * theta.sin()],
                              [2.0, math.pi / 6], [0.0, 1.0], dual=ns["Dual"],
                              functions={"sin": ns["sin"], "cos": ns["cos"]})

    assert polar(namespace).verdict is None
    exec(next(m for m in LAB05 if m.name == "sin's tangent uses sin").code, namespace)
    verdict = polar(namespace).verdict
    assert verdict.kind == "tangent" and "sin" in verdict.text
