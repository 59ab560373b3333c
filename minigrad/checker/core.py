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

* ``exercise(id, title, hints, time_limit=10)`` registers a check function under ``id`` ("NN.k");
  ``title`` and each hint are ``{"en": ..., "es": ...}``; hint texts may use ``{name}`` fields.
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
  :func:`show`: numbers to 6 significant digits, a string as written (``repr(s)`` to quote it),
  ``...`` (Ellipsis, for items left out of a long list) as ``…``,
  ``{"en": ..., "es": ...}`` in the notebook's language; ``phrase(table, key, **fields)`` builds
  such a pair from a lab's table of short texts, ``counted(table, key, n)`` picks ``key_1`` for one.
* ``expect_earlier(function, {name: exercise_id})`` fails with "earlier_exercise" when the
  learner's ``function`` calls, by that global ``name``, a function of theirs that does not pass its
  own earlier exercise ("gradcheck uses your numerical_gradient, which does not pass 03.2 yet"), so
  that a bug is reported where it is, not where it shows. ``given={name: object}`` checks objects
  passed to the check explicitly instead.
* ``run(id, *args) -> Result`` runs a check silently (``.status`` is "pass", "fail", "todo" or
  "error"; ``.hint`` the hint key; ``.message`` the text); ``check(id, *args)`` prints it;
  ``summary(lab=None)`` prints the lab's exercises and their last status; ``reset()`` forgets them.
* ``all_of(result, ...) -> Result`` is one verdict for several checks: the first result that does
  not pass, or the last one when all pass. A notebook cell that needs finished exercises is guarded
  with it, so that an unfinished exercise shows the checker's verdict instead of a traceback::

      verdict = all_of(run("05.2", Dual), run("05.3", Dual))
      if verdict.passed:
          ...                 # the demonstration
      else:
          print(verdict)

Rules every check gets for free: a ``NotImplementedError`` (the exercise placeholder) is reported as
"not yet implemented", naming the function whose placeholder raised it, never as a traceback; any
other exception as one line (its type and message) plus a hint; the learner's own ``print`` output
is silenced while checking; a check stops after ``time_limit`` seconds (an endless loop) with the
hint "timeout", under a heading of its own ("did not finish in time"; the status is "error").
Checks print expected numbers for the failing input, never the expected code.
"""

import contextlib
import importlib
import inspect
import io
import math
import re
import signal
import threading
from dataclasses import dataclass

from ..i18n import LANGUAGES, get_language, say

__all__ = ["exercise", "case", "fail", "expect", "expect_close", "expect_earlier", "close",
           "all_close", "is_number", "phrase", "counted", "show", "run", "all_of", "check", "summary",
           "reset", "Result", "Failure"]

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
    "case": {"en": "  input:    {text}", "es": "  entrada:  {text}"},
    "expected": {"en": "  expected: {text}", "es": "  esperado: {text}"},
    "got": {"en": "  got:      {text}", "es": "  obtenido: {text}"},
    "raised": {"en": "  error:    {text}", "es": "  error:    {text}"},
    "hint": {"en": "  hint:     {text}", "es": "  pista:    {text}"},
    "summary_head": {"en": "Lab {lab}: {passed} of {total} exercises pass",
                     "es": "Práctica {lab}: {passed} de {total} ejercicios superados"},
    "summary_all": {"en": "Lab {lab}: all {total} exercises pass — well done!",
                    "es": "Práctica {lab}: superados los {total} ejercicios — ¡bien hecho!"},
    "status_pass": {"en": "passes", "es": "superado"},
    "status_fail": {"en": "not yet right", "es": "todavía no está bien"},
    "status_error": {"en": "raises an error", "es": "lanza un error"},
    "status_timed_out": {"en": "does not finish in time", "es": "no termina a tiempo"},
    "status_todo": {"en": "not yet implemented", "es": "aún sin implementar"},
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
    "error_attribute": {
        "en": "an object lacks an attribute your code uses: check the spelling (data, grad, _prev, "
              "_op, _backward) and that every node you create sets all of them.",
        "es": "a un objeto le falta un atributo que usa tu código: revisa cómo se escriben (data, "
              "grad, _prev, _op, _backward) y que cada nodo que creas los tenga todos."},
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
    "timeout": {
        "en": "the check did not finish in {seconds} s: look for a loop that never ends (a node "
              "pushed again and again, a stack that never empties).",
        "es": "la comprobación no ha terminado en {seconds} s: busca un bucle que no acaba nunca (un "
              "nodo que se apila una y otra vez, una pila que nunca se vacía)."},
}

GENERIC_HINTS = {
    AttributeError: "error_attribute",
    TypeError: "error_type",
    NameError: "error_name",
    RecursionError: "error_recursion",
    ZeroDivisionError: "error_zero_division",
}

# ── Registry ───────────────────────────────────────────────────────────────────────────────────


@dataclass
class Exercise:
    id: str
    title: dict
    hints: dict
    function: object
    time_limit: float

    @property
    def lab(self):
        return self.id.split(".")[0]


EXERCISES = {}       # "NN.k" → Exercise, filled by the lab modules as they are imported
_results = {}        # "NN.k" → last Result, in the order exercises were checked


def exercise(exercise_id, title, hints, time_limit=10):
    """Register the decorated function as the check of exercise ``exercise_id`` ("NN.k")."""
    if not re.fullmatch(r"\d\d\.\d+", exercise_id):
        raise ValueError(f"exercise id {exercise_id!r} must look like '00.1'")

    def register(function):
        EXERCISES[exercise_id] = Exercise(exercise_id, title, hints, function, time_limit)
        return function
    return register


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


def _passes(exercise_id, *args):
    """Whether the check of ``exercise_id`` accepts ``args``, run quietly inside the current check."""
    outer = (_state.case, _state.on_error)
    try:
        _get(exercise_id).function(*args)
    except Exception:                  # a failure, a placeholder, or the learner's code raising
        return False
    finally:
        _state.case, _state.on_error = outer
    return True


def expect_earlier(function, prerequisites, given=None):
    """Fail with "earlier_exercise" if ``function`` relies on a learner function that is not right yet.

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
        else:
            continue
        if not _passes(exercise_id, obj):
            fail("earlier_exercise", function=getattr(function, "__name__", "?"), name=name,
                 exercise=exercise_id)


def phrase(table, key, **fields):
    """Text ``key`` of ``table`` (``{key: {"en": ..., "es": ...}}``) in both languages, formatted.

    For ``expected=``, ``got=`` and case descriptions, which :func:`show` puts in the notebook's
    language when the report is written.
    """
    return {lang: text.format(**fields) for lang, text in table[key].items()}


def counted(table, key, n):
    """:func:`phrase` for ``n`` things: ``key_1`` (the singular) when there is one, else ``key``."""
    return phrase(table, f"{key}_1") if n == 1 else phrase(table, key, n=n)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def show(x, lang=None, nested=False):
    """A short, stable text for a value: floats to 6 significant digits, no memory addresses.

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
        text = format(x, ".6g")
        return text if any(c in text for c in ".einn") else text + ".0"
    if isinstance(x, int):
        return repr(x)
    if isinstance(x, (list, tuple)):
        inner = ", ".join(show(item, lang, nested=True) for item in x)
        return f"[{inner}]" if isinstance(x, list) else f"({inner}{',' if len(x) == 1 else ''})"
    try:
        text = repr(x)
    except Exception:                      # a learner's broken __repr__ must not break the report
        text = f"<{type(x).__name__}>"
    if _ADDRESS.search(text):
        text = f"<{type(x).__name__}>"
    return text if len(text) <= 200 else text[:197] + "..."


# ── Running a check ────────────────────────────────────────────────────────────────────────────


@dataclass
class Result:
    """What one check found: ``status`` is "pass", "fail", "todo" or "error"."""
    exercise: str
    status: str
    hint: str = None         # hint key (the check's own, or a generic one such as "error_type")
    message: str = ""

    @property
    def passed(self):
        return self.status == "pass"

    def __str__(self):
        return self.message


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


def _one_line(error):
    message = str(error).strip().splitlines()
    first = message[0] if message else ""
    line = f"{type(error).__name__}: {first}" if first else type(error).__name__
    return line if len(line) <= 200 else line[:197] + "..."


def _raised_in(error):
    """The name of the function whose body raised ``error`` (the innermost frame)."""
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    return frame.tb_frame.f_code.co_name


def _check_arguments(ex, args, kwargs):
    try:
        inspect.signature(ex.function).bind(*args, **kwargs)
    except TypeError:
        names = ", ".join(inspect.signature(ex.function).parameters)
        raise TypeError(say(MESSAGES, "bad_arguments", id=ex.id, expected=names,
                            names=names)) from None


def run(exercise_id, *args, **kwargs):
    """Run the check of ``exercise_id`` on the learner's objects; returns a :class:`Result`."""
    ex = _get(exercise_id)
    _check_arguments(ex, args, kwargs)
    title = show(ex.title)
    head = {"id": ex.id, "title": title}
    lines, hint, status, heading = [], None, "pass", None
    try:
        with contextlib.redirect_stdout(io.StringIO()), _time_limit(ex.time_limit):
            ex.function(*args, **kwargs)
    except Failure as failure:
        status, hint = "fail", failure.hint
        if failure.case is not None:
            lines.append(say(MESSAGES, "case", text=_describe(failure.case)))
        if failure.expected is not _MISSING:
            lines.append(say(MESSAGES, "expected", text=show(failure.expected)))
        if failure.got is not _MISSING:
            lines.append(say(MESSAGES, "got", text=show(failure.got)))
        lines.append(say(MESSAGES, "hint", text=_hint_text(ex, hint, failure.fields)))
    except NotImplementedError as error:
        status, head["where"] = "todo", _raised_in(error)
    except _Timeout as timeout:
        status, hint, heading = "error", "timeout", "timed_out"
        description = getattr(timeout, "__minigrad_case__", (None,))[0]
        if description is not None:
            lines.append(say(MESSAGES, "case", text=_describe(description)))
        lines.append(say(MESSAGES, "hint", text=say(MESSAGES, "timeout", seconds=ex.time_limit)))
    except Exception as error:            # the learner's code failed: one line, never a traceback
        status = "error"
        description, on_error, fields = getattr(error, "__minigrad_case__", (None, None, {}))
        hint = next((key for kind, key in (on_error or {}).items() if isinstance(error, kind)), None)
        if hint is None:
            hint = next((key for kind, key in GENERIC_HINTS.items() if isinstance(error, kind)),
                        "error_other")
        if description is not None:
            lines.append(say(MESSAGES, "case", text=_describe(description)))
        lines.append(say(MESSAGES, "raised", text=_one_line(error)))
        lines.append(say(MESSAGES, "hint", text=_hint_text(ex, hint, fields)))
    finally:
        _state.case, _state.on_error = None, None
    message = "\n".join([say(MESSAGES, heading or status, **head), *lines])
    result = Result(ex.id, status, hint, message)
    _results.pop(ex.id, None)
    _results[ex.id] = result
    return result


def all_of(first, *others):
    """One verdict for several checks: the first result that does not pass, else the last one.

    Guards a notebook cell that needs several finished exercises: print the verdict when it does
    not pass, and the learner reads which exercise to finish first.
    """
    results = (first, *others)
    return next((result for result in results if not result.passed), results[-1])


def check(exercise_id, *args, **kwargs):
    """Check an exercise and print the verdict in the notebook's language."""
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
            lines.append(f"  {mark} {ex.id} {show(ex.title)} — {say(MESSAGES, 'status_' + status)}")
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))


def reset():
    """Forget every recorded result (a fresh summary)."""
    _results.clear()
