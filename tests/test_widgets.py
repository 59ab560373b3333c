"""The stepper widgets: controls, what the graph shows at each step, and that nothing moves."""

import re

import ipywidgets as widgets
import pytest

from minigrad import Value, set_language
from minigrad.draw import MAX_NODES, format_number
from minigrad.forward import jvp
from minigrad.scalar import topological_order, zero_grad
from minigrad.widgets import BackwardStepper, ForwardStepper

GEOMETRY = re.compile(r' (?:x|y|cx|cy|rx|ry|points|d|transform|width|height|viewBox)="[^"]*"')
NODE_GROUP = re.compile(r'<g id="([^"]+)" class="node([^"]*)">(.*?)</g>', re.S)


def neuron():
    """L = tanh(w1·x1 + w2·x2 + b) with x1 used twice, labelled like a lesson would."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.88, label="b")
    n = x1 * w1 + x2 * w2 + b + x1 * 0.1
    n.label = "n"
    L = n.tanh()
    L.label = "L"
    return L


def node_texts(svg):
    """{node id: [texts of its box]} from an SVG."""
    return {ident: re.findall(r"<text [^>]*>([^<]*)</text>", body)
            for ident, _, body in NODE_GROUP.findall(svg)}


def highlighted(svg):
    return [ident for ident, classes, _ in NODE_GROUP.findall(svg) if "mg-highlight" in classes]


def click(button):
    button.click()          # runs the on_click handlers, as a mouse click in JupyterLab does


def test_buttons_and_slider_drive_the_steps_and_are_disabled_at_the_ends():
    stepper = BackwardStepper(neuron())
    assert stepper.position == 0 and stepper._slider.max == stepper.n_steps
    assert stepper._first.disabled and stepper._back.disabled
    assert not stepper._next.disabled and not stepper._last.disabled
    click(stepper._next)
    click(stepper._next)
    assert stepper.position == 2 and stepper._slider.value == 2
    assert not stepper._back.disabled
    click(stepper._back)
    assert stepper.position == 1
    stepper._slider.value = 5                  # dragging the slider
    assert stepper.position == 5
    assert "Step 5/" in stepper._narration.value
    click(stepper._last)
    assert stepper.position == stepper.n_steps == stepper._slider.value
    assert stepper._next.disabled and stepper._last.disabled
    assert not stepper._first.disabled
    click(stepper._first)
    assert stepper.position == 0 and stepper._slider.value == 0


def test_python_api_moves_the_widget_too():
    stepper = BackwardStepper(neuron())
    stepper.go(4)
    assert stepper._slider.value == 4 and "Step 4/" in stepper._narration.value
    stepper.step()
    stepper.back()
    stepper.back()
    assert stepper.state.position == 3
    stepper.last()
    stepper.step()
    assert stepper.position == stepper.n_steps
    with pytest.raises(ValueError, match="whole number"):
        stepper.go(stepper.n_steps + 1)


def test_nodes_never_move_while_stepping():
    stepper = BackwardStepper(neuron())
    geometry = GEOMETRY.findall(stepper.svg())
    assert len(geometry) > 50
    while stepper.position < stepper.n_steps:
        stepper.step()
        assert GEOMETRY.findall(stepper.svg()) == geometry
        assert GEOMETRY.findall(stepper._graph.value) == geometry


def test_each_step_highlights_its_node_and_marks_the_processed_ones():
    L = neuron()
    stepper = BackwardStepper(L)
    scene = stepper._steps.scene
    assert highlighted(stepper.svg()) == []
    seen = []
    while stepper.position < stepper.n_steps:
        stepper.step()
        state = stepper.state
        marks = highlighted(stepper.svg())
        name = scene.dot_name(state.current)
        # The current node, and its operation when it passes gradient to its parents.
        assert marks == ([name, scene.op_name(state.current)] if state.kind == "node"
                         else [name])
        done = {ident for ident, classes, _ in NODE_GROUP.findall(stepper.svg())
                if "mg-done" in classes}
        assert done == {scene.dot_name(n) for n in state.processed if n is not state.current} | {
            scene.op_name(n) for n in state.processed if n is not state.current and n._prev}
        seen.append(name)
        assert '<span class="mg-current" style=' in stepper._order.value
        current_name = re.escape(scene.display_name(state.current))
        assert re.search(rf'class="mg-current"[^>]*>{current_name}<', stepper._order.value)
    assert len(set(seen)) == len(topological_order(L))


def test_boxes_show_the_grads_so_far_and_end_with_backwards():
    L = neuron()
    stepper = BackwardStepper(L)
    scene = stepper._steps.scene
    start = node_texts(stepper.svg())
    assert start["n0"] == ["x1", "data 2.0000", "grad 0.0000"]
    stepper.step()
    assert node_texts(stepper.svg())[scene.dot_name(L)] == ["L", f"data {format_number(L.data)}",
                                                            "grad 1.0000"]
    stepper.last()
    final = node_texts(stepper.svg())
    zero_grad(L)
    L.backward()
    for node in topological_order(L):
        assert final[scene.dot_name(node)][-1] == f"grad {format_number(node.grad)}"


def test_boxes_keep_the_data_of_the_graph_the_stepper_was_built_on():
    # Lesson 05: the stepper is made, then training changes every weight in place.
    L = neuron()
    stepper = BackwardStepper(L)
    scene = stepper._steps.scene
    views = {}
    for k in (0, 1, 4, stepper.n_steps):
        stepper.go(k)
        views[k] = stepper.svg(), stepper._narration.value
    built_on = {scene.dot_name(n): f"data {format_number(n.data)}" for n in topological_order(L)}
    for node in topological_order(L):
        if not node._prev:
            node.data += 1.0                # like p.data -= learning_rate * p.grad
    for move, k in ((stepper.first, 0), (stepper.step, 1), (lambda: stepper.go(4), 4),
                    (stepper.last, stepper.n_steps)):
        move()
        assert (stepper.svg(), stepper._narration.value) == views[k]
        assert stepper._graph.value == views[k][0]
        shown = node_texts(stepper.svg())
        assert {ident: shown[ident][1] for ident in built_on} == built_on
    click(stepper._back)
    assert node_texts(stepper.svg())["n0"][1] == "data 2.0000"     # x1 was 2.0, is 3.0 now


def test_stepping_leaves_the_learners_grads_alone():
    L = neuron()
    L.backward()
    before = [node.grad for node in topological_order(L)]
    stepper = BackwardStepper(L)
    for button in (stepper._next, stepper._next, stepper._last, stepper._back, stepper._first):
        click(button)
    assert [node.grad for node in topological_order(L)] == before


def test_it_displays_as_a_widget_with_a_short_stable_text():
    stepper = BackwardStepper(neuron())
    bundle = stepper._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == stepper.widget.model_id
    assert bundle["text/plain"] == f"<BackwardStepper: step 0 of {stepper.n_steps}>"
    assert isinstance(stepper.widget, widgets.VBox)
    assert stepper._graph in stepper.widget.children


def test_spanish_controls_and_narration():
    stepper = BackwardStepper(neuron(), lang="es")
    descriptions = [stepper._first.description, stepper._back.description,
                    stepper._next.description, stepper._last.description]
    assert descriptions == ["|◀ inicio", "◀ atrás", "paso ▶", "final ▶|"]
    assert stepper._slider.description == "paso"
    stepper.go(2)
    assert "Paso 2/" in stepper._narration.value
    assert "regla de la cadena" in stepper._narration.value
    assert "Orden topológico (la pasada hacia atrás" in stepper._order.value
    set_language("es")
    assert BackwardStepper(neuron())._next.description == "paso ▶"


def test_bad_root_is_refused_in_the_learners_language():
    with pytest.raises(TypeError, match="BackwardStepper: 1.5 .* is not a node of a graph"):
        BackwardStepper(1.5)
    with pytest.raises(TypeError, match="no es un nodo de un grafo"):
        BackwardStepper("L", lang="es")


def test_large_graphs_are_stepped_on_the_collapsed_drawing():
    node = Value(0.1, label="x")
    for _ in range(MAX_NODES + 20):
        node = node.tanh()
    stepper = BackwardStepper(node)
    assert stepper.n_steps == MAX_NODES + 22
    svg = stepper.svg()
    assert len(node_texts(svg)) == 2 * MAX_NODES + 1    # values, their ops, the grey box
    assert "collapsed into the grey box" in svg
    stepper.last()
    assert GEOMETRY.findall(stepper.svg()) == GEOMETRY.findall(svg)


def test_forward_stepper_shows_values_and_tangents_and_ends_at_jvp():
    def f(x, y):
        return (x * y + x.sin()) ** 2

    stepper = ForwardStepper(f, [3.0, 2.0], [1.0, 0.0])
    scene = stepper._steps.scene
    out = stepper._steps.outputs[0]
    geometry = GEOMETRY.findall(stepper.svg())
    assert node_texts(stepper.svg())["n0"] == ["x", "value ?", "tangent ?"]
    click(stepper._next)
    assert node_texts(stepper.svg())["n0"] == ["x", "value 3.0000", "tangent 1.0000"]
    assert highlighted(stepper.svg()) == ["n0"]
    assert "ẋ = v[0] = 1.0" in stepper._narration.value
    click(stepper._last)
    value, tangent = jvp(f, [3.0, 2.0], [1.0, 0.0])
    assert node_texts(stepper.svg())[scene.dot_name(out)][1:] == [
        f"value {format_number(value)}", f"tangent {format_number(tangent)}"]
    assert stepper.jvp() == pytest.approx((value, tangent), rel=1e-12)
    assert GEOMETRY.findall(stepper.svg()) == geometry
    assert "from left to right" in stepper._order.value
    n = stepper.n_steps
    assert stepper._repr_mimebundle_()["text/plain"] == f"<ForwardStepper: step {n} of {n}>"


def test_forward_stepper_keeps_what_it_showed_when_a_captured_value_changes():
    weight = Value(2.0, label="weight")
    stepper = ForwardStepper(lambda a: a * weight, [3.0], [1.0])
    stepper.last()
    shown = stepper.svg(), stepper._narration.value
    weight.data = 5.0
    stepper.first()
    stepper.last()
    assert (stepper.svg(), stepper._narration.value) == shown
    assert stepper.jvp() == (6.0, 2.0)


def test_forward_stepper_in_spanish_and_bad_input():
    stepper = ForwardStepper(lambda a, b: a * b, [3.0, 2.0], [1.0, 0.0], lang="es")
    # value and tangent are Dual's attribute names: they stay as they are, like data and grad.
    assert node_texts(stepper.svg())["n0"] == ["a", "value ?", "tangent ?"]
    stepper.step()
    assert node_texts(stepper.svg())["n0"] == ["a", "value 3,0000", "tangent 1,0000"]
    stepper.last()
    assert "Pasada en modo directo completa" in stepper._narration.value
    assert "de izquierda a derecha" in stepper._order.value
    with pytest.raises(ValueError, match="pasa una tangente por cada entrada"):
        ForwardStepper(lambda a, b: a * b, [3.0, 2.0], [1.0], lang="es")


def test_rankdir_lays_the_graph_out_top_to_bottom_and_bad_ones_are_refused():
    def size(svg):
        width, height = re.search(r'<svg [^>]*width="([0-9.]+)pt" height="([0-9.]+)pt"', svg).groups()
        return float(width), float(height)

    chain = Value(0.3, label="x")
    for _ in range(6):
        chain = chain.tanh()
    wide, tall = size(BackwardStepper(chain).svg()), size(BackwardStepper(chain, rankdir="TB").svg())
    assert wide[0] > wide[1] and tall[1] > tall[0]
    forward = ForwardStepper(lambda a: a.sin().exp().tanh(), [0.5], [1.0], rankdir="TB")
    assert size(forward.svg())[1] > size(forward.svg())[0]
    with pytest.raises(ValueError, match='BackwardStepper: rankdir=.RL.*"LR".*"TB"'):
        BackwardStepper(chain, rankdir="RL")
    with pytest.raises(ValueError, match="ForwardStepper: rankdir=.*de arriba abajo"):
        ForwardStepper(lambda a: a.sin(), [0.5], [1.0], lang="es", rankdir="lr")


def test_layout_controls_first_fixed_narration_height_and_a_graph_that_shrinks_to_fit():
    stepper = BackwardStepper(neuron())
    children = stepper.widget.children
    assert children.index(stepper._narration) < children.index(stepper._graph)
    assert stepper._first in children[0].children           # the buttons come first
    assert stepper._graph.layout.overflow == "auto" and stepper._graph.layout.max_height == "60vh"
    # The backward pass starts at the output, so the box opens at the graph's far end.
    assert stepper._graph.layout.flex_flow == "row-reverse"
    assert BackwardStepper(neuron(), rankdir="TB")._graph.layout.flex_flow == "column-reverse"
    assert ForwardStepper(lambda a: a.sin(), [0.5], [1.0])._graph.layout.flex_flow == "row"
    heights = set()
    for k in range(stepper.n_steps + 1):
        stepper.go(k)
        heights.update(re.findall(r"min-height:([0-9.]+em)", stepper._narration.value))
    assert heights == {"6.0em"}
    svg = stepper.svg()
    width = float(re.search(r'<svg [^>]*width="([0-9.]+)pt"', svg)[1])
    style = re.search(r'<svg [^>]*style="([^"]*)"', svg)[1]
    assert "width:100%" in style and "height:auto" in style
    assert f"max-width:{width:g}pt" in style and f"min-width:{0.55 * width:.0f}pt" in style


def big_graph(n_points=600):
    """A one-neuron regression over ``n_points`` points: a few thousand unlabelled nodes."""
    w, b = Value(0.3), Value(-0.1)
    total = Value(0.0)
    for i in range(n_points):
        total = total + ((w * (i / n_points) + b).tanh() - 0.5) ** 2
    return total


ORDER_NOTE = re.compile(r"The graph has (\d+) nodes: only the (\d+) around the current step are "
                        r"listed; (\d+) before them and (\d+) after them are hidden\.")


def listed_names(order_html):
    """The node names the order line lists, in order (without the caption, "…" and the note)."""
    listing = re.sub(r"<[^>]+>", "", order_html.split("</b>", 1)[1].split("<br>")[0])
    return [name for name in listing.strip().split(", ") if name != "…"]


def test_big_graphs_list_a_window_of_the_order_around_the_current_node():
    loss = big_graph()
    order = topological_order(loss)
    stepper = BackwardStepper(loss)
    scene = stepper._steps.scene
    all_names = [scene.display_name(node) for node in order]
    # Step 0: the window ends at the output, where the reverse pass starts.
    total, shown, before, after = map(int, ORDER_NOTE.search(stepper._order.value).groups())
    assert (total, after, before + shown) == (len(order), 0, len(order))
    assert listed_names(stepper._order.value) == all_names[before:]
    for position in (1, 2, 500, stepper.n_steps // 2, stepper.n_steps):
        stepper.go(position)
        order_html = stepper._order.value
        assert len(order_html) < 10_000
        total, shown, before, after = map(int, ORDER_NOTE.search(order_html).groups())
        assert before + shown + after == total == len(order)
        names = listed_names(order_html)
        assert names == all_names[before:before + shown]
        current = scene.display_name(stepper.state.current)
        assert re.search(rf'class="mg-current"[^>]*>{current}<', order_html)
        assert names.index(current) in range(shown)
        # "…" marks each side where nodes are left out.
        assert order_html.count("…") == (before > 0) + (after > 0)
    # The forward pass starts at the inputs: its window starts at the first node.
    forward = ForwardStepper(lambda w: big_graph(20) * w, [1.0], [1.0])
    assert len(forward._steps.order) <= MAX_NODES          # small: the whole order, no note
    assert not ORDER_NOTE.search(forward._order.value) and "…" not in forward._order.value
    forward = ForwardStepper(lambda w: big_graph() * w, [1.0], [1.0])
    total, shown, before, after = map(int, ORDER_NOTE.search(forward._order.value).groups())
    assert before == 0 and after == total - shown > 0


def test_the_order_note_speaks_spanish():
    stepper = BackwardStepper(big_graph(100), lang="es")
    stepper.step()
    assert re.search(r"El grafo tiene \d+ nodos: solo se listan los 41 que rodean el paso actual; "
                     r"se ocultan \d+ anteriores y 0 posteriores\.", stepper._order.value)


def test_a_big_graph_stepped_to_the_end_shows_backwards_grads_in_its_drawn_boxes():
    loss = big_graph()
    stepper = BackwardStepper(loss)
    stepper.last()
    zero_grad(loss)
    loss.backward()
    scene = stepper._steps.scene
    assert scene.hidden > 0
    texts = node_texts(stepper.svg())
    for node in scene.shown:
        assert texts[scene.dot_name(node)][2] == f"grad {format_number(node.grad)}"
    assert stepper.state.grads == {node: node.grad for node in topological_order(loss)}
