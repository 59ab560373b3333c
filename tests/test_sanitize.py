"""tests/nbval_sanitize.cfg hides only what changes between machines for reasons no lesson cares
about, and leaves the stored drawings alone: graphviz-pure draws the same bytes everywhere, so
nbval compares every SVG exactly."""

import re
from pathlib import Path

from nbval.plugin import get_sanitize_patterns

from minigrad import Value
from minigrad.draw import draw_graph

SANITIZE_FILE = Path(__file__).resolve().parent / "nbval_sanitize.cfg"


def sanitize(text):
    patterns = get_sanitize_patterns(SANITIZE_FILE.read_text(encoding="utf-8"))
    assert patterns, "no patterns read from nbval_sanitize.cfg"
    for regex, replace in patterns:
        text = re.sub(regex, replace, text)
    return text


def small_graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b + a).tanh()
    L.label = "L"
    return L


def test_drawings_are_compared_exactly():
    L = small_graph()
    svg = draw_graph(L).svg()
    assert sanitize(svg) == svg
    # Another layout of the same graph is a difference nbval reports...
    loose = draw_graph(L)
    loose.digraph.graph_attr.update(nodesep="0.9", ranksep="1.3")
    assert sanitize(loose.svg()) != sanitize(svg)
    # ...and so are other numbers in the boxes.
    L.backward()
    assert sanitize(draw_graph(L).svg()) != sanitize(svg)


def test_ordinary_outputs_are_left_alone_and_widget_reprs_keep_their_type():
    value = "Value(data=2.0, grad=0.0, label='a')"
    assert sanitize(value) == value
    assert sanitize("<BackwardStepper: step 0 of 6>") == "<BackwardStepper: step 0 of 6>"
    assert sanitize("Text(0.5, 0, 'x')") == "Text(0.5, 0, 'x')"
    assert (sanitize("VBox(children=(Button(description='x', style=ButtonStyle()),))")
            == sanitize("VBox(children=(Button(description='x'),))") == "VBox(...)")
    assert sanitize("IntSlider(value=3)") == "IntSlider(...)"


def test_memory_addresses_are_hidden_but_nothing_else_of_the_repr():
    assert sanitize("<function f at 0x7f3a2c1d0e50>") == sanitize("<function f at 0x55d1c0ffee00>")
    assert sanitize("<function f at 0x7f3a2c1d0e50>") != sanitize("<function g at 0x7f3a2c1d0e50>")
