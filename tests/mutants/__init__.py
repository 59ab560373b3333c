"""Known-buggy versions of the lab exercises, each with the hint the checker must give for it, and
correct alternatives to the solutions, which the checker must accept.

A mutant is the code a learner might type into an exercise cell: it is executed in the namespace of
the lab's solution notebook (so it replaces one solution function), and then the exercise's check
must reject it with ``hint`` (the hint key of minigrad.checker). An alternative is executed the same
way, and the exercise's check must pass: a false alarm on correct code is the worst thing a checker
can do to a learner.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    name: str          # what the bug is, in a few words (the test id)
    exercise: str      # "NN.k"
    hint: str          # the hint key the check must give
    code: str          # replaces the solution's definition in the lab namespace


@dataclass(frozen=True)
class Alternative:
    name: str          # how it differs from the solution, in a few words (the test id)
    exercise: str      # "NN.k"
    code: str          # replaces the solution's definition in the lab namespace
