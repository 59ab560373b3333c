"""Every operation minigrad knows, written once: forward computation and local derivatives side by side.

One entry per operation, for example::

    Op("*", forward=lambda a, b: a * b,
            local_grads=lambda a, b, out: (b, a))         # ∂out/∂a = b,  ∂out/∂b = a

``forward`` computes the result on plain floats; ``local_grads`` gives ∂out/∂input for each input,
from the inputs and the result ``out`` (which ``tanh`` reuses: tanh' = 1 - out²). Each entry also
holds the domain check that refuses bad inputs before anything is computed, and how the
narration writes the operation and its derivatives.

Everything else reads this table, so adding an operation is adding one entry:

* `minigrad.scalar.Value` gets a method per entry (``__mul__``, ``tanh`` ...), and its reverse pass
  multiplies each node's grad by the entry's local derivatives;
* `minigrad.forward.Dual` gets the same methods, and its tangent is the forward chain rule
  ``ṫ = Σ ∂out/∂input · input's tangent``, from the same local derivatives;
* the steppers narrate with the entry's texts, and check a learner's own pass against it;
* the exercise checker computes its expected numbers from it.

``tests/test_ops.py`` walks the table and fails when one of them lacks an entry.
"""

import math
from dataclasses import dataclass, field
from functools import lru_cache

from . import domains

__all__ = ["Op", "OPS", "rule_for", "power_op", "known_names", "compute", "give_methods",
           "local_derivatives", "tangent"]


@dataclass(frozen=True, eq=False)
class Op:
    """One operation: what it computes, its local derivatives, its domain, how it is written.

    * ``name``: what a node records in ``_op`` and the drawing shows (``"*"``, ``"tanh"``);
    * ``forward(*inputs)``: the result, on floats;
    * ``local_grads(*inputs, out)``: ∂out/∂input for each input, on floats;
    * ``check(*inputs)``: raises a clear error for inputs outside the domain (None: any input);
    * ``formula``: the result in the narration, ``{a}`` and ``{b}`` standing for the inputs;
    * ``local_texts``: each local derivative as the narration writes it (one per input);
    * ``rule``: the rule's name in each language, for the steppers' verdicts;
    * ``methods``: the names of the method(s) `Value` and `Dual` get (``reflected``: the method
      for a number on the left, ``2 * x``).
    """
    name: str
    forward: object
    local_grads: object
    formula: str
    local_texts: tuple
    rule: dict
    methods: tuple = ()
    reflected: str = ""
    check: object = None
    doc: str = ""
    exponent: float = field(default=None)    # only for x ** k with a number k

    @property
    def arity(self):
        return len(self.local_texts)

    def __repr__(self):
        return f"Op({self.name!r})"


def _rule(en, es):
    return {"en": en, "es": es}


_TABLE = [
    # ── Two inputs ─────────────────────────────────────────────────────────────────────────────
    Op("+", forward=lambda a, b: a + b,
       local_grads=lambda a, b, out: (1.0, 1.0),
       formula="{a} + {b}", local_texts=("1", "1"),
       rule=_rule("the sum rule", "la regla de la suma"),
       methods=("__add__",), reflected="__radd__", doc="a + b"),
    Op("-", forward=lambda a, b: a - b,
       local_grads=lambda a, b, out: (1.0, -1.0),
       formula="{a} - {b}", local_texts=("1", "(-1)"),
       rule=_rule("the difference rule", "la regla de la resta"),
       methods=("__sub__",), reflected="__rsub__", doc="a - b"),
    Op("*", forward=lambda a, b: a * b,
       local_grads=lambda a, b, out: (b, a),
       formula="{a} · {b}", local_texts=("{b}", "{a}"),
       rule=_rule("the product rule", "la regla del producto"),
       methods=("__mul__",), reflected="__rmul__", doc="a · b"),
    # ∂(a/b)/∂b = -a/b², computed as -out/b: b² would underflow to 0 for |b| below 1e-162.
    Op("/", forward=lambda a, b: a / b,
       local_grads=lambda a, b, out: (1.0 / b, -out / b),
       formula="{a} / {b}", local_texts=("(1/{b})", "(-{a}/{b}²)"),
       rule=_rule("the quotient rule", "la regla del cociente"),
       methods=("__truediv__",), reflected="__rtruediv__", check=domains.check_division,
       doc="a / b"),
    # a ** b with the exponent a node too: ∂/∂b = a**b · log(a), so the base must be positive.
    Op("**", forward=lambda a, b: a ** b,
       local_grads=lambda a, b, out: (domains.power_slope(a, b), out * math.log(a)),
       formula="{a}**{b}", local_texts=("{b}·{a}**({b}-1)", "{out}·log({a})"),
       rule=_rule("the power rule", "la regla de la potencia"),
       reflected="__rpow__", check=domains.check_power_base, doc="a ** b, both nodes"),

    # ── One input ──────────────────────────────────────────────────────────────────────────────
    Op("neg", forward=lambda a: -a,
       local_grads=lambda a, out: (-1.0,),
       formula="-{a}", local_texts=("(-1)",),
       rule=_rule("the derivative of -a", "la derivada de -a"),
       methods=("__neg__",), doc="-a"),
    Op("exp", forward=math.exp,
       local_grads=lambda a, out: (out,),
       formula="exp({a})", local_texts=("{out}",),
       rule=_rule("the derivative of exp", "la derivada de exp"),
       methods=("exp",), doc="e^a"),
    Op("log", forward=math.log,
       local_grads=lambda a, out: (1.0 / a,),
       formula="log({a})", local_texts=("(1/{a})",),
       rule=_rule("the derivative of log", "la derivada de log"),
       methods=("log",), check=domains.check_log, doc="natural logarithm, for a > 0"),
    Op("tanh", forward=math.tanh,
       local_grads=lambda a, out: (1.0 - out * out,),
       formula="tanh({a})", local_texts=("(1 - {out}²)",),
       rule=_rule("the derivative of tanh", "la derivada de tanh"),
       methods=("tanh",), doc="hyperbolic tangent"),
    Op("relu", forward=lambda a: a if a > 0 else 0.0,
       local_grads=lambda a, out: (1.0 if a > 0 else 0.0,),
       formula="relu({a})", local_texts=("(1 if {a} > 0 else 0)",),
       rule=_rule("the derivative of relu", "la derivada de relu"),
       methods=("relu",), doc="max(0, a); its derivative at 0 is taken as 0"),
    Op("sigmoid", forward=domains.sigmoid,
       local_grads=lambda a, out: (out * (1.0 - out),),
       formula="sigmoid({a})", local_texts=("{out}·(1 - {out})",),
       rule=_rule("the derivative of sigmoid", "la derivada de sigmoid"),
       methods=("sigmoid",), doc="1 / (1 + e^-a)"),
    Op("sin", forward=math.sin,
       local_grads=lambda a, out: (math.cos(a),),
       formula="sin({a})", local_texts=("cos({a})",),
       rule=_rule("the derivative of sin", "la derivada de sin"),
       methods=("sin",), doc="sine"),
    Op("cos", forward=math.cos,
       local_grads=lambda a, out: (-math.sin(a),),
       formula="cos({a})", local_texts=("(-sin({a}))",),
       rule=_rule("the derivative of cos", "la derivada de cos"),
       methods=("cos",), doc="cosine"),
    Op("abs", forward=abs,
       local_grads=lambda a, out: (1.0 if a > 0 else -1.0 if a < 0 else 0.0,),
       formula="|{a}|", local_texts=("sign({a})",),
       rule=_rule("the derivative of abs", "la derivada de abs"),
       methods=("__abs__", "abs"), doc="|a|; its derivative at 0 is taken as 0"),
    Op("softplus", forward=domains.softplus,
       local_grads=lambda a, out: (domains.sigmoid(a),),
       formula="softplus({a})", local_texts=("sigmoid({a})",),
       rule=_rule("the derivative of softplus", "la derivada de softplus"),
       methods=("softplus",), doc="log(1 + e^a), a smooth relu"),
]

OPS = {op.name: op for op in _TABLE}
"""Every operation by the name its nodes record; ``x ** k`` for a number k is `power_op(k)`."""


def power_op(k):
    """``x ** k`` for a number ``k`` (a constant, not a node): one entry per exponent, cached."""
    return _power_op(float(k))


@lru_cache(maxsize=256)
def _power_op(k):
    name = domains.exponent_label(k)
    return Op(name, forward=lambda a: a ** k,
              local_grads=lambda a, out: (domains.power_slope(a, k),),
              formula="{a}" + name, local_texts=(_power_slope_text(k),),
              rule=_rule("the power rule", "la regla de la potencia"),
              check=lambda a: domains.check_power(a, k), doc=f"a ** {k:g}", exponent=k)


def _power_slope_text(k):
    """How the narration writes d(a**k)/da: ``2·a``, ``3·a**2``, ``0.5·a**(-0.5)``."""
    k_text = domains.exponent_label(k)[2:]
    if k - 1 == 0:
        return k_text
    if k - 1 == 1:
        return f"{k_text}·{{a}}"
    minus_one = f"{k - 1:g}"
    return f"{k_text}·{{a}}**" + (f"({minus_one})" if k - 1 < 0 else minus_one)


def rule_for(name):
    """The `Op` recorded as ``name`` in a node's ``_op`` (``"**2"``: `power_op`), or None.

    Case does not matter (micrograd names its relu "ReLU").
    """
    if not isinstance(name, str):
        return None
    op = OPS.get(name) or OPS.get(name.lower())
    if op is not None or not name.startswith("**"):
        return op
    try:
        return power_op(float(name[2:]))
    except ValueError:
        return None


def spelled_out():
    """What a function built from the table may use, for messages: the operators (``+ - * / **``)
    and the methods (``.exp() .log() …``)."""
    binary = [op.name for op in OPS.values() if op.arity == 2]
    methods = [f".{name}()" for op in OPS.values() if op.arity == 1
               for name in op.methods if not name.startswith("__")]
    return {"operators": " ".join(binary), "methods": " ".join(methods)}


def known_names():
    """The operations the table knows, for messages: ``+ - * / ** neg exp … **k``."""
    return " ".join(OPS) + " **k"


# ── What the checker reads ────────────────────────────────────────────────────────────────────

def local_derivatives(op, *inputs):
    """∂out/∂input for each of ``op``'s inputs at the floats ``inputs``."""
    return tuple(op.local_grads(*inputs, op.forward(*inputs)))


def tangent(op, inputs, tangents):
    """The forward chain rule for one ``op``: (result, Σ ∂out/∂input · input's tangent)."""
    return op.forward(*inputs), sum(d * t for d, t in zip(local_derivatives(op, *inputs), tangents))


# ── What Value and Dual share ──────────────────────────────────────────────────────────────────

def compute(op, *inputs):
    """``op``'s result on the floats ``inputs``: the domain is checked first, and a result beyond
    the float range is refused (floats overflow to ±inf silently, and inf - inf is NaN)."""
    if op.check is not None:
        op.check(*inputs)
    try:
        out = op.forward(*inputs)
    except OverflowError:
        raise domains.overflow(op, inputs) from None
    if out - out != 0.0:
        raise domains.overflow(op, inputs)
    return out


def give_methods(cls, binary, unary, reflected, power):
    """Give ``cls`` a method for every entry of the table.

    ``binary(op)``, ``unary(op)`` and ``reflected(op)`` make the class's method for one entry
    (``reflected``: for a number on the left, ``2 * x``); ``power`` is ``__pow__``, which picks
    ``x ** k`` (a number) or ``x ** y`` (two nodes).
    """
    for op in OPS.values():
        make = binary if op.arity == 2 else unary
        for name in op.methods:
            method = make(op)
            method.__name__, method.__doc__ = name, op.doc
            setattr(cls, name, method)
        if op.reflected:
            setattr(cls, op.reflected, reflected(op))
    cls.__pow__ = power
