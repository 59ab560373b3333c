"""Reverse-mode automatic differentiation on scalars: the `Value` class the lessons teach.

A `Value` is one node of a computational graph: its ``data`` (a float), its ``grad`` (a float,
∂output/∂node once ``backward()`` has run), the operation that made it (``_op``) and its parents
(``_prev``, in the order the operation received them).

* **Forward pass.** Each operation computes its result on floats and records a new node. The
  operations, with their forward computation and local derivatives side by side, are the table
  in :mod:`minigrad.ops`; `Value` gets one method per entry (``__mul__``, ``tanh``, ...).
* **Reverse pass** (``backward()``). Visiting the nodes from the output back to the leaves in
  reverse topological order, each node adds *local derivative × its grad* into every parent's
  ``grad``, with ``+=``, so that a node used twice receives both contributions.

Design choices (BLUEPRINT.md explains them): ``data`` and ``grad`` are plain floats, so there are
no higher-order derivatives; there is no ``detach()``; a node is one small object (its parents in
two slots, its operation a reference into the table, no function of its own), so a graph holds no
reference cycles and is freed by reference counting as soon as its output goes.
"""

import numbers

from . import domains
from .domains import to_float
from .i18n import say
from .ops import OPS, compute, give_methods, power_op

__all__ = ["Value", "topological_order", "zero_grad", "local_grads"]


class Value(domains.Slips):
    """A scalar in a computational graph: its ``data``, its ``grad`` and how it was made.

    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> c = a * b + a
    >>> c.backward()
    >>> a.grad, b.grad          # ∂c/∂a = b + 1, ∂c/∂b = a
    (-2.0, 2.0)
    """

    # __slots__: no per-node __dict__, so a node is small and one object for the garbage collector.
    # The parents sit in two slots rather than a tuple (one object per node instead of two);
    # `_prev` gives them as a tuple. `_mark` is set by the graph walk below (a "visited" flag).
    __slots__ = ("data", "grad", "label", "_rule", "_a", "_b", "_mark", "__weakref__")

    def __init__(self, data, label="", *unexpected):
        # micrograd's Value(data, children, op): here the operations record a node's parents.
        if unexpected or isinstance(label, (tuple, list, set)):
            raise TypeError(say(MESSAGES, "made_by_operations", n=2 + len(unexpected)))
        self.data = to_float(data, "Value(...)", what="data")
        self.grad = 0.0
        self.label = _checked_label(label)
        self._rule = None       # the operation (an entry of minigrad.ops) that made it; None: a leaf
        self._a = None          # first parent
        self._b = None          # second parent (None for operations of one input)
        self._mark = None

    @property
    def _prev(self):
        """The parents, in the order the operation received them (``(a, a)`` for ``a * a``)."""
        if self._a is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    @property
    def _op(self):
        """The name of the operation that made this node: ``"*"``, ``"tanh"``, ``"**2"`` ("" for a leaf)."""
        return "" if self._rule is None else self._rule.name

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def _number(self):           # what f"{x:.4f}" formats (see domains.Slips)
        return self.data

    # ── The reverse pass ───────────────────────────────────────────────────────────────────────

    def backward(self, *unexpected):
        """Fill ``.grad`` of every node of this graph with ∂self/∂node.

        Seeds this output with 1.0, then visits the nodes in reverse topological order: each node
        adds *local derivative × its grad* into each parent's grad (the chain rule, one edge at a
        time). The local derivatives are the operation's, from the table in :mod:`minigrad.ops`.

        Calling it again **accumulates** into the leaves: each leaf's grad grows by another
        ∂self/∂leaf (that is how gradients of several losses add up), while intermediate nodes are
        recomputed from zero on each call. Call :func:`zero_grad` first for fresh gradients.

        A derivative that does not exist (the slope of ``x ** 0.5`` at 0) or does not fit in a
        float raises a clear error; the grads written before it are then partial, so call
        :func:`zero_grad` before trying again.
        """
        if unexpected:
            raise TypeError(say(MESSAGES, "backward_arguments", n=len(unexpected)))
        order = topological_order(self)
        leaves = []
        for node in order:
            if node._rule is not None:
                node.grad = 0.0          # an intermediate node's grad belongs to this pass only
            else:
                leaves.append(node)
                if node.grad.__class__ is not float or node.grad - node.grad != 0.0:   # nan, inf
                    node.grad = _checked_grad(node)
        self.grad += 1.0
        for node in reversed(order):
            rule = node._rule
            if rule is None:
                continue                 # a leaf: nothing to pass back
            a, b, grad = node._a, node._b, node.grad
            if b is None:
                (da,) = rule.local_grads(a.data, node.data)
                a.grad += da * grad
            else:
                da, db = rule.local_grads(a.data, b.data, node.data)
                a.grad += da * grad
                b.grad += db * grad
        # Every contribution ends in a leaf, so a grad that left the float range shows there.
        for leaf in leaves:
            if leaf.grad - leaf.grad != 0.0:
                raise _nonfinite_error(self, order)

    def _backward(self):
        """This node's step of the reverse pass: add local derivative × ``self.grad`` into each parent.

        The local derivatives are those of the operation that made the node (``self._rule``, an
        entry of :mod:`minigrad.ops`); a leaf has no parents and nothing to do.
        """
        rule = self._rule
        if rule is None:
            return
        a, b, grad = self._a, self._b, self.grad
        if b is None:
            (da,) = rule.local_grads(a.data, self.data)
            a.grad += da * grad
        else:
            da, db = rule.local_grads(a.data, b.data, self.data)
            a.grad += da * grad
            b.grad += db * grad


# ── Operations: one method per entry of the table ─────────────────────────────────────────────

def _new_node(data, rule, a, b=None):
    """A node made by an operation (its data is already a checked float)."""
    node = Value.__new__(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node._rule = rule
    node._a = a
    node._b = b
    node._mark = None
    return node


def _as_value(x, where):
    return x if isinstance(x, Value) else Value(to_float(x, where, node="Value"))


def _binary_method(op):
    def method(self, other):
        if other.__class__ is not Value:
            other = _as_value(other, f"Value {op.name} ...")
        return _new_node(compute(op, self.data, other.data), op, self, other)
    return method


def _reflected_method(op):
    binary = _binary_method(op)

    def method(self, other):                     # a number on the left: 2 * x is Value(2.0) * x
        return binary(_as_value(other, f"... {op.name} Value"), self)
    return method


def _unary_method(op):
    def method(self, *unexpected):
        if unexpected:
            raise domains.no_arguments("Value", op.name, unexpected)
        return _new_node(compute(op, self.data), op, self)
    return method


_pow_nodes = _binary_method(OPS["**"])


def _pow(self, exponent):
    """a ** k for a number k (∂/∂a = k·a^(k-1)), or a ** b for a Value b (needs a > 0)."""
    if isinstance(exponent, Value):
        return _pow_nodes(self, exponent)
    k = to_float(exponent, "Value ** ...", what="exponent", node="Value")
    op = power_op(k)
    return _new_node(compute(op, self.data), op, self)


give_methods(Value, _binary_method, _unary_method, _reflected_method, _pow)


# ── Graph walks ────────────────────────────────────────────────────────────────────────────────

def topological_order(root):
    """Every node of ``root``'s graph once, each after all of its parents; ``root`` comes last.

    Iterative depth-first search (no recursion, so a chain of a million operations works under
    Python's default recursion limit). Parents are visited in creation order, so the order is the
    same every time the same graph is built.
    """
    _require_value(root, "topological_order")
    # Each walk marks the nodes it has reached with a token of its own: cheaper than a set of
    # every node, and nothing to clean up afterwards.
    mark = object()
    root._mark = mark
    order, path = [], [root]
    while path:
        node = path[-1]
        a = node._a
        if a is not None and a._mark is not mark:    # a parent comes before node: place it first
            a._mark = mark
            if a._a is not None:                     # a has parents of its own: go deeper
                path.append(a)
                continue
            order.append(a)                          # a leaf has none: place it at once
        b = node._b
        if b is not None and b._mark is not mark:
            b._mark = mark
            if b._a is not None:
                path.append(b)
                continue
            order.append(b)
        order.append(path.pop())                     # every parent is placed: place node
    return order


def local_grads(node):
    """∂node/∂parent for each of ``node``'s parents, in order: what ``backward()`` multiplies by.

    A leaf has no parents, so its tuple is empty.
    """
    _require_value(node, "local_grads")
    if node._rule is None:
        return ()
    return node._rule.local_grads(*(parent.data for parent in node._prev), node.data)


def zero_grad(root):
    """Set ``.grad`` to 0.0 on every node of ``root``'s graph (before a fresh ``backward()``)."""
    _require_value(root, "zero_grad")
    for node in topological_order(root):
        node.grad = 0.0


# ── Checks ─────────────────────────────────────────────────────────────────────────────────────

MESSAGES = {
    "label": {
        "en": "Value(..., label=...): the label must be a str, got {given} of type {kind}; "
        "for example label=\"a\".",
        "es": "Value(..., label=...): la etiqueta debe ser un str y se ha recibido {given}, de tipo "
        "{kind}; por ejemplo, label=\"a\".",
    },
    "label_nul": {
        "en": "Value(..., label=...): the label {given} contains a NUL character (\\0), which no "
        "drawing can show; remove it.",
        "es": "Value(..., label=...): la etiqueta {given} contiene un carácter NUL (\\0), que ningún "
        "dibujo puede mostrar; quítalo.",
    },
    "not_a_value": {
        "en": "{op}: expected a minigrad Value (the output of a computation), got {given} of type "
        "{kind}.",
        "es": "{op}: se esperaba un Value de minigrad (la salida de un cálculo), pero se ha "
        "recibido {given}, de tipo {kind}.",
    },
    "another_value": {
        "en": "{op}: {given} is a {kind} of another class (from {module}), not minigrad's Value: "
        "this {op} walks minigrad.scalar.Value only. For your own Value, use your own {op} (as in "
        "the labs); draw_graph and BackwardStepper take any Value-like object.",
        "es": "{op}: {given} es un {kind} de otra clase (de {module}), no el Value de minigrad: "
        "este {op} solo recorre minigrad.scalar.Value. Para tu propio Value, usa tu propio {op} "
        "(como en las prácticas); draw_graph y BackwardStepper aceptan cualquier objeto parecido a "
        "un Value.",
    },
    "made_by_operations": {
        "en": "Value(...) takes the data and, optionally, a label (Value(2.0, label=\"a\")), but got "
        "{n} arguments. A node's parents and operation are not passed in: the operations record "
        "them (c = a * b).",
        "es": "Value(...) recibe el dato y, si quieres, una etiqueta (Value(2.0, label=\"a\")), pero "
        "ha recibido {n} argumentos. Los padres y la operación de un nodo no se pasan: los registran "
        "las propias operaciones (c = a * b).",
    },
    "backward_arguments": {
        "en": "backward() takes no arguments, but got {n}: it seeds the output's grad with 1.0 "
        "itself. Call out.backward().",
        "es": "backward() no recibe argumentos, pero ha recibido {n}: pone él mismo la semilla 1.0 "
        "en el grad de la salida. Llama a out.backward().",
    },
    "bad_grad": {
        "en": "backward(): {node}.grad is {given} (of type {kind}), but a grad must be a number. "
        "Set it back with {node}.grad = 0.0, or call zero_grad(root) before backward().",
        "es": "backward(): {node}.grad vale {given} (de tipo {kind}), pero un grad debe ser un "
        "número. Vuelve a ponerlo a 0.0 con {node}.grad = 0.0, o llama a zero_grad(root) antes de "
        "backward().",
    },
    "nonfinite": {
        "en": "backward(): the gradient stopped being a number at {node} = {formula}: it passed "
        "{amount} to {parent} (local derivative {local} × {node}.grad {grad}), beyond the float "
        "range (the largest is about ±1.8·10³⁰⁸). The inputs make some derivative enormous: move them to more "
        "moderate values. The grads are now partial: call zero_grad(root) before trying again.",
        "es": "backward(): el gradiente ha dejado de ser un número en {node} = {formula}: ha pasado "
        "{amount} a {parent} (derivada local {local} × {node}.grad {grad}), fuera del rango de "
        "los números en coma flotante (el máximo ronda ±1,8·10³⁰⁸). Las entradas hacen enorme alguna derivada: llévalas a valores "
        "más moderados. Los grad han quedado a medias: llama a zero_grad(root) antes de volver a "
        "intentarlo.",
    },
}


def _checked_label(label):
    if not isinstance(label, str):
        raise TypeError(say(MESSAGES, "label", given=domains.short_repr(label),
                            kind=type(label).__name__))
    if "\0" in label:
        raise ValueError(say(MESSAGES, "label_nul", given=domains.short_repr(label)))
    return label


def _require_value(root, op):
    if root.__class__ is not Value and not isinstance(root, Value):
        # A Value of the learner's own (a lab's): say which class it is and what walks it.
        key = "another_value" if hasattr(root, "data") and hasattr(root, "_prev") else "not_a_value"
        raise TypeError(say(MESSAGES, key, op=op, given=domains.short_repr(root),
                            kind=type(root).__name__, module=type(root).__module__))


def _checked_grad(leaf):
    """A leaf's grad as a float, or a clear error when someone set it to something else."""
    grad = leaf.grad
    if isinstance(grad, numbers.Real) and not isinstance(grad, bool) and grad - grad == 0.0:
        return float(grad)
    name = leaf.label or "x"
    raise TypeError(say(MESSAGES, "bad_grad", node=name, given=domains.short_repr(grad),
                        kind=type(grad).__name__))


def _nonfinite_error(root, order):
    """Replay the pass on plain numbers to find the first edge whose contribution is not finite."""
    names = {node: node.label or f"n{i}" for i, node in enumerate(order)}
    grads = {node: 0.0 for node in order}
    grads[root] = 1.0
    for node in reversed(order):
        if node._rule is None:
            continue
        for parent, local in zip(node._prev, local_grads(node)):
            amount = local * grads[node]
            if amount - amount != 0.0:
                inputs = {key: names[p] for key, p in zip("ab", node._prev)}
                return OverflowError(say(
                    MESSAGES, "nonfinite", node=names[node], parent=names[parent],
                    formula=node._rule.formula.format(**inputs), amount=amount, local=local,
                    grad=grads[node]))
            grads[parent] += amount
    return OverflowError(say(MESSAGES, "nonfinite", node=names[root], parent=names[root],
                             formula="…", amount="?", local="?", grad="?"))
