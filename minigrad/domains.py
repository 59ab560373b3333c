"""What counts as a number, and where each function is defined.

`Value` (reverse mode) and `Dual` (forward mode) accept the same inputs and refuse the same ones
with the same messages, so both import their checks from here. Every refusal names the operation,
what was given and what is accepted, in the learner's language (see :mod:`minigrad.i18n`).
"""

import math
import numbers
import re

from .i18n import say

MESSAGES = {
    "not_a_number": {
        "en": "{op}: got {given} of type {kind}; {what} must be {accepted}. "
        "Convert it first, for example with float(...).",
        "es": "{op}: se ha recibido {given}, de tipo {kind}; {what} debe ser {accepted}. "
        "Conviértelo antes, por ejemplo con float(...).",
    },
    "numbers": {"en": "an int, a float or a numpy scalar", "es": "un int, un float o un escalar de numpy"},
    "numbers_or_node": {
        "en": "an int, a float, a numpy scalar or a {node}",
        "es": "un int, un float, un escalar de numpy o un {node}",
    },
    "operand": {"en": "the operand", "es": "el operando"},
    "data": {"en": "the data", "es": "el dato"},
    "exponent": {"en": "the exponent", "es": "el exponente"},
    "tangent": {"en": "the tangent", "es": "la tangente"},
    "value": {"en": "the value", "es": "el valor"},
    "infinite": {
        "en": "{op}: got {given}; minigrad works with finite numbers only: give a real number.",
        "es": "{op}: se ha recibido {given}; minigrad solo trabaja con números finitos: usa un número "
        "real.",
    },
    "overflow_binary": {
        "en": "{a!r} {op} {b!r} is too large for a float (the largest is about ±1.8·10³⁰⁸); use smaller numbers.",
        "es": "{a!r} {op} {b!r} es demasiado grande para un número en coma flotante (el máximo ronda ±1,8·10³⁰⁸); usa "
        "números menores.",
    },
    "huge": {
        "en": "{op}: got {given}, which is too large for a float (the largest is about ±1.8·10³⁰⁸); use a "
        "smaller number.",
        "es": "{op}: se ha recibido {given}, que es demasiado grande para un número en coma flotante (el máximo ronda ±1,8·10³⁰⁸); usa un "
        "número menor.",
    },
    "compare": {
        "en": "{node} {op} ...: a {node} cannot be compared with <, >, <= or >=, because it stands "
        "for a node of a graph, not for its number. Compare the numbers instead: x.data {op} 0.01.",
        "es": "{node} {op} ...: un {node} no se puede comparar con <, >, <= o >=, porque representa "
        "un nodo de un grafo, no su número. Compara los números: x.data {op} 0.01.",
    },
    "pickle": {
        "en": "a {node} cannot be pickled or copied: it drags its whole graph along. Save the "
        "number instead, x.data (a float), and build a new {node} from it when you load it.",
        "es": "un {node} no se puede serializar con pickle ni copiar: arrastra consigo todo su "
        "grafo. Guarda el número, x.data (un float), y crea un {node} nuevo con él al cargarlo.",
    },
    "compare_dual": {
        "en": "{node} {op} ...: a {node} cannot be compared with <, >, <= or >=, because it carries "
        "a tangent along with its number. Compare the numbers instead: x.value {op} 0.01.",
        "es": "{node} {op} ...: un {node} no se puede comparar con <, >, <= o >=, porque lleva una "
        "tangente además de su número. Compara los números: x.value {op} 0.01.",
    },
    "pickle_dual": {
        "en": "a {node} cannot be pickled or copied. Save its numbers instead, x.value and "
        "x.tangent (floats), and build a new {node} from them when you load them.",
        "es": "un {node} no se puede serializar con pickle ni copiar. Guarda sus números, x.value "
        "y x.tangent (floats), y crea un {node} nuevo con ellos al cargarlos.",
    },
    "no_arguments": {
        "en": "{node}.{op}() takes no arguments, but got {n}: write x.{op}(), with the node before "
        "the point.",
        "es": "{node}.{op}() no recibe argumentos, pero ha recibido {n}: escribe x.{op}(), con el "
        "nodo delante del punto.",
    },
    "nan": {
        "en": "{op}: got NaN (not a number); give a real number.",
        "es": "{op}: se ha recibido NaN (no es un número); usa un número real.",
    },
    "log_domain": {
        "en": "log({x!r}): the logarithm is only defined for positive numbers (x > 0).",
        "es": "log({x!r}): el logaritmo solo está definido para números positivos (x > 0).",
    },
    "div_zero": {
        "en": "{a!r} / {b!r}: division by zero; the denominator must not be 0.",
        "es": "{a!r} / {b!r}: división entre cero; el denominador no puede ser 0.",
    },
    "pow_zero": {
        "en": "{a!r} ** {k!r}: zero cannot be raised to a negative power (it divides by zero).",
        "es": "{a!r} ** {k!r}: cero no se puede elevar a una potencia negativa (sería dividir entre cero).",
    },
    "pow_negative": {
        "en": "{a} ** {k!r}: a negative base with a non-integer exponent has no real result; "
        "use a positive base or an integer exponent.",
        "es": "{a} ** {k!r}: una base negativa con un exponente no entero no tiene resultado real; "
        "usa una base positiva o un exponente entero.",
    },
    "pow_node_base": {
        "en": "{a!r} ** b: with an exponent that is a node of the graph, the base must be positive "
        "(the derivative with respect to the exponent needs log(base)); got base {a!r}.",
        "es": "{a!r} ** b: con un exponente que es un nodo del grafo, la base debe ser positiva "
        "(la derivada respecto del exponente necesita log(base)); la base es {a!r}.",
    },
    "pow_slope": {
        "en": "derivative of x ** {k!r} at x = 0 is infinite; move x away from 0.",
        "es": "la derivada de x ** {k!r} en x = 0 es infinita; aleja x de 0.",
    },
    "slope_overflow": {
        "en": "the derivative of x ** {k!r} at x = {a!r} is too large for a float (the largest is about ±1.8·10³⁰⁸); move x or the "
        "exponent to a more moderate value.",
        "es": "la derivada de x ** {k!r} en x = {a!r} es demasiado grande para un número en coma flotante (el máximo ronda ±1,8·10³⁰⁸); lleva x o el "
        "exponente a un valor más moderado.",
    },
    "pow_overflow": {
        "en": "{a} ** {k!r} is too large for a float (the largest is about ±1.8·10³⁰⁸); use a smaller base or exponent.",
        "es": "{a} ** {k!r} es demasiado grande para un número en coma flotante (el máximo ronda ±1,8·10³⁰⁸); usa una base o un exponente menores.",
    },
    "overflow": {
        "en": "{op}({x!r}) is too large for a float (the largest is about ±1.8·10³⁰⁸); use a smaller input.",
        "es": "{op}({x!r}) es demasiado grande para un número en coma flotante (el máximo ronda ±1,8·10³⁰⁸); usa una entrada menor.",
    },
}


class Slips:
    """Answers to common slips with a `Value` or a `Dual`, shared by both classes.

    ``f"{x:.4f}"`` formats the number (as PyTorch does for a one-element tensor); ordering
    (``x < 0.01``) and pickling or copying are refused with a clear message. ``==`` and hashing
    stay identity: graphs keep nodes in sets and dicts.
    """

    __slots__ = ()
    _slips = ""                  # which answers: "" for a Value's, "_dual" for a Dual's

    def _number(self):
        raise NotImplementedError

    def __format__(self, spec):
        return format(self._number(), spec) if spec else repr(self)

    def _refuse_order(self, op):
        raise TypeError(say(MESSAGES, "compare" + self._slips, node=type(self).__name__, op=op))

    def __lt__(self, other):
        self._refuse_order("<")

    def __le__(self, other):
        self._refuse_order("<=")

    def __gt__(self, other):
        self._refuse_order(">")

    def __ge__(self, other):
        self._refuse_order(">=")

    def __reduce_ex__(self, protocol):
        raise TypeError(say(MESSAGES, "pickle" + self._slips, node=type(self).__name__))

    __eq__ = object.__eq__
    __hash__ = object.__hash__


def no_arguments(node, op, unexpected):
    """The TypeError for ``x.tanh(2)``: an operation's method takes no arguments."""
    return TypeError(say(MESSAGES, "no_arguments", node=node, op=op, n=len(unexpected)))


def to_float(x, op, what="operand", node=None):
    """``x`` as a float, or a TypeError that names ``op``, what was given and what is accepted.

    ``bool`` is refused too: ``True + Value(1)`` is almost always a slip, not arithmetic.
    """
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        try:
            value = float(x)
        except OverflowError:                         # an int such as 10**400
            raise OverflowError(say(MESSAGES, "huge", op=op, given=short_repr(x))) from None
        if value != value:
            raise ValueError(say(MESSAGES, "nan", op=op))
        if value - value != 0.0:                      # ±inf
            raise ValueError(say(MESSAGES, "infinite", op=op, given=value))
        return value
    accepted = say(MESSAGES, "numbers_or_node", node=node) if node else say(MESSAGES, "numbers")
    raise TypeError(
        say(MESSAGES, "not_a_number", op=op, given=short_repr(x), kind=type(x).__name__,
            what=say(MESSAGES, what), accepted=accepted)
    )


def short_repr(x, width=40):
    """``repr(x)`` cut to ``width`` characters, so a refused list does not flood the message, and
    without a memory address (``<Value object>``), so that a message is the same in every run."""
    try:
        text = _ADDRESS.sub("", repr(x))
    except Exception:                              # a learner's broken __repr__
        text = f"<{type(x).__name__} object>"
    return text if len(text) <= width else text[:width - 3] + "..."


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def to_floats(x, op, what="data"):
    """A point or a direction as a list of floats: one number, or a sequence of numbers.

    A str, or anything that is neither a number nor iterable, gets `to_float`'s clear TypeError.
    """
    if isinstance(x, numbers.Number) or isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        return [to_float(x, op, what=what)]
    return [to_float(xi, op, what=what) for xi in x]


def overflow(op, inputs):
    """The OverflowError for ``op`` on ``inputs`` whose result is beyond the float range.

    Floats overflow to ±inf silently, and inf - inf is NaN: refusing keeps both out of a graph.
    """
    if op.exponent is not None:
        return OverflowError(say(MESSAGES, "pow_overflow", a=base_text(inputs[0]), k=op.exponent))
    if len(inputs) == 2:
        a, b = inputs
        symbol = op.name
        if symbol == "**":
            return OverflowError(say(MESSAGES, "pow_overflow", a=base_text(a), k=b))
        return OverflowError(say(MESSAGES, "overflow_binary", a=a, op=symbol, b=b))
    return OverflowError(say(MESSAGES, "overflow", op=op.name, x=inputs[0]))


def base_text(a):
    """A base as Python must read it: ``(-8.0) ** 0.5``, since ``-8.0 ** 0.5`` is ``-(8.0 ** 0.5)``."""
    return f"({a!r})" if a < 0 else repr(a)


def exponent_label(k):
    """How ``x ** k`` is named in a graph: ``**2`` rather than ``**2.0``."""
    k = float(k)
    return f"**{int(k)}" if k.is_integer() else f"**{k:g}"


# Domain rules: each raises before a NaN or an inf could be computed silently.

def check_log(x):
    if x <= 0:
        raise ValueError(say(MESSAGES, "log_domain", x=x))


def check_division(a, b):
    if b == 0:
        raise ZeroDivisionError(say(MESSAGES, "div_zero", a=a, b=b))


def check_power(a, k):
    """``a ** k`` for a number exponent ``k``."""
    if a == 0 and k < 0:
        raise ZeroDivisionError(say(MESSAGES, "pow_zero", a=a, k=k))
    if a < 0 and not float(k).is_integer():
        raise ValueError(say(MESSAGES, "pow_negative", a=base_text(a), k=k))


def check_power_base(a, b):
    """``a ** b`` where the exponent is itself a graph node: needs log(a)."""
    if a <= 0:
        raise ValueError(say(MESSAGES, "pow_node_base", a=a))


def power_slope(a, k):
    """d(a**k)/da = k·a**(k-1), refusing the infinite slope at a = 0 when k < 1."""
    if a == 0 and 0 < k < 1:
        raise ValueError(say(MESSAGES, "pow_slope", k=k))
    if k == 0:
        return 0.0
    try:
        slope = k * a ** (k - 1)
    except OverflowError:
        slope = math.inf
    if slope - slope != 0.0:
        raise OverflowError(say(MESSAGES, "slope_overflow", a=a, k=k))
    return slope


def power(a, k):
    """``a ** k`` on floats with a clear message instead of a bare OverflowError."""
    try:
        return a ** k
    except OverflowError:
        raise OverflowError(say(MESSAGES, "pow_overflow", a=a, k=k)) from None


def exp(x, op="exp"):
    """math.exp with a clear message instead of a bare OverflowError."""
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(say(MESSAGES, "overflow", op=op, x=x)) from None


def softplus(x):
    """log(1 + e^x), computed without overflow for large x (where it is x + log(1 + e^-x))."""
    if x > 0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x))


def sigmoid(x):
    """1 / (1 + e^-x), computed without overflow on either side."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
