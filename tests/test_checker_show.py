"""The lab cells that draw or step through the learner's own code (minigrad.labs.show.when_ready):
unfinished code shows the checker's verdict, wrong code is drawn and stepped with the stepper's
verdict, and objects that cannot be drawn give a sentence, never a traceback."""

import math
import re
import sys

import nbformat

import pytest

from lab_notebooks import lab_namespace, notebook_path
from minigrad import set_language
from minigrad.checker import core, lab02  # noqa: F401 — lab 02's exercises, registered
from minigrad.labs.show import Note, when_ready
from minigrad.widgets import BackwardStepper, ForwardStepper
from mutants.lab00 import MUTANTS as LAB00
from mutants.lab01 import MUTANTS as LAB01
from mutants.lab05 import MUTANTS as LAB05

LAB00_STEMS = {"en": "00-value-skeleton", "es": "00-esqueleto-de-value"}
LAB01_STEM = "01-operations-and-local-derivatives"
LAB02_STEMS = {"en": "02-topological-order-and-backward", "es": "02-orden-topologico-y-backward"}
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
    # The stepper refuses it with its own sentence, in the learner's language.
    namespace = _lab01()
    exec("Value.__add__ = lambda self, other: self.data + as_value(other).data", namespace)
    shown = _stepper_cell(namespace)
    assert isinstance(shown, Note) and "float" in shown.text and "Error" not in shown.text
    set_language("es")
    spanish = _stepper_cell(namespace)
    assert isinstance(spanish, Note) and "Error" not in spanish.text and spanish.text != shown.text


def _shown_by_the_lab_cells(stems, lang, mutation):
    """What each cell of a solution notebook that ends in ``when_ready(...)`` shows, run as the
    learner runs it after ``mutation`` (code, run in the notebook's namespace) changed their work."""
    path = notebook_path("solutions", lang, stems[lang])
    namespace = lab_namespace(path, run_checks=False)
    exec(mutation, namespace)
    set_language(lang)
    shown = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and re.search(r"^when_ready\(", cell.source, re.MULTILINE):
            exec(re.sub(r"^when_ready\(", "shown_ = when_ready(", cell.source, flags=re.MULTILINE),
                 namespace)
            shown.append(namespace.pop("shown_"))
    assert shown, "the notebook has no cell ending in when_ready(...)"
    return shown


RMUL_RECURSES = next(m for m in LAB00 if m.name == "rmul written as other * self").code


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_recursion_without_end_is_one_sentence_naming_the_function(lang):
    # Lab 00's "Your graph" with __rmul__ written as other * self: 2 * a calls itself for ever.
    limit = sys.getrecursionlimit()
    [shown] = _shown_by_the_lab_cells(LAB00_STEMS, lang, RMUL_RECURSES)
    assert sys.getrecursionlimit() == limit
    assert isinstance(shown, Note)
    text = shown.text
    assert "\n" not in text and "Traceback" not in text and "maximum recursion depth" not in text
    assert "RecursionError" in text and text.count("value_rmul") >= 2
    if lang == "en":
        assert text.startswith("Your code recursed without end (RecursionError) in value_rmul: ")
        assert text.endswith("fix value_rmul, then run this cell again.")
    else:
        assert text.startswith("Tu código ha entrado en una recursión sin fin (RecursionError) "
                               "en value_rmul: ")
        assert text.endswith("corrige value_rmul y vuelve a ejecutar esta celda.")


def test_a_recursion_without_a_named_function_still_says_what_happened():
    def endless():
        return endless()

    assert "(RecursionError) in endless: " in when_ready(endless).text
    namespace = {}
    exec("endless = lambda: endless()", namespace)      # a lambda has no name to give
    limit = sys.getrecursionlimit()
    shown = when_ready(namespace["endless"])
    assert sys.getrecursionlimit() == limit
    assert shown.text.startswith("Your code recursed without end (RecursionError): a function or "
                                 "method calls itself")


SYNTAX_ERROR_IN_02_1 = "del topological_order"   # its cell did not compile: the name never existed


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_exercise_cell_that_did_not_run_is_named_in_the_checkers_words(lang):
    # Lab 02's 02.1 cell has a syntax error, so topological_order was never defined: both cells
    # that draw and step say so, as the check cell does, but ask to run *this* cell again.
    shown = _shown_by_the_lab_cells(LAB02_STEMS, lang, SYNTAX_ERROR_IN_02_1)
    assert len(shown) == 2
    expected = {
        "en": "topological_order is not defined: the exercise cell that defines it did not run (it "
              "has an error, or you have not run it yet): fix it and run it, then run this cell "
              "again.",
        "es": "topological_order no está definido: la celda del ejercicio que lo define no se ha "
              "ejecutado (tiene un error, o aún no la has ejecutado): corrígela y ejecútala, y "
              "después vuelve a ejecutar esta celda.",
    }[lang]
    assert [note.text for note in shown] == [expected, expected]
    assert all(isinstance(note, Note) for note in shown)


def test_a_failed_cell_is_named_before_an_older_definition_is_used():
    # The 02.1 cell ran once, then was edited into a syntax error: the old function still exists,
    # but the cells say the exercise cell has an error instead of drawing with the old one.
    try:
        compile("def topological_order(root)\n    return []\n", "cell", "exec")
    except SyntaxError as error:
        core.note_cell("def topological_order(root)\n    return []\n", error)
    shown = _shown_by_the_lab_cells(LAB02_STEMS, "en", "")
    assert [note.text for note in shown] == [
        "the exercise cell that defines topological_order did not run (it has an error): fix it and "
        "run it, then run this cell again."] * 2


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_name_error_inside_the_learners_code(lang):
    namespace = lab_namespace(notebook_path("solutions", lang, LAB02_STEMS[lang]), run_checks=False)
    set_language(lang)
    # An exercise's name missing when the learner's backward calls it, with no check to say so
    # first: the checker's sentence, asking to run this cell again.
    exec("del topological_order", namespace)
    shown = when_ready(lambda: namespace["backward"](namespace["L"]))
    assert shown.text == core.not_run("not_defined", "topological_order", again="again_cell")
    assert shown.text.startswith({"en": "topological_order is not defined: the exercise cell",
                                  "es": "topological_order no está definido: la celda"}[lang])
    # A typo inside a function: its type and message, in a sentence of the learner's language.
    exec("def typo():\n    return nodes_seen\n", namespace)
    shown = when_ready(namespace["typo"])
    assert shown.text == {
        "en": "This cell could not draw or step through your code, which raised NameError: name "
              "'nodes_seen' is not defined: fix it with the help of the checks above, then run this "
              "cell again.",
        "es": "Esta celda no ha podido dibujar ni recorrer tu código, que ha lanzado NameError: "
              "name 'nodes_seen' is not defined: corrígelo con ayuda de las comprobaciones de arriba "
              "y vuelve a ejecutar esta celda."}[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_any_other_error_is_one_line_naming_its_type_and_message(lang):
    set_language(lang)

    def broken_backward():
        raise ValueError("grad is None\nsecond line")

    shown = when_ready(broken_backward)
    assert isinstance(shown, Note) and "\n" not in shown.text and "Traceback" not in shown.text
    assert "ValueError: grad is None: " in shown.text and "second line" not in shown.text
    assert shown.text.startswith({"en": "This cell could not draw",
                                  "es": "Esta celda no ha podido dibujar"}[lang])


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
