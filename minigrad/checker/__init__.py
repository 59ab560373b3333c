"""Feedback on the lab exercises, in the notebook's language.

``check("NN.k", ...)`` runs exercise NN.k's check on what you pass it (your class or function) and
prints ✔ or the failing input with a hint; ``summary()`` lists which exercises pass; ``run`` and
``all_of`` give the verdict without printing it, to guard a cell that needs finished exercises.
The framework is in :mod:`minigrad.checker.core`; each lab's checks are in
``minigrad.checker.labNN``.
"""

from .core import Result, all_of, check, reset, run, summary

__all__ = ["check", "summary", "run", "all_of", "reset", "Result"]
