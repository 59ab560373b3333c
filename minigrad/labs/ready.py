"""Ready-made results of the early labs, so that any later lab can start on its own.

* `Value`: a scalar node in the style the labs build, one ``_backward`` closure per node
  (the result of labs 00 and 01), with the ``backward()`` of lab 02.
* `topological_order(root)`: lab 02's iterative ordering of a graph of these nodes.
* `softplus` and `softsign`: two extra operations written by hand for lab 03's gradient checks.
  **One of them has a planted bug** in its local derivative, on purpose: lab 03 finds it with a
  gradient check instead of by reading this file.

This `Value` is the teaching version; :class:`minigrad.scalar.Value` is the library's own (it shares
one ``_backward`` per operation kind instead of one closure per node, and checks its inputs).
"""

import math

__all__ = ["Value", "topological_order", "softplus", "softsign"]


class Value:
    """A scalar that remembers its parents, the operation that made it and how to pass grads back."""

    def __init__(self, data, parents=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(parents)     # in the order the operation received them; may repeat
        self._op = op
        self.label = label
        self._backward = lambda: None   # a leaf has nothing to pass back

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # Each operation: the forward value, then a closure that adds local derivative × out.grad
    # into each parent (+=, so a node used twice gets both contributions).

    def __add__(self, other):
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = _as_value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = _as_value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data ** 2 * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        """self ** k for a plain number k (k is a constant, not a node)."""
        out = Value(self.data ** k, (self,), f"**{k:g}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return _as_value(other) + self

    def __rsub__(self, other):
        return _as_value(other) - self

    def __rmul__(self, other):
        return _as_value(other) * self

    def __rtruediv__(self, other):
        return _as_value(other) / self

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Fresh gradients of this output: every grad to 0, seed 1.0, closures in reverse order."""
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


def _as_value(x):
    return x if isinstance(x, Value) else Value(x)


def topological_order(root):
    """Every node of ``root``'s graph once, parents before children, ``root`` last (no recursion)."""
    order, seen = [], {id(root)}
    stack = [(root, iter(root._prev))]     # each node with the parents it still has to visit
    while stack:
        node, parents = stack[-1]
        parent = next(parents, None)
        if parent is None:
            order.append(node)
            stack.pop()
        elif id(parent) not in seen:
            seen.add(id(parent))
            stack.append((parent, iter(parent._prev)))
    return order


# ── Two hand-written operations for lab 03 ─────────────────────────────────────────────────────

def softplus(x):
    """log(1 + e^x), a smooth relu; its derivative is the sigmoid 1 / (1 + e^-x)."""
    out = Value(math.log1p(math.exp(x.data)), (x,), "softplus")

    def _backward():
        x.grad += 1.0 / (1.0 + math.exp(-x.data)) * out.grad
    out._backward = _backward
    return out


def softsign(x):
    """x / (1 + |x|), a slow-saturating tanh look-alike."""
    out = Value(x.data / (1.0 + abs(x.data)), (x,), "softsign")

    def _backward():
        # Planted bug for lab 03: the true local derivative is 1 / (1 + |x|)**2.
        x.grad += 1.0 / (1.0 + abs(x.data)) * out.grad
    out._backward = _backward
    return out
