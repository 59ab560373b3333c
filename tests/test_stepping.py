"""The step-by-step replays: they end where backward() and jvp end, step back exactly, narrate."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minigrad import Value, set_language
from minigrad.forward import Dual, jvp
from minigrad.i18n import LANGUAGES
from minigrad.scalar import topological_order, zero_grad
from minigrad.stepping import BackwardSteps, ForwardSteps, local_derivatives, rule_for

from random_graphs import build, points, recipes


def every_op_graph():
    """One graph that uses every operation, including both kinds of power and a reused node."""
    a, b, c = Value(1.5, label="a"), Value(-0.7, label="b"), Value(0.4, label="c")
    terms = [
        a + b, a - b, a * b, a / b, -a, a ** 2, a ** 0.5, b ** -1, b ** 3, a ** c,
        a.exp(), a.log(), b.tanh(), b.relu(), a.relu(), b.sigmoid(), b.sin(), b.cos(), c * c,
    ]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def reference_grads(root):
    """What backward() computes from zeroed grads, node by node."""
    zero_grad(root)
    root.backward()
    grads = {node: node.grad for node in topological_order(root)}
    zero_grad(root)
    return grads


def assert_same_grads(replayed, expected):
    assert replayed.keys() == expected.keys()
    for node, grad in expected.items():
        assert replayed[node] == pytest.approx(grad, rel=1e-12, abs=1e-12), node


# ── Reverse pass: the final state is backward()'s ──────────────────────────────────────────────

def test_every_operation_ends_where_backward_ends():
    root = every_op_graph()
    ops = {node._op for node in topological_order(root)}
    assert {"+", "-", "*", "/", "neg", "**2", "**0.5", "**-1", "**3", "**", "exp", "log",
            "tanh", "relu", "sigmoid", "sin", "cos"} <= ops
    steps = BackwardSteps(root)
    steps.last()
    assert_same_grads(steps.state.grads, reference_grads(root))


@settings(max_examples=150)
@given(recipes(), points())
def test_random_graphs_with_reused_nodes_end_where_backward_ends(recipe, xs):
    nodes = build(recipe, [Value(x, label=f"x{i}") for i, x in enumerate(xs)])
    root = nodes[-1]
    steps = BackwardSteps(root)
    steps.last()
    assert_same_grads(steps.state.grads, reference_grads(root))


def test_local_derivatives_agree_with_central_differences():
    # The numbers the narration shows are the engine's: check each against the definition.
    h = 1e-6
    for x in (0.3, 1.7):
        for op in ("exp", "log", "tanh", "sigmoid", "sin", "cos", "relu", "neg"):
            node = getattr(Value(x), op)() if op != "neg" else -Value(x)
            f = (lambda t: getattr(Value(t), op)().data) if op != "neg" else (lambda t: -t)
            (local,) = local_derivatives(node)
            assert local == pytest.approx((f(x + h) - f(x - h)) / (2 * h), rel=1e-6), op
    a, b = Value(1.3), Value(0.6)
    for node, f in [(a ** b, lambda s, t: s ** t), (a / b, lambda s, t: s / t),
                    (a ** 2.5, lambda s, t: s ** 2.5)]:
        locals_ = local_derivatives(node)
        assert locals_[0] == pytest.approx((f(1.3 + h, 0.6) - f(1.3 - h, 0.6)) / (2 * h), rel=1e-6)
        if len(locals_) == 2:
            assert locals_[1] == pytest.approx((f(1.3, 0.6 + h) - f(1.3, 0.6 - h)) / (2 * h),
                                               rel=1e-6)


def test_the_learners_grads_are_never_touched():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = a * b + a
    nodes = topological_order(L)
    for i, node in enumerate(nodes):
        node.grad = 100.0 + i                  # whatever the learner's code left there
    steps = BackwardSteps(L)
    for k in (1, 3, steps.n_steps, 2, 0):
        steps.go(k)
    assert [node.grad for node in nodes] == [100.0 + i for i in range(len(nodes))]
    steps.last()
    # The copy starts from zero, not from the learner's values.
    assert steps.state.grads[a] == -2.0 and steps.state.grads[b] == 2.0


def test_a_replay_keeps_the_numbers_of_the_graph_it_was_built_on():
    # Like lesson 05: a replay is made, then a training step changes the weights in place.
    w, x = Value(0.5, label="w"), Value(-2.0, label="x")
    h = w * x
    L = h.tanh()
    steps = BackwardSteps(L)
    steps.last()
    expected = narrations(steps), steps.state.grads
    w.data, x.data = 1.4431, 3.0
    w.label = "renamed"
    assert (narrations(steps), steps.state.grads) == expected
    assert steps.data(w) == 0.5 and steps.data(h) == -1.0 and steps.name(w) == "w"
    assert "1.4431" not in "".join(expected[0]) and "renamed" not in "".join(expected[0])


# ── Reverse pass: positions ────────────────────────────────────────────────────────────────────

def test_positions_seed_then_one_node_per_step_in_reverse_topological_order():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    order = topological_order(c)             # a, b, c
    steps = BackwardSteps(c)
    assert steps.n_steps == 1 + len(order)
    start = steps.state
    assert (start.position, start.kind, start.current, start.processed) == (0, "start", None,
                                                                              frozenset())
    assert set(start.grads.values()) == {0.0}
    steps.step()
    seed = steps.state
    assert (seed.kind, seed.current, seed.grads[c], seed.grads[a]) == ("seed", c, 1.0, 0.0)
    assert seed.processed == frozenset()
    steps.step()
    at_c = steps.state
    assert (at_c.kind, at_c.current, at_c.processed) == ("node", c, frozenset({c}))
    assert (at_c.grads[a], at_c.grads[b]) == (-3.0, 2.0)
    visited = [at_c.current]
    while steps.position < steps.n_steps:
        steps.step()
        visited.append(steps.state.current)
        assert steps.state.kind == "leaf"
    assert visited == list(reversed(order))
    assert steps.state.processed == frozenset(order)


def test_stepping_back_restores_every_previous_state_exactly():
    root = every_op_graph()
    steps = BackwardSteps(root)
    forwards = [steps.state]
    while steps.position < steps.n_steps:
        steps.step()
        forwards.append(steps.state)
    for k in range(steps.n_steps, -1, -1):
        assert steps.state == forwards[k]
        steps.back()
    steps.back()                                 # at step 0 there is nothing to undo
    assert steps.position == 0
    for k in (7, 2, steps.n_steps, 0, 13):
        steps.go(k)
        assert steps.state == forwards[k]
    steps.last()
    steps.step()                                 # nor anything to do after the last step
    assert steps.state == forwards[-1]
    steps.first()
    assert steps.state == forwards[0]


@pytest.mark.parametrize("bad", [-1, 99, 1.5, True, "2"])
def test_go_refuses_impossible_steps_in_both_languages(bad):
    steps = BackwardSteps(Value(2.0) * 3.0)
    with pytest.raises(ValueError, match=r"whole number from 0 to 4"):
        steps.go(bad)
    spanish = BackwardSteps(Value(2.0) * 3.0, lang="es")
    with pytest.raises(ValueError, match=r"número entero de 0 a 4"):
        spanish.go(bad)


@pytest.mark.parametrize("lang, words",
                         [("en", "is not a node of a graph: it has no data and grad"),
                          ("es", "no es un nodo de un grafo: no tiene data ni grad")])
def test_a_non_value_root_is_refused(lang, words):
    with pytest.raises(TypeError, match=words):
        BackwardSteps(3.0, lang=lang)
    set_language(lang)
    with pytest.raises(TypeError, match=r"BackwardStepper\(loss\)"):
        BackwardSteps([Value(1.0)])


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        BackwardSteps(Value(1.0), lang="fr")


def test_unknown_operation_names_the_ones_known():
    with pytest.raises(ValueError, match="no local-derivative rule for operation 'sqrt'"):
        rule_for("sqrt")


# ── Reverse pass: narration ────────────────────────────────────────────────────────────────────

def narrations(steps):
    texts = []
    for k in range(steps.n_steps + 1):
        steps.go(k)
        texts.append(steps.state.narration)
    return texts


def test_narration_gives_the_chain_rule_with_real_numbers():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    L = c.tanh()
    L.label = "L"
    texts = narrations(BackwardSteps(L))
    assert texts[0].startswith("Step 0/5 · nothing done yet")
    assert texts[1].startswith("Step 1/5 · seed: L.grad = 1.0")
    local = 1 - math.tanh(-6.0) ** 2                     # ≈ 2.46e-05
    assert texts[2] == ("Step 2/5 · chain rule at L = tanh(c): each parent's grad += local "
                        "derivative · L.grad\n"
                        f"c.grad += (1 - L.data²) · L.grad = {local:.4e} · 1.0 = {local:.4e}")
    assert texts[3].splitlines()[1:] == [
        f"a.grad += b.data · c.grad = (-3.0) · {local:.4e} = {-3 * local:.4e}",
        f"b.grad += a.data · c.grad = 2.0 · {local:.4e} = {2 * local:.4e}",
    ]
    assert texts[5].startswith("Step 5/5 · a is a leaf")
    assert texts[5].endswith("Backward pass complete: every grad now equals what "
                             "L.backward() computes.")


def test_unlabelled_nodes_are_named_by_position_like_in_the_drawing():
    x = Value(3.0)
    y = x * x
    texts = narrations(BackwardSteps(y))
    assert "n1.grad = 1.0" in texts[1]
    assert texts[2].splitlines()[1] == "n0.grad += n0.data · n1.grad = 3.0 · 1.0 = 3.0"


def test_second_and_third_contributions_are_called_accumulation():
    a = Value(2.0, label="a")
    b = a * a                                  # two contributions in one step
    b.label = "b"
    c = b + a                                  # and a third one, from another node
    c.label = "c"
    steps = BackwardSteps(c)
    text = "\n".join(narrations(steps))
    # c = b + a is processed first: a's 1st contribution, 1.0, is not an accumulation ...
    assert ("b.grad += 1 · c.grad = 1.0 · 1.0 = 1.0\n"
            "a.grad += 1 · c.grad = 1.0 · 1.0 = 1.0\nStep 3/4") in text
    # ... then b = a · a adds 2.0 twice: the 2nd and 3rd contributions accumulate.
    assert ("a.grad += a.data · b.grad = 2.0 · 1.0 = 2.0\n"
            "  ↳ accumulation: a already had 1.0; with this 2nd contribution "
            "a.grad = 1.0 + 2.0 = 3.0\n"
            "a.grad += a.data · b.grad = 2.0 · 1.0 = 2.0\n"
            "  ↳ accumulation: a already had 3.0; with this 3rd contribution "
            "a.grad = 3.0 + 2.0 = 5.0") in text
    assert text.count("accumulation") == 2
    assert steps.grad_history(a) == [0.0, 1.0, 3.0, 5.0]
    spanish = "\n".join(narrations(BackwardSteps(c, lang="es")))
    assert ("↳ acumulación: a ya tenía 1,0; con esta 2.ª contribución "
            "a.grad = 1,0 + 2,0 = 3,0") in spanish
    assert "3.ª contribución" in spanish


def test_spanish_narration_uses_the_glossary_terms():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b).tanh()
    L.label = "L"
    text = "\n".join(narrations(BackwardSteps(L, lang="es")))
    for term in ("Paso 0/5", "semilla", "pasada hacia atrás", "regla de la cadena",
                 "derivada local", "es una hoja", "orden topológico inverso", "ya es definitivo"):
        assert term in text, term
    assert "Step" not in text and "chain rule" not in text
    set_language("es")                          # lang=None follows set_language
    assert BackwardSteps(L).state.narration.startswith("Paso 0/5")


# ── Forward pass ───────────────────────────────────────────────────────────────────────────────

@settings(max_examples=150)
@given(recipes(), points(), st.lists(st.floats(-2.0, 2.0), min_size=3, max_size=3))
def test_random_graphs_end_where_jvp_ends(recipe, xs, v):
    def f(*inputs):
        return build(recipe, inputs)[-1]

    steps = ForwardSteps(f, xs, v)
    steps.last()
    value, tangent = jvp(f, xs, v)
    output = steps.outputs[0]
    assert steps.state.values[output] == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert steps.state.tangents[output] == pytest.approx(tangent, rel=1e-9, abs=1e-9)
    assert steps.jvp() == (steps.state.values[output], steps.state.tangents[output])


def test_every_operation_forward_matches_jvp_and_several_outputs_work():
    def f(a, b, c):
        return [every_op_from(a, b, c), a * b * 2.0, c]

    x, v = [1.5, -0.7, 0.4], [0.3, -1.0, 2.0]
    steps = ForwardSteps(f, x, v)
    steps.last()
    values, tangents = jvp(f, x, v)
    assert steps.jvp()[0] == pytest.approx(values, rel=1e-12)
    assert steps.jvp()[1] == pytest.approx(tangents, rel=1e-12)
    assert [steps.state.tangents[y] for y in steps.outputs] == pytest.approx(tangents, rel=1e-12)


def every_op_from(a, b, c):
    terms = [a + b, a - b, a * b, a / b, -a, a ** 2, a ** 0.5, b ** -1, a ** c, a.exp(), a.log(),
             b.tanh(), b.relu(), b.sigmoid(), b.sin(), b.cos(), c * c]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def test_forward_positions_values_and_tangents_flow_in_topological_order():
    steps = ForwardSteps(lambda x, y: x * y + 2.0, [3.0, 2.0], [1.0, 0.0])
    order = steps.order
    assert [node.label for node in order[:2]] == ["x", "y"]      # inputs named after f's parameters
    assert steps.n_steps == len(order)
    assert steps.state.processed == frozenset() and steps.state.current is None
    seen = []
    while steps.position < steps.n_steps:
        steps.step()
        state = steps.state
        seen.append(state.current)
        assert set(state.values) == set(order[:state.position]) == state.processed
    assert seen == order
    kinds = [event.kind for event in steps._events]
    assert kinds == ["input", "input", "node", "constant", "node"]
    final = steps.state
    assert [final.tangents[node] for node in order] == [1.0, 0.0, 2.0, 0.0, 2.0]


def test_a_forward_replay_keeps_the_values_it_was_built_on():
    # f may read a Value of the learner's, here a weight that training changes afterwards.
    weight = Value(2.0, label="weight")
    steps = ForwardSteps(lambda a: (a * weight).sin(), [0.5], [1.0])
    expected = narrations(steps), steps.state.values, steps.jvp()
    weight.data = -7.0
    for node in steps.order:
        node.data = 123.0
    assert (narrations(steps), steps.state.values, steps.jvp()) == expected
    assert steps.jvp() == pytest.approx((math.sin(1.0), 2.0 * math.cos(1.0)), rel=1e-12)
    assert "123" not in "".join(expected[0])


def test_forward_stepping_back_is_exact():
    steps = ForwardSteps(lambda a, b: (a * b).sin() / (b * b + 1.0), [0.7, -1.2], [1.0, 2.0])
    forwards = [steps.state]
    while steps.position < steps.n_steps:
        steps.step()
        forwards.append(steps.state)
    for k in (steps.n_steps, 3, 0, 5, 1):
        steps.go(k)
        assert steps.state == forwards[k]


def test_forward_narration_gives_values_and_tangent_rule_with_numbers():
    steps = ForwardSteps(lambda a, b: a * b, [3.0, 2.0], [1.0, 0.0])
    texts = narrations(steps)
    assert texts[0].startswith("Step 0/3 · nothing computed yet") and "v = [1.0, 0.0]" in texts[0]
    assert texts[1] == ("Step 1/3 · a is input 0: a = 3.0; its tangent is entry 0 of the seed "
                        "direction: ȧ = v[0] = 1.0")
    assert texts[3].splitlines()[1:] == [
        "n2 = a · b = 3.0 · 2.0 = 6.0",
        "ṅ2 = b·ȧ + a·ḃ = 2.0 · 1.0 + 3.0 · 0.0 = 2.0",
        "Forward-mode pass complete: the output's tangent is J·v = 2.0, what jvp(f, x, v) returns.",
    ]
    square = narrations(ForwardSteps(lambda t: t ** 2 + 1.0, 3.0, 1.0))
    assert "ṅ1 = 2·t·ṫ = 6.0 · 1.0 = 6.0" in square[2]
    assert ("n2 is a constant: n2 = 1.0; it does not change in any direction, "
            "so ṅ2 = 0.0") in square[3]


def test_forward_narration_in_spanish():
    text = "\n".join(narrations(ForwardSteps(lambda a, b: [a * b, a / b], [3.0, 2.0], [1.0, 0.5],
                                             lang="es")))
    for term in ("Paso 1/4", "es la entrada 0", "dirección semilla", "su tangente",
                 "regla de la cadena hacia delante", "derivada local",
                 "Pasada en modo directo completa", "J·v = [3,5; 0,125]"):
        assert term in text, term
    assert "Step" not in text


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_forward_bad_input_is_explained(lang):
    with pytest.raises(TypeError, match="ForwardStepper: f"):
        ForwardSteps(3.0, [1.0], [1.0], lang=lang)
    with pytest.raises(ValueError, match="ForwardStepper: x .* 2 .* v .* 1"):
        ForwardSteps(lambda a, b: a * b, [1.0, 2.0], [1.0], lang=lang)
    with pytest.raises(TypeError, match=r"ForwardStepper: .*math\.sin"):
        ForwardSteps(lambda a: math.sin(a), [1.0], [1.0], lang=lang)
    with pytest.raises(TypeError, match="ForwardStepper: f .* float"):
        ForwardSteps(lambda a: 2.0, [1.0], [1.0], lang=lang)


def test_forward_uses_the_same_f_as_jvp_with_dual_numbers():
    def f(x, y):
        return (x * y).exp() - y / x

    steps = ForwardSteps(f, [0.5, 1.5], [2.0, -1.0])
    steps.last()
    assert steps.jvp() == pytest.approx(jvp(f, [0.5, 1.5], [2.0, -1.0]), rel=1e-12)
    out = f(Dual(0.5, 2.0), Dual(1.5, -1.0))
    assert steps.jvp()[1] == pytest.approx(out.tangent, rel=1e-12)


# ── Big graphs: the same replay, computed once ─────────────────────────────────────────────────

def big_graph(n_points=700):
    """A one-neuron regression over ``n_points`` points: about 5 nodes per point, and the shared
    weight and bias receive one contribution per point (long accumulations)."""
    w, b = Value(0.3, label="w"), Value(-0.1, label="b")
    total = Value(0.0, label="zero")
    for i in range(n_points):
        x = Value(math.sin(i), label=f"x{i}")
        total = total + ((w * x + b).tanh() - math.cos(i)) ** 2
    return total * (1.0 / n_points), w, b


def test_a_big_replay_matches_backward_node_by_node_and_at_the_end():
    loss, w, b = big_graph()
    expected = reference_grads(loss)
    assert len(expected) > 4000
    steps = BackwardSteps(loss)
    # In reverse topological order a node's step comes after every node computed from it, so
    # from its step on, its grad is final: already what backward() computes.
    for position in (1, 2, steps.n_steps // 3, steps.n_steps // 2 + 7, steps.n_steps - 1):
        steps.go(position)
        state = steps.state
        assert len(state.processed) == position - 1
        for node in state.processed | {state.current}:
            assert state.grads[node] == pytest.approx(expected[node], rel=1e-12, abs=1e-12)
    steps.last()
    assert_same_grads(steps.state.grads, expected)
    # The history of each node: 0.0, then one entry per contribution, ending at backward()'s.
    uses = {node: 0 for node in expected}
    for node in expected:
        for parent in node._prev:
            uses[parent] += 1
    for node in (w, b, loss, *loss._prev):
        history = steps.grad_history(node)
        assert history[0] == 0.0 and len(history) == 1 + uses[node] + (node is loss)
        assert history[-1] == pytest.approx(expected[node], rel=1e-12, abs=1e-12)
    assert len(steps.grad_history(w)) == 701
    steps.first()
    assert set(steps.state.grads.values()) == {0.0}
