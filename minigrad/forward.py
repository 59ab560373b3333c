"""Forward-mode automatic differentiation with dual numbers.

A `Dual` carries a value and a *tangent*: the derivative of that value along one chosen input
direction. Every operation computes its result's value and tangent together, in one pass, by the
forward chain rule. For ``c = a · b``::

    c.value   = a.value · b.value
    c.tangent = b.value · a.tangent + a.value · b.tangent        (ċ = b·ȧ + a·ḃ)

No graph is recorded: nothing is kept alive once the pass has moved on. `jvp` uses this to get a
Jacobian-vector product J·v in one pass.

`Dual` offers the same operations as `minigrad.scalar.Value` and refuses the same bad inputs, so a
function written with them (``x * y + x.sin()``) runs in either mode.
"""

import math

from . import domains
from .domains import to_float, to_floats
from .i18n import say

__all__ = ["Dual", "jvp"]


def binary(op, local_grads, check=None):
    """Make a `Dual` method from a forward function of two floats and its local derivatives.

    The tangent rule is the chain rule run forwards: ``ċ = ∂c/∂a · ȧ + ∂c/∂b · ḃ``.
    """
    def make(forward):
        def method(self, other):
            other = _as_dual(other, f"Dual {op} ...")
            a, b = self.value, other.value
            if check is not None:
                check(a, b)
            out = domains.finite(forward(a, b), op, a, b)
            da, db = local_grads(a, b, out)
            return Dual(out, da * self.tangent + db * other.tangent, op)

        method.__name__, method.__doc__ = forward.__name__, forward.__doc__
        return method
    return make


def unary(op, local_grad, check=None):
    """Make a `Dual` method from a forward function of one float and its local derivative."""
    def make(forward):
        def method(self):
            a = self.value
            if check is not None:
                check(a)
            out = forward(a)
            return Dual(out, local_grad(a, out) * self.tangent, op)

        method.__name__, method.__doc__ = forward.__name__, forward.__doc__
        return method
    return make


def _as_dual(x, op):
    # A plain number is a constant: its tangent is 0.
    return x if isinstance(x, Dual) else Dual(to_float(x, op, node="Dual"))


class Dual:
    """A dual number ``value + tangent·ε`` (with ε² = 0): a value and its derivative along one direction.

    >>> x = Dual(3.0, 1.0)        # x = 3, dx/dx = 1
    >>> y = x * x + 2 * x
    >>> y.value, y.tangent        # y(3) = 15, y'(3) = 2·3 + 2 = 8
    (15.0, 8.0)
    """

    __slots__ = ("value", "tangent", "op")

    def __init__(self, value, tangent=0.0, op=""):
        self.value = to_float(value, "Dual(...)", what="data")
        self.tangent = to_float(tangent, "Dual(...)", what="tangent")
        self.op = op    # the operation that made it, for narration (the Dual does not keep its inputs)

    def __repr__(self):
        return f"Dual(value={self.value!r}, tangent={self.tangent!r})"

    @binary("+", local_grads=lambda a, b, out: (1.0, 1.0))
    def __add__(a, b):
        """a + b"""
        return a + b

    @binary("-", local_grads=lambda a, b, out: (1.0, -1.0))
    def __sub__(a, b):
        """a - b"""
        return a - b

    @binary("*", local_grads=lambda a, b, out: (b, a))
    def __mul__(a, b):
        """a · b"""
        return a * b

    # ∂(a/b)/∂b = -a/b², computed as -out/b: b² would underflow to 0 for |b| below 1e-162.
    @binary("/", local_grads=lambda a, b, out: (1.0 / b, -out / b), check=domains.check_division)
    def __truediv__(a, b):
        """a / b"""
        return a / b

    @unary("neg", local_grad=lambda a, out: -1.0)
    def __neg__(a):
        """-a"""
        return -a

    def __pow__(self, exponent):
        """a ** k for a number k, or a ** b for a Dual b (needs a > 0)."""
        if isinstance(exponent, Dual):
            return self._pow_dual(exponent)
        k = to_float(exponent, "Dual ** ...", what="exponent", node="Dual")
        domains.check_power(self.value, k)
        slope = domains.power_slope(self.value, k) if self.tangent else 0.0
        return Dual(domains.power(self.value, k), slope * self.tangent,
                    domains.exponent_label(exponent))

    @binary("**", local_grads=lambda a, b, out: (domains.power_slope(a, b), out * math.log(a)),
            check=lambda a, b: domains.check_power_base(a, "Dual"))
    def _pow_dual(a, b):
        """a ** b, both Duals"""
        return domains.power(a, b)

    def __radd__(self, other):
        return _as_dual(other, "... + Dual") + self

    def __rsub__(self, other):
        return _as_dual(other, "... - Dual") - self

    def __rmul__(self, other):
        return _as_dual(other, "... * Dual") * self

    def __rtruediv__(self, other):
        return _as_dual(other, "... / Dual") / self

    def __rpow__(self, other):
        return _as_dual(other, "... ** Dual") ** self

    @unary("exp", local_grad=lambda a, out: out)
    def exp(a):
        """e^a"""
        return domains.exp(a)

    @unary("log", local_grad=lambda a, out: 1.0 / a, check=domains.check_log)
    def log(a):
        """natural logarithm, for a > 0"""
        return math.log(a)

    @unary("tanh", local_grad=lambda a, out: 1.0 - out * out)
    def tanh(a):
        """hyperbolic tangent"""
        return math.tanh(a)

    @unary("relu", local_grad=lambda a, out: 1.0 if a > 0 else 0.0)
    def relu(a):
        """max(0, a); its derivative at 0 is taken as 0"""
        return a if a > 0 else 0.0

    @unary("sigmoid", local_grad=lambda a, out: out * (1.0 - out))
    def sigmoid(a):
        """1 / (1 + e^-a)"""
        return domains.sigmoid(a)

    @unary("sin", local_grad=lambda a, out: math.cos(a))
    def sin(a):
        """sine"""
        return math.sin(a)

    @unary("cos", local_grad=lambda a, out: -math.sin(a))
    def cos(a):
        """cosine"""
        return math.cos(a)


MESSAGES = {
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
