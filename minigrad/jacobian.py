"""Whole Jacobians both ways, counting the passes each way costs.

For ``f: Rⁿ → Rᵐ`` the Jacobian ``J`` has shape ``(m, n)``: row ``i`` is the gradient of output
``i``, column ``j`` is how every output moves when input ``j`` moves.

* :func:`jacobian_forward` runs ``n`` forward passes with `Dual` numbers. Pass ``j`` seeds input
  ``j`` with tangent 1 (the others with 0) and reads **column** ``j`` off the outputs' tangents.
* :func:`jacobian_reverse` evaluates ``f`` once with `Value`s, keeping the graph, then runs ``m``
  reverse passes. Pass ``i`` calls ``outputs[i].backward()`` and reads **row** ``i`` off the
  inputs' grads.

The graph is built once, not once per row: ``backward()`` only reads the recorded ``.data``, so
the same graph serves every reverse pass. That is what keeping the graph in memory buys, and it is
why a result counts its forward evaluations and its backward passes separately.

:func:`vjp` is one reverse pass seeded with a vector ``w`` (``w·J``); :func:`jvp`, re-exported
from :mod:`minigrad.forward`, is one forward pass along a direction ``v`` (``J·v``).

``f`` follows the convention of :func:`minigrad.forward.jvp`: it takes ``len(x)`` positional
arguments and returns one result or a list (or tuple) of results. A plain number among the results
is a constant output: its row of the Jacobian is zero.
"""

import numbers
from dataclasses import dataclass

from .domains import to_floats
from .forward import Dual, jvp
from .i18n import say
from .scalar import Value

__all__ = ["JacobianResult", "jacobian_forward", "jacobian_reverse", "vjp", "jvp"]

MESSAGES = {
    "not_callable": {
        "en": "{caller}: f must be a function (got {kind}); pass the function itself, "
        "for example {caller}(f, [1.0, 2.0]).",
        "es": "{caller}: f debe ser una función (se ha recibido {kind}); pasa la función misma, "
        "por ejemplo {caller}(f, [1.0, 2.0]).",
    },
    "no_inputs": {
        "en": "{caller}: x is empty; give the point as one number or a list with at least one number.",
        "es": "{caller}: x está vacío; pasa el punto como un número o una lista con al menos un número.",
    },
    "no_outputs": {
        "en": "{caller}: f returned an empty list; it must return at least one output.",
        "es": "{caller}: f ha devuelto una lista vacía; debe devolver al menos una salida.",
    },
    "bad_output": {
        "en": "{caller}: output {index} of f is {kind}; each output must be a {node} built from "
        "f's arguments (or a plain number, for a constant).",
        "es": "{caller}: la salida {index} de f es {kind}; cada salida debe ser un {node} "
        "construido a partir de los argumentos de f (o un número, si es constante).",
    },
    "seed_length": {
        "en": "vjp: f has {m} outputs but the seed w has {k} entries; give one weight per output.",
        "es": "vjp: f tiene {m} salidas pero la semilla w tiene {k} componentes; pasa un peso por "
        "cada salida.",
    },
}


@dataclass(frozen=True)
class JacobianResult:
    """A Jacobian and what it cost.

    ``matrix`` has ``m`` rows of ``n`` floats (``matrix[i][j] = ∂fᵢ/∂xⱼ``); ``values`` is ``f(x)``.
    ``passes`` is one per column in forward mode (``n`` JVPs) and one per row in reverse mode
    (``m`` VJPs). ``forward_evaluations`` counts evaluations of ``f`` (with Duals or with Values)
    and ``backward_passes`` counts calls to ``backward()``: fewer than ``m`` only when some outputs
    are constants, whose zero rows need no pass.
    """

    mode: str
    matrix: list
    values: list
    passes: int
    forward_evaluations: int
    backward_passes: int

    @property
    def shape(self):
        """(m, n): outputs × inputs."""
        return (len(self.matrix), len(self.matrix[0]))


# ── Shared checks ──────────────────────────────────────────────────────────────────────────────

def _check_function(f, caller):
    if not callable(f):
        raise TypeError(say(MESSAGES, "not_callable", caller=caller, kind=type(f).__name__))


def _point(x, caller):
    """The inputs as a list of floats (a single number is a function of one input)."""
    xs = to_floats(x, caller)
    if not xs:
        raise ValueError(say(MESSAGES, "no_inputs", caller=caller))
    return xs


def _outputs(out, node_type, caller):
    """f's result as a list, each item a node of ``node_type`` or a constant number."""
    outputs = list(out) if isinstance(out, (list, tuple)) else [out]
    if not outputs:
        raise ValueError(say(MESSAGES, "no_outputs", caller=caller))
    for index, y in enumerate(outputs):
        constant = isinstance(y, numbers.Real) and not isinstance(y, bool)
        if not (isinstance(y, node_type) or constant):
            raise TypeError(say(MESSAGES, "bad_output", caller=caller, index=index,
                                kind=type(y).__name__, node=node_type.__name__))
    return outputs


def _value_of(y):
    return y.data if isinstance(y, Value) else y.value if isinstance(y, Dual) else float(y)


# ── Forward mode: one column per pass ──────────────────────────────────────────────────────────

def jacobian_forward(f, x):
    """The Jacobian of ``f`` at ``x`` by forward mode: ``n`` passes with `Dual`s, one column each.

    >>> r = jacobian_forward(lambda a, b: [a * b, a + b], [2.0, 5.0])
    >>> r.matrix, r.passes
    ([[5.0, 2.0], [1.0, 1.0]], 2)
    """
    caller = "jacobian_forward"
    _check_function(f, caller)
    xs = _point(x, caller)
    n = len(xs)
    columns, values = [], None
    for j in range(n):
        # Seed e_j: input j moves at unit speed, every other input stands still.
        outputs = _outputs(f(*[Dual(xi, 1.0 if k == j else 0.0) for k, xi in enumerate(xs)]),
                           Dual, caller)
        values = [_value_of(y) for y in outputs]
        columns.append([y.tangent if isinstance(y, Dual) else 0.0 for y in outputs])
    matrix = [list(row) for row in zip(*columns)]     # columns → rows: shape (m, n)
    return JacobianResult("forward", matrix, values, passes=n, forward_evaluations=n,
                          backward_passes=0)


# ── Reverse mode: one row per pass ─────────────────────────────────────────────────────────────

def _record(f, xs, caller):
    """Evaluate f once on fresh leaves, keeping the graph: (leaves, outputs, returned a list?)."""
    leaves = [Value(xi, label=f"x{j}") for j, xi in enumerate(xs)]
    out = f(*leaves)
    return leaves, _outputs(out, Value, caller), isinstance(out, (list, tuple))


def jacobian_reverse(f, x):
    """The Jacobian of ``f`` at ``x`` by reverse mode: one recorded graph, ``m`` backward passes.

    >>> r = jacobian_reverse(lambda a, b: [a * b, a + b], [2.0, 5.0])
    >>> r.matrix, r.passes, r.forward_evaluations
    ([[5.0, 2.0], [1.0, 1.0]], 2, 1)
    """
    caller = "jacobian_reverse"
    _check_function(f, caller)
    leaves, outputs, _ = _record(f, _point(x, caller), caller)
    rows, backward_passes = [], 0
    for y in outputs:
        if not isinstance(y, Value):           # a constant output: nothing to pass back
            rows.append([0.0] * len(leaves))
            continue
        # backward() accumulates into leaves, so each row starts from clean input grads.
        for leaf in leaves:
            leaf.grad = 0.0
        y.backward()
        backward_passes += 1
        rows.append([leaf.grad for leaf in leaves])
    return JacobianResult("reverse", rows, [_value_of(y) for y in outputs], passes=len(outputs),
                          forward_evaluations=1, backward_passes=backward_passes)


def vjp(f, x, w):
    """Evaluate ``f`` at ``x`` and the vector-Jacobian product w·J, in one reverse pass.

    The pass starts from the scalar ``Σ wᵢ·fᵢ``, whose gradient is exactly ``w·J``. Returns
    ``(f(x), w·J)``: ``f(x)`` as a float or a list like ``f`` returns, ``w·J`` as a list of
    ``n`` floats (a float when ``x`` is a single number).

    >>> vjp(lambda a, b: [a * b, a + b], [2.0, 5.0], [1.0, 10.0])   # 1·(5, 2) + 10·(1, 1)
    ([10.0, 7.0], [15.0, 12.0])
    """
    caller = "vjp"
    _check_function(f, caller)
    xs = _point(x, caller)
    weights = to_floats(w, caller)
    leaves, outputs, several = _record(f, xs, caller)
    if len(weights) != len(outputs):
        raise ValueError(say(MESSAGES, "seed_length", m=len(outputs), k=len(weights)))
    total = sum((wi * y for wi, y in zip(weights, outputs) if isinstance(y, Value)), Value(0.0))
    total.backward()
    values = [_value_of(y) for y in outputs]
    grads = [leaf.grad for leaf in leaves]
    return (values if several else values[0],
            grads if not isinstance(x, numbers.Number) else grads[0])
