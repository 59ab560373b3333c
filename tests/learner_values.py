"""Value and Dual classes as learners write them, for the tests of drawing and stepping.

`MicroValue` follows micrograd's engine pattern (written out here; micrograd is not a dependency):
parents in a *set*, one ``_backward`` closure per node taking no argument, a recursive
topological sort in ``backward()``. `BareValue` is a lab 00 node: data, grad, parents and the
operation's name, no closures yet. `Dual` is a lab 05 dual number with module-level functions.
The buggy variants are the mistakes learners make.
"""

import math


class MicroValue:
    # Results are made with type(self), so that a subclass with one slip keeps it everywhere.
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __add__(self, other):
        other = other if isinstance(other, MicroValue) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, MicroValue) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, other):
        out = type(self)(self.data ** other, (self,), f"**{other}")

        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = type(self)(0 if self.data < 0 else self.data, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rmul__(self, other):
        return self * other

    def __repr__(self):
        return f"MicroValue(data={self.data}, grad={self.grad})"


class SignSlipValue(MicroValue):
    """A product rule with its sign flipped on the first parent: a.grad -= b.data * out.grad."""

    def __mul__(self, other):
        other = other if isinstance(other, MicroValue) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad -= other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out


class BareValue:
    """Lab 00: a node that records its parents and operation, with no closures yet."""

    def __init__(self, data, parents=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(parents)
        self._op = op
        self.label = label

    def __add__(self, other):
        other = other if isinstance(other, BareValue) else BareValue(other)
        return BareValue(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        other = other if isinstance(other, BareValue) else BareValue(other)
        return BareValue(self.data * other.data, (self, other), "*")


class Dual:
    """Lab 05: a dual number, operators as methods, functions at module level."""

    def __init__(self, value, tangent=0.0):
        self.value = float(value)
        self.tangent = float(tangent)

    def __add__(self, other):
        other = as_dual(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    __radd__ = __add__

    def __mul__(self, other):
        other = as_dual(other)
        return Dual(self.value * other.value,
                    self.tangent * other.value + self.value * other.tangent)

    __rmul__ = __mul__

    def __sub__(self, other):
        other = as_dual(other)
        return Dual(self.value - other.value, self.tangent - other.tangent)

    def __neg__(self):
        return Dual(-self.value, -self.tangent)


def as_dual(x):
    return x if isinstance(x, Dual) else Dual(x)


def sin(x):
    return Dual(math.sin(x.value), math.cos(x.value) * x.tangent)


class SloppyDual(Dual):
    """The classic slip: the product's tangent forgets one term (ċ = ȧ·b only)."""

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else SloppyDual(other)
        return SloppyDual(self.value * other.value, self.tangent * other.value)

    def __add__(self, other):
        other = other if isinstance(other, Dual) else SloppyDual(other)
        return SloppyDual(self.value + other.value, self.tangent + other.tangent)
