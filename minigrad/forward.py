"""Forward-mode automatic differentiation with dual numbers.

A `Dual` carries a value and a *tangent*: the derivative of that value along one chosen input
direction. Every operation computes its result's value and tangent together, in one pass, by the
forward chain rule. For ``c = a · b``::

    c.value   = a.value · b.value
    c.tangent = b.value · a.tangent + a.value · b.tangent        (ċ = b·ȧ + a·ḃ)

No graph is recorded: nothing is kept alive once the pass has moved on. `jvp` uses this to get a
Jacobian-vector product J·v in one pass.

`Dual` gets its operations from the same table as `minigrad.scalar.Value` (:mod:`minigrad.ops`):
the same methods, the same domain checks and messages, and the tangent rule
``ṫ = Σ ∂out/∂input · input's tangent`` from the same local derivatives. So a function written
with operators and methods (``x * y + x.sin()``) runs in either mode.
"""

from . import domains
from .domains import to_float, to_floats
from .i18n import say
from .ops import OPS, compute, give_methods, power_op

__all__ = ["Dual", "jvp"]


class Dual(domains.Slips):
    """A dual number ``value + tangent·ε`` (with ε² = 0): a value and its derivative along one direction.

    >>> x = Dual(3.0, 1.0)        # x = 3, dx/dx = 1
    >>> y = x * x + 2 * x
    >>> y.value, y.tangent        # y(3) = 15, y'(3) = 2·3 + 2 = 8
    (15.0, 8.0)
    """

    __slots__ = ("value", "tangent", "op")
    _slips = "_dual"             # its own answers to x < 0.01 and pickling (see domains.Slips)

    def __init__(self, value, tangent=0.0, op=""):
        self.value = to_float(value, "Dual(...)", what="value")
        self.tangent = to_float(tangent, "Dual(...)", what="tangent")
        self.op = op    # the operation that made it, for narration (the Dual does not keep its inputs)

    def __repr__(self):
        return f"Dual(value={self.value!r}, tangent={self.tangent!r})"

    def _number(self):           # what f"{x:.4f}" formats (see domains.Slips)
        return self.value


# ── Operations: one method per entry of minigrad.ops, with the forward chain rule ─────────────
# A result is built without re-checking it: its inputs were checked, and the operation's domain
# and its result's range are checked here, as Value does.

def _new_dual(value, tangent, op):
    if tangent - tangent != 0.0:              # ±inf or NaN: the derivative left the float range
        raise OverflowError(say(MESSAGES, "tangent", op=op.name, value=value))
    dual = Dual.__new__(Dual)
    dual.value = value
    dual.tangent = tangent
    dual.op = op.name
    return dual


def _as_dual(x, where):
    # A plain number is a constant: its tangent is 0.
    return x if isinstance(x, Dual) else Dual(to_float(x, where, node="Dual"))


def _binary_method(op):
    local_grads = op.local_grads

    def method(self, other):
        if other.__class__ is not Dual:
            other = _as_dual(other, f"Dual {op.name} ...")
        a, b = self.value, other.value
        out = compute(op, a, b)
        da, db = local_grads(a, b, out)
        return _new_dual(out, da * self.tangent + db * other.tangent, op)    # ċ = ∂c/∂a·ȧ + ∂c/∂b·ḃ
    return method


def _reflected_method(op):
    binary = _binary_method(op)

    def method(self, other):
        return binary(_as_dual(other, f"... {op.name} Dual"), self)
    return method


def _unary_method(op):
    def method(self, *unexpected):
        if unexpected:
            raise domains.no_arguments("Dual", op.name, unexpected)
        return _apply_unary(op, self)
    return method


def _apply_unary(op, dual):
    a = dual.value
    out = compute(op, a)
    if not dual.tangent:                       # a constant stays constant (and 0 · slope needs no slope)
        return _new_dual(out, 0.0, op)
    (da,) = op.local_grads(a, out)
    return _new_dual(out, da * dual.tangent, op)


_pow_duals = _binary_method(OPS["**"])


def _pow(self, exponent):
    """a ** k for a number k, or a ** b for a Dual b (needs a > 0)."""
    if isinstance(exponent, Dual):
        return _pow_duals(self, exponent)
    k = to_float(exponent, "Dual ** ...", what="exponent", node="Dual")
    return _apply_unary(power_op(k), self)


give_methods(Dual, _binary_method, _unary_method, _reflected_method, _pow)


MESSAGES = {
    "tangent": {
        "en": "{op}: the tangent left the float range (the largest is about ±1.8·10³⁰⁸) and is "
        "{value!r}: the derivative there is enormous. Move the input to a more moderate value.",
        "es": "{op}: la tangente se ha salido del rango de los números en coma flotante (el máximo "
        "ronda ±1,8·10³⁰⁸) y vale {value!r}: ahí la derivada es enorme. Lleva la entrada a un "
        "valor más moderado.",
    },
    "length": {
        "en": "jvp: x has {n} entries but the direction v has {k}; give one tangent per input.",
        "es": "jvp: x tiene {n} componentes pero la dirección v tiene {k}; pasa una tangente por "
        "cada entrada.",
    },
    "output": {
        "en": "jvp: f returned {kind}; it must return a Dual or a list of Duals (build its result "
        "from its arguments).",
        "es": "jvp: f ha devuelto {kind}; debe devolver un Dual o una lista de Duals (construye su "
        "resultado a partir de sus argumentos).",
    },
}


def jvp(f, x, v):
    """Evaluate ``f`` at ``x`` and its Jacobian-vector product J·v, in one forward pass.

    ``f`` takes ``len(x)`` positional arguments and returns one result or a list of them.
    ``x`` and ``v`` are numbers (a function of one input) or sequences of equal length.
    Returns ``(f(x), J·v)``: floats for one output, lists of floats for several.

    >>> jvp(lambda x, y: x * y, [3.0, 2.0], [1.0, 0.0])     # ∂(xy)/∂x at (3, 2) is y = 2
    (6.0, 2.0)
    """
    xs, vs = to_floats(x, "jvp"), to_floats(v, "jvp", what="tangent")
    if len(xs) != len(vs):
        raise ValueError(say(MESSAGES, "length", n=len(xs), k=len(vs)))
    inputs = [Dual(xi, vi) for xi, vi in zip(xs, vs)]
    out = f(*inputs)
    outputs = out if isinstance(out, (list, tuple)) else [out]
    for y in outputs:
        if not isinstance(y, Dual):
            raise TypeError(say(MESSAGES, "output", kind=type(y).__name__))
    values = [y.value for y in outputs]
    tangents = [y.tangent for y in outputs]
    if isinstance(out, (list, tuple)):
        return values, tangents
    return values[0], tangents[0]
