"""Feedback on the lab exercises, in the notebook's language.

``check("NN.k")`` runs exercise NN.k's check on the notebook's objects of the names it needs (your
class or function; they may also be passed, ``check("02.1", topological_order)``) and prints ✔ or
the failing input with a hint; ``hint("NN.k")`` gives the exercise's hints on demand, the idea first
and the concrete step when asked again; ``summary()`` lists which exercises pass; ``run`` and
``all_of`` give the verdict without printing it, to guard a cell that needs finished exercises.
The framework is in :mod:`minigrad.checker.core`; each lab's checks are in
``minigrad.checker.labNN``.
"""

from .core import Result, all_of, check, hint, reset, run, summary

__all__ = ["check", "hint", "summary", "run", "all_of", "reset", "Result"]
