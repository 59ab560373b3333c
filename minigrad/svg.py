"""One SVG laid out once, redrawn with new texts and colours at every step of a stepper.

Graphviz places the nodes once; each step of a stepper only changes the texts inside the boxes and
the outline colours. `SvgTemplate` parses the SVG with an XML parser, finds each node and edge by
the ``id`` that :func:`minigrad.draw.scene_digraph` gave it (``<g id="n3" class="node">``), and
writes the SVG again with the texts and states asked for. No coordinate ever changes, so nodes
never move while the learner steps.
"""

import xml.etree.ElementTree as ET

from .draw import EDGE_STROKE, STROKE

__all__ = ["SvgTemplate"]

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


class _Item:
    """A node or edge of the picture: its ``<g>``, the shapes to re-colour and the texts."""

    def __init__(self, group, kind):
        self.group = group
        self.kind = kind                          # "node" or "edge"
        self.shapes = [element for element in group.iter()
                       if element.get("stroke") is not None and element is not group]
        self.fills = [shape.get("fill") for shape in self.shapes]
        self.texts = list(group.iter(f"{{{SVG}}}text"))
        self.laid_out = [text.text or "" for text in self.texts]


class SvgTemplate:
    """An SVG laid out once by Graphviz, whose box texts and outline colours can be redrawn.

    Only the text inside each ``<text>`` of a node, the stroke colour and width of nodes and
    edges (and the fill of an edge's arrowhead), and a class on each ``<g>`` change:
    ``mg-highlight`` or ``mg-done``, handy for tests and styling.
    """

    def __init__(self, svg):
        # The XML prolog and doctype go: the SVG is put inside an HTML page.
        self._root = ET.fromstring(svg[svg.index("<svg"):])
        self._items = {}
        for group in self._root.iter(f"{{{SVG}}}g"):
            kind = group.get("class")
            if kind in ("node", "edge") and group.get("id"):
                self._items[group.get("id")] = _Item(group, kind)

    def fit_to_width(self, min_scale):
        """Let the picture shrink to the width of its box, down to ``min_scale``, never grow.

        Graphviz gives the picture a fixed size in points; CSS overrides it: the width follows
        the box between the two limits, and the height follows the width (the viewBox keeps the
        proportions).
        """
        width = self._root.get("width", "")
        if not width.endswith("pt"):              # not Graphviz's usual header: leave it as it is
            return
        points = float(width[:-2])
        self._root.set("style", f"display:block; width:100%; height:auto; max-width:{points:g}pt;"
                                f" min-width:{min_scale * points:.0f}pt")

    def texts(self, ident):
        """The texts of node ``ident`` as laid out (name first, then its fields)."""
        return list(self._items[ident].laid_out)

    def render(self, texts=None, node_states=None, edge_states=None):
        """The SVG with ``texts[id]`` as the texts of node ``id`` (all of them, in order) and the
        given states ("plain", "done", "highlight") for nodes and edges, by id."""
        texts = texts or {}
        node_states = node_states or {}
        edge_states = edge_states or {}
        for ident, item in self._items.items():
            states = node_states if item.kind == "node" else edge_states
            state = states.get(ident, "plain")
            item.group.set("class", item.kind if state == "plain" else f"{item.kind} mg-{state}")
            colour, width = (STROKE if item.kind == "node" else EDGE_STROKE)[state]
            for k, (shape, fill) in enumerate(zip(item.shapes, item.fills)):
                shape.set("stroke", colour)
                shape.set("stroke-width", width)
                if item.kind == "edge" and k > 0 and fill is not None:
                    shape.set("fill", colour)     # the arrowhead is filled with the edge's colour
                elif fill is not None:
                    shape.set("fill", fill)
            new = texts.get(ident)
            for k, text in enumerate(item.texts):
                text.text = new[k] if new else item.laid_out[k]
        return ET.tostring(self._root, encoding="unicode")
