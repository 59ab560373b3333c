"""Random expression graphs for property tests, buildable from Values, Duals or plain floats.

A *recipe* is a list of steps; step ``k`` makes node ``n_inputs + k`` from earlier nodes, so nodes
are reused and subexpressions shared at random. The same recipe built from `Value`s, from `Dual`s
or from floats computes the same function, which is what lets a test compare reverse mode,
forward mode and central differences on it.
"""

import math

from hypothesis import strategies as st

BINARY = ("+", "-", "*", "/", "pow_node")
UNARY = ("tanh", "sin", "cos", "sigmoid", "exp_small", "square", "cube", "root", "neg", "log_abs")


def apply(op, a, b=None):
    """One step of a recipe; works for Value, Dual and float alike."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / (b * b + 1.0)          # the denominator stays ≥ 1: no division by zero
    if op == "pow_node":
        return (a * a + 1.0) ** (b * 0.3)  # a node exponent on a base ≥ 1: always defined
    if op == "square":
        return a ** 2
    if op == "cube":
        return a ** 3
    if op == "root":
        return (a * a + 1.0) ** 0.5       # a non-integer exponent on a base ≥ 1
    if op == "neg":
        return -a
    if op == "exp_small":
        return _call(a * 0.1, "exp")      # scaled so that deep recipes do not overflow
    if op == "log_abs":
        return _call(a * a + 1.0, "log")  # log of something ≥ 1: always defined
    return _call(a, op)


def _call(x, name):
    """``x.name()`` for a Value or a Dual; the same function from `math` for a float."""
    if isinstance(x, float):
        return {"exp": math.exp, "log": math.log, "tanh": math.tanh, "sin": math.sin,
                "cos": math.cos, "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v))}[name](x)
    return getattr(x, name)()


def build(recipe, inputs):
    """All nodes of ``recipe`` built over ``inputs``; the last one is the output."""
    nodes = list(inputs)
    for op, i, j in recipe:
        a = nodes[i % len(nodes)]
        b = nodes[j % len(nodes)]
        nodes.append(apply(op, a, b) if op in BINARY else apply(op, a))
    return nodes


def evaluate(recipe, xs):
    """The recipe's output as a float function of the float inputs ``xs``."""
    return build(recipe, [float(x) for x in xs])[-1]


@st.composite
def recipes(draw, n_inputs=3, max_steps=12):
    """A recipe over ``n_inputs`` inputs whose steps pick earlier nodes at random (so reuse happens)."""
    steps = []
    for k in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(BINARY + UNARY))
        i = draw(st.integers(0, n_inputs + k - 1))
        j = draw(st.integers(0, n_inputs + k - 1))
        steps.append((op, i, j))
    return steps


def points(n_inputs=3):
    """Input points for a recipe: moderate values, so central differences stay accurate."""
    return st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=n_inputs, max_size=n_inputs)
