"""The exercise checker: run a learner's code on chosen inputs and explain what went wrong.

In a lab notebook::

    from minigrad.checker import check, summary
    check("00.1", Value)        # prints ✔ … well done!  or the failing case and a hint
    summary()                   # which exercises of this lab pass so far

Writing the checks of a lab (``minigrad/checker/labNN.py``; ``check("NN.k", ...)`` imports that
module the first time)::

    from .core import case, exercise, expect, expect_close, fail

    HINTS = {"mul_grad": {"en": "... {op} ...", "es": "... {op} ..."}}

    @exercise("01.2", {"en": "Value.__mul__", "es": "Value.__mul__"}, HINTS)
    def _(Value):                               # receives what the notebook passes to check()
        with case("a, b = Value(2.0), Value(-3.0); c = a * b; c._backward()"):
            a, b = Value(2.0), Value(-3.0)
            ...
            expect_close(a.grad, -3.0, "mul_grad", op="*")

The API, all of it:

* ``exercise(id, title, hints, time_limit=10, tiers=(), requires=(), defines=())`` registers a check
  function under ``id`` ("NN.k"); ``title`` and each hint are ``{"en": ..., "es": ...}``; hint texts
  may use ``{name}`` fields. ``tiers`` are the exercise's hints on demand, from the idea to the
  concrete step, each ``{"en": ..., "es": ...}``: ``hint(id)`` shows them one at a time, and the
  exercise notebook shows them as collapsed blocks under the exercise's text. ``requires`` names
  exercises whose check must pass first on the same arguments (00.3 needs 00.1's ``__init__``):
  until then the exercise is "waiting" for them. ``defines`` names what the exercise cell defines
  besides the check's arguments (``value_add``), so that a cell that failed is reported.
  The check function's parameters are the names the notebook defines: ``check("02.1")`` finds
  ``topological_order`` in the notebook, and says so when it is missing.
* ``builds(lab, *classes)`` declares which objects a lab's code builds ("Value", "Dual"; Value
  when a lab does not say): the generic hint for an AttributeError lists their attributes.
* ``case(description, on_error=None, **fields)``: a context manager naming the input being tried
  (a string, shown as is, or ``{"en": ..., "es": ...}``). ``expect``/``fail`` inside it report that
  case; an exception escaping it is reported with it, and ``on_error={RecursionError: "recursion"}``
  picks the hint for an exception type (otherwise a generic one for that type), formatted with
  ``fields``.
* ``fail(hint, expected=..., got=..., **fields)`` stops the check with a failure;
  ``expect(condition, hint, ...)`` fails unless ``condition``; ``expect_close(got, expected, hint,
  rel=1e-6, abs_=1e-9, ...)`` fails unless the numbers agree (``close(a, b, rel, abs_)`` is that
  test, for classifying a wrong answer; ``all_close(got, expected)`` the same for lists, nested
  or not, and ``is_number(x)`` says whether ``x`` is a real number that is not a bool).
  ``expected``/``got`` are shown with
  :func:`show`: numbers to 6 significant digits (more when an expected and a got number
  would look alike), a string as written (``repr(s)`` to quote it),
  ``...`` (Ellipsis, for items left out of a long list) as ``…``,
  ``{"en": ..., "es": ...}`` in the notebook's language; ``phrase(table, key, **fields)`` builds
  such a pair from a lab's table of short texts, ``counted(table, key, n)`` picks ``key_1`` for one.
* ``expect_earlier(function, {name: exercise_id})`` fails with "earlier_exercise" when the
  learner's ``function`` calls, by that global ``name``, a function of theirs that does not pass its
  own earlier exercise ("gradcheck uses your numerical_gradient, which does not pass 03.2 yet"), so
  that a bug is reported where it is, not where it shows. ``given={name: object}`` checks objects
  passed to the check explicitly instead.
* ``expect_attached(cls, {"__add__": "value_add"})`` fails when the class lacks a method an exercise
  cell attaches to it, telling a class cell run again after its methods were attached ("run the
  cells below the class again") from an attaching line that never ran.
* ``with default_recursion_limit():`` runs a case under Python's default recursion limit, as a
  fresh kernel has it, whatever the notebook set; learner code that changes the limit fails with
  "recursion_limit", and the limit is restored afterwards.
* ``run(id, *args) -> Result`` runs a check silently (``.status`` is "pass", "fail", "todo" or
  "error"; ``.hint`` the hint key; ``.message`` the text; ``.not_run`` says that an exercise cell
  did not run, ``.name`` what it should have defined); ``check(id, *args)`` prints it;
  ``summary(lab=None)`` prints the lab's exercises and their last status; ``reset()`` forgets them.
* ``all_of(result, ...) -> Result`` is one verdict for several checks: the first result that does
  not pass, or the last one when all pass. A notebook cell that needs finished exercises is guarded
  with it, so that an unfinished exercise shows the checker's verdict instead of a traceback::

      verdict = all_of(run("05.2", Dual), run("05.3", Dual))
      if verdict.passed:
          ...                 # the demonstration
      else:
          print(verdict)

``check(id)`` and ``run(id)`` without arguments look the check's arguments up by name in the
notebook. In IPython, the checker also notes every cell that raised or did not compile, and the
names it defines: checking an exercise whose cell failed says "the exercise cell did not run (it
has an error): fix it and run it", instead of checking an older definition or raising NameError.
``not_run(key, name, again)`` is that sentence, for a cell that needs the name ("again_cell");
``broken(name)`` the error of the failed cell that defines ``name``; ``one_line(error)`` an
exception as one line.

Rules every check gets for free: a ``NotImplementedError`` (the exercise placeholder) is reported as
"not yet implemented", naming the function whose placeholder raised it, never as a traceback; any
other exception as one line (its type and message) plus a hint; the learner's own ``print`` output
is silenced while checking; a check stops after ``time_limit`` seconds (an endless loop) with the
hint "timeout", under a heading of its own ("did not finish in time"; the status is "error").
Checks print expected numbers for the failing input, never the expected code.
"""

import ast
import contextlib
import gc
import importlib
import inspect
import io
import math
import re
import signal
import sys
import threading
from dataclasses import FrozenInstanceError, dataclass, field

from ..i18n import LANGUAGES, get_language, number, say

__all__ = ["exercise", "builds", "case", "fail", "expect", "expect_close", "expect_earlier",
           "expect_attached", "default_recursion_limit", "namespace_of", "passes", "close",
           "all_close", "is_number", "phrase", "counted", "show", "run", "quiet_run", "all_of",
           "check", "hint", "summary", "reset", "tiers_of", "defined_names", "statement_names",
           "note_cell", "not_run", "broken", "one_line", "Result", "Failure"]

DEFAULT_RECURSION_LIMIT = 1000      # CPython's, and a fresh Jupyter kernel's

MESSAGES = {
    "pass": {"en": "✔ {id} {title} — well done!", "es": "✔ {id} {title} — ¡bien hecho!"},
    "fail": {"en": "✘ {id} {title} — not yet right", "es": "✘ {id} {title} — todavía no está bien"},
    "error": {"en": "✘ {id} {title} — your code raised an error",
              "es": "✘ {id} {title} — tu código ha lanzado un error"},
    "timed_out": {"en": "✘ {id} {title} — your code did not finish in time",
                  "es": "✘ {id} {title} — tu código no ha terminado a tiempo"},
    "todo": {"en": "… {id} {title} — not yet implemented: replace the raise NotImplementedError line "
                   "in {where} with your code",
             "es": "… {id} {title} — aún sin implementar: sustituye la línea raise NotImplementedError "
                   "de {where} por tu código"},
    "waiting": {"en": "… {id} {title} — waiting for {needs}: make {needs} pass first, then run "
                      "this check again",
                "es": "… {id} {title} — a la espera del {needs}: haz primero que se supere el "
                      "{needs} y vuelve a ejecutar esta comprobación"},
    "cell_failed": {"en": "✘ {id} {title} — the exercise cell did not run",
                    "es": "✘ {id} {title} — la celda del ejercicio no se ha ejecutado"},
    "case": {"en": "  input:    {text}", "es": "  entrada:  {text}"},
    "expected": {"en": "  expected: {text}", "es": "  esperado: {text}"},
    "got": {"en": "  got:      {text}", "es": "  obtenido: {text}"},
    "raised": {"en": "  error:    {text}", "es": "  error:    {text}"},
    "hint": {"en": "  hint:     {text}", "es": "  pista:    {text}"},
    "more": {"en": "  more:     hint({id!r}) shows hint {k} of {n}, as does \"Hint {k} of {n}\" under "
                   "the exercise's text",
             "es": "  más:      hint({id!r}) muestra la pista {k} de {n}, igual que «Pista {k} de {n}» "
                   "bajo el enunciado del ejercicio"},
    # The exercise notebook: a pointer where the solution was, and one folded block per tier.
    "hint_pointer": {"en": "run hint({id!r}) for a first idea, and again for the concrete step",
                     "es": "ejecuta hint({id!r}) para una primera idea, y otra vez para el paso "
                           "concreto"},
    "tier_summary": {"en": "Hint {k} of {n}: {kind}", "es": "Pista {k} de {n}: {kind}"},
    "tier_first": {"en": "the idea", "es": "la idea"},
    "tier_middle": {"en": "a closer look", "es": "más de cerca"},
    "tier_final": {"en": "the concrete step", "es": "el paso concreto"},
    "tier": {"en": "Hint {k} of {n} for {id} {title}: {text}",
             "es": "Pista {k} de {n} para el {id} {title}: {text}"},
    "tier_next": {"en": "(run hint({id!r}) again for a more concrete hint)",
                  "es": "(vuelve a ejecutar hint({id!r}) para una pista más concreta)"},
    "tier_last": {"en": "(that was the last hint; when a check fails, its own hint names what is "
                        "wrong with your code)",
                  "es": "(esa era la última pista; cuando una comprobación falla, su propia pista "
                        "dice qué está mal en tu código)"},
    "no_tiers": {"en": "{id} {title} has no hints on demand: run its check, whose hint names what "
                       "is wrong.",
                 "es": "el {id} {title} no tiene pistas a demanda: ejecuta su comprobación, cuya "
                       "pista dice qué está mal."},
    "summary_head": {"en": "Lab {lab}: {passed} of {total} exercises pass",
                     "es": "Práctica {lab}: {passed} de {total} ejercicios superados"},
    "summary_all": {"en": "Lab {lab}: all {total} exercises pass — well done!",
                    "es": "Práctica {lab}: superados los {total} ejercicios — ¡bien hecho!"},
    "status_pass": {"en": "passes", "es": "superado"},
    "status_fail": {"en": "not yet right", "es": "todavía no está bien"},
    "status_error": {"en": "raises an error", "es": "lanza un error"},
    "status_timed_out": {"en": "does not finish in time", "es": "no termina a tiempo"},
    "status_todo": {"en": "not yet implemented", "es": "aún sin implementar"},
    "status_waiting": {"en": "waiting for {needs}", "es": "a la espera del {needs}"},
    "status_unchecked": {"en": "not checked yet", "es": "sin comprobar todavía"},
    "nothing_checked": {"en": "No exercise checked yet: run the check cells first.",
                        "es": "Todavía no se ha comprobado ningún ejercicio: ejecuta antes las celdas "
                              "de comprobación."},
    "unknown_exercise": {"en": "check({id!r}): there is no exercise {id!r}; the exercises are {known}.",
                         "es": "check({id!r}): no hay ningún ejercicio {id!r}; los ejercicios son {known}."},
    "unknown_lab": {"en": "there is no lab {lab!r}; give the lab number as in the file name, e.g. '00'.",
                    "es": "no hay ninguna práctica {lab!r}; da el número como en el nombre del "
                          "fichero, por ejemplo '00'."},
    "bad_arguments": {"en": "check({id!r}, ...) takes {expected}: pass the names your exercise "
                            "cells defined, e.g. check({id!r}, {names}).",
                      "es": "check({id!r}, ...) recibe {expected}: pasa los nombres que definen tus "
                            "celdas de ejercicio, por ejemplo check({id!r}, {names})."},
    "not_a_function": {"en": "a function or a class", "es": "una función o una clase"},
    # Generic hints for exceptions a check did not foresee.
    # {attributes} and {objects}: those of the lab's objects (see builds).
    "error_attribute": {
        "en": "an object lacks an attribute your code uses: check the spelling ({attributes}) and "
              "that every {objects} you create sets all of them.",
        "es": "a un objeto le falta un atributo que usa tu código: revisa cómo se escriben "
              "({attributes}) y que cada {objects} que creas los tenga todos."},
    "error_frozen": {
        "en": "your code assigns to an attribute of an object that cannot change (a frozen "
              "dataclass): build a new {objects} with the numbers you want instead.",
        "es": "tu código da valor a un atributo de un objeto que no se puede cambiar (una dataclass "
              "congelada): construye en su lugar un {objects} nuevo con los números que quieras."},
    "or": {"en": " or ", "es": " o "},
    "error_type": {
        "en": "an operation got a value of the wrong type: check that you return what the exercise "
              "asks for (a Value, a float, a list) and wrap plain numbers where needed.",
        "es": "una operación ha recibido un valor de un tipo equivocado: comprueba que devuelves lo "
              "que pide el ejercicio (un Value, un float, una lista) y que envuelves los números "
              "sueltos donde hace falta."},
    "error_name": {
        "en": "a name is not defined: run the cells above this one first, and check its spelling.",
        "es": "hay un nombre sin definir: ejecuta antes las celdas anteriores y revisa cómo se escribe."},
    "error_recursion": {
        "en": "the call went too deep (RecursionError): replace the recursion by a loop over an "
              "explicit stack.",
        "es": "las llamadas se han anidado demasiado (RecursionError): sustituye la recursión por un "
              "bucle con una pila explícita."},
    "error_zero_division": {
        "en": "a division by zero: look for a denominator that can be 0 for this input.",
        "es": "una división entre cero: busca un denominador que pueda valer 0 con esta entrada."},
    "error_other": {
        "en": "read the error above: it names the operation that failed on this input.",
        "es": "lee el error de arriba: nombra la operación que ha fallado con esta entrada."},
    "earlier_exercise": {
        "en": "{function} uses your {name}, which does not pass {exercise} yet: make {exercise} "
              "pass first (run its check cell to see why it fails), then check this one again.",
        "es": "{function} usa tu {name}, que todavía no supera el {exercise}: haz primero que lo "
              "supere (ejecuta su celda de comprobación para ver por qué falla) y después vuelve a "
              "comprobar este."},
    # An exercise cell that did not run; {again} is "again_check" or, in a cell that draws or steps
    # through the learner's code, "again_cell" (see not_run).
    "not_defined": {
        "en": "{name} is not defined: the exercise cell that defines it did not run (it has an "
              "error, or you have not run it yet): fix it and run it, then {again}.",
        "es": "{name} no está definido: la celda del ejercicio que lo define no se ha ejecutado "
              "(tiene un error, o aún no la has ejecutado): corrígela y ejecútala, y después "
              "{again}."},
    "cell_error": {
        "en": "the exercise cell that defines {name} did not run (it has an error): fix it and run "
              "it, then {again}.",
        "es": "la celda del ejercicio que define {name} no se ha ejecutado (tiene un error): "
              "corrígela y ejecútala, y después {again}."},
    "again_check": {"en": "run this check again", "es": "vuelve a ejecutar esta comprobación"},
    "again_cell": {"en": "run this cell again", "es": "vuelve a ejecutar esta celda"},
    "class_rerun": {
        "en": "{cls} has no {attribute}, although {function} is defined: the cell with class {cls} "
              "was run again after the cells below it had attached their methods, and that made a "
              "new class without them. Run every cell below the class again, in order, then this "
              "check.",
        "es": "{cls} no tiene {attribute}, aunque {function} está definida: la celda de la clase "
              "{cls} se ha vuelto a ejecutar después de que las celdas de debajo le añadieran sus "
              "métodos, y eso ha creado una clase nueva sin ellos. Vuelve a ejecutar, en orden, "
              "todas las celdas que hay debajo de la clase, y después esta comprobación."},
    "not_attached": {
        "en": "{cls} has no {attribute} yet: run the exercise cell that defines {function}; its "
              "last line attaches it ({cls}.{attribute} = {function}).",
        "es": "{cls} todavía no tiene {attribute}: ejecuta la celda del ejercicio que define "
              "{function}; su última línea se lo añade ({cls}.{attribute} = {function})."},
    "recursion_limit": {
        "en": "your code raises Python's recursion limit (sys.setrecursionlimit): that only moves "
              "the crash to a deeper graph, and a stack too deep for the machine stops the kernel. "
              "Walk the graph with a loop and a stack of your own, and leave the limit alone.",
        "es": "tu código sube el límite de recursión de Python (sys.setrecursionlimit): eso solo "
              "aplaza el fallo hasta un grafo más profundo, y una pila demasiado profunda para la "
              "máquina detiene el núcleo. Recorre el grafo con un bucle y una pila propia, y deja "
              "el límite como está."},
    "timeout": {
        "en": "the check did not finish in {seconds} s: look for a loop that never ends (a node "
              "pushed again and again, a stack that never empties).",
        "es": "la comprobación no ha terminado en {seconds} s: busca un bucle que no acaba nunca (un "
              "nodo que se apila una y otra vez, una pila que nunca se vacía)."},
}

GENERIC_HINTS = {                    # the first type that matches; a subclass before its base
    FrozenInstanceError: "error_frozen",
    AttributeError: "error_attribute",
    TypeError: "error_type",
    NameError: "error_name",
    RecursionError: "error_recursion",
    ZeroDivisionError: "error_zero_division",
}

# The attributes of the objects the labs' code builds, which the hint for an AttributeError names.
ATTRIBUTES = {"Value": "data, grad, _prev, _op, _backward", "Dual": "value, tangent",
              "Neuron": "w, b", "Layer": "neurons", "MLP": "layers"}
_built = {}          # lab → the classes of ATTRIBUTES its code builds (Value unless builds() says)


def builds(lab, *classes):
    """Declare the classes of :data:`ATTRIBUTES` whose objects lab ``lab``'s code builds (lab 05:
    "Dual"): the hints for an error on an attribute name those classes and their attributes."""
    unknown = set(classes) - ATTRIBUTES.keys()
    if not classes or unknown:
        raise ValueError(f"builds({lab!r}, ...) takes some of {sorted(ATTRIBUTES)}, not "
                         f"{sorted(unknown) or 'nothing'}")
    _built[lab] = classes


def _objects_of(lab):
    """The fields {objects} and {attributes} of the generic hints, for ``lab``'s classes."""
    classes = _built.get(lab, ("Value",))
    return {"objects": say(MESSAGES, "or").join(classes),
            "attributes": "; ".join(f"{cls}: {ATTRIBUTES[cls]}" for cls in classes)}


# ── Registry ───────────────────────────────────────────────────────────────────────────────────


@dataclass
class Exercise:
    id: str
    title: dict
    hints: dict
    function: object
    time_limit: float
    tiers: tuple = ()           # hints on demand, from the idea to the concrete step
    requires: tuple = ()        # exercises that must pass first, on the same arguments
    defines: tuple = ()         # names the exercise cell defines besides the check's arguments

    @property
    def lab(self):
        return self.id.split(".")[0]

    @property
    def names(self):
        """The check's required parameters: the names the notebook passes (or that are looked up)."""
        return [name for name, parameter in inspect.signature(self.function).parameters.items()
                if parameter.default is inspect.Parameter.empty
                and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)]


EXERCISES = {}       # "NN.k" → Exercise, filled by the lab modules as they are imported
_results = {}        # "NN.k" → last Result, in the order exercises were checked
_revealed = {}       # "NN.k" → how many hint tiers hint() has shown


def exercise(exercise_id, title, hints, time_limit=10, tiers=(), requires=(), defines=()):
    """Register the decorated function as the check of exercise ``exercise_id`` ("NN.k")."""
    if not re.fullmatch(r"\d\d\.\d+", exercise_id):
        raise ValueError(f"exercise id {exercise_id!r} must look like '00.1'")

    def register(function):
        EXERCISES[exercise_id] = Exercise(exercise_id, title, hints, function, time_limit,
                                          tuple(tiers), tuple(requires), tuple(defines))
        return function
    return register


def tiers_of(exercise_id):
    """The hint tiers of an exercise, ``[{"en": ..., "es": ...}, ...]`` (the builder reads them)."""
    return list(_get(exercise_id).tiers)


def _load_lab(lab):
    """Import minigrad.checker.labNN so that its exercises register themselves."""
    if not re.fullmatch(r"\d\d", lab):
        raise ValueError(say(MESSAGES, "unknown_lab", lab=lab))
    try:
        importlib.import_module(f"{__package__}.lab{lab}")
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.lab{lab}":
            raise
        if _lab_exercises(lab):           # registered from elsewhere (the framework's own tests)
            return
        raise ValueError(say(MESSAGES, "unknown_lab", lab=lab)) from None


def _lab_exercises(lab):
    return sorted((e for e in EXERCISES.values() if e.lab == lab), key=lambda e: int(e.id.split(".")[1]))


def _get(exercise_id):
    lab = str(exercise_id).split(".")[0]
    if exercise_id not in EXERCISES:
        _load_lab(lab)
    if exercise_id not in EXERCISES:
        known = ", ".join(repr(e.id) for e in _lab_exercises(lab)) or "—"
        raise ValueError(say(MESSAGES, "unknown_exercise", id=exercise_id, known=known))
    return EXERCISES[exercise_id]


# ── What a check says ──────────────────────────────────────────────────────────────────────────

_MISSING = object()


class Failure(Exception):
    """Raised by a check (through :func:`fail`) when the learner's code gives a wrong answer."""

    def __init__(self, hint, case=None, expected=_MISSING, got=_MISSING, **fields):
        super().__init__(hint)
        self.hint, self.case, self.expected, self.got, self.fields = hint, case, expected, got, fields


class _State(threading.local):
    case = None          # description of the input being tried
    on_error = None      # exception type → hint key, for the current case
    notebook = None      # the namespace of the notebook that asked for the check, while it runs


_state = _State()


@contextlib.contextmanager
def case(description, on_error=None, **fields):
    """Name the input tried inside the block; failures and exceptions in it are reported with it.

    ``on_error`` maps exception types to hint keys; ``fields`` fill those hints' ``{name}`` fields.
    """
    outer = (_state.case, _state.on_error)
    _state.case, _state.on_error = description, on_error
    try:
        yield
    except (Failure, NotImplementedError):
        raise
    except (Exception, _Timeout) as error:
        # Tag the exception with the innermost case it happened in; run() reports both.
        if not hasattr(error, "__minigrad_case__"):
            error.__minigrad_case__ = (description, on_error, fields)
        raise
    finally:
        _state.case, _state.on_error = outer


def fail(hint, expected=_MISSING, got=_MISSING, **fields):
    """Stop the check: the learner's code is wrong on the current case; ``hint`` says why."""
    raise Failure(hint, _state.case, expected, got, **fields)


def expect(condition, hint, expected=_MISSING, got=_MISSING, **fields):
    """Fail with ``hint`` unless ``condition`` holds."""
    if not condition:
        fail(hint, expected, got, **fields)


def is_number(x):
    """True for an int or a float (a bool is not a number here: True + 1 hides a mistake)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def close(a, b, rel=1e-6, abs_=1e-9):
    """True when ``a`` is a real number within ``rel`` (relative) or ``abs_`` of ``b``."""
    if isinstance(a, bool):
        return False
    try:
        a = float(a)
    except (TypeError, ValueError):
        return False
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def all_close(got, expected, rel=1e-6, abs_=1e-9):
    """:func:`close` entry by entry: ``got`` has the shape of the list (or matrix) ``expected``."""
    if not isinstance(expected, (list, tuple)):
        return close(got, expected, rel, abs_)
    return (isinstance(got, (list, tuple)) and len(got) == len(expected)
            and all(all_close(g, e, rel, abs_) for g, e in zip(got, expected)))


def expect_close(got, expected, hint, rel=1e-6, abs_=1e-9, **fields):
    """Fail with ``hint`` unless the number ``got`` agrees with ``expected``."""
    if not close(got, expected, rel, abs_):
        fail(hint, expected, got, **fields)


def _global_names(code):
    """The global names a code object (and the functions nested in it) may look up."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if inspect.iscode(constant):
            names |= _global_names(constant)
    return names


def _outcome(exercise_id, *args):
    """"pass", "todo" (a placeholder raised) or "fail": the check of ``exercise_id`` on ``args``,
    run quietly inside the current check."""
    outer = (_state.case, _state.on_error)
    try:
        _get(exercise_id).function(*args)
    except NotImplementedError:
        return "todo"
    except _Waiting:
        return "todo"
    except Exception:                  # a failure, or the learner's code raising
        return "fail"
    finally:
        _state.case, _state.on_error = outer
    return "pass"


def passes(exercise_id, *args):
    """Whether the check of ``exercise_id`` accepts ``args``, run quietly inside the current check."""
    return _outcome(exercise_id, *args) == "pass"


class _Waiting(Exception):
    """The check needs an earlier exercise that is not written yet (its placeholder raised)."""

    def __init__(self, needs):
        super().__init__(needs)
        self.needs = needs


def expect_earlier(function, prerequisites, given=None):
    """Fail with "earlier_exercise" if ``function`` relies on a learner function that is not right yet
    (or wait for it, when that function is still a placeholder).

    ``prerequisites`` maps the global name of a function from an earlier exercise to that
    exercise's id, e.g. ``{"numerical_gradient": "03.2"}``. A name counts when ``function``'s code
    refers to it (then its object is looked up in ``function.__globals__``) or when ``given`` holds it
    (passed to the check explicitly). Earlier exercises are tried in order.
    """
    given = {name: obj for name, obj in (given or {}).items() if obj is not None}
    code = getattr(function, "__code__", None)
    used = _global_names(code) if code is not None else set()
    namespace = getattr(function, "__globals__", {})
    for name, exercise_id in sorted(prerequisites.items(), key=lambda item: item[1]):
        if name in given:
            obj = given[name]
        elif name in used and name in namespace:
            obj = namespace[name]
        elif name in used and code is not None:
            raise _NotRun("not_defined", name)      # its exercise cell never ran, or failed
        else:
            continue
        outcome = _outcome(exercise_id, obj)
        if outcome == "todo":
            raise _Waiting(exercise_id)
        if outcome == "fail":
            fail("earlier_exercise", function=getattr(function, "__name__", "?"), name=name,
                 exercise=exercise_id)


def namespace_of(cls):
    """The namespace a class was defined in (the notebook's), found through one of its functions."""
    for item in vars(cls).values():
        namespace = getattr(item, "__globals__", None)
        if namespace is not None:
            return namespace
    module = sys.modules.get(getattr(cls, "__module__", ""), None)
    return getattr(module, "__dict__", {})


def _own_attribute(cls, attribute):
    """``cls``'s attribute, unless it only comes from ``object`` (whose ``__repr__`` is no answer)."""
    for klass in cls.__mro__[:-1]:
        if attribute in vars(klass):
            return vars(klass)[attribute]
    return None


def _attached_to_another(function, cls):
    """Whether ``function`` is a method of another class of the same name (an older ``cls``)."""
    for holder in gc.get_referrers(function):
        if isinstance(holder, dict):
            for owner in gc.get_referrers(holder):
                if isinstance(owner, type) and owner is not cls and owner.__name__ == cls.__name__:
                    return True
    return False


def expect_attached(cls, methods):
    """Fail unless ``cls`` has each method that an exercise cell attaches to it.

    ``methods`` maps an attribute to the name of the notebook function the cell attaches, e.g.
    ``{"__add__": "value_add"}``. When the function exists but ``cls`` lacks the method, and the
    function is a method of an older class of the same name, the class cell was run again after
    the method cells: "class_rerun". Otherwise the attaching line has not run: "not_attached".
    """
    namespaces = [ns for ns in (_state.notebook, namespace_of(cls)) if ns is not None]
    for attribute, name in methods.items():
        if _own_attribute(cls, attribute) is not None:
            continue
        function = next((ns[name] for ns in namespaces if name in ns), None)
        fields = dict(cls=cls.__name__, attribute=attribute, function=name)
        if function is not None and _attached_to_another(function, cls):
            fail("class_rerun", **fields)
        fail("not_attached", **fields)


@contextlib.contextmanager
def default_recursion_limit(blame_a_raised_limit=True):
    """Run the block under Python's default recursion limit, as a fresh kernel has it.

    A learner who raised the limit in an earlier cell gets the same verdict as in a fresh kernel
    (and, with ``blame_a_raised_limit``, a RecursionError then says that raising the limit is no way
    out); code that changes the limit inside the block fails with "recursion_limit". The limit the
    notebook had is restored afterwards, in every case.
    """
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(DEFAULT_RECURSION_LIMIT)
    changed = False
    try:
        try:
            yield
        except RecursionError:
            if blame_a_raised_limit and before > DEFAULT_RECURSION_LIMIT:
                fail("recursion_limit", limit=before)
            raise
        changed = sys.getrecursionlimit() != DEFAULT_RECURSION_LIMIT
    finally:
        if sys.getrecursionlimit() != DEFAULT_RECURSION_LIMIT:
            changed = True
        sys.setrecursionlimit(before)
    if changed:
        fail("recursion_limit", limit=before)


def phrase(table, key, **fields):
    """Text ``key`` of ``table`` (``{key: {"en": ..., "es": ...}}``) in both languages, formatted.

    For ``expected=``, ``got=`` and case descriptions, which :func:`show` puts in the notebook's
    language when the report is written. A field may itself be such a pair (a phrase in a phrase).
    """
    def local(value, lang):
        return value[lang] if isinstance(value, dict) and lang in value else value

    return {lang: text.format(**{name: local(value, lang) for name, value in fields.items()})
            for lang, text in table[key].items()}


def counted(table, key, n):
    """:func:`phrase` for ``n`` things: ``key_1`` (the singular) when there is one, else ``key``."""
    return phrase(table, f"{key}_1") if n == 1 else phrase(table, key, n=n)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def show(x, lang=None, nested=False, digits=6):
    """A short, stable text for a value: floats to ``digits`` significant digits, no memory addresses.

    A string is shown as written (pass ``repr(s)`` to show quotes), except inside a list or tuple.
    """
    if isinstance(x, dict) and x.keys() == LANGUAGES.keys():     # a text in every language
        return x[lang or get_language()]
    if x is Ellipsis:                      # items left out of a long list
        return "…"
    if isinstance(x, str) and not nested:
        return x
    if isinstance(x, bool) or x is None:
        return repr(x)
    if isinstance(x, float):
        text = format(x, f".{digits}g")
        return text if any(c in text for c in ".einn") else text + ".0"
    if isinstance(x, int):
        return repr(x)
    if isinstance(x, (list, tuple)):
        inner = ", ".join(show(item, lang, nested=True, digits=digits) for item in x)
        return f"[{inner}]" if isinstance(x, list) else f"({inner}{',' if len(x) == 1 else ''})"
    try:
        text = repr(x)
    except Exception:                      # a learner's broken __repr__ must not break the report
        text = f"<{type(x).__name__}>"
    if _ADDRESS.search(text):
        text = f"<{type(x).__name__}>"
    return text if len(text) <= 200 else text[:197] + "..."


def _shown_apart(expected, got):
    """``expected`` and ``got`` as :func:`show` writes them, with more significant digits when six
    would write two different numbers alike (a result that lost its last digits)."""
    for digits in (6, 9, 12, 17):
        shown = show(expected, digits=digits), show(got, digits=digits)
        if shown[0] != shown[1]:
            break
    return shown


# ── Running a check ────────────────────────────────────────────────────────────────────────────


@dataclass
class Result:
    """What one check found: ``status`` is "pass", "fail", "todo" or "error"."""
    exercise: str
    status: str
    hint: str = None         # hint key (the check's own, or a generic one such as "error_type")
    message: str = ""
    needs: str = ""          # while "waiting": the earlier exercises to finish first
    name: str = ""           # when the exercise cell did not run: the name it should have defined
    error: str = ""          # when the learner's code raised: the error, in one line

    @property
    def not_run(self):
        """Whether the check could not run because an exercise cell did not (see :func:`not_run`)."""
        return self.hint in NOT_RUN

    @property
    def passed(self):
        return self.status == "pass"

    def __str__(self):
        return self.message

    def _repr_pretty_(self, printer, cycle):
        # A cell ending in `drawing if verdict.passed else verdict` shows the verdict as text.
        printer.text(self.message)


class _Timeout(BaseException):
    # A BaseException, so that a learner's broad `except Exception` cannot swallow it.
    pass


@contextlib.contextmanager
def _time_limit(seconds):
    """Interrupt the block after ``seconds`` (only in the main thread, where signals arrive)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def interrupt(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe(description):
    """A case's description: a string as written, or its text in the current language."""
    return description if isinstance(description, str) else show(description)


def _hint_text(ex, key, fields):
    table = ex.hints if key in ex.hints else MESSAGES
    return say(table, key, **fields)


def one_line(error):
    """An exception as one line: its type and the first line of its message, at most 200 characters."""
    message = str(error).strip().splitlines()
    first = message[0] if message else ""
    line = f"{type(error).__name__}: {first}" if first else type(error).__name__
    return line if len(line) <= 200 else line[:197] + "..."


def _raised_in(error):
    """The function whose body raised ``error`` (the innermost frame): (qualified name, shown name).

    A method is shown with its class (``Neuron.__init__``), a closure by its own name
    (``_backward``): the exercise's title already says whose closure it is.
    """
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    code = frame.tb_frame.f_code
    qualname = getattr(code, "co_qualname", code.co_name)      # Python 3.11+
    return qualname, (code.co_name if "<locals>" in qualname else qualname)


def _owner(lab, qualname):
    """The exercise of ``lab`` whose cell defines the function ``qualname``, if one does."""
    top = qualname.split(".<locals>.")[0]
    exercises = _lab_exercises(lab)
    for ex in exercises:
        if top in ex.defines:
            return ex.id
    owners = [ex.id for ex in exercises if top in ex.names
              or any(top.startswith(name + ".") for name in ex.names)]
    return owners[0] if len(owners) == 1 else None


def _check_arguments(ex, args, kwargs):
    try:
        inspect.signature(ex.function).bind(*args, **kwargs)
    except TypeError:
        names = ", ".join(inspect.signature(ex.function).parameters)
        raise TypeError(say(MESSAGES, "bad_arguments", id=ex.id, expected=names,
                            names=names)) from None


def _notebook_namespace():
    """The globals of the code that called the checker: the notebook's namespace."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(__package__):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


NOT_RUN = ("not_defined", "cell_error")     # the hints of a check whose exercise cell did not run


def not_run(key, name, again="again_check"):
    """The sentence for ``name`` whose exercise cell did not run: ``key`` is "not_defined" (the name
    is missing) or "cell_error" (its cell failed); it ends by asking to run ``again`` this check
    ("again_check") or the cell that needed the name ("again_cell")."""
    return say(MESSAGES, key, name=name, again=say(MESSAGES, again))


class _NotRun(Exception):
    """An argument of the check is missing, or its exercise cell failed (see _broken)."""

    def __init__(self, key, name, error=None):
        super().__init__(name)
        self.key, self.name, self.error = key, name, error


_MISSING_NAME = object()


def _arguments(ex, args, namespace):
    """The check's arguments: those given, else the notebook's objects of the same names."""
    if args:
        return args
    found = [namespace.get(name, _MISSING_NAME) for name in ex.names]
    for name, obj in zip(ex.names, found):
        if obj is _MISSING_NAME:
            raise _NotRun("not_defined", name)
    return tuple(found)


def _evaluate(ex, args, kwargs):
    """Run a check (its requirements first) and describe the outcome; records nothing."""
    title = show(ex.title)
    head = {"id": ex.id, "title": title}
    lines, hint, status, heading = [], None, "pass", None
    limit = sys.getrecursionlimit()     # the notebook's, whatever the learner's code does to it
    try:
        broken = next(((name, _broken[name]) for name in (*ex.names, *ex.defines)
                       if name in _broken), None)
        if broken is not None:
            raise _NotRun("cell_error", *broken)
        with contextlib.redirect_stdout(io.StringIO()), _time_limit(ex.time_limit):
            waiting = [needed for needed in ex.requires if not passes(needed, *args)]
            if waiting:
                status, hint, heading = "todo", "waiting", "waiting"
                head["needs"] = ", ".join(waiting)
            else:
                ex.function(*args, **kwargs)
    except _Waiting as waiting:
        status, hint, heading, head["needs"] = "todo", "waiting", "waiting", waiting.needs
    except _NotRun as missing:
        status, hint, heading, head["name"] = "error", missing.key, "cell_failed", missing.name
        if missing.error:
            lines.append(say(MESSAGES, "raised", text=missing.error))
        lines.append(say(MESSAGES, "hint", text=not_run(missing.key, missing.name)))
    except Failure as failure:
        status, hint = "fail", failure.hint
        if failure.case is not None:
            lines.append(say(MESSAGES, "case", text=_describe(failure.case)))
        expected, got = failure.expected, failure.got
        if expected is not _MISSING and got is not _MISSING:
            expected, got = _shown_apart(expected, got)
        if expected is not _MISSING:
            lines.append(say(MESSAGES, "expected", text=show(expected)))
        if got is not _MISSING:
            lines.append(say(MESSAGES, "got", text=show(got)))
        lines.append(say(MESSAGES, "hint", text=_hint_text(ex, hint, failure.fields)))
    except NotImplementedError as error:
        qualname, head["where"] = _raised_in(error)
        status, owner = "todo", _owner(ex.lab, qualname)
        if owner is not None and owner != ex.id:
            hint, heading, head["needs"] = "waiting", "waiting", owner
    except _Timeout as timeout:
        status, hint, heading = "error", "timeout", "timed_out"
        description = getattr(timeout, "__minigrad_case__", (None,))[0]
        if description is not None:
            lines.append(say(MESSAGES, "case", text=_describe(description)))
        lines.append(say(MESSAGES, "hint", text=say(MESSAGES, "timeout",
                                                    seconds=number(ex.time_limit))))
    except Exception as error:            # the learner's code failed: one line, never a traceback
        status = "error"
        description, on_error, fields = getattr(error, "__minigrad_case__", (None, None, {}))
        hint = next((key for kind, key in (on_error or {}).items() if isinstance(error, kind)), None)
        if hint is None:
            hint = next((key for kind, key in GENERIC_HINTS.items() if isinstance(error, kind)),
                        "error_other")
        if description is not None:
            lines.append(say(MESSAGES, "case", text=_describe(description)))
        head["error"] = one_line(error)
        lines.append(say(MESSAGES, "raised", text=head["error"]))
        lines.append(say(MESSAGES, "hint", text=_hint_text(ex, hint, {**_objects_of(ex.lab),
                                                                       **fields})))
    finally:
        _state.case, _state.on_error = None, None
        sys.setrecursionlimit(limit)
    if status in ("fail", "error") and ex.tiers and hint not in NOT_RUN:
        k = min(_next_tier(ex.id, failed=True), len(ex.tiers))
        lines.append(say(MESSAGES, "more", id=ex.id, k=k, n=len(ex.tiers)))
    message = "\n".join([say(MESSAGES, heading or status, **head), *lines])
    return Result(ex.id, status, hint, message, head.get("needs", ""), head.get("name", ""),
                  head.get("error", ""))


def run(exercise_id, *args, **kwargs):
    """Run the check of ``exercise_id`` on the learner's objects; returns a :class:`Result`.

    Without arguments, the check's arguments are the notebook's objects of the same names
    (``run("02.1")`` checks the notebook's ``topological_order``).
    """
    ex = _get(exercise_id)
    namespace = _notebook_namespace()
    try:
        args = _arguments(ex, args, namespace)
    except _NotRun as missing:
        result = _evaluate_missing(ex, missing)
    else:
        _check_arguments(ex, args, kwargs)
        _state.notebook = namespace
        try:
            result = _evaluate(ex, args, kwargs)
        finally:
            _state.notebook = None
    _results.pop(ex.id, None)
    _results[ex.id] = result
    return result


def _evaluate_missing(ex, missing):
    head = say(MESSAGES, "cell_failed", id=ex.id, title=show(ex.title))
    hint = say(MESSAGES, "hint", text=not_run(missing.key, missing.name))
    return Result(ex.id, "error", missing.key, f"{head}\n{hint}", name=missing.name)


def quiet_run(exercise_id, *args, **kwargs):
    """:func:`run` without recording the verdict (the summary and hints do not see it)."""
    ex = _get(exercise_id)
    _check_arguments(ex, args, kwargs)
    return _evaluate(ex, args, kwargs)


# ── Hints on demand ────────────────────────────────────────────────────────────────────────────

def _next_tier(exercise_id, failed=False):
    """The tier hint() shows next: the concrete one comes on asking again, or after a failure."""
    revealed = _revealed.get(exercise_id, 0)
    result = _results.get(exercise_id)
    failed = failed or (result is not None and result.status in ("fail", "error"))
    return revealed + 2 if revealed == 0 and failed else revealed + 1


def hint(exercise_id):
    """Print the next hint of an exercise: first the idea, then, on asking again, the concrete step.

    After a failed check, the first call shows the first two hints together.
    """
    ex = _get(exercise_id)
    title = show(ex.title)
    if not ex.tiers:
        print(say(MESSAGES, "no_tiers", id=ex.id, title=title))
        return
    n = len(ex.tiers)
    revealed = _revealed.get(ex.id, 0)
    upto = min(_next_tier(ex.id), n)
    lines = [say(MESSAGES, "tier", k=k, n=n, id=ex.id, title=title, text=show(ex.tiers[k - 1]))
             for k in range(min(revealed + 1, n), upto + 1)]
    _revealed[ex.id] = upto
    lines.append(say(MESSAGES, "tier_next" if upto < n else "tier_last", id=ex.id))
    print("\n".join(lines))


# ── Cells that did not run (IPython) ───────────────────────────────────────────────────────────

_broken = {}         # name → one-line error of the last cell defining it, while that cell fails

_DEFINITION = re.compile(r"^(?:def|class)\s+(\w+)|^(\w+)\s*(?:=[^=]|,)", re.MULTILINE)


def defined_names(source):
    """The top-level names a cell defines (functions, classes, assigned names), even if it does not
    compile."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {a or b for a, b in _DEFINITION.findall(source)}
    return {name for node in tree.body if not isinstance(node, (ast.Import, ast.ImportFrom))
            for name in statement_names(node)}


def statement_names(node):
    """The names one top-level statement binds: a function, a class, an assignment or an import."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {name for target in targets for name in _target_names(target)}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {alias.asname or alias.name.split(".")[0] for alias in node.names}
    return set()


def _target_names(target):
    """The names an assignment binds (``a``, ``a, b``), not the objects it changes (``Value.x``)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for item in target.elts for name in _target_names(item)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []


def broken(name):
    """The one-line error of the last cell that defined ``name``, while that cell fails; else None."""
    return _broken.get(name)


def note_cell(source, error=None):
    """Record that a cell ran (``error`` None) or failed; IPython calls it after every cell."""
    for name in defined_names(source):
        if error is None:
            _broken.pop(name, None)
        else:
            _broken[name] = one_line(error)


def _after_cell(result):
    info = getattr(result, "info", None)
    source = getattr(info, "raw_cell", None) or ""
    note_cell(source, result.error_before_exec or result.error_in_exec)


def _watch_cells():
    """In IPython, call note_cell after every cell (once per kernel, however often imported)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_minigrad_watching", False):
        return
    shell.events.register("post_run_cell", _after_cell)
    shell._minigrad_watching = True


def all_of(first, *others):
    """One verdict for several checks: the first result that does not pass, else the last one.

    Guards a notebook cell that needs several finished exercises: print the verdict when it does
    not pass, and the learner reads which exercise to finish first.
    """
    results = (first, *others)
    return next((result for result in results if not result.passed), results[-1])


def check(exercise_id, *args, **kwargs):
    """Check an exercise and print the verdict in the notebook's language.

    ``check("02.1")`` checks the notebook's ``topological_order``; the objects may also be given,
    ``check("02.1", topological_order)``.
    """
    print(run(exercise_id, *args, **kwargs).message)


def summary(lab=None):
    """Print which exercises of ``lab`` ("00", …; default: every lab checked so far) pass."""
    if lab is None:
        labs = list(dict.fromkeys(r.exercise.split(".")[0] for r in _results.values()))
        if not labs:
            print(say(MESSAGES, "nothing_checked"))
            return
    else:
        labs = [str(lab).zfill(2)]
        _load_lab(labs[0])
    blocks = []
    for name in labs:
        exercises = _lab_exercises(name)
        results = [_results.get(e.id) for e in exercises]
        passed = sum(1 for r in results if r is not None and r.passed)
        if passed == len(exercises):
            lines = [say(MESSAGES, "summary_all", lab=name, total=passed)]
        else:
            lines = [say(MESSAGES, "summary_head", lab=name, passed=passed, total=len(exercises))]
        for ex, result in zip(exercises, results):
            status = "unchecked" if result is None else result.status
            mark = {"pass": "✔", "fail": "✘", "error": "✘", "todo": "…", "unchecked": "·"}[status]
            if result is not None and result.hint == "timeout":
                status = "timed_out"
            if result is not None and result.hint == "waiting":
                status = "waiting"
            needs = result.needs if result is not None else ""
            lines.append(f"  {mark} {ex.id} {show(ex.title)} — "
                         f"{say(MESSAGES, 'status_' + status, needs=needs)}")
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))


def reset():
    """Forget every recorded result, hint shown and failed cell (a fresh start)."""
    _results.clear()
    _revealed.clear()
    _broken.clear()


_watch_cells()
