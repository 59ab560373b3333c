"""Cells that draw or step through the learner's own code, and say so in a sentence when they can't.

A lab cell that draws the learner's graph or steps through the learner's pass ends with::

    when_ready(lambda: BackwardStepper(out), run("01.1"), run("01.2"), ...)

* While an exercise the cell needs is unfinished (its check says "not yet implemented" or is
  waiting for another), the cell shows that verdict, which names the exercise to finish.
* While an exercise cell the cell needs did not run (it has an error, or was never run), the cell
  says so in the checker's words, instead of using an older definition or raising NameError.
* Code that is written but wrong is drawn and stepped anyway: that is where a drawing or a stepper
  helps most, and the backward stepper names the first step that differs from the table's rules.
* When the learner's code raises, the cell shows one sentence in the learner's language, never a
  traceback: the drawing's or the stepper's own sentence when they refuse the learner's objects (a
  node without ``_prev``, an operation that returned a number), a recursion without end named by
  the function that recursed (``__rmul__`` written as ``other * self``), an exercise's name that is
  not defined in the checker's words, and any other error by its type and message.
"""

import collections
import linecache
import traceback

from ..checker import core
from ..i18n import say

__all__ = ["when_ready", "Note"]

MESSAGES = {
    "recursion_in": {
        "en": "Your code recursed without end (RecursionError) in {function}: it calls itself, "
              "directly or through an operator (__rmul__ written as other * self, for example, calls "
              "__rmul__ again); fix {function}, then run this cell again.",
        "es": "Tu código ha entrado en una recursión sin fin (RecursionError) en {function}: la "
              "función {function} se llama a sí misma, directamente o a través de un operador (un "
              "__rmul__ escrito como other * self, por ejemplo, vuelve a llamar a __rmul__); "
              "corrige {function} y vuelve a ejecutar esta celda."},
    "recursion": {
        "en": "Your code recursed without end (RecursionError): a function or method calls itself, "
              "directly or through an operator (__rmul__ written as other * self, for example, calls "
              "__rmul__ again); fix it, then run this cell again.",
        "es": "Tu código ha entrado en una recursión sin fin (RecursionError): una función o un "
              "método se llama a sí mismo, directamente o a través de un operador (un __rmul__ "
              "escrito como other * self, por ejemplo, vuelve a llamar a __rmul__); corrígelo y "
              "vuelve a ejecutar esta celda."},
    "raised": {
        "en": "This cell could not draw or step through your code, which raised {error}: fix it "
              "with the help of the checks above, then run this cell again.",
        "es": "Esta celda no ha podido dibujar ni recorrer tu código, que ha lanzado {error}: "
              "corrígelo con ayuda de las comprobaciones de arriba y vuelve a ejecutar esta celda."},
}


class Note:
    """A sentence a cell shows in place of a drawing or a stepper."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.text)


def when_ready(make, *results):
    """``make()`` (a drawing, a stepper), unless one of the checks ``results`` cannot run yet.

    Returns the first unfinished verdict, or a `Note` naming an exercise cell that did not run, or
    what ``make`` builds, or a `Note` with one sentence about the error ``make`` raised.
    """
    for result in results:
        if result.status == "todo":
            return result
        if result.not_run:
            return Note(core.not_run(result.hint, result.name, again="again_cell"))
    try:
        return make()
    except RecursionError as error:
        function = _recursing_function(error)
        if function is None:
            return Note(say(MESSAGES, "recursion"))
        return Note(say(MESSAGES, "recursion_in", function=function))
    except NameError as error:
        if error.name is not None and _exercise_defines(error.name):
            key = "not_defined" if core.broken(error.name) is None else "cell_error"
            return Note(core.not_run(key, error.name, again="again_cell"))
        return Note(say(MESSAGES, "raised", error=core.one_line(error)))
    except Exception as error:       # noqa: BLE001 — the learner's code: a sentence, never a traceback
        if _minigrad_sentence(error):
            return Note(str(error))
        return Note(say(MESSAGES, "raised", error=core.one_line(error)))


def _recursing_function(error):
    """The function that recursed: the one that appears most among the innermost frames."""
    frames = traceback.extract_tb(error.__traceback__)[-50:]
    names = collections.Counter(frame.name for frame in frames if not frame.name.startswith("<"))
    if not names:
        return None
    (name, count), = names.most_common(1)
    return name if count > 1 else None


def _exercise_defines(name):
    """Whether ``name`` is what an exercise cell defines (a check's argument, or one it names)."""
    return any(name in (*ex.names, *ex.defines) for ex in core.EXERCISES.values())


def _minigrad_sentence(error):
    """Whether ``error`` is one that minigrad raised on purpose, with a sentence for the learner
    (``raise TypeError(say(...))`` in the drawing or the stepper), not a slip inside it."""
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    module = frame.tb_frame.f_globals.get("__name__", "")
    line = linecache.getline(frame.tb_frame.f_code.co_filename, frame.tb_lineno).strip()
    return module.split(".")[0] == "minigrad" and line.startswith("raise ")
