"""Buggy and alternative sigmoids, softpluses, nodes, forward rules and derivative witnesses for
lab 07."""

from . import Alternative, Mutant


def _node(*body, op="softplus"):
    lines = "\n".join(f"        {line}" for line in body)
    return (f"def value_softplus(self):\n    out = Value(softplus(self.data), (self,), {op!r})\n\n"
            f"    def _backward():\n{lines}\n\n    out._backward = _backward\n    return out\n\n\n"
            "Value.softplus = value_softplus\n")


def _dual(tangent, value="softplus(x.value)"):
    return f"def dual_softplus(x):\n    return Dual({value}, {tangent})\n\n\nDual.softplus = dual_softplus\n"


def _three(reverse="leaf.grad", forward="f(Dual(x, 1.0)).tangent",
           numeric="(f(Value(x + h)).data - f(Value(x - h)).data) / (2 * h)"):
    return ("def three_derivatives(f, x, h=1e-6):\n    leaf = Value(x)\n    out = f(leaf)\n"
            f"    out.backward()\n    return {reverse}, {forward}, {numeric}\n")


MUTANTS = [
    Mutant("the textbook sigmoid", "07.1", "overflow_sigmoid", '''
def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))
'''),
    Mutant("sigmoid of -x", "07.1", "sign", '''
def sigmoid(x):
    if x <= 0:
        return 1.0 / (1.0 + math.exp(x))
    e = math.exp(-x)
    return e / (1.0 + e)
'''),
    Mutant("sigmoid through tanh, which cancels for very negative x", "07.1", "lost_digits", '''
def sigmoid(x):
    return 0.5 * (1.0 + math.tanh(0.5 * x))
'''),
    Mutant("the textbook softplus", "07.2", "overflow_softplus", '''
def softplus(x):
    return math.log(1.0 + math.exp(x))
'''),
    Mutant("softplus with log instead of log1p", "07.2", "log1p", '''
def softplus(x):
    return max(x, 0.0) + math.log(1.0 + math.exp(-abs(x)))
'''),
    Mutant("the textbook softplus above -20, e^x below", "07.2", "log1p", '''
def softplus(x):
    if x > 30.0:
        return x + math.log1p(math.exp(-x))
    if x < -20.0:
        return math.exp(x)
    return math.log(1.0 + math.exp(x))
'''),
    Mutant("closure passes softplus itself", "07.3", "derivative_is_softplus",
           _node("self.grad += out.data * out.grad")),
    Mutant("closure with the sigmoid's own derivative", "07.3", "sigmoid_derivative",
           _node("s = sigmoid(self.data)", "self.grad += s * (1.0 - s) * out.grad")),
    Mutant("closure forgets out.grad", "07.3", "chain_rule", _node("self.grad += sigmoid(self.data)")),
    Mutant("closure overwrites x.grad", "07.3", "accumulate",
           _node("self.grad = sigmoid(self.data) * out.grad")),
    Mutant("node named sp", "07.3", "node", _node("self.grad += sigmoid(self.data) * out.grad", op="sp")),
    Mutant("closure with the textbook sigmoid", "07.3", "overflow_derivative",
           _node("self.grad += 1.0 / (1.0 + math.exp(-self.data)) * out.grad")),
    Mutant("closure with 1 - sigma(-x), which cancels", "07.3", "cancellation",
           _node("self.grad += (1.0 - sigmoid(-self.data)) * out.grad")),
    Mutant("forward rule forgets the input's tangent", "07.4", "dual_chain", _dual("sigmoid(x.value)")),
    Mutant("forward rule uses softplus as its slope", "07.4", "dual_uses_softplus",
           _dual("softplus(x.value) * x.tangent")),
    Mutant("forward rule with 1 - sigma(-x), which cancels", "07.4", "cancellation",
           _dual("x.tangent * (1.0 - sigmoid(-x.value))")),
    Mutant("forward mode seeded with tangent 0", "07.5", "forward_seed",
           _three(forward="f(Dual(x, 0.0)).tangent")),
    Mutant("a one-sided difference", "07.5", "one_sided",
           _three(numeric="(f(Value(x + h)).data - f(Value(x)).data) / h")),
    Mutant("the output's grad read as the derivative", "07.5", "reverse_leaf",
           _three(reverse="out.grad")),
    Mutant("a step of its own instead of h", "07.5", "pass_h",
           _three(numeric="(f(Value(x + 1e-6)).data - f(Value(x - 1e-6)).data) / 2e-6")),
    Mutant("a central difference of f on plain floats", "07.5", "numeric_on_floats",
           _three(numeric="(f(x + h) - f(x - h)) / (2 * h)")),
]

ALTERNATIVES = [
    Alternative("sigmoid from e^-|x|", "07.1", '''
def sigmoid(x):
    z = math.exp(-abs(x))
    return 1.0 / (1.0 + z) if x >= 0 else z / (1.0 + z)
'''),
    Alternative("sigmoid as one quotient", "07.1", '''
def sigmoid(x):
    return math.exp(min(x, 0.0)) / (1.0 + math.exp(-abs(x)))
'''),
    Alternative("sigmoid through tanh where nothing cancels, x >= 0", "07.1", '''
def sigmoid(x):
    if x >= 0:
        return 0.5 * (1.0 + math.tanh(0.5 * x))
    e = math.exp(x)
    return e / (1.0 + e)
'''),
    Alternative("softplus with the textbook formula only where it keeps its digits", "07.2", '''
def softplus(x):
    if x < -5.0:
        return math.log1p(math.exp(x))
    if x > 30.0:
        return x + math.log1p(math.exp(-x))
    return math.log(1.0 + math.exp(x))
'''),
    Alternative("softplus by cases", "07.2", '''
def softplus(x):
    if x > 0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x))
'''),
    Alternative("closure from the output, with expm1", "07.3",
                _node("self.grad = self.grad + -math.expm1(-out.data) * out.grad")),
    Alternative("closure with the sigmoid as exp(x - softplus(x))", "07.3",
                _node("self.grad += out.grad * math.exp(self.data - out.data)")),
    Alternative("forward rule with the sigmoid as exp(x - softplus(x))", "07.4",
                "def dual_softplus(x):\n    s = softplus(x.value)\n"
                "    return Dual(s, x.tangent * math.exp(x.value - s))\n\n\n"
                "Dual.softplus = dual_softplus\n"),
    Alternative("forward rule through the Dual's own class", "07.4",
                _dual("x.tangent * sigmoid(x.value)", value="softplus(x.value)").replace(
                    "return Dual(", "return type(x)(")),
    Alternative("three derivatives with an int seed, computed in another order", "07.5", '''
def three_derivatives(f, x, h=1e-6):
    up, down = f(Value(x + h)), f(Value(x - h))
    numeric = (up.data - down.data) / (h + h)
    forward = f(Dual(x, 1)).tangent
    leaf = Value(x)
    f(leaf).backward()
    return (leaf.grad, forward, numeric)
'''),
    Alternative("central difference on Duals, read from .value", "07.5",
                _three(numeric="(f(Dual(x + h)).value - f(Dual(x - h)).value) / (2 * h)")),
]
