"""Reverse-mode automatic differentiation on scalars: the `Value` class the lessons teach.

Every arithmetic operation on `Value`s does two things:

* the **forward pass**: it computes the result as a plain float, and records a new node that
  remembers its parents (in creation order), the name of the operation and a `_backward` closure;
* the **reverse pass** (`backward()`): visiting nodes from the output back to the leaves in
  reverse topological order, each node's `_backward` adds *local derivative × output's grad* into
  every parent's `.grad`, with ``+=`` so that a node used twice receives both contributions.

Each operation below is written once, as its forward computation on floats next to its local
derivatives, for example::

    @binary("*", local_grads=lambda a, b, out: (b, a))
    def __mul__(a, b):
        return a * b

Design choices (BLUEPRINT.md explains them): ``.data`` and ``.grad`` are plain floats, so there
are no higher-order derivatives; there is no ``detach()``; the graph holds no reference cycles,
so it is freed by reference counting as soon as the last reference to its output goes.
"""

import math
from functools import lru_cache

from . import domains
from .domains import to_float
from .i18n import say

__all__ = ["Value", "topological_order", "zero_grad", "local_grads"]


# ── How a node's _backward closure is made ─────────────────────────────────────────────────────
# One closure per kind of operation, shared by all its nodes: the closure receives the node, so it
# holds no reference to it (no reference cycle) and a node costs no function object of its own.

# Each closure also carries its rule as ``.local_grads``, so that `local_grads(node)` (used by the
# step-by-step widgets) reads the very numbers the reverse pass multiplies by.

def _binary_backward(local_grads):
    def _backward(out):
        a, b = out._prev
        da, db = local_grads(a.data, b.data, out.data)
        a.grad += da * out.grad
        b.grad += db * out.grad
    _backward.local_grads = local_grads
    return _backward


def _unary_backward(local_grad):
    def _backward(out):
        (a,) = out._prev
        a.grad += local_grad(a.data, out.data) * out.grad
    _backward.local_grads = lambda a, out: (local_grad(a, out),)
    return _backward


def binary(op, local_grads, check=None):
    """Make a `Value` method from a forward function of two floats and its local derivatives.

    ``local_grads(a, b, out)`` returns ``(∂out/∂a, ∂out/∂b)``; ``check(a, b)`` refuses inputs
    outside the operation's domain before anything is computed.
    """
    def make(forward):
        backward = _binary_backward(local_grads)

        def method(self, other):
            other = _as_value(other, f"Value {op} ...")
            if check is not None:
                check(self.data, other.data)
            out = domains.finite(forward(self.data, other.data), op, self.data, other.data)
            return Value._node(out, (self, other), op, backward)

        method.__name__, method.__doc__ = forward.__name__, forward.__doc__
        return method
    return make


def unary(op, local_grad, check=None):
    """Make a `Value` method from a forward function of one float and its local derivative.

    ``local_grad(a, out)`` returns ``∂out/∂a``.
    """
    def make(forward):
        backward = _unary_backward(local_grad)

        def method(self):
            if check is not None:
                check(self.data)
            return Value._node(forward(self.data), (self,), op, backward)

        method.__name__, method.__doc__ = forward.__name__, forward.__doc__
        return method
    return make


@lru_cache(maxsize=256)
def _power_backward(k):
    # x ** k for a number k: k is not a node, so each exponent gets its own (cached) closure.
    return _unary_backward(lambda a, out: domains.power_slope(a, k))


def _as_value(x, op):
    return x if isinstance(x, Value) else Value(to_float(x, op, node="Value"))


# ── The node ───────────────────────────────────────────────────────────────────────────────────

class Value:
    """A scalar in a computational graph: its ``data``, its ``grad`` and how it was made.

    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> c = a * b + a
    >>> c.backward()
    >>> a.grad, b.grad          # ∂c/∂a = b + 1, ∂c/∂b = a
    (-2.0, 2.0)
    """

    # __slots__: no per-node __dict__, so a node is small and one object for the garbage collector.
    __slots__ = ("data", "grad", "label", "_prev", "_op", "_backward", "__weakref__")

    def __init__(self, data, label=""):
        self.data = to_float(data, "Value(...)", what="data")
        self.grad = 0.0
        if not isinstance(label, str):
            raise TypeError(say(MESSAGES, "label", given=domains.short_repr(label),
                                kind=type(label).__name__))
        self.label = label
        self._prev = ()          # parents, in the order the operation received them
        self._op = ""            # name of the operation that made this node ("" for a leaf)
        self._backward = None    # a leaf has nothing to pass back

    @classmethod
    def _node(cls, data, parents, op, backward):
        """A node made by an operation (its data is already a float)."""
        node = cls.__new__(cls)
        node.data = data
        node.grad = 0.0
        node.label = ""
        node._prev = parents
        node._op = op
        node._backward = backward
        return node

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # ── Arithmetic: forward computation and local derivatives side by side ─────────────────────

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
        """a ** k for a number k (∂/∂a = k·a^(k-1)), or a ** b for a Value b (needs a > 0)."""
        if isinstance(exponent, Value):
            return self._pow_value(exponent)
        k = to_float(exponent, "Value ** ...", what="exponent", node="Value")
        domains.check_power(self.data, k)
        return Value._node(domains.power(self.data, k), (self,), domains.exponent_label(exponent),
                           _power_backward(k))

    @binary("**", local_grads=lambda a, b, out: (domains.power_slope(a, b), out * math.log(a)),
            check=lambda a, b: domains.check_power_base(a, "Value"))
    def _pow_value(a, b):
        """a ** b, both Values"""
        return domains.power(a, b)

    # A number on the left: turn it into a leaf and use the operation above.
    def __radd__(self, other):
        return _as_value(other, "... + Value") + self

    def __rsub__(self, other):
        return _as_value(other, "... - Value") - self

    def __rmul__(self, other):
        return _as_value(other, "... * Value") * self

    def __rtruediv__(self, other):
        return _as_value(other, "... / Value") / self

    def __rpow__(self, other):
        return _as_value(other, "... ** Value") ** self

    # ── Functions ──────────────────────────────────────────────────────────────────────────────

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

    # ── The reverse pass ───────────────────────────────────────────────────────────────────────

    def backward(self):
        """Fill ``.grad`` of every node of this graph with ∂self/∂node.

        Visits the nodes in reverse topological order, seeds this output with 1.0 and lets each
        node's ``_backward`` add its contributions into its parents.

        Calling it again **accumulates**: the leaves' grads grow by another ∂self/∂leaf (that is
        how gradients of several losses add up), while intermediate nodes are recomputed from
        zero on each call. Call :func:`zero_grad` first when you want fresh gradients.

        A local derivative that does not exist (the slope of ``x ** 0.5`` at 0) raises a
        ValueError in the middle of the pass: the grads it had already written are then partial,
        so call :func:`zero_grad` before trying again.
        """
        order = topological_order(self)
        for node in order:
            if node._prev:
                node.grad = 0.0
        self.grad += 1.0
        for node in reversed(order):
            if node._backward is not None:
                node._backward(node)


MESSAGES = {
    "label": {
        "en": "Value(..., label=...): the label must be a str, got {given} of type {kind}; "
        "for example label=\"a\".",
        "es": "Value(..., label=...): la etiqueta debe ser un str y se ha recibido {given}, de tipo "
        "{kind}; por ejemplo, label=\"a\".",
    },
    "not_a_value": {
        "en": "{op}: expected a Value (the output of a computation), got {given} of type {kind}.",
        "es": "{op}: se esperaba un Value (la salida de un cálculo), pero se ha recibido {given}, "
        "de tipo {kind}.",
    },
}


# ── Graph walks ────────────────────────────────────────────────────────────────────────────────

def _require_value(root, op):
    if not isinstance(root, Value):
        raise TypeError(say(MESSAGES, "not_a_value", op=op, given=domains.short_repr(root),
                            kind=type(root).__name__))


def topological_order(root):
    """Every node of ``root``'s graph once, each after all of its parents; ``root`` comes last.

    Iterative depth-first search (no recursion, so a chain of a million operations works under
    Python's default recursion limit). Parents are visited in creation order, so the order is the
    same every time the same graph is built.
    """
    _require_value(root, "topological_order")
    order, seen, path = [], {root}, [root]
    while path:
        node = path[-1]
        for parent in node._prev:
            if parent not in seen:   # go deeper first: this parent must come before node
                seen.add(parent)
                path.append(parent)
                break
        else:                        # every parent is placed: node can be placed too
            order.append(path.pop())
    return order


def local_grads(node):
    """∂node/∂parent for each of ``node``'s parents, in order: what its ``_backward`` multiplies by.

    A leaf has no parents, so its tuple is empty.
    """
    _require_value(node, "local_grads")
    if node._backward is None:
        return ()
    return node._backward.local_grads(*(parent.data for parent in node._prev), node.data)


def zero_grad(root):
    """Set ``.grad`` to 0.0 on every node of ``root``'s graph (before a fresh ``backward()``)."""
    _require_value(root, "zero_grad")
    for node in topological_order(root):
        node.grad = 0.0
