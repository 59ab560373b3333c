"""Cells that draw or step through the learner's own code, and say so in a sentence when they can't.

A lab cell that draws the learner's graph or steps through the learner's pass ends with::

    when_ready(lambda: BackwardStepper(out), run("01.1"), run("01.2"), ...)

* While an exercise the cell needs is unfinished (its check says "not yet implemented" or is
  waiting for another), the cell shows that verdict, which names the exercise to finish.
* Code that is written but wrong is drawn and stepped anyway: that is where a drawing or a stepper
  helps most, and the backward stepper names the first step that differs from the table's rules.
* When the learner's objects cannot be drawn or stepped at all (a node without ``_prev``, an
  operation that returned a number, a closure that raises), the cell shows the drawing's or the
  stepper's own sentence, in the learner's language, instead of a traceback.
"""

__all__ = ["when_ready", "Note"]


class Note:
    """A sentence a cell shows in place of a drawing or a stepper."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.text)


def when_ready(make, *results):
    """``make()`` (a drawing, a stepper), unless one of the checks ``results`` is unfinished.

    Returns the first unfinished verdict, or what ``make`` builds, or a `Note` with the error's
    sentence when the learner's objects cannot be drawn or stepped.
    """
    unfinished = next((result for result in results if result.status == "todo"), None)
    if unfinished is not None:
        return unfinished
    try:
        return make()
    except (TypeError, ValueError, AttributeError, ArithmeticError, NameError) as error:
        return Note(f"{type(error).__name__}: {error}")
