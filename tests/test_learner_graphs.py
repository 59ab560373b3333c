"""The learner's own graphs: drawn, stepped through with the learner's own closures, judged.

Any Value-like node (data, grad, _prev, _op; label optional) can be drawn and stepped: the
lab's Value, micrograd's pattern (parents in a set), a lab 00 node with no closures. On a
learner's graph the stepper runs the learner's own ``_backward`` closures one node per step,
ends with the grads the learner's ``backward()`` leaves, and names the first step that differs
from the table's rules. A learner's Dual class is stepped the same way in forward mode.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from learner_values import BareValue, Dual, MicroValue, SignSlipValue, SloppyDual, sin
from minigrad import set_language
from minigrad.draw import draw_graph
from minigrad.forward import jvp
from minigrad.labs import ready
from minigrad.stepping import BackwardSteps, ForwardSteps
from minigrad.widgets import BackwardStepper, ForwardStepper

ROOT = Path(__file__).resolve().parent.parent


def example(Value):
    """c = a * b + a, the labs' running example, with labels."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    d = a * b
    d.label = "d"
    c = d + a
    c.label = "c"
    return a, b, d, c


def neuron(Value):
    """tanh(w0·x0 + w1·x1 + bias)**2 with a reused weight: every op the classes share."""
    x0, x1 = Value(1.5, label="x0"), Value(-0.5, label="x1")
    w0, w1, bias = Value(0.7, label="w0"), Value(-1.2, label="w1"), Value(0.1, label="bias")
    s = w0 * x0 + w1 * x1 + bias + w0 * w0
    out = s.tanh() ** 2
    out.label = "out"
    return [x0, x1, w0, w1, bias], out


# ── Drawing ────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("Value", [ready.Value, MicroValue, BareValue],
                         ids=["lab", "micrograd", "lab00"])
def test_any_value_like_graph_is_drawn_with_its_labels_data_and_ops(Value):
    a, b, d, c = example(Value)
    source = draw_graph(c).source
    assert 'label="a | data 2.0000 | grad 0.0000"' in source
    assert 'label="b | data -3.0000 | grad 0.0000"' in source
    assert 'label="c | data -4.0000 | grad 0.0000"' in source
    assert 'label="*"' in source and 'label="+"' in source
    assert "<svg" in draw_graph(c).svg()


def test_a_micrograd_set_of_parents_is_drawn_the_same_in_every_process():
    script = ("import sys\nsys.path.insert(0, 'tests')\n"
              "from learner_values import MicroValue\nfrom test_learner_graphs import neuron\n"
              "from minigrad.draw import draw_graph\n"
              "sys.stdout.write(draw_graph(neuron(MicroValue)[1]).source)\n")
    sources = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        sources.add(subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                                   capture_output=True, check=True, text=True).stdout)
    assert len(sources) == 1
    # w0 * w0 keeps w0 once in micrograd's set; the drawing gives the product both edges.
    assert sources.pop().count("-> n") > 0


class NoOp:
    """A learner's class that forgot _op."""

    def __init__(self, data):
        self.data, self.grad, self._prev = data, 0.0, ()


class Value:
    """A learner's class called Value, like the library's, that forgot _prev and _op."""

    def __init__(self, data):
        self.data, self.grad = data, 0.0


@pytest.mark.parametrize("lang, text", [
    ("en", "draw_graph: <test_learner_graphs.Value object> (of type Value) is not a node of a "
           "graph: it has no _prev and _op."),
    ("es", "draw_graph: <test_learner_graphs.Value object> (de tipo Value) no es un nodo de un "
           "grafo: no tiene _prev ni _op."),
])
def test_a_missing_attribute_is_named_never_expected_a_value_got_value(lang, text):
    set_language(lang)
    with pytest.raises(TypeError) as error:
        draw_graph(Value(1.0))
    message = str(error.value)
    assert message.startswith(text)               # no memory address: stored outputs stay stable
    assert "got Value" not in message and "expected a Value" not in message
    with pytest.raises(TypeError, match="_op") as error:
        BackwardStepper(NoOp(2.0), lang=lang)
    assert "_prev" not in str(error.value).split(":")[2].split(".")[0]   # only what is missing


def test_a_parent_that_is_not_a_node_is_named():
    a = BareValue(1.0, label="a")
    bad = BareValue(2.0, parents=(a, 3.0), op="+", label="bad")
    with pytest.raises(TypeError, match=r"a parent of bad is 3.0 \(of type float\), which is not a "
                                        r"node"):
        draw_graph(bad)


def test_newlines_in_labels_are_line_breaks_and_nul_is_refused():
    a, b, d, c = example(ready.Value)
    a.label = "first\nsecond"
    assert r'label="first\nsecond | data' in draw_graph(c).source
    a.label = "x\0y"
    with pytest.raises(ValueError, match="NUL"):
        draw_graph(c)
    set_language("es")
    with pytest.raises(ValueError, match="carácter NUL"):
        draw_graph(c)


# ── Stepping through the learner's own backward pass ───────────────────────────────────────────

@pytest.mark.parametrize("Value", [ready.Value, MicroValue], ids=["lab", "micrograd"])
def test_the_learners_closures_end_where_the_learners_backward_ends(Value):
    nodes, out = neuron(Value)
    out.backward()
    wanted = [node.grad for node in nodes]
    nodes, out = neuron(Value)
    steps = BackwardSteps(out)
    assert steps.verdict is None and steps.unknown_ops == []
    assert [node.grad for node in nodes] == pytest.approx(wanted, rel=1e-12)
    steps.last()
    state = steps.state
    for node in steps.order:                 # the replay shows the grads the closures left
        assert state.grads[node] == node.grad
    assert "every step agrees with the table's rules" in state.narration


def test_each_step_calls_one_closure_and_shows_what_it_changed():
    a, b, d, c = example(MicroValue)
    steps = BackwardSteps(c)
    assert steps.n_steps == 1 + 4                 # the seed, then c, d, b, a (reverse order)
    steps.go(2)                                   # c = d + a: its closure ran
    state = steps.state
    assert state.kind == "call" and state.current is c
    assert (state.grads[a], state.grads[d], state.grads[b]) == (1.0, 1.0, 0.0)
    # micrograd keeps the parents in a set: the stepper orders them by what they show (a, then d).
    assert state.narration.splitlines() == [
        "Step 2/5 · your c._backward() for c = a + d:",
        "  a.grad: 0.0 → 1.0",
        "  d.grad: 0.0 → 1.0",
        "  ✔ as the sum rule says: a.grad += 1 · c.grad, d.grad += 1 · c.grad",
    ]
    steps.go(3)                                   # d = a * b
    assert steps.state.grads[a] == 1.0 + (-3.0)
    steps.back()
    assert steps.state.grads[a] == 1.0            # stepping back restores, exactly


def test_the_first_wrong_step_is_flagged_with_the_rules_number():
    a, b, d, c = example(SignSlipValue)
    steps = BackwardSteps(c)
    verdict = steps.verdict
    assert verdict is not None and verdict.step == 3 and verdict.node is d
    assert verdict.kind == "passed" and verdict.other is a
    assert (verdict.got, verdict.expected) == (3.0, -3.0)
    assert str(verdict) == "step 3: your * node passed 3.0 to a; the product rule gives -3.0."
    steps.go(3)
    assert "✘ step 3: your * node passed 3.0 to a" in steps.state.narration
    steps.last()
    assert steps.state.narration.endswith(
        "First difference from the table's rules: step 3: your * node passed 3.0 to a; the "
        "product rule gives -3.0.")
    spanish = BackwardSteps(example(SignSlipValue)[3], lang="es")
    assert str(spanish.verdict) == ("paso 3: tu nodo * ha pasado 3,0 a a; la regla del producto "
                                    "da -3,0.")


def test_correct_alternatives_are_not_flagged():
    # a - b written as a + (-b), a closure with self.grad = self.grad + ..., -a/b**2 vs -out/b.
    class Alternative(MicroValue):
        def __mul__(self, other):
            other = other if isinstance(other, MicroValue) else Alternative(other)
            out = Alternative(self.data * other.data, (self, other), "*")

            def _backward():
                self.grad = self.grad + other.data * out.grad
                other.grad = other.grad + out.grad * self.data
            out._backward = _backward
            return out

        def __truediv__(self, other):
            out = Alternative(self.data / other.data, (self, other), "/")

            def _backward():
                self.grad += out.grad / other.data
                other.grad += -self.data / other.data ** 2 * out.grad
            out._backward = _backward
            return out

    x, y = Alternative(0.3, label="x"), Alternative(7.0, label="y")
    out = (x * y - y) / (x * 3.0) + x ** 3
    steps = BackwardSteps(out)
    assert steps.verdict is None, steps.verdict


def test_a_closure_writing_into_a_node_that_is_not_a_parent_is_flagged():
    a, b, d, c = example(MicroValue)

    def into_the_output():                        # a late-binding slip: writes into c itself
        c.grad += 1.0
    d._backward = into_the_output
    verdict = BackwardSteps(c).verdict
    assert verdict.kind == "foreign" and verdict.other is c and verdict.node is d
    assert "which is not one of its parents" in verdict.text


def test_an_operation_the_table_does_not_know_is_stepped_without_a_verdict():
    x = MicroValue(-0.5, label="x")
    clipped = (x * 2).relu()
    out = clipped + x
    assert BackwardSteps(out).verdict is None           # micrograd's "ReLU" is the table's relu
    clipped._op = "ReLU6"                               # an operation the table has no rule for
    steps = BackwardSteps(out)
    assert steps.verdict is None and steps.unknown_ops == ["ReLU6"]
    narrations = []
    for k in range(steps.n_steps + 1):
        steps.go(k)
        narrations.append(steps.state.narration)
    text = "\n".join(narrations)
    assert "the table has no rule for 'ReLU6': this step is shown without a verdict" in text
    assert text.endswith("(steps of ReLU6 were shown without a verdict: the table has no rule "
                         "for them)")


def test_a_closure_that_raises_stops_the_stepper_with_a_sentence():
    a, b, d, c = example(MicroValue)

    def broken():
        raise ZeroDivisionError("float division by zero")
    d._backward = broken
    steps = BackwardSteps(c)
    steps.last()
    assert steps.state.kind == "raised" and steps.n_steps == 3
    assert "your _backward raised ZeroDivisionError: float division by zero" in \
        steps.state.narration
    # The closing line says where it stopped, never that the pass is complete.
    assert "complete" not in steps.state.narration
    assert steps.state.narration.endswith(
        "Your backward pass stopped at step 3: the _backward of d raised ZeroDivisionError: float "
        "division by zero. Fix that closure, build the graph again and step through it again.")
    spanish = BackwardSteps(c, lang="es")
    spanish.last()
    assert "Tu pasada hacia atrás se ha detenido en el paso 3: el _backward de d" in \
        spanish.state.narration and "completa" not in spanish.state.narration


def test_lab00_nodes_without_closures_are_stepped_with_the_tables_rules():
    a, b, d, c = example(BareValue)
    steps = BackwardSteps(c)
    steps.last()
    assert steps.state.grads[a] == -2.0 and steps.state.grads[b] == 2.0
    assert a.grad == 0.0                          # nothing of the learner's was run or changed


def test_the_widget_shows_the_learners_grads_and_verdict():
    nodes, out = neuron(SignSlipValue)
    stepper = BackwardStepper(out)
    assert stepper.verdict is not None and stepper.verdict.kind == "passed"
    stepper.last()
    assert "First difference" in stepper._narration.value
    assert repr(stepper) == f"<BackwardStepper: step {stepper.n_steps} of {stepper.n_steps}>"
    assert repr(BackwardStepper(out, lang="es")) == \
        f"<BackwardStepper: paso 0 de {stepper.n_steps}>"


# ── Stepping through the learner's own Dual ────────────────────────────────────────────────────

def f(x, y):
    return x * y + x.sin() - y


def test_a_correct_learners_dual_agrees_with_the_table_at_every_step():
    steps = ForwardSteps(f, [0.5, 2.0], [1.0, 0.0], dual=Dual, functions={"sin": sin})
    assert steps.verdict is None
    steps.last()
    value, tangent = jvp(f, [0.5, 2.0], [1.0, 0.0])
    out = steps.outputs[0]
    assert steps.state.values[out] == pytest.approx(value)
    assert steps.state.tangents[out] == pytest.approx(tangent)
    assert "every step agrees with the table's rules" in steps.state.narration


def test_a_wrong_product_rule_in_a_dual_is_flagged_at_its_step():
    steps = ForwardSteps(f, [0.5, 2.0], [0.0, 1.0], dual=SloppyDual, functions={"sin": sin})
    verdict = steps.verdict
    assert verdict.kind == "tangent" and verdict.node._op == "*"
    assert (verdict.got, verdict.expected) == (0.0, 0.5)        # ẏ·x was forgotten
    assert str(verdict) == f"step {verdict.step}: your * node's tangent is 0.0; the product " \
                           "rule gives 0.5."
    stepper = ForwardStepper(f, [0.5, 2.0], [0.0, 1.0], dual=SloppyDual, functions={"sin": sin})
    stepper.go(verdict.step)
    assert "✘" in stepper._narration.value


def test_a_function_the_learner_did_not_pass_is_computed_by_the_table_and_said():
    steps = ForwardSteps(f, [0.5, 2.0], [1.0, 0.0], dual=Dual)
    text = []
    for k in range(steps.n_steps + 1):
        steps.go(k)
        text.append(steps.state.narration)
    assert "your Dual has no sin: pass functions={'sin': sin}" in "\n".join(text)
    assert steps.verdict is None


def test_a_learners_function_that_raises_stops_the_forward_stepper_and_says_where():
    def broken_sin(x):
        raise ValueError("math domain error")

    steps = ForwardSteps(f, [0.5, 2.0], [1.0, 0.0], dual=Dual, functions={"sin": broken_sin})
    steps.last()
    assert steps.state.kind == "raised"
    assert "complete" not in steps.state.narration
    assert steps.state.narration.endswith(
        f"Your forward-mode pass stopped at step {steps.n_steps}: your sin raised ValueError: math "
        "domain error. Fix it and step through again.")


def test_bad_dual_arguments_are_explained():
    with pytest.raises(TypeError, match="must be your Dual class"):
        ForwardSteps(f, [0.5, 2.0], [1.0, 0.0], dual=Dual(1.0))
    with pytest.raises(TypeError, match="functions must be a dict"):
        ForwardSteps(f, [0.5, 2.0], [1.0, 0.0], dual=Dual, functions=[sin])


# ── The learner's own topological order ────────────────────────────────────────────────────────

def shared(Value):
    """L = (a·b + a)·(a·b): e = a·b has two users, d and L."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    e = a * b
    d = e + a
    L = d * e
    e.label, d.label, L.label = "e", "d", "L"
    return a, b, e, d, L


def test_a_correct_order_of_the_learners_is_stepped_as_given():
    a, b, e, d, L = shared(ready.Value)
    mine = ready.topological_order(L)
    steps = BackwardSteps(L, order=mine)
    assert steps.verdict is None and steps.order == mine
    grads = (a.grad, b.grad)
    a2, b2, e2, d2, L2 = shared(ready.Value)
    L2.backward()
    assert grads == (a2.grad, b2.grad)


def test_an_order_that_calls_a_node_before_its_user_is_the_verdict():
    a, b, e, d, L = shared(ready.Value)
    breadth_first = [a, b, d, e, L]          # reversed: L, e, d, …: e passes back before d has
    steps = BackwardSteps(L, order=breadth_first)
    verdict = steps.verdict
    assert verdict.kind == "order" and verdict.node is e and verdict.other is d
    assert str(verdict) == ("step 3: your order calls e's _backward before d's, which uses e: e's "
                            "grad is not complete yet. Walk the topological order in reverse.")
    stepper = BackwardStepper(L, order=breadth_first, lang="es")
    assert str(stepper.verdict).startswith("paso 3: tu orden llama al _backward de e antes que al "
                                           "de d")
    assert "L, e, d" not in stepper._order.value and "a, b, d, e, L" in stepper._order.value


@pytest.mark.parametrize("bad, words", [
    (lambda a, b, e, d, L: [a, b, e, d], "L is not in order"),
    (lambda a, b, e, d, L: [a, b, e, e, d, L], "e is in order more than once"),
    (lambda a, b, e, d, L: [a, b, e, d, L, ready.Value(1.0)], "not in this graph"),
    (lambda a, b, e, d, L: 42, "order must be a list"),
])
def test_an_order_that_is_not_one_of_this_graph_is_refused(bad, words):
    nodes = shared(ready.Value)
    with pytest.raises((TypeError, ValueError), match=words):
        BackwardSteps(nodes[-1], order=bad(*nodes))
