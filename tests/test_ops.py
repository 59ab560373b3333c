"""The table of operations is read everywhere: a test per consumer, walking every entry.

Adding an operation to minigrad/ops.py is one entry; these tests fail at once, naming the
operation, when Value, Dual, the steppers, the drawing or the gradient check cannot use it, or
when its local derivatives disagree with central differences.
"""

import math

import pytest

from minigrad import Value
from minigrad.draw import draw_graph
from minigrad.forward import Dual, jvp
from minigrad.gradcheck import check_gradients
from minigrad.i18n import LANGUAGES
from minigrad import ops
from minigrad.ops import OPS, power_op, rule_for
from minigrad.stepping import BackwardSteps, ForwardSteps

# A point inside each operation's domain. A new entry of the table needs one here.
SAMPLES = {
    "+": (1.7, -0.6), "-": (1.7, -0.6), "*": (1.7, -0.6), "/": (1.7, -0.6), "**": (2.3, -0.6),
    "neg": (-0.6,), "exp": (-0.6,), "log": (2.3,), "tanh": (-0.6,), "relu": (1.7,),
    "sigmoid": (-0.6,), "sin": (-0.6,), "cos": (-0.6,), "abs": (-0.6,), "softplus": (-0.6,),
}
POWERS = [power_op(k) for k in (2, 3, 0.5, -1, -1.5)]
ENTRIES = [(name, op, SAMPLES.get(name)) for name, op in OPS.items()] + \
    [(op.name, op, (1.7,)) for op in POWERS]
IDS = [name for name, _, _ in ENTRIES]


def test_every_entry_has_a_sample_point():
    missing = sorted(set(OPS) - set(SAMPLES))
    assert not missing, f"add a point inside the domain of {missing} to SAMPLES"


def apply(op, nodes):
    """``op`` on library nodes, the way a learner writes it (operators, methods, ** k)."""
    if op.exponent is not None:
        return nodes[0] ** op.exponent
    if op.name == "**":
        return nodes[0] ** nodes[1]
    return getattr(nodes[0], op.methods[0])(*nodes[1:])


@pytest.mark.parametrize("name, op, point", ENTRIES, ids=IDS)
def test_value_computes_the_forward_and_backward_passes_the_local_derivatives(name, op, point):
    nodes = [Value(x) for x in point]
    out = apply(op, nodes)
    assert out._op == op.name and out._rule is op
    expected = op.forward(*point)
    assert out.data == expected
    out.backward()
    assert tuple(node.grad for node in nodes) == op.local_grads(*point, expected)


@pytest.mark.parametrize("name, op, point", ENTRIES, ids=IDS)
def test_local_derivatives_agree_with_central_differences(name, op, point):
    h = 1e-6
    locals_ = op.local_grads(*point, op.forward(*point))
    for i in range(len(point)):
        up = list(point)
        down = list(point)
        up[i] += h
        down[i] -= h
        slope = (op.forward(*up) - op.forward(*down)) / (2 * h)
        assert locals_[i] == pytest.approx(slope, rel=1e-6, abs=1e-8), (name, i)


@pytest.mark.parametrize("name, op, point", ENTRIES, ids=IDS)
def test_dual_has_every_method_and_the_same_tangent(name, op, point):
    for method in op.methods + ((op.reflected,) if op.reflected else ()):
        assert hasattr(Dual, method), f"Dual lacks {method} for {name}"
    duals = [Dual(x, 1.0 if i == 0 else 0.0) for i, x in enumerate(point)]
    out = apply(op, duals)
    locals_ = op.local_grads(*point, op.forward(*point))
    assert (out.value, out.tangent) == (op.forward(*point), locals_[0])


@pytest.mark.parametrize("name, op, point", ENTRIES, ids=IDS)
def test_both_steppers_narrate_it_and_end_where_backward_and_jvp_end(name, op, point):
    nodes = [Value(x, label=f"x{i}") for i, x in enumerate(point)]
    out = apply(op, nodes)
    out.label = "out"
    steps = BackwardSteps(out)
    steps.last()
    out.backward()
    assert [steps.state.grads[n] for n in nodes] == [n.grad for n in nodes]
    steps.go(2)
    assert op.formula.format(a="x0", b="x1") in steps.state.narration
    forward = ForwardSteps(lambda *xs: apply(op, list(xs)), list(point), [1.0] + [0.0] * (len(point) - 1))
    assert forward.jvp() == pytest.approx(jvp(lambda *xs: apply(op, list(xs)), list(point),
                                              [1.0] + [0.0] * (len(point) - 1)))


@pytest.mark.parametrize("name, op, point", ENTRIES, ids=IDS)
def test_the_drawing_shows_it_and_the_gradient_check_passes(name, op, point):
    nodes = [Value(x) for x in point]
    out = apply(op, nodes)
    assert f'label="{op.name}"' in draw_graph(out).source or f"label={op.name} " in \
        draw_graph(out).source
    report = check_gradients(lambda *xs: apply(op, list(xs)), list(point))
    assert report.ok, str(report)


@pytest.mark.parametrize("name, op, point", ENTRIES, ids=IDS)
def test_the_rule_is_named_in_every_language(name, op, point):
    assert set(op.rule) == set(LANGUAGES), f"{name}: rule names for {sorted(LANGUAGES)}"
    assert all(text.strip() for text in op.rule.values())
    assert len(op.local_texts) == len(point) == op.arity
    assert rule_for(op.name) is op


def test_abs_and_softplus_end_to_end():
    x = Value(-2.0, label="x")
    y = abs(x) * x.softplus()
    y.backward()
    softplus = math.log1p(math.exp(-2.0))
    sigmoid = 1 / (1 + math.exp(2.0))
    assert y.data == pytest.approx(2.0 * softplus)
    # d/dx |x|·softplus(x) = sign(x)·softplus(x) + |x|·sigmoid(x)
    assert x.grad == pytest.approx(-softplus + 2.0 * sigmoid)
    assert jvp(lambda t: abs(t) * t.softplus(), -2.0, 1.0)[1] == pytest.approx(x.grad)
    assert Value(1000.0).softplus().data == 1000.0          # no overflow for large inputs


# ── The checker reads the table too ────────────────────────────────────────────────────────────

def test_the_forward_chain_rule_of_one_entry():
    assert ops.tangent(ops.OPS["*"], (2.0, 5.0), (3.0, 7.0)) == (10.0, 5.0 * 3.0 + 2.0 * 7.0)
    assert ops.local_derivatives(ops.OPS["tanh"], 0.0) == (1.0,)
    assert ops.local_derivatives(ops.power_op(3), 2.0) == (12.0,)


def test_the_checkers_expected_derivatives_come_from_the_table(monkeypatch):
    import dataclasses

    from minigrad.checker import lab01, lab07

    # A wrong product rule in the table becomes what lab 01's checker expects.
    swapped = dataclasses.replace(ops.OPS["*"], local_grads=lambda a, b, out: (a, b))
    monkeypatch.setitem(ops.OPS, "*", swapped)
    assert lab01.OPS["01.2"].local((2.0, -3.0), None) == (2.0, -3.0)
    # Every operation of lab 01 is one of the table's, with the table's numbers.
    table_names = {"01.1": "+", "01.2": "*", "01.3": "-", "01.4": "/", "01.6": "exp",
                   "01.7": "tanh", "01.8": "relu"}
    for exercise_id, op in lab01.OPS.items():
        for xs, k in op.points:
            entry = ops.power_op(k) if exercise_id == "01.5" else ops.OPS[table_names[exercise_id]]
            assert op.forward(xs, k) == entry.forward(*xs)
            assert op.local(xs, k) == ops.local_derivatives(entry, *xs)
    assert set(table_names) | {"01.5"} == set(lab01.OPS)
    assert lab07.exact_softplus is ops.OPS["softplus"].forward


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_stepper_told_f_failed_lists_every_operation_of_the_table(lang):
    with pytest.raises(TypeError) as error:
        ForwardSteps(lambda x: math.sin(x), [0.5], [1.0], lang=lang)
    message = str(error.value)
    for op in OPS.values():
        named = [f".{name}()" for name in op.methods if not name.startswith("__")]
        shown = [op.name] if op.arity == 2 else named      # -x is the operator - already shown
        assert all(text in message for text in shown), (op.name, message)
    assert "-" in message
