"""Forward mode (`Dual`, `jvp`): each operation's tangent rule, and J·v against reverse mode and
central differences on random graphs."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from minigrad import Value
from minigrad.forward import Dual, jvp
from random_graphs import build, evaluate, points, recipes
from test_scalar import BINARY_CASES, UNARY_CASES, well_scaled


# ── Each operation: the tangent is the local derivative times the input tangents ────────────────

@pytest.mark.parametrize("name, inputs, op, label, value, grads", BINARY_CASES,
                         ids=[case[0] for case in BINARY_CASES])
def test_binary_tangent_rule(name, inputs, op, label, value, grads):
    ta, tb = 0.3, -1.2                   # any tangents: ċ = ∂c/∂a · ȧ + ∂c/∂b · ḃ
    out = op(Dual(inputs[0], ta), Dual(inputs[1], tb))
    assert out.op == label
    assert out.value == pytest.approx(value, rel=1e-12)
    assert out.tangent == pytest.approx(grads[0] * ta + grads[1] * tb, rel=1e-12)


@pytest.mark.parametrize("name, x, op, label, value, grad", UNARY_CASES,
                         ids=[case[0] for case in UNARY_CASES])
def test_unary_tangent_rule(name, x, op, label, value, grad):
    out = op(Dual(x, 2.5))
    assert out.op == label
    assert out.value == pytest.approx(value, rel=1e-12)
    assert out.tangent == pytest.approx(grad * 2.5, rel=1e-12, abs=1e-15)


def test_constants_have_zero_tangent():
    x = Dual(3.0, 1.0)
    y = x * x + 2 * x - 5 / x
    assert (y.value, y.tangent) == pytest.approx((15.0 - 5 / 3, 8.0 + 5 / 9), rel=1e-14)
    assert Dual(4.0).tangent == 0.0
    assert repr(Dual(1, 2)) == "Dual(value=1.0, tangent=2.0)"


def test_power_of_a_constant_needs_no_slope():
    # a constant base at 0 with exponent 0.5 has an infinite slope, but its tangent is 0 anyway
    out = Dual(0.0) ** 0.5
    assert (out.value, out.tangent) == (0.0, 0.0)


# ── jvp ────────────────────────────────────────────────────────────────────────────────────────

def test_jvp_one_input():
    assert jvp(lambda x: x.sin() * x, 2.0, 1.0) == pytest.approx(
        (math.sin(2.0) * 2.0, math.cos(2.0) * 2.0 + math.sin(2.0)), rel=1e-14)


def test_jvp_columns_of_the_jacobian():
    # f(x, y) = (x·y, x + y, sin x): one jvp per basis vector gives one Jacobian column
    def f(x, y):
        return [x * y, x + y, x.sin()]

    x, y = 0.7, -1.3
    values, column_x = jvp(f, [x, y], [1.0, 0.0])
    _, column_y = jvp(f, [x, y], [0.0, 1.0])
    assert values == pytest.approx([x * y, x + y, math.sin(x)], rel=1e-14)
    assert column_x == pytest.approx([y, 1.0, math.cos(x)], rel=1e-14)
    assert column_y == pytest.approx([x, 1.0, 0.0], rel=1e-14)


@settings(max_examples=200)
@given(recipes(n_inputs=3, max_steps=12), points(3),
       st.lists(st.floats(-1.0, 1.0, allow_nan=False), min_size=3, max_size=3))
def test_jvp_is_gradient_dot_v(recipe, xs, v):
    assume(well_scaled(recipe, xs))
    value, derivative = jvp(lambda *args: build(recipe, args)[-1], xs, v)

    # reverse mode: J·v is the gradient dotted with v (one output)
    inputs = [Value(x) for x in xs]
    out = build(recipe, inputs)[-1]
    out.backward()
    assert value == out.data
    dot = sum(leaf.grad * vi for leaf, vi in zip(inputs, v))
    scale = 1.0 + sum(abs(leaf.grad * vi) for leaf, vi in zip(inputs, v))
    assert derivative == pytest.approx(dot, rel=1e-9, abs=1e-12 * scale)

    # central differences along v
    h = 1e-6
    up = evaluate(recipe, [x + h * vi for x, vi in zip(xs, v)])
    down = evaluate(recipe, [x - h * vi for x, vi in zip(xs, v)])
    assert derivative == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-5 * (1 + abs(value)))
