"""Buggy _backward closures for lab 01, one or more per operation."""

from . import Alternative, Mutant

# The forward part of each operation, as the lab's exercise cells give it; {body} is the closure.
FORWARD = {
    "add": ("value_add(self, other)", "other = as_value(other)\n"
            "    out = Value(self.data + other.data, (self, other), '+')", "__add__"),
    "mul": ("value_mul(self, other)", "other = as_value(other)\n"
            "    out = Value(self.data * other.data, (self, other), '*')", "__mul__"),
    "sub": ("value_sub(self, other)", "other = as_value(other)\n"
            "    out = Value(self.data - other.data, (self, other), '-')", "__sub__"),
    "div": ("value_truediv(self, other)", "other = as_value(other)\n"
            "    out = Value(self.data / other.data, (self, other), '/')", "__truediv__"),
    "pow": ("value_pow(self, k)", "out = Value(self.data ** k, (self,), f'**{k}')", "__pow__"),
    "exp": ("value_exp(self)", "out = Value(math.exp(self.data), (self,), 'exp')", "exp"),
    "tanh": ("value_tanh(self)", "out = Value(math.tanh(self.data), (self,), 'tanh')", "tanh"),
    "relu": ("value_relu(self)", "out = Value(self.data if self.data > 0 else 0.0, (self,), 'relu')",
             "relu"),
}


def closure(op, *body):
    signature, forward, method = FORWARD[op]
    lines = "\n".join(f"        {line}" for line in body)
    return (f"def {signature}:\n    {forward}\n\n    def _backward():\n{lines}\n\n"
            f"    out._backward = _backward\n    return out\n\n\n"
            f"Value.{method} = {signature.split('(')[0]}\n")


MUTANTS = [
    Mutant("add overwrites with =", "01.1", "accumulate",
           closure("add", "self.grad = out.grad", "other.grad = out.grad")),
    Mutant("add writes into out.grad", "01.1", "nothing_passed",
           closure("add", "out.grad += self.grad + other.grad")),
    Mutant("add forgets out.grad", "01.1", "chain_rule",
           closure("add", "self.grad += 1.0", "other.grad += 1.0")),
    Mutant("mul swaps the factors", "01.2", "deriv_mul_swapped",
           closure("mul", "self.grad += self.data * out.grad", "other.grad += other.data * out.grad")),
    Mutant("mul overwrites with = (a * a gets one factor)", "01.2", "accumulate",
           closure("mul", "self.grad = other.data * out.grad", "other.grad = self.data * out.grad")),
    Mutant("mul forgets out.grad", "01.2", "chain_rule",
           closure("mul", "self.grad += other.data", "other.grad += self.data")),
    Mutant("sub with + for the second operand", "01.3", "deriv_sub_sign",
           closure("sub", "self.grad += out.grad", "other.grad += out.grad")),
    Mutant("sub with = (a - a cancels wrongly)", "01.3", "accumulate",
           closure("sub", "self.grad = out.grad", "other.grad -= out.grad")),
    Mutant("div with the wrong sign for b", "01.4", "deriv_div_sign",
           closure("div", "self.grad += out.grad / other.data",
                   "other.grad += self.data / other.data ** 2 * out.grad")),
    Mutant("div without the square", "01.4", "deriv_div",
           closure("div", "self.grad += out.grad / other.data",
                   "other.grad -= self.data / other.data * out.grad")),
    Mutant("pow without the factor k", "01.5", "deriv_pow_factor",
           closure("pow", "self.grad += self.data ** (k - 1) * out.grad")),
    Mutant("pow keeps the exponent k", "01.5", "deriv_pow_exponent",
           closure("pow", "self.grad += k * self.data ** k * out.grad")),
    Mutant("exp with the input as its derivative", "01.6", "deriv_exp",
           closure("exp", "self.grad += self.data * out.grad")),
    Mutant("exp overwrites with =", "01.6", "accumulate",
           closure("exp", "self.grad = out.data * out.grad")),
    Mutant("tanh with 1 - x**2", "01.7", "deriv_tanh_input",
           closure("tanh", "self.grad += (1 - self.data ** 2) * out.grad")),
    Mutant("tanh with 1 - t", "01.7", "deriv_tanh",
           closure("tanh", "self.grad += (1 - out.data) * out.grad")),
    Mutant("relu passes everything back", "01.8", "deriv_relu_negative",
           closure("relu", "self.grad += out.grad")),
    Mutant("relu lets the gradient through at 0", "01.8", "deriv_relu_zero",
           closure("relu", "self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad")),
    Mutant("relu uses its output as the slope", "01.8", "deriv_relu_value",
           closure("relu", "self.grad += out.data * out.grad")),
    Mutant("relu multiplies by the node out", "01.8", "grad_not_number",
           closure("relu", "self.grad += (self.data > 0) * out")),
    Mutant("relu closure refers to an undefined other", "01.8", "error_name",
           closure("relu", "self.grad += (other.data > 0) * out.grad")),
    Mutant("tanh closure adds a node to a float", "01.7", "error_type",
           closure("tanh", "self.grad += (1 - out.data ** 2) * out.grad + self.data * [1]")),
    Mutant("pow rule as k * out / x (undefined at 0)", "01.5", "deriv_pow_divides",
           closure("pow", "self.grad += k * out.data / self.data * out.grad")),
    # The provided class cell run again after the exercise cells attached their operations.
    Mutant("class cell run again after the operations", "01.6", "class_rerun", '''
class Value:
    def __init__(self, data, parents=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(parents)
        self._op = op
        self.label = label
        self._backward = lambda: None
'''),
]

ALTERNATIVES = [
    Alternative("add with grad = grad + ...", "01.1",
                closure("add", "self.grad = self.grad + out.grad",
                        "other.grad = other.grad + out.grad")),
    Alternative("mul with the chain rule factor first", "01.2",
                closure("mul", "self.grad = self.grad + out.grad * other.data",
                        "other.grad += out.grad * self.data")),
    Alternative("sub with -=", "01.3", closure("sub", "self.grad += out.grad", "other.grad -= out.grad")),
    Alternative("div through the quotient", "01.4",
                closure("div", "self.grad += out.grad / other.data",
                        "other.grad -= out.data / other.data * out.grad")),
    Alternative("pow with math.pow and an explicit sum", "01.5",
                closure("pow", "self.grad = self.grad + k * math.pow(self.data, k - 1) * out.grad")),
    Alternative("exp recomputed with math.exp", "01.6",
                closure("exp", "self.grad += math.exp(self.data) * out.grad")),
    Alternative("tanh recomputed from the input", "01.7",
                closure("tanh", "t = math.tanh(self.data)", "self.grad += (1 - t * t) * out.grad")),
    Alternative("relu with a bool times the grad", "01.8",
                closure("relu", "self.grad += (self.data > 0) * out.grad")),
    Alternative("relu with an if statement", "01.8",
                closure("relu", "if self.data > 0:", "    self.grad = self.grad + out.grad")),
]
