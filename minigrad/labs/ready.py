"""Ready-made results of the early labs, so that any later lab can start on its own.

* `Value`: a scalar node in the style the labs build, one ``_backward`` closure per node
  (the result of labs 00 and 01), with the ``backward()`` of lab 02.
* `topological_order(root)`: lab 02's iterative ordering of a graph of these nodes.
* `softplus` and `softsign`: two extra operations written by hand for lab 03's gradient checks.
  **One of them has a planted bug** in its local derivative, on purpose: lab 03 finds it with a
  gradient check instead of by reading this file, and then fixes it.
* `gradcheck(f, xs, h, tolerance, value=Value)`: lab 03's gradient check, returning
  ``(ok, worst_error, worst_index)``, on any `Value` class.
* `Dual`: lab 05's dual number (a value and a tangent, with ``+`` and ``*``), and `sin`, `cos` and
  `exp` of a Dual; operations make their results of their operand's own class, as `Value`'s do.
* `Neuron`, `Layer` and `MLP`: lab 04's network, exactly as the lab asks for it (no more methods
  than the lab's), on any `Value` class (``value=``). The checker trains with them when the
  learner's own classes are not finished yet.

Every operation makes its result of its operand's own class, so a subclass
(``class Value(ready.Value): ...``, a fresh engine for lab 07) can gain methods without changing
this one. This `Value` is the teaching version; :class:`minigrad.scalar.Value` is the library's own (it shares
one ``_backward`` per operation kind instead of one closure per node, and checks its inputs).
"""

import math
import random

__all__ = ["Value", "topological_order", "softplus", "softsign", "gradcheck", "Dual", "sin", "cos",
           "exp", "Neuron", "Layer", "MLP"]


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
        other = _as_value(other, type(self))
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = _as_value(other, type(self))
        out = type(self)(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _as_value(other, type(self))
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = _as_value(other, type(self))
        out = type(self)(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data ** 2 * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        """self ** k for a plain number k (k is a constant, not a node)."""
        out = type(self)(self.data ** k, (self,), f"**{k:g}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return _as_value(other, type(self)) + self

    def __rsub__(self, other):
        return _as_value(other, type(self)) - self

    def __rmul__(self, other):
        return _as_value(other, type(self)) * self

    def __rtruediv__(self, other):
        return _as_value(other, type(self)) / self

    def exp(self):
        out = type(self)(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = type(self)(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = type(self)(self.data if self.data > 0 else 0.0, (self,), "relu")

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


def _as_value(x, kind=None):
    """x as a node: a plain number becomes a leaf of ``kind`` (the other operand's class)."""
    kind = kind or Value
    return x if isinstance(x, Value) else kind(x)


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
    out = type(x)(math.log1p(math.exp(x.data)), (x,), "softplus")

    def _backward():
        x.grad += 1.0 / (1.0 + math.exp(-x.data)) * out.grad
    out._backward = _backward
    return out


def softsign(x):
    """x / (1 + |x|), a slow-saturating tanh look-alike."""
    out = type(x)(x.data / (1.0 + abs(x.data)), (x,), "softsign")

    def _backward():
        # Lab 03 plants a bug in one of these two closures; its tests say which, and why.
        x.grad += 1.0 / (1.0 + abs(x.data)) * out.grad
    out._backward = _backward
    return out


# ── Lab 03's gradient check ────────────────────────────────────────────────────────────────────

def gradcheck(f, xs, h=1e-6, tolerance=1e-4, value=Value, floor=1e-3):
    """Compare backward()'s gradient of f at xs with central differences: (ok, worst, index)."""
    leaves = [value(x) for x in xs]
    f(*leaves).backward()
    errors = []
    for i, leaf in enumerate(leaves):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        numeric = (f(*map(value, up)).data - f(*map(value, down)).data) / (2 * h)
        errors.append(abs(leaf.grad - numeric) / max(abs(leaf.grad), abs(numeric), floor))
    worst_index = max(range(len(errors)), key=errors.__getitem__)
    return errors[worst_index] <= tolerance, errors[worst_index], worst_index


# ── Lab 05's dual numbers ──────────────────────────────────────────────────────────────────────

class Dual:
    """A value and its tangent: how fast the value moves along the chosen input direction."""

    def __init__(self, value, tangent=0.0):
        self.value = float(value)
        self.tangent = float(tangent)

    def __repr__(self):
        return f"Dual({self.value!r}, {self.tangent!r})"

    def _as_dual(self, x):
        return x if isinstance(x, Dual) else type(self)(x, 0.0)

    def __add__(self, other):
        other = self._as_dual(other)
        return type(self)(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other):
        other = self._as_dual(other)
        return type(self)(self.value * other.value,
                          other.value * self.tangent + self.value * other.tangent)

    __radd__ = __add__
    __rmul__ = __mul__


def sin(x):
    return type(x)(math.sin(x.value), math.cos(x.value) * x.tangent)


def cos(x):
    return type(x)(math.cos(x.value), -math.sin(x.value) * x.tangent)


def exp(x):
    value = math.exp(x.value)
    return type(x)(value, value * x.tangent)


# ── Lab 04's network ───────────────────────────────────────────────────────────────────────────

class Neuron:
    """tanh(w · x + b) for an input x of nin numbers or Values; weights drawn from ``rng``."""

    def __init__(self, nin, rng, value=Value):
        self.w = [value(rng.uniform(-1.0, 1.0)) for _ in range(nin)]
        self.b = value(0.0)

    def __call__(self, x):
        total = self.b
        for wi, xi in zip(self.w, x):
            total = total + wi * xi
        return total.tanh()

    def parameters(self):
        return self.w + [self.b]


class Layer:
    """nout neurons reading the same nin inputs; returns the list of their outputs."""

    def __init__(self, nin, nout, rng, value=Value):
        self.neurons = [Neuron(nin, rng, value) for _ in range(nout)]

    def __call__(self, x):
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """Layers in a chain: MLP(2, [4, 1]) maps 2 inputs through 4 hidden neurons to 1 output."""

    def __init__(self, nin, sizes, seed=0, value=Value):
        rng = random.Random(seed)
        fan_in = [nin] + list(sizes[:-1])
        self.layers = [Layer(n_in, n_out, rng, value) for n_in, n_out in zip(fan_in, sizes)]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
