"""Feedback on the lab exercises, in the notebook's language.

``check("NN.k", ...)`` runs exercise NN.k's check on what you pass it (your class or function) and
prints ✔ or the failing input with a hint; ``summary()`` lists which exercises pass. The framework
is in :mod:`minigrad.checker.core`; each lab's checks are in ``minigrad.checker.labNN``.
"""

from .core import Result, check, reset, run, summary

__all__ = ["check", "summary", "run", "reset", "Result"]
