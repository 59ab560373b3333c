"""Gradient checking: compare the gradient from ``backward()`` with central differences.

Three functions, each usable on its own:

* :func:`numerical_grad` estimates ∂f/∂xᵢ by central differences,
  ``(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h``;
* :func:`gradient` runs ``f`` on `Value` leaves and reads their ``.grad`` after ``backward()``;
* :func:`compare` puts two gradients side by side and returns a :class:`GradCheck`.

:func:`check_gradients` does all three at once::

    >>> check_gradients(lambda a, b: a * b + a.tanh(), [2.0, -3.0], names=["a", "b"]).ok
    True

**Relative error.** Entry by entry, ``|a − n| / max(|a|, |n|, floor)`` for an analytic value ``a``
and a numerical value ``n``. Dividing by the larger magnitude makes the error scale-free (1e-3 means
"agrees to about three digits" whether the gradient is 1e-2 or 1e4), and it is symmetric in ``a``
and ``n``. The ``floor`` (default 1e-3) handles gradients that are truly 0: central differences
then return rounding noise of about 1e-10, which divided by itself would look like a 100 % error;
with the floor it counts as 1e-7. A NaN or an infinity on either side is an error of ``inf``.
"""

import math
import numbers

from . import domains
from .i18n import number, say
from .scalar import Value

__all__ = ["numerical_grad", "gradient", "compare", "check_gradients", "relative_error",
           "GradCheck"]

TOLERANCE = 1e-4   # largest relative error that still counts as agreement
FLOOR = 1e-3       # smallest denominator of the relative error (see the module docstring)
NOISE = 1e-8       # errors below this are rounding noise, printed as "< 1e-08"

MESSAGES = {
    "f_not_number": {
        "en": "{op}: f returned {given} of type {kind}; it must return a Value or a number "
        "computed from its arguments.",
        "es": "{op}: f ha devuelto {given}, de tipo {kind}; debe devolver un Value o un número "
        "calculado a partir de sus argumentos.",
    },
    "f_not_value": {
        "en": "gradient: f returned {given} of type {kind}; it must return a Value built from its "
        "arguments (a plain number has no graph to run backward() on).",
        "es": "gradient: f ha devuelto {given}, de tipo {kind}; debe devolver un Value construido "
        "a partir de sus argumentos (un número sin más no tiene grafo sobre el que llamar a "
        "backward()).",
    },
    "empty": {
        "en": "{op}: got no entries; give at least one number.",
        "es": "{op}: no se ha recibido ninguna componente; pasa al menos un número.",
    },
    "entry": {
        "en": "{op}: entry {index} {of_what} is {given} of type {kind}; every entry must be an "
        "int, a float or a numpy scalar.",
        "es": "{op}: la componente {index} {of_what} es {given}, de tipo {kind}; cada componente "
        "debe ser un int, un float o un escalar de numpy.",
    },
    "lengths": {
        "en": "compare: the analytic gradient has {n} entries but the numerical one has {k}; "
        "both must come from the same inputs.",
        "es": "compare: el gradiente analítico tiene {n} componentes pero el numérico tiene {k}; "
        "los dos deben venir de las mismas entradas.",
    },
    "names": {
        "en": "compare: {k} names for {n} entries; give one name per input (or none).",
        "es": "compare: {k} nombres para {n} componentes; pasa un nombre por cada entrada (o "
        "ninguno).",
    },
    "positive": {
        "en": "{op}: {what} must be a positive number, got {given}.",
        "es": "{op}: {what} debe ser un número positivo, pero se ha recibido {given}.",
    },
    "of_analytic": {"en": "of the analytic gradient", "es": "del gradiente analítico"},
    "of_numeric": {"en": "of the numerical gradient", "es": "del gradiente numérico"},
    "of_point": {"en": "of the point xs", "es": "del punto xs"},
    "passed": {
        "en": "gradient check passed: worst relative error {error} at {where} "
        "(tolerance {tol})",
        "es": "comprobación de gradientes superada: peor error relativo {error} en {where} "
        "(tolerancia {tol})",
    },
    "passed_all": {
        "en": "gradient check passed: every relative error is {error} (tolerance {tol})",
        "es": "comprobación de gradientes superada: todos los errores relativos son {error} "
        "(tolerancia {tol})",
    },
    "failed": {
        "en": "gradient check FAILED: worst relative error {error} at {where}: analytic {a}, "
        "central difference {n} (tolerance {tol})",
        "es": "comprobación de gradientes FALLIDA: peor error relativo {error} en {where}: "
        "analítico {a}, diferencia central {n} (tolerancia {tol})",
    },
    "header": {   # the report's four columns, separated by |
        "en": "input|analytic|central diff.|rel. error",
        "es": "entrada|analítico|dif. central|error rel.",
    },
    "more": {
        "en": "… and {count} more entries with smaller errors",
        "es": "… y {count} componentes más con errores menores",
    },
}


def numerical_grad(f, xs, h=1e-6, leaf=Value):
    """∂f/∂xᵢ at the point ``xs`` for every i, by central differences with step ``h``.

    ``f`` takes ``len(xs)`` arguments and returns a `Value` or a number. Each argument is
    ``leaf(x)``: a `Value` by default, so ``f`` may call ``.exp()``, ``.tanh()`` and so on; pass
    ``leaf=float`` for a function of plain floats. ``xs`` is a list of numbers (or one number).
    The error of the estimate is about h² (truncation) plus 1e-16·|f|/h (rounding).
    """
    point = _numbers(xs, "numerical_grad", say(MESSAGES, "of_point"))
    h = _positive(h, "numerical_grad", "h")
    grads = []
    for i, x in enumerate(point):
        up = point[:i] + [x + h] + point[i + 1:]
        down = point[:i] + [x - h] + point[i + 1:]
        grads.append((_evaluate(f, up, leaf) - _evaluate(f, down, leaf)) / (2 * h))
    return grads


def gradient(f, xs, leaf=Value):
    """∂f/∂xᵢ at the point ``xs`` by reverse mode: ``f`` runs on fresh leaves, then ``backward()``.

    ``f`` must return a `Value` built from its arguments. ``leaf`` makes each argument (any class
    with ``.grad`` whose results have ``backward()``, such as a learner's own `Value`).
    """
    point = _numbers(xs, "gradient", say(MESSAGES, "of_point"))
    leaves = [leaf(x) for x in point]
    out = f(*leaves)
    if not hasattr(out, "backward"):
        raise TypeError(say(MESSAGES, "f_not_value", given=domains.short_repr(out),
                            kind=type(out).__name__))
    out.backward()
    return [float(x.grad) for x in leaves]


def compare(analytic, numeric, names=None, tolerance=TOLERANCE, floor=FLOOR):
    """Compare two gradients entry by entry; returns a :class:`GradCheck`.

    ``names`` (optional) labels the entries in the report, e.g. ``["a", "b"]``; without them
    entries are referred to by index.
    """
    analytic = _numbers(analytic, "compare", say(MESSAGES, "of_analytic"))
    numeric = _numbers(numeric, "compare", say(MESSAGES, "of_numeric"))
    if len(analytic) != len(numeric):
        raise ValueError(say(MESSAGES, "lengths", n=len(analytic), k=len(numeric)))
    if names is not None:
        names = [str(name) for name in names]
        if len(names) != len(analytic):
            raise ValueError(say(MESSAGES, "names", k=len(names), n=len(analytic)))
    tolerance = _positive(tolerance, "compare", "tolerance")
    floor = _positive(floor, "compare", "floor")
    errors = [relative_error(a, n, floor) for a, n in zip(analytic, numeric)]
    return GradCheck(analytic, numeric, errors, names, tolerance)


def check_gradients(f, xs, names=None, h=1e-6, tolerance=TOLERANCE, leaf=Value):
    """``compare(gradient(f, xs), numerical_grad(f, xs, h), names)`` in one call."""
    return compare(gradient(f, xs, leaf), numerical_grad(f, xs, h, leaf), names, tolerance)


def relative_error(a, n, floor=FLOOR):
    """``|a − n| / max(|a|, |n|, floor)``; ``inf`` when either side is NaN or infinite."""
    if not (math.isfinite(a) and math.isfinite(n)):
        return math.inf
    return abs(a - n) / max(abs(a), abs(n), floor)


class GradCheck:
    """The result of a gradient check: ``ok``, ``worst_relative_error``, ``where``, and a report.

    ``analytic``, ``numeric`` and ``errors`` hold the entries; ``where`` is the name (or the
    index, when no names were given) of the entry with the largest relative error. The result is
    truthy exactly when ``ok``, so ``assert check_gradients(f, xs)`` works; ``str()`` (and a
    notebook's display) is a report in the current language.
    """

    def __init__(self, analytic, numeric, errors, names, tolerance):
        self.analytic, self.numeric, self.errors = analytic, numeric, errors
        self.names, self.tolerance = names, tolerance
        self._worst = max(range(len(errors)), key=errors.__getitem__)   # first of any ties

    @property
    def worst_relative_error(self):
        return self.errors[self._worst]

    @property
    def where(self):
        return self.names[self._worst] if self.names else self._worst

    @property
    def ok(self):
        return self.worst_relative_error <= self.tolerance

    def __bool__(self):
        return self.ok

    def __str__(self):
        i = self._worst
        # When every error is rounding noise, no input stands out: name none.
        key = "failed" if not self.ok else "passed_all" if self.errors[i] < NOISE else "passed"
        lines = [say(MESSAGES, key, error=_error(self.errors[i]), where=self._name(i),
                     a=_number(self.analytic[i]), n=_number(self.numeric[i]),
                     tol=number(self.tolerance, ".0e"))]
        # A long gradient lists only its five worst entries, in input order.
        shown = range(len(self.errors))
        if len(self.errors) > 12:
            shown = sorted(sorted(shown, key=self.errors.__getitem__, reverse=True)[:5])
        rows = [say(MESSAGES, "header").split("|")] + [
            (self._name(j), _number(self.analytic[j]), _number(self.numeric[j]),
             _error(self.errors[j])) for j in shown]
        widths = [max(len(row[c]) for row in rows) for c in range(4)]
        for row in rows:
            lines.append("  " + "  ".join(cell.rjust(width) if c else cell.ljust(width)
                                          for c, (cell, width) in enumerate(zip(row, widths))))
        hidden = len(self.errors) - len(shown)
        if hidden:
            lines.append("  " + say(MESSAGES, "more", count=hidden))
        return "\n".join(line.rstrip() for line in lines)

    __repr__ = __str__   # a notebook cell that ends with a check shows the report

    def _name(self, i):
        return self.names[i] if self.names else f"x[{i}]"


def _error(e):
    # Below NOISE the exact digits are rounding noise that may differ between machines.
    return f"< {number(NOISE, '.0e')}" if e < NOISE else number(e, ".2g")


def _number(x):
    return number(x, ".6g")


def _evaluate(f, args, leaf):
    out = f(*[leaf(x) for x in args])
    value = getattr(out, "data", out)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    raise TypeError(say(MESSAGES, "f_not_number", op="numerical_grad",
                        given=domains.short_repr(out), kind=type(out).__name__))


def _numbers(values, op, of_what):
    """``values`` (a sequence of real numbers, or one number) as a non-empty list of floats."""
    if isinstance(values, (numbers.Number, str, bytes)) or not hasattr(values, "__iter__"):
        values = [values]      # one number; anything else is refused entry by entry below
    values = list(values)
    if not values:
        raise ValueError(say(MESSAGES, "empty", op=op))
    for i, x in enumerate(values):
        if not isinstance(x, numbers.Real) or isinstance(x, bool):
            raise TypeError(say(MESSAGES, "entry", op=op, index=i, of_what=of_what,
                                given=domains.short_repr(x), kind=type(x).__name__))
    return [float(x) for x in values]


def _positive(x, op, what):
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and x > 0:
        return float(x)
    raise ValueError(say(MESSAGES, "positive", op=op, what=what, given=domains.short_repr(x)))
