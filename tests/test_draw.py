"""Graph drawing: stable DOT, what each node shows, highlighting, large graphs, missing graphviz."""

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

import minigrad.draw as draw
from minigrad import Value, set_language
from minigrad.draw import MAX_NODES, GraphvizMissing, draw_graph, format_number, scene_digraph
from minigrad.scene import Scene
from minigrad.svg import SvgTemplate
from minigrad.scalar import topological_order

ROOT = Path(__file__).resolve().parent.parent


def small_graph():
    """L = tanh(a·b + a·a): a leaf reused three times, labelled and unlabelled nodes."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b + a * a).tanh()
    L.label = "L"
    return a, b, L


def node_lines(source):
    return [line.strip() for line in source.splitlines() if re.match(r"\s*n\d+(op)? \[", line)]


def chain(n):
    """A chain of n value nodes: x, tanh(x), tanh(tanh(x)), ..."""
    node = Value(0.5, label="x")
    for _ in range(n - 1):
        node = node.tanh()
    return node


# ── DOT ────────────────────────────────────────────────────────────────────────────────────────

def test_value_nodes_are_named_by_topological_position_and_show_label_data_grad():
    a, b, L = small_graph()
    L.backward()
    source = draw_graph(L).source
    order = topological_order(L)
    declared = [line.split(" ", 1)[0] for line in node_lines(source) if "op [" not in line]
    assert declared == [f"n{i}" for i in range(len(order))]
    # a is n0 and shows its label, data and grad (∂L/∂a = (b + 2a)·(1 - L²)) with 4 decimals.
    assert f'n0 [label="a | data 2.0000 | grad {format_number(a.grad)}"' in source
    assert 'n1 [label="b | data -3.0000 | grad' in source
    # An unlabelled node is called by its position.
    assert 'n2 [label="n2 | data -6.0000 | grad' in source
    # The operation is a small ellipse named after the node it makes, showing its op.
    assert re.search(r'n2op \[label="\*" .*shape=ellipse', source)
    assert re.search(r'n5op \[label=tanh .*shape=ellipse', source)


def test_edges_go_parent_to_op_to_node_and_a_reused_parent_gets_one_edge_per_use():
    _, _, L = small_graph()
    source = draw_graph(L).source
    edges = re.findall(r"(n\d+(?:op)?) -> (n\d+(?:op)?)", source)
    # n3 = a * a: two edges from a (n0) into its op, then op → n3.
    assert edges.count(("n0", "n3op")) == 2
    assert ("n3op", "n3") in edges
    assert edges == [("n0", "n2op"), ("n1", "n2op"), ("n2op", "n2"),
                     ("n0", "n3op"), ("n0", "n3op"), ("n3op", "n3"),
                     ("n2", "n4op"), ("n3", "n4op"), ("n4op", "n4"),
                     ("n4", "n5op"), ("n5op", "n5")]


def test_leaves_intermediates_and_output_look_different():
    _, _, L = small_graph()
    source = draw_graph(L).source

    def fill(name):
        return re.search(rf'\b{name} \[.*fillcolor="([^"]+)"', source).group(1)

    assert fill("n0") == fill("n1") == draw.FILL["leaf"]
    assert fill("n2") == fill("n4") == draw.FILL["inner"]
    assert fill("n5") == draw.FILL["output"]
    assert len({draw.FILL["leaf"], draw.FILL["inner"], draw.FILL["output"]}) == 3


def test_show_grad_false_and_rankdir():
    _, _, L = small_graph()
    without = draw_graph(L, show_grad=False).source
    assert "| grad" not in without
    assert 'n0 [label="a | data 2.0000"' in without
    top_down = draw_graph(L, rankdir="TB").source
    assert "rankdir=TB" in top_down
    # Top to bottom: a record's fields already form a row, so no braces.
    assert 'n0 [label="a | data 2.0000 | grad 0.0000"' in top_down


def test_number_format_is_fixed():
    assert format_number(2) == "2.0000"
    assert format_number(-0.0) == "0.0000"
    assert format_number(1 / 3) == "0.3333"
    assert format_number(-2.5e-7) == "-2.5000e-07"
    assert format_number(1234567.0) == "1.2346e+06"


def test_labels_with_record_characters_are_escaped():
    x = Value(1.0, label="x|y {z} <w>")
    source = draw_graph(x * 2.0).source
    assert r"x\|y \{z\} \<w\>" in source


def test_highlight_nodes_and_edges():
    a, b, L = small_graph()
    c = L._prev[0]._prev[0]                 # c = a * b, drawn as n2
    source = draw_graph(L, highlight=[c, (b, c)]).source
    colour, width = draw.STROKE["highlight"]
    assert re.search(rf'n2 \[.*color="{colour}" .*penwidth={width}', source)
    assert re.search(r'n0 \[.*color="#4b5563"', source)
    edge_colour, edge_width = draw.EDGE_STROKE["highlight"]
    assert f'n1 -> n2op [color="{edge_colour}" id="n1-n2op-1" penwidth={edge_width}]' in source
    assert f'n2op -> n2 [color="{edge_colour}"' in source
    assert 'n0 -> n2op [color="#6b7280"' in source      # a → c is not highlighted


def test_dot_source_is_byte_identical_in_another_process():
    script = (
        "from minigrad import Value\n"
        "from minigrad.draw import draw_graph\n"
        "a, b = Value(2.0, label='a'), Value(-3.0, label='b')\n"
        "L = (a * b + a * a).tanh()\n"
        "L.label = 'L'\n"
        "L.backward()\n"
        "import sys; sys.stdout.write(draw_graph(L, highlight=[a]).source)\n"
    )
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b + a * a).tanh()
    L.label = "L"
    L.backward()
    here = draw_graph(L, highlight=[a]).source
    for hash_seed in ("1", "2"):             # sets and dicts of nodes must not leak into the order
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=hash_seed)
        there = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                               check=True).stdout
        assert there == here.encode("utf-8")


# ── Bad input, in both languages ───────────────────────────────────────────────────────────────

@pytest.mark.parametrize("lang, words",
                         [("en", "is not a node of a graph: it has no data and grad and _prev and "
                                 "_op"),
                          ("es", "no es un nodo de un grafo: no tiene data ni grad ni _prev ni _op")])
def test_a_non_value_root_is_refused_in_the_learners_language(lang, words):
    set_language(lang)
    with pytest.raises(TypeError, match=words) as error:
        draw_graph(3.5)
    assert "float" in str(error.value) and "draw_graph(loss)" in str(error.value)


def test_bad_options_are_refused():
    _, _, L = small_graph()
    with pytest.raises(ValueError, match='"LR".*"TB"'):
        draw_graph(L, rankdir="RL")
    with pytest.raises(ValueError, match="max_nodes=0"):
        draw_graph(L, max_nodes=0)
    with pytest.raises(TypeError, match="highlight may hold nodes"):
        draw_graph(L, highlight=["a"])
    with pytest.raises(ValueError, match="not part of this graph"):
        draw_graph(L, highlight=[Value(1.0)])
    with pytest.raises(ValueError, match="is not a parent of"):
        draw_graph(L, highlight=[(L, L._prev[0])])
    set_language("es")
    with pytest.raises(ValueError, match="de izquierda a derecha"):
        draw_graph(L, rankdir="RL")


# ── Rendering ──────────────────────────────────────────────────────────────────────────────────

def test_renders_inline_svg_with_the_node_names_and_numbers():
    _, _, L = small_graph()
    drawing = draw_graph(L)
    bundle = drawing._repr_mimebundle_()
    svg = bundle["image/svg+xml"]
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for i in range(6):
        assert f"<title>n{i}</title>" in svg
    assert "data &#45;3.0000" in svg or "data -3.0000" in svg
    assert bundle["text/plain"] == "<minigrad drawing of a graph with 6 nodes>"
    set_language("es")
    assert repr(draw_graph(L)) == "<dibujo de minigrad de un grafo con 6 nodos>"


def test_large_graphs_are_collapsed_with_a_note_in_the_learners_language():
    big = chain(MAX_NODES + 50)
    drawing = draw_graph(big)
    values = [line for line in node_lines(drawing.source) if "op [" not in line]
    assert len(values) == MAX_NODES
    assert "hidden [" in drawing.source and "… 50 more nodes" in drawing.source
    assert "hidden -> " in drawing.source            # the box feeds the first shown operation
    assert drawing.note == (f"This graph has {MAX_NODES + 50} nodes: showing the {MAX_NODES} "
                            f"nearest the output; the other 50 are collapsed into the grey box. "
                            f"Pass max_nodes={MAX_NODES + 50} to draw them all (it may be slow).")
    assert drawing.note in drawing.source
    # The kept nodes are the ones nearest the output: the output itself is there, the input not.
    order = topological_order(big)
    assert f"n{len(order) - 1} [" in drawing.source and "n0 [" not in drawing.source
    set_language("es")
    assert "se muestran los 250 más cercanos a la salida" in draw_graph(big).note
    assert "… 50 nodos más" in draw_graph(big).source
    # Asking for more draws everything, without a note.
    complete = draw_graph(big, max_nodes=MAX_NODES + 50)
    assert complete.note == "" and "hidden" not in complete.source


def test_a_graph_at_the_threshold_is_drawn_whole():
    drawing = draw_graph(chain(MAX_NODES))
    assert drawing.note == ""
    assert len([line for line in node_lines(drawing.source) if "op [" not in line]) == MAX_NODES


# ── The SVG template the steppers use ──────────────────────────────────────────────────────────

POSITION = re.compile(r' (?:x|y|cx|cy|rx|ry|points|d|transform|width|height|viewBox)="[^"]*"')


def test_svg_template_changes_texts_and_colours_but_no_coordinate():
    _, _, L = small_graph()
    scene = Scene([L])
    svg = draw.render_svg(scene_digraph(scene, lambda n: (f"data {format_number(n.data)}",
                                                          "grad 9.9999")))
    template = SvgTemplate(svg)
    assert template.texts("n0") == ["a", "data 2.0000", "grad 9.9999"]
    plain = template.render()
    changed = template.render(texts={"n0": ["a", "data 2.0000", "grad -1.5"]},
                              node_states={"n0": "highlight", "n2": "done"},
                              edge_states={"n0-n2op-0": "highlight"})
    assert POSITION.findall(plain) == POSITION.findall(changed)
    assert POSITION.findall(svg[svg.index("<svg"):]) == POSITION.findall(plain)
    assert ">grad -1.5</text>" in changed and ">grad -1.5</text>" not in plain
    highlight, width = draw.STROKE["highlight"]
    groups = svg_groups(changed)
    n0 = groups["n0"]
    assert n0.get("class") == "node mg-highlight"
    box = n0.find(f"{{{SVG_NS}}}polygon")
    assert (box.get("fill"), box.get("stroke"), box.get("stroke-width")) == \
        (draw.FILL["leaf"], highlight, width)
    assert groups["n2"].get("class") == "node mg-done"
    edge_colour = draw.EDGE_STROKE["highlight"][0]
    edge = groups["n0-n2op-0"]
    assert edge.get("class") == "edge mg-highlight"
    path, arrowhead = edge.find(f"{{{SVG_NS}}}path"), edge.find(f"{{{SVG_NS}}}polygon")
    assert (path.get("fill"), path.get("stroke")) == ("none", edge_colour)
    assert (arrowhead.get("fill"), arrowhead.get("stroke")) == (edge_colour, edge_colour)
    assert svg_groups(plain)["n0"].get("class") == "node"


SVG_NS = "http://www.w3.org/2000/svg"


def svg_groups(svg):
    """Every <g> with an id, by id, read with an XML parser."""
    root = ElementTree.fromstring(svg[svg.index("<svg"):])
    return {g.get("id"): g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("id")}


def test_show_order_numbers_each_box_by_its_place_in_the_topological_order():
    a, b, L = small_graph()
    order = topological_order(L)
    source = draw_graph(L, show_order=True).source
    for k, node in enumerate(order):
        name = node.label or f"n{k}"
        assert re.search(rf'n{k} \[label="#{k} \| {re.escape(name)} \|', source), (k, name)
    assert "#0" not in draw_graph(L).source
