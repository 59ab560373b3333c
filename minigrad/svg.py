"""One SVG laid out once, redrawn with new texts and colours at every step of a stepper.

Graphviz places the nodes once; each step of a stepper only changes the texts inside the boxes and
the outline colours. `SvgTemplate` parses the SVG with an XML parser, finds each node and edge by
the ``id`` that :func:`minigrad.draw.scene_digraph` gave it (``<g id="n3" class="node">``), and
marks every text and colour that a step may change. Written out once with those marks, the SVG
becomes a list of fixed pieces and slots, and each step fills the slots: no coordinate ever
changes, so nodes never move while the learner steps, and a step costs a string join.
"""

import html
import re
import xml.etree.ElementTree as ET

from .draw import EDGE_STROKE, STROKE

__all__ = ["SvgTemplate"]

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# A slot is marked in the written SVG by private-use characters around its number.
_SLOT = re.compile("\ue000(\\d+)\ue001")


def _mark(n):
    return f"\ue000{n}\ue001"


class SvgTemplate:
    """An SVG laid out once by Graphviz, whose box texts and outline colours can be redrawn.

    Only the text inside each ``<text>`` of a node, the stroke colour and width of nodes and
    edges (and the fill of an edge's arrowhead), and a class on each ``<g>`` change:
    ``mg-highlight`` or ``mg-done``, handy for tests and styling.
    """

    def __init__(self, svg):
        # The XML prolog and doctype go: the SVG is put inside an HTML page.
        self._root = ET.fromstring(svg[svg.index("<svg"):])
        self._slots = []          # (what, ident, kind, index, laid-out value), by slot number
        self._laid_out = {}       # node id → its texts as laid out
        for group in self._root.iter(f"{{{SVG}}}g"):
            kind, ident = group.get("class"), group.get("id")
            if kind not in ("node", "edge") or not ident:
                continue
            group.set("class", self._slot("class", ident, kind, 0, kind))
            shapes = [el for el in group.iter() if el is not group and el.get("stroke") is not None]
            for k, shape in enumerate(shapes):
                shape.set("stroke", self._slot("stroke", ident, kind, k, shape.get("stroke")))
                shape.set("stroke-width", self._slot("width", ident, kind, k,
                                                     shape.get("stroke-width", "1")))
                if kind == "edge" and k > 0 and shape.get("fill") is not None:
                    shape.set("fill", self._slot("arrowhead", ident, kind, k, shape.get("fill")))
            texts = list(group.iter(f"{{{SVG}}}text"))
            self._laid_out[ident] = [text.text or "" for text in texts]
            for k, text in enumerate(texts):
                text.text = self._slot("text", ident, kind, k, text.text or "")
        written = ET.tostring(self._root, encoding="unicode")
        self._pieces = _SLOT.split(written)      # fixed text, slot number, fixed text, ...

    def _slot(self, what, ident, kind, index, laid_out):
        self._slots.append((what, ident, kind, index, laid_out))
        return _mark(len(self._slots) - 1)

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
        style = (f"display:block; width:100%; height:auto; max-width:{points:g}pt;"
                 f" min-width:{min_scale * points:.0f}pt")
        self._pieces[0] = self._pieces[0].replace("<svg ", f'<svg style="{style}" ', 1)

    def texts(self, ident):
        """The texts of node ``ident`` as laid out (name first, then its fields)."""
        return list(self._laid_out[ident])

    def render(self, texts=None, node_states=None, edge_states=None):
        """The SVG with ``texts[id]`` as the texts of node ``id`` (all of them, in order) and the
        given states ("plain", "done", "highlight") for nodes and edges, by id."""
        texts = texts or {}
        node_states = node_states or {}
        edge_states = edge_states or {}
        out = list(self._pieces)
        for position in range(1, len(out), 2):
            what, ident, kind, index, laid_out = self._slots[int(out[position])]
            state = (node_states if kind == "node" else edge_states).get(ident, "plain")
            if what == "text":
                new = texts.get(ident)
                out[position] = html.escape(new[index] if new else laid_out, quote=False)
            elif what == "class":
                out[position] = kind if state == "plain" else f"{kind} mg-{state}"
            else:
                colour, width = (STROKE if kind == "node" else EDGE_STROKE)[state]
                # the arrowhead is filled with the edge's colour
                out[position] = width if what == "width" else colour
        return "".join(out)
