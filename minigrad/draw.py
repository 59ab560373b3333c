"""Drawing computational graphs: every node with its label, data and grad, as SVG.

    >>> from minigrad.draw import draw_graph
    >>> draw_graph(loss)                        # the last line of a cell: shown inline as SVG

Each value node is a box ``label | data 2.0000 | grad 1.0000``; the operation that made it is a
small ellipse in front of it (``*``, ``tanh``, ``**2`` ...). Leaves are blue, intermediate nodes
grey and the output amber. A node without a label is called by its position in topological order
(``n0``, ``n1``, ...), the same name the stepping widgets use in their narration. Numbers are
written the learner's way (``2,0000`` in Spanish).

Any Value-like node can be drawn (see :mod:`minigrad.scene`): the library's `Value`, the labs',
one written in a notebook, micrograd's.

The drawing is deterministic: DOT names come from topological positions (never from ``id()``),
numbers have a fixed format and edges a fixed order, so the same graph gives byte-identical DOT
source in every process, and notebooks that store the picture can be compared by nbval.

Graphs with more than `MAX_NODES` nodes are drawn collapsed: the nodes nearest the output, plus
one grey box that stands for the rest, with a note saying so. A browser chokes on an SVG of
thousands of nodes; the part near the output is where a learner looks anyway.

This module turns a :class:`~minigrad.scene.Scene` into DOT text (with the ``graphviz``
package); :mod:`minigrad.render` lays the DOT out as SVG.
"""

import html

import graphviz

from . import render
from .domains import short_repr
from .i18n import get_language, say
from .render import GraphvizMissing
from .scene import MAX_NODES, Scene, check_node, format_number

__all__ = ["draw_graph", "draw_scene", "Drawing", "GraphvizMissing", "MAX_NODES", "format_number"]

RANKDIRS = ("LR", "TB")

MESSAGES = {
    "rankdir": {
        "en": "{where}: rankdir={given!r} is not available; use \"LR\" (left to right) or "
        "\"TB\" (top to bottom).",
        "es": "{where}: rankdir={given!r} no está disponible; usa \"LR\" (de izquierda a "
        "derecha) o \"TB\" (de arriba abajo).",
    },
    "max_nodes": {
        "en": "draw_graph: max_nodes={given!r} must be a whole number of at least 1.",
        "es": "draw_graph: max_nodes={given!r} debe ser un número entero mayor o igual que 1.",
    },
    "highlight_item": {
        "en": "draw_graph: highlight may hold nodes and (parent, child) pairs of nodes; "
        "got {given}.",
        "es": "draw_graph: highlight puede contener nodos y parejas (padre, hijo) de nodos; "
        "se ha recibido {given}.",
    },
    "highlight_foreign": {
        "en": "draw_graph: highlight names {given}, which is not part of this graph; highlight "
        "only nodes that the output depends on.",
        "es": "draw_graph: highlight incluye {given}, que no forma parte de este grafo; resalta "
        "solo nodos de los que depende la salida.",
    },
    "highlight_edge": {
        "en": "draw_graph: highlight has the pair ({parent}, {child}), but {parent} is not a "
        "parent of {child}; an edge goes from a node to a node computed from it.",
        "es": "draw_graph: highlight tiene la pareja ({parent}, {child}), pero {parent} no es "
        "padre de {child}; una arista va de un nodo a otro calculado a partir de él.",
    },
    "repr": {
        "en": "<minigrad drawing of a graph with {n} nodes{collapsed}>",
        "es": "<dibujo de minigrad de un grafo con {n} nodos{collapsed}>",
    },
    "collapsed": {"en": ", collapsed", "es": ", agrupado"},
}


# ── Looks: one table, used for DOT attributes and for re-colouring SVG in the steppers ────────

FONT = "Helvetica"
FILL = {                     # by kind of node
    "leaf": "#dbeafe",       # blue: inputs and parameters
    "inner": "#f3f4f6",      # grey: intermediate results
    "output": "#fde68a",     # amber: the node the graph was drawn from
    "op": "#ffffff",         # the operation ellipses
    "hidden": "#d1d5db",     # the box standing for collapsed nodes
}
STROKE = {                   # by state of node or edge: (colour, pen width)
    "plain": ("#4b5563", "1"),
    "done": ("#15803d", "2.5"),       # steppers: already processed
    "highlight": ("#dc2626", "3"),    # highlighted, or the steppers' current node
}
EDGE_STROKE = {
    "plain": ("#6b7280", "1"),
    "done": ("#6b7280", "1"),
    "highlight": ("#dc2626", "2.5"),
}


def record_field(text):
    """``text`` escaped for one field of a graphviz record label (where ``|{}<>`` have meaning);
    a newline becomes a line break inside the field."""
    text = text.replace("\\", "\\\\")
    for special in '{}|<>"':
        text = text.replace(special, "\\" + special)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def plain_label(text):
    """``text`` for a plain (non-record) label: backslashes kept, newlines as line breaks."""
    return text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")


def check_rankdir(rankdir, where, lang=None):
    """``rankdir`` itself, or a ValueError naming the two layouts available."""
    if rankdir not in RANKDIRS:
        raise ValueError(say(MESSAGES, "rankdir", lang=lang, where=where, given=rankdir))
    return rankdir


# ── From a scene to DOT ────────────────────────────────────────────────────────────────────────

def scene_digraph(scene, fields, node_states=None, edge_states=None, rankdir="LR",
                  show_order=False):
    """A graphviz.Digraph of the scene's shown nodes.

    ``fields(node)`` gives the texts of a node's box after its name (e.g. ``("data 2.0000",
    "grad 1.0000")``); ``node_states`` and ``edge_states`` map nodes and edge ids to "plain",
    "done" or "highlight" (default "plain"); ``show_order`` puts each node's topological position
    (``#0``, ``#1`` ...) first in its box.
    """
    node_states = node_states or {}
    edge_states = edge_states or {}
    graph_attr = {"rankdir": rankdir, "fontname": FONT, "fontsize": "12",
                  "nodesep": "0.2", "ranksep": "0.35",
                  # edges first, then nodes, each in DOT order: nodes are drawn over edge ends,
                  # and the SVG has the same structure whatever the layout.
                  "outputorder": "edgesfirst"}
    note = scene.note()
    if note:
        graph_attr.update(label=note, labelloc="t", labeljust="l")
    dot = graphviz.Digraph(
        name="minigrad", graph_attr=graph_attr,
        node_attr={"fontname": FONT, "fontsize": "11", "style": "filled", "height": "0.3"},
        edge_attr={"arrowsize": "0.6"},
    )
    if scene.hidden:
        dot.node("hidden", id="hidden", shape="box", style="filled,dashed",
                 fillcolor=FILL["hidden"], color=STROKE["plain"][0], label=scene.collapsed_box())
    # A record's fields stack into a small card in LR and sit in one row in TB: a left-to-right
    # graph stays narrow enough for a notebook.
    for node in scene.shown:
        colour, width = STROKE[node_states.get(node, "plain")]
        texts = (scene.display_name(node),) + tuple(fields(node))
        if show_order:
            texts = (f"#{scene.index[node]}",) + texts
        name = scene.dot_name(node)
        dot.node(name, id=name, shape="record", fillcolor=FILL[scene.kind(node)],
                 color=colour, penwidth=width,
                 label=" | ".join(record_field(text) for text in texts))
        if scene.parents(node):
            op = scene.op_name(node)
            dot.node(op, id=op, shape="ellipse", label=plain_label(scene.op(node)),
                     fillcolor=FILL["op"], color=colour, penwidth=width,
                     width="0.3", margin="0.04,0.02")
    for edge_id, tail, head, _, _ in scene.edges():
        colour, width = EDGE_STROKE[edge_states.get(edge_id, "plain")]
        dot.edge(tail, head, id=edge_id, color=colour, penwidth=width)
    return dot


# ── Rendering, and what to show when no renderer works ────────────────────────────────────────

def render_svg(digraph, lang=None):
    """The SVG text of ``digraph``, or GraphvizMissing with what to install."""
    return render.svg(digraph.source, lang)


def message_html(text):
    """A notice (like the missing-renderer message) as HTML, for notebooks and widgets."""
    return ('<pre style="white-space:pre-wrap; border-left:4px solid #d97706; '
            f'padding:0.4em 0.8em; background:#fffbeb">{html.escape(text)}</pre>')


class Drawing:
    """A drawn graph: displays itself inline as SVG; ``source`` is its DOT text.

    ``digraph`` is the underlying graphviz.Digraph (``.render(...)`` saves it to a file);
    ``note`` says when the drawing is collapsed.
    """

    def __init__(self, digraph, n_nodes, note="", lang=None):
        self.digraph = digraph
        self.n_nodes = n_nodes
        self.note = note
        self.lang = lang
        self._svg = None

    @property
    def source(self):
        return self.digraph.source

    def svg(self):
        """The SVG text (raises GraphvizMissing when no renderer works)."""
        if self._svg is None:
            self._svg = render_svg(self.digraph, self.lang)
        return self._svg

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            svg = self.svg()
        except GraphvizMissing as missing:
            return {"text/plain": str(missing), "text/html": message_html(str(missing))}
        return {"image/svg+xml": svg, "text/plain": repr(self)}

    def __repr__(self):
        collapsed = say(MESSAGES, "collapsed", lang=self.lang) if self.note else ""
        return say(MESSAGES, "repr", lang=self.lang, n=self.n_nodes, collapsed=collapsed)


def draw_scene(scene, fields, node_states=None, edge_states=None, rankdir="LR", show_order=False):
    """A `Drawing` of ``scene`` with the given box texts and states (see `scene_digraph`)."""
    digraph = scene_digraph(scene, fields, node_states, edge_states, rankdir, show_order)
    return Drawing(digraph, len(scene.order), scene.note(), scene.lang)


def draw_graph(root, show_grad=True, rankdir="LR", highlight=(), max_nodes=MAX_NODES,
               show_order=False, show_data=True):
    """Draw the computational graph that ends in ``root``; the result displays inline as SVG.

    ``root`` is the output node, or a list of output nodes (drawn together). Any Value-like
    node works: an object with ``data``, ``grad``, ``_prev`` and ``_op`` (``label`` optional).

    - ``show_grad``: add each node's ``.grad`` to its box; ``show_data``: its ``.data``
      (both False: names only, for the structure);
    - ``show_order``: start each box with the node's position in the topological order
      (``#0`` for the first): every edge then goes from a smaller number to a larger one;
    - ``rankdir``: "LR" draws left to right, "TB" top to bottom;
    - ``highlight``: nodes to outline in red, and ``(parent, child)`` pairs whose edge to
      mark in red;
    - ``max_nodes``: above this many nodes, draw only those nearest the output.
    """
    lang = get_language()
    roots = list(root) if isinstance(root, (list, tuple)) else [root]
    for output in roots:
        check_node(output, "draw_graph", lang)
    check_rankdir(rankdir, "draw_graph", lang)
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(say(MESSAGES, "max_nodes", lang=lang, given=max_nodes))
    scene = Scene(roots, max_nodes=max_nodes, lang=lang)
    node_states, edge_states = _highlight_states(scene, highlight)

    def fields(node):
        texts = (f"data {format_number(node.data, lang)}",) if show_data else ()
        return texts + (f"grad {format_number(node.grad, lang)}",) if show_grad else texts

    return draw_scene(scene, fields, node_states, edge_states, rankdir, show_order)


def _highlight_states(scene, highlight):
    node_states, edge_states = {}, {}
    lang = scene.lang
    for item in highlight:
        if _is_pair(item):
            parent, child = item
            _check_in_graph(scene, parent)
            _check_in_graph(scene, child)
            if not any(p is parent for p in scene.parents(child)):
                raise ValueError(say(MESSAGES, "highlight_edge", lang=lang,
                                     parent=scene.display_name(parent),
                                     child=scene.display_name(child)))
            for edge_id in scene.edge_ids_into(child, [parent]):
                edge_states[edge_id] = "highlight"
        elif hasattr(item, "_prev"):
            _check_in_graph(scene, item)
            node_states[item] = "highlight"
        else:
            raise TypeError(say(MESSAGES, "highlight_item", lang=lang, given=short_repr(item)))
    return node_states, edge_states


def _is_pair(item):
    return isinstance(item, tuple) and len(item) == 2 and all(hasattr(v, "_prev") for v in item)


def _check_in_graph(scene, node):
    if node not in scene.index:
        raise ValueError(say(MESSAGES, "highlight_foreign", lang=scene.lang, given=repr(node)))
