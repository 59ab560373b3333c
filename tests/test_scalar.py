"""Reverse mode (`Value`): each operation's value and local derivatives, accumulation, long graphs,
topological order, and backward() against central differences on random graphs."""

import math
import sys

import pytest
from hypothesis import assume, given, settings

from minigrad import Value, topological_order, zero_grad
from minigrad.scalar import local_grads
from minigrad.ops import OPS
from random_graphs import build, evaluate, points, recipes

# ── Each operation: value and local derivatives vs the formulas derived by hand ─────────────────

A, B = 1.7, -0.6   # a point inside every operation's domain (b only where b may be negative)
P = 2.3            # a positive value for the operations that need one

# name, inputs, how to build the output, its op label, value, ∂out/∂input for each input
BINARY_CASES = [
    ("a + b", (A, B), lambda a, b: a + b, "+", A + B, (1.0, 1.0)),
    ("a - b", (A, B), lambda a, b: a - b, "-", A - B, (1.0, -1.0)),
    ("a * b", (A, B), lambda a, b: a * b, "*", A * B, (B, A)),
    ("a / b", (A, B), lambda a, b: a / b, "/", A / B, (1 / B, -A / B**2)),
    ("a ** b", (P, B), lambda a, b: a ** b, "**", P**B, (B * P ** (B - 1), P**B * math.log(P))),
]

UNARY_CASES = [
    ("-a", B, lambda a: -a, "neg", -B, -1.0),
    ("a ** 2", B, lambda a: a ** 2, "**2", B**2, 2 * B),
    ("a ** 3", B, lambda a: a ** 3, "**3", B**3, 3 * B**2),
    ("a ** -1", B, lambda a: a ** -1, "**-1", 1 / B, -1 / B**2),
    ("a ** 0.5", P, lambda a: a ** 0.5, "**0.5", math.sqrt(P), 0.5 / math.sqrt(P)),
    ("a ** 0", B, lambda a: a ** 0, "**0", 1.0, 0.0),
    ("exp", B, lambda a: a.exp(), "exp", math.exp(B), math.exp(B)),
    ("log", P, lambda a: a.log(), "log", math.log(P), 1 / P),
    ("tanh", B, lambda a: a.tanh(), "tanh", math.tanh(B), 1 - math.tanh(B) ** 2),
    ("relu +", A, lambda a: a.relu(), "relu", A, 1.0),
    ("relu -", B, lambda a: a.relu(), "relu", 0.0, 0.0),
    ("relu 0", 0.0, lambda a: a.relu(), "relu", 0.0, 0.0),   # the derivative at 0 is taken as 0
    ("sigmoid", B, lambda a: a.sigmoid(), "sigmoid", 1 / (1 + math.exp(-B)),
     math.exp(-B) / (1 + math.exp(-B)) ** 2),
    ("sin", B, lambda a: a.sin(), "sin", math.sin(B), math.cos(B)),
    ("cos", B, lambda a: a.cos(), "cos", math.cos(B), -math.sin(B)),
    # A number on the left becomes a leaf; the Value is the right operand.
    ("2 + a", B, lambda a: 2 + a, "+", 2 + B, 1.0),
    ("2 - a", B, lambda a: 2 - a, "-", 2 - B, -1.0),
    ("2 * a", B, lambda a: 2 * a, "*", 2 * B, 2.0),
    ("2 / a", B, lambda a: 2 / a, "/", 2 / B, -2 / B**2),
    ("2 ** a", B, lambda a: 2 ** a, "**", 2**B, 2**B * math.log(2)),
    ("a + 2", B, lambda a: a + 2, "+", B + 2, 1.0),
    ("a / 2", B, lambda a: a / 2, "/", B / 2, 0.5),
]


@pytest.mark.parametrize("name, inputs, op, label, value, grads", BINARY_CASES,
                         ids=[case[0] for case in BINARY_CASES])
def test_binary_operation(name, inputs, op, label, value, grads):
    a, b = Value(inputs[0]), Value(inputs[1])
    out = op(a, b)
    assert out._op == label
    assert out._prev == (a, b)          # parents in the order the operation received them
    assert out.data == pytest.approx(value, rel=1e-12)
    out.backward()
    assert out.grad == 1.0
    assert (a.grad, b.grad) == pytest.approx(grads, rel=1e-12)


@pytest.mark.parametrize("name, x, op, label, value, grad", UNARY_CASES,
                         ids=[case[0] for case in UNARY_CASES])
def test_unary_operation(name, x, op, label, value, grad):
    a = Value(x)
    out = op(a)
    assert out._op == label
    assert a in out._prev
    assert out.data == pytest.approx(value, rel=1e-12)
    out.backward()
    assert a.grad == pytest.approx(grad, rel=1e-12, abs=1e-15)


def test_number_on_the_left_becomes_a_leaf_first():
    a = Value(3.0)
    out = 2 - a
    left, right = out._prev
    assert right is a
    assert isinstance(left, Value) and left.data == 2.0 and left._op == ""


def test_leaf_and_node_attributes():
    a = Value(2, label="a")
    assert type(a.data) is float and a.data == 2.0
    assert (a.grad, a._prev, a._op, a._rule, a.label) == (0.0, (), "", None, "a")
    out = a * a
    assert out._rule is OPS["*"] and out._op == "*" and out.label == ""
    assert repr(a) == "Value(data=2.0, grad=0.0, label='a')"


def test_a_node_holds_its_operation_entry_and_no_function_of_its_own():
    a, b = Value(1.0), Value(2.0)
    assert (a * b)._rule is (b * a)._rule is OPS["*"]
    assert (a ** 2)._rule is (b ** 2)._rule
    assert (a ** 2)._rule is not (a ** 3)._rule            # the exponent is part of the rule
    assert (a + b)._rule is not (a * b)._rule
    assert not hasattr(a * b, "__dict__")                  # slots only: one small object per node


# ── Accumulation ───────────────────────────────────────────────────────────────────────────────

def test_node_used_twice_gets_both_contributions():
    a = Value(3.0)
    square = a * a
    assert square._prev == (a, a)
    square.backward()
    assert a.grad == 6.0                 # 2a: a * a passes back b·grad to a, and a·grad to a again

    b = Value(3.0)
    (b + b).backward()
    assert b.grad == 2.0


def test_shared_subexpression_gets_every_path():
    x = Value(0.5)
    h = x.tanh()                         # used by two later nodes
    out = h * h + h.exp()
    out.backward()
    dh = 2 * h.data + math.exp(h.data)
    assert h.grad == pytest.approx(dh, rel=1e-14)
    assert x.grad == pytest.approx(dh * (1 - h.data ** 2), rel=1e-14)


def leaf_contributions(root):
    """What one backward() adds into each leaf, in the order it adds it (from the table)."""
    grads = {node: 0.0 for node in topological_order(root)}
    grads[root] = 1.0
    added = {}
    for node in reversed(topological_order(root)):
        for parent, local in zip(node._prev, local_grads(node)):
            amount = local * grads[node]
            grads[parent] += amount
            if not parent._prev:
                added.setdefault(parent, []).append(amount)
    return added


@settings(max_examples=300)
@given(recipes(), points())
def test_backward_twice_adds_the_same_contributions_again_in_the_same_order(recipe, xs):
    # The true invariant: a second call adds to each leaf the very contributions of the first,
    # in the same order. A leaf with one contribution per pass therefore doubles exactly; one
    # with several can differ from twice its first grad in the last bit (0.1 + 0.2 again).
    inputs = [Value(x) for x in xs]
    out = build(recipe, inputs)[-1]
    added = leaf_contributions(out)
    out.backward()
    first = {leaf: leaf.grad for leaf in added}
    inner_first = {node: node.grad for node in topological_order(out) if node._prev}
    out.backward()
    for leaf, amounts in added.items():
        expected = first[leaf]
        for amount in amounts:
            expected += amount
        assert leaf.grad == expected
        if len(amounts) == 1:
            assert leaf.grad == 2 * first[leaf]
    # intermediate nodes and the output are recomputed, not accumulated
    assert {node: node.grad for node in inner_first} == inner_first


def test_twice_the_first_grad_is_not_always_what_a_second_backward_gives():
    x = Value(1.0)
    y = 0.1 * x + 0.2 * x                     # x receives 0.2, then 0.1 (reverse order)
    y.backward()
    assert x.grad == 0.2 + 0.1 == 0.30000000000000004
    y.backward()
    assert x.grad == 0.30000000000000004 + 0.2 + 0.1 == 0.6
    assert 2 * 0.30000000000000004 == 0.6000000000000001 != x.grad


def test_zero_grad_resets_the_whole_graph():
    a, b = Value(1.5), Value(-2.0)
    out = a * b + a
    out.backward()
    assert a.grad != 0.0
    zero_grad(out)
    assert all(node.grad == 0.0 for node in topological_order(out))
    out.backward()
    assert (a.grad, b.grad) == (b.data + 1.0, a.data)


def test_backward_of_a_leaf_seeds_it():
    a = Value(4.0)
    a.backward()
    assert a.grad == 1.0


def test_backward_from_an_intermediate_node():
    a, b = Value(2.0), Value(5.0)
    mid = a * b
    out = mid + a
    out.backward()
    zero_grad(out)
    mid.backward()                       # treats mid as the output: ∂mid/∂a = b
    assert (a.grad, b.grad, out.grad) == (5.0, 2.0, 0.0)


# ── Long graphs: no recursion anywhere ─────────────────────────────────────────────────────────

def test_chain_of_100_000_operations():
    limit = sys.getrecursionlimit()
    n = 100_000
    x = Value(0.5)
    y = x
    for _ in range(n):
        y = y + x                        # y = (k + 1)·x: x is used at every step
    assert y.data == 0.5 * (n + 1)
    order = topological_order(y)
    assert len(order) == n + 1 and order[0] is x and order[-1] is y
    y.backward()
    assert x.grad == n + 1
    zero_grad(y)
    assert x.grad == 0.0
    del order, y                         # freeing a deep graph must not recurse either
    assert sys.getrecursionlimit() == limit


# ── topological_order ──────────────────────────────────────────────────────────────────────────

def _graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    e = d.tanh() * c
    e.label = "e"
    return e


def test_topological_order_of_a_small_graph():
    # depth-first, parents in creation order: e = tanh(d) * c, d = c + a, c = a * b
    labels = [node.label or node._op for node in topological_order(_graph())]
    assert labels == ["a", "b", "c", "d", "tanh", "e"]


@given(recipes(n_inputs=3, max_steps=25))
def test_topological_order_properties(recipe):
    inputs = [Value(0.1 * (i + 1)) for i in range(3)]
    out = build(recipe, inputs)[-1]
    order = topological_order(out)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order)                  # each node once
    assert order[-1] is out                             # root last
    for node in order:                                  # each node after its parents
        assert all(position[id(parent)] < position[id(node)] for parent in node._prev)
    # every node reachable from the output is there
    reachable, stack = set(), [out]
    while stack:
        node = stack.pop()
        if id(node) not in reachable:
            reachable.add(id(node))
            stack.extend(node._prev)
    assert reachable == set(position)
    # deterministic: building the same graph again gives the same order
    again = topological_order(build(recipe, [Value(0.1 * (i + 1)) for i in range(3)])[-1])
    assert [(n._op, n.data) for n in again] == [(n._op, n.data) for n in order]


# ── backward() vs central differences on random graphs ─────────────────────────────────────────

def central_differences(recipe, xs, h=1e-6):
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((evaluate(recipe, up) - evaluate(recipe, down)) / (2 * h))
    return grads


def well_scaled(recipe, xs):
    """True when every node stays moderate, so central differences are accurate enough to judge."""
    try:
        nodes = build(recipe, [float(x) for x in xs])
    except (OverflowError, ValueError, ZeroDivisionError):
        return False
    return all(abs(v) < 1e3 for v in nodes)


@settings(max_examples=300)
@given(recipes(n_inputs=3, max_steps=12), points(3))
def test_backward_matches_central_differences(recipe, xs):
    assume(well_scaled(recipe, xs))
    inputs = [Value(x) for x in xs]
    out = build(recipe, inputs)[-1]
    out.backward()
    scale = 1.0 + abs(out.data)
    for leaf, numeric in zip(inputs, central_differences(recipe, xs)):
        assert leaf.grad == pytest.approx(numeric, rel=1e-4, abs=1e-5 * scale)


def test_what_value_leaves_out_on_purpose():
    # BLUEPRINT.md and lesson 04: reverse mode only, grads are floats, no detach().
    for name in ("detach", "jvp", "forward"):
        assert not hasattr(Value, name), name
    x = Value(1.5)
    y = x * x
    y.backward()
    assert type(x.grad) is float and type(y.data) is float
