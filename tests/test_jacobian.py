"""Jacobians both ways: the same matrix, the pass counts each mode promises, clear errors.

Forward mode (n passes, one column each) and reverse mode (one recorded graph, m backward passes,
one row each) must agree with each other, with a hand-derived Jacobian and with central
differences, on hand-written functions and on random expression graphs.
"""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minigrad import Value, set_language
from minigrad.forward import Dual
from minigrad.jacobian import JacobianResult, jacobian_forward, jacobian_reverse, jvp, vjp

import random_graphs


def close(a, b, rel=1e-10, abs_=1e-12):
    return all(math.isclose(x, y, rel_tol=rel, abs_tol=abs_) for ra, rb in zip(a, b)
               for x, y in zip(ra, rb)) and [len(r) for r in a] == [len(r) for r in b]


# ── A hand-derived Jacobian ────────────────────────────────────────────────────────────────────

def three_to_two(x, y, z):
    """f(x, y, z) = (x·y + z², sin(x)·e^z): shape (2, 3)."""
    return [x * y + z ** 2, x.sin() * z.exp()]


def three_to_two_jacobian(x, y, z):
    return [[y, x, 2 * z],
            [math.cos(x) * math.exp(z), 0.0, math.sin(x) * math.exp(z)]]


@pytest.mark.parametrize("mode", [jacobian_forward, jacobian_reverse])
def test_hand_derived_jacobian(mode):
    point = [0.7, -1.3, 0.4]
    result = mode(three_to_two, point)
    assert result.shape == (2, 3)
    assert close(result.matrix, three_to_two_jacobian(*point))
    assert result.values == pytest.approx([0.7 * -1.3 + 0.4 ** 2, math.sin(0.7) * math.exp(0.4)])


def test_pass_counts_are_n_and_m():
    point = [0.7, -1.3, 0.4]
    forward, reverse = jacobian_forward(three_to_two, point), jacobian_reverse(three_to_two, point)
    assert (forward.mode, forward.passes, forward.forward_evaluations, forward.backward_passes) == \
        ("forward", 3, 3, 0)
    assert (reverse.mode, reverse.passes, reverse.forward_evaluations, reverse.backward_passes) == \
        ("reverse", 2, 1, 2)


def test_counts_match_what_really_ran(monkeypatch):
    # The counts are not just declared: count the calls of f and of Value.backward.
    calls = {"f": 0, "backward": 0}
    real_backward = Value.backward

    def counting_backward(self):
        calls["backward"] += 1
        real_backward(self)

    def f(*xs):
        calls["f"] += 1
        return [xs[0] * xs[i] for i in range(len(xs))] + [xs[-1].tanh()]

    monkeypatch.setattr(Value, "backward", counting_backward)
    point = [0.5, 1.5, -2.0, 0.25, 3.0]                  # n = 5 inputs, m = 6 outputs
    forward = jacobian_forward(f, point)
    assert calls == {"f": 5, "backward": 0} and forward.passes == 5
    calls.update(f=0, backward=0)
    reverse = jacobian_reverse(f, point)
    assert calls == {"f": 1, "backward": 6} and reverse.passes == 6
    assert close(forward.matrix, reverse.matrix)


def test_identity_like_functions_and_constant_outputs():
    # An input returned as an output is a leaf; a number is a constant with a zero row.
    def f(x, y):
        return [y, x, 4.0]
    for mode in (jacobian_forward, jacobian_reverse):
        result = mode(f, [2.0, 3.0])
        assert result.matrix == [[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
        assert result.values == [3.0, 2.0, 4.0]
    assert jacobian_reverse(f, [2.0, 3.0]).backward_passes == 2   # nothing to pass back from 4.0


def test_one_input_and_one_output():
    for mode in (jacobian_forward, jacobian_reverse):
        result = mode(lambda t: (t * t).exp(), 0.5)      # d/dt e^(t²) = 2t·e^(t²)
        assert result.shape == (1, 1)
        assert result.matrix[0][0] == pytest.approx(2 * 0.5 * math.exp(0.25), rel=1e-12)


def test_rows_do_not_leak_into_each_other():
    # Both outputs depend on every input: a row that kept the previous row's grads would be off.
    def f(a, b):
        return [a * b, a * b + a]
    assert jacobian_reverse(f, [2.0, 5.0]).matrix == [[5.0, 2.0], [6.0, 2.0]]


# ── Random expression graphs ───────────────────────────────────────────────────────────────────

def recipe_function(recipe, n_outputs):
    """f whose outputs are the last ``n_outputs`` nodes of the recipe (shared subgraphs included)."""
    def f(*inputs):
        return random_graphs.build(recipe, inputs)[-n_outputs:]
    return f


def outputs_at(recipe, n_outputs, point):
    """The recipe's last outputs on plain floats: no Value, no Dual, no derivative."""
    return random_graphs.build(recipe, [float(x) for x in point])[-n_outputs:]


def central_jacobian(recipe, n_outputs, point, h=1e-6):
    columns = []
    for j in range(len(point)):
        up, down = list(point), list(point)
        up[j] += h
        down[j] -= h
        high, low = outputs_at(recipe, n_outputs, up), outputs_at(recipe, n_outputs, down)
        columns.append([(a - b) / (2 * h) for a, b in zip(high, low)])
    return [list(row) for row in zip(*columns)]


@settings(max_examples=80)
@given(recipe=random_graphs.recipes(n_inputs=3, max_steps=10), point=random_graphs.points(3),
       n_outputs=st.integers(1, 4))
def test_both_modes_agree_with_each_other_and_with_central_differences(recipe, point, n_outputs):
    f = recipe_function(recipe, n_outputs)
    forward, reverse = jacobian_forward(f, point), jacobian_reverse(f, point)
    m = len(forward.matrix)
    assert forward.shape == reverse.shape == (m, 3)
    assert (forward.passes, reverse.passes, reverse.backward_passes) == (3, m, m)
    assert close(forward.matrix, reverse.matrix, rel=1e-9, abs_=1e-9)
    numeric = central_jacobian(recipe, n_outputs, point)
    assert close(reverse.matrix, numeric, rel=1e-4, abs_=1e-5), (reverse.matrix, numeric)


@settings(max_examples=40)
@given(recipe=random_graphs.recipes(n_inputs=3, max_steps=10), point=random_graphs.points(3),
       seed=st.integers(0, 10 ** 6))
def test_vjp_and_jvp_are_rows_and_columns_of_the_same_matrix(recipe, point, seed):
    f = recipe_function(recipe, 3)
    matrix = jacobian_forward(f, point).matrix
    rng = random.Random(seed)
    w = [rng.uniform(-2, 2) for _ in matrix]
    v = [rng.uniform(-2, 2) for _ in point]
    _, w_j = vjp(f, point, w)
    _, j_v = jvp(f, point, v)
    expected_w_j = [sum(w[i] * matrix[i][j] for i in range(len(w))) for j in range(3)]
    expected_j_v = [sum(row[j] * v[j] for j in range(3)) for row in matrix]
    assert close([w_j], [expected_w_j], rel=1e-9, abs_=1e-9)
    assert close([j_v], [expected_j_v], rel=1e-9, abs_=1e-9)


def test_vjp_shapes_follow_f_and_x():
    values, grads = vjp(three_to_two, [0.7, -1.3, 0.4], [1.0, 0.0])
    assert grads == pytest.approx(three_to_two_jacobian(0.7, -1.3, 0.4)[0], rel=1e-12)
    assert isinstance(values, list) and len(values) == 2
    value, slope = vjp(lambda t: t.sin(), 0.3, 2.0)      # one input, one output: plain floats
    assert value == pytest.approx(math.sin(0.3)) and slope == pytest.approx(2 * math.cos(0.3))


# ── Errors speak the learner's language ────────────────────────────────────────────────────────

@pytest.mark.parametrize("call, error, english, spanish", [
    (lambda: jacobian_forward(3.0, [1.0]), TypeError, "f must be a function", "f debe ser una función"),
    (lambda: jacobian_reverse(lambda x: x, []), ValueError, "x is empty", "x está vacío"),
    (lambda: jacobian_reverse(lambda x: [], [1.0]), ValueError, "empty list", "lista vacía"),
    (lambda: jacobian_reverse(lambda x: [x, "x"], [1.0]), TypeError, "output 1 of f is str",
     "la salida 1 de f es str"),
    (lambda: jacobian_forward(lambda x: [x, None], [1.0]), TypeError, "must be a Dual",
     "debe ser un Dual"),
    (lambda: vjp(three_to_two, [1.0, 2.0, 3.0], [1.0]), ValueError, "2 outputs but the seed w has 1",
     "2 salidas pero la semilla w tiene 1"),
    (lambda: jacobian_reverse(three_to_two, "abc"), TypeError, "got 'abc'", "se ha recibido 'abc'"),
])
def test_bad_input_is_explained_in_both_languages(call, error, english, spanish):
    for lang, text in (("en", english), ("es", spanish)):
        set_language(lang)
        with pytest.raises(error) as caught:
            call()
        assert text in str(caught.value)


def test_result_is_a_frozen_record():
    result = jacobian_forward(three_to_two, [0.1, 0.2, 0.3])
    assert isinstance(result, JacobianResult)
    with pytest.raises(AttributeError):
        result.passes = 1


def test_forward_mode_keeps_no_graph():
    # Dual does not remember its inputs: the reason forward mode needs constant memory.
    y = three_to_two(Dual(0.7, 1.0), Dual(-1.3), Dual(0.4))[0]
    assert not hasattr(y, "_prev") and set(Dual.__slots__) == {"value", "tangent", "op"}

