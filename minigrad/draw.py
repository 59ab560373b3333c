"""Drawing computational graphs with graphviz: every `Value` node with its label, data and grad.

    >>> from minigrad.draw import draw_graph
    >>> draw_graph(loss)                        # the last line of a cell: shown inline as SVG

Each value node is a box ``label | data 2.0000 | grad 1.0000``; the operation that made it is a
small ellipse in front of it (``*``, ``tanh``, ``**2`` ...). Leaves are blue, intermediate nodes
grey and the output amber. A node without a label is called by its position in topological order
(``n0``, ``n1``, ...), the same name the stepping widgets use in their narration.

The drawing is deterministic: DOT names come from topological positions (never from ``id()``),
numbers have a fixed format and edges a fixed order, so the same graph gives byte-identical DOT
source in every process, and notebooks that store the picture can be compared by nbval.

Graphs with more than `MAX_NODES` value nodes are drawn collapsed: the nodes nearest the output,
plus one grey box that stands for the rest, with a note saying so. A browser chokes on an SVG of
thousands of nodes; the part near the output is where a learner looks anyway.

The widgets in :mod:`minigrad.widgets` reuse this module: `Scene` describes a graph once and
builds its DOT for any choice of box texts and node states; `SvgTemplate` turns one laid-out SVG
into a template whose texts and colours can be changed per step without moving a single node.
"""

import html
import re
from collections import deque

import graphviz

from . import render
from .i18n import get_language, say
from .render import GraphvizMissing
from .scalar import Value, topological_order

__all__ = ["draw_graph", "Drawing", "GraphvizMissing", "MAX_NODES", "format_number"]

MAX_NODES = 250
"""Above this many value nodes, `draw_graph` shows the part of the graph nearest the output."""

RANKDIRS = ("LR", "TB")

MESSAGES = {
    "not_a_value": {
        "en": "{where}: expected a Value (the output of your computation), got {kind}. "
        "Pass the output node of your graph, for example {where}(loss).",
        "es": "{where}: se esperaba un Value (el resultado de tu cálculo) y se ha recibido {kind}. "
        "Pasa el nodo de salida de tu grafo, por ejemplo {where}(loss).",
    },
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
        "en": "draw_graph: highlight may hold Values and (parent, child) pairs of Values; "
        "got {given}.",
        "es": "draw_graph: highlight puede contener Values y parejas (padre, hijo) de Values; "
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
    "collapsed_note": {
        "en": "This graph has {total} nodes: showing the {shown} nearest the output; the other "
        "{hidden} are collapsed into the grey box. Pass max_nodes={total} to draw them all "
        "(it may be slow).",
        "es": "Este grafo tiene {total} nodos: se muestran los {shown} más cercanos a la salida; "
        "los otros {hidden} están agrupados en la caja gris. Pasa max_nodes={total} para "
        "dibujarlos todos (puede ir lento).",
    },
    "collapsed_box": {
        "en": "… {hidden} more nodes",
        "es": "… {hidden} nodos más",
    },
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


def format_number(x):
    """A float as the drawing shows it: 4 decimals, or 4 significant digits when very large/small.

    A fixed format keeps stored notebook outputs stable; ``-0.0`` is shown as ``0.0000``.
    """
    if x == 0:
        return "0.0000"
    if 1e-4 <= abs(x) < 1e6 or x != x:
        return f"{x:.4f}"
    return f"{x:.4e}"


def record_field(text):
    """``text`` escaped for one field of a graphviz record label (where ``|{}<>`` have meaning)."""
    text = text.replace("\\", "\\\\")
    for special in '{}|<>"':
        text = text.replace(special, "\\" + special)
    return text


def check_value(root, where, lang=None):
    """``root`` itself, or a TypeError in the learner's language when it is not a `Value`."""
    if not isinstance(root, Value):
        raise TypeError(say(MESSAGES, "not_a_value", lang=lang, where=where,
                            kind=type(root).__name__))
    return root


def check_rankdir(rankdir, where, lang=None):
    """``rankdir`` itself, or a ValueError naming the two layouts available."""
    if rankdir not in RANKDIRS:
        raise ValueError(say(MESSAGES, "rankdir", lang=lang, where=where, given=rankdir))
    return rankdir


def graph_order(roots):
    """Every node that ``roots`` depend on, each after its parents (several roots: their union)."""
    order, seen = [], set()
    for root in roots:
        for node in topological_order(root):
            if node not in seen:
                seen.add(node)
                order.append(node)
    return order


# ── Scene: what to draw, with stable names ─────────────────────────────────────────────────────

class Scene:
    """A graph prepared for drawing: its nodes in topological order and their stable names.

    ``roots`` are the outputs (usually one). When the graph has more than ``max_nodes`` value
    nodes, only the ``max_nodes`` nearest the outputs are ``shown``; the rest are counted in
    ``hidden`` and drawn as a single grey box. Names are taken when the scene is made: a label
    set later does not rename a node in a drawing that already exists.
    """

    def __init__(self, roots, max_nodes=None, lang=None):
        self.roots = tuple(roots)
        self.order = graph_order(self.roots)
        self.index = {node: i for i, node in enumerate(self.order)}
        self.lang = lang
        if max_nodes is None or len(self.order) <= max_nodes:
            self.shown = list(self.order)
        else:
            nearest = self._nearest_outputs(max_nodes)
            self.shown = [node for node in self.order if node in nearest]
        self._shown_set = set(self.shown)
        self._names = {node: node.label or self.dot_name(node) for node in self.order}
        self.hidden = len(self.order) - len(self.shown)
        self._edges = None

    def _nearest_outputs(self, count):
        # Breadth-first from the outputs, parents in creation order: deterministic, and what is
        # kept is connected to an output.
        kept, queue = set(self.roots), deque(self.roots)
        while queue and len(kept) < count:
            for parent in queue.popleft()._prev:
                if parent not in kept and len(kept) < count:
                    kept.add(parent)
                    queue.append(parent)
        return kept

    # Names. DOT names come from topological positions, so they are the same in every process.

    def dot_name(self, node):
        return f"n{self.index[node]}"

    def op_name(self, node):
        return f"n{self.index[node]}op"

    def display_name(self, node):
        """The node's label, or its DOT name when it has none (as written in its box)."""
        return self._names[node]

    def kind(self, node):
        if node in self.roots:
            return "output"
        return "inner" if node._prev else "leaf"

    def is_shown(self, node):
        return node in self._shown_set

    def edges(self):
        """Every drawn edge as ``(edge id, tail name, head name, sources, child)``, in a fixed order.

        For a node made by an operation: one edge from each parent (twice for ``a * a``) into
        the operation's ellipse, and one from the ellipse into the node. ``sources`` are the
        parents an edge carries: one parent, the hidden parents for the edge from the collapsed
        box, none for the ellipse→node edge.
        """
        if self._edges is None:
            self._edges = self._list_edges()
        return self._edges

    def _list_edges(self):
        edges = []
        for node in self.shown:
            if not node._prev:
                continue
            op = self.op_name(node)
            for k, parent in enumerate(node._prev):
                if self.is_shown(parent):
                    tail = self.dot_name(parent)
                    edges.append((f"{tail}-{op}-{k}", tail, op, (parent,), node))
            hidden = tuple(parent for parent in node._prev if not self.is_shown(parent))
            if hidden:
                edges.append((f"hidden-{op}", "hidden", op, hidden, node))
            edges.append((f"{op}-{self.dot_name(node)}", op, self.dot_name(node), (), node))
        return edges

    def edge_ids_into(self, node, parents=None):
        """Ids of the edges that bring ``parents`` (default: all) into ``node`` through its op."""
        wanted = set(node._prev if parents is None else parents)
        return [edge_id for edge_id, _, _, sources, child in self.edges()
                if child is node and (not sources or any(p in wanted for p in sources))]

    # DOT

    def note(self):
        """The bilingual note that says the drawing is collapsed ("" when it is complete)."""
        if not self.hidden:
            return ""
        return say(MESSAGES, "collapsed_note", lang=self.lang, total=len(self.order),
                   shown=len(self.shown), hidden=self.hidden)

    def digraph(self, fields, node_states=None, edge_states=None, rankdir="LR", show_order=False):
        """A graphviz.Digraph of the shown nodes.

        ``fields(node)`` gives the texts of a node's box after its name (e.g. ``("data 2.0000",
        "grad 1.0000")``); ``node_states`` and ``edge_states`` map nodes and edge ids to
        "plain", "done" or "highlight" (default "plain").
        """
        node_states = node_states or {}
        edge_states = edge_states or {}
        graph_attr = {"rankdir": rankdir, "fontname": FONT, "fontsize": "12",
                      "nodesep": "0.2", "ranksep": "0.35",
                      # edges first, then nodes, each in DOT order: nodes are drawn over edge
                      # ends, and the SVG has the same structure whatever the layout.
                      "outputorder": "edgesfirst"}
        note = self.note()
        if note:
            graph_attr.update(label=note, labelloc="t", labeljust="l")
        dot = graphviz.Digraph(
            name="minigrad", graph_attr=graph_attr,
            node_attr={"fontname": FONT, "fontsize": "11", "style": "filled", "height": "0.3"},
            edge_attr={"arrowsize": "0.6"},
        )
        if self.hidden:
            dot.node("hidden", id="hidden", shape="box", style="filled,dashed",
                     fillcolor=FILL["hidden"], color=STROKE["plain"][0],
                     label=say(MESSAGES, "collapsed_box", lang=self.lang, hidden=self.hidden))
        # A record's fields stack into a small card in LR and sit in one row in TB: a
        # left-to-right graph stays narrow enough for a notebook.
        for node in self.shown:
            colour, width = STROKE[node_states.get(node, "plain")]
            texts = (self.display_name(node),) + tuple(fields(node))
            if show_order:
                texts = (f"#{self.index[node]}",) + texts
            name = self.dot_name(node)
            dot.node(name, id=name, shape="record", fillcolor=FILL[self.kind(node)],
                     color=colour, penwidth=width,
                     label=" | ".join(record_field(text) for text in texts))
            if node._prev:
                op = self.op_name(node)
                dot.node(op, id=op, shape="ellipse", label=node._op,
                         fillcolor=FILL["op"], color=colour, penwidth=width,
                         width="0.3", margin="0.04,0.02")
        for edge_id, tail, head, _, _ in self.edges():
            colour, width = EDGE_STROKE[edge_states.get(edge_id, "plain")]
            dot.edge(tail, head, id=edge_id, color=colour, penwidth=width)
        return dot


# ── Rendering, and what to show when dot is missing ────────────────────────────────────────────

def render_svg(digraph, lang=None):
    """The SVG text of ``digraph``, or GraphvizMissing with install instructions."""
    return render.svg(digraph.source, lang)


def message_html(text):
    """A notice (like the missing-dot message) as HTML, for notebooks and widgets."""
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
        """The SVG text (raises GraphvizMissing when graphviz is not installed)."""
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
        collapsed = ", collapsed" if self.note else ""
        return f"<minigrad Drawing of a graph with {self.n_nodes} nodes{collapsed}>"


def draw_graph(root, show_grad=True, rankdir="LR", highlight=(), max_nodes=MAX_NODES,
               show_order=False):
    """Draw the computational graph that ends in ``root``; the result displays inline as SVG.

    - ``show_grad``: add each node's ``.grad`` to its box (False: only label and data);
    - ``show_order``: start each box with the node's position in ``topological_order(root)``
      (``#0`` for the first): every edge then goes from a smaller number to a larger one;
    - ``rankdir``: "LR" draws left to right, "TB" top to bottom;
    - ``highlight``: Values to outline in red, and ``(parent, child)`` pairs whose edge to
      mark in red;
    - ``max_nodes``: above this many value nodes, draw only those nearest the output.
    """
    lang = get_language()
    check_value(root, "draw_graph", lang)
    check_rankdir(rankdir, "draw_graph", lang)
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(say(MESSAGES, "max_nodes", given=max_nodes))
    scene = Scene([root], max_nodes=max_nodes, lang=lang)
    node_states, edge_states = _highlight_states(scene, highlight)

    def fields(node):
        texts = (f"data {format_number(node.data)}",)
        return texts + (f"grad {format_number(node.grad)}",) if show_grad else texts

    digraph = scene.digraph(fields, node_states, edge_states, rankdir, show_order=show_order)
    return Drawing(digraph, len(scene.order), scene.note(), lang)


def _highlight_states(scene, highlight):
    node_states, edge_states = {}, {}
    for item in highlight:
        if isinstance(item, Value):
            _check_in_graph(scene, item)
            node_states[item] = "highlight"
        elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(v, Value) for v in item):
            parent, child = item
            _check_in_graph(scene, parent)
            _check_in_graph(scene, child)
            if not any(p is parent for p in child._prev):
                raise ValueError(say(MESSAGES, "highlight_edge", parent=scene.display_name(parent),
                                     child=scene.display_name(child)))
            for edge_id in scene.edge_ids_into(child, [parent]):
                edge_states[edge_id] = "highlight"
        else:
            given = repr(item)
            given = given if len(given) <= 40 else given[:37] + "..."
            raise TypeError(say(MESSAGES, "highlight_item", given=given))
    return node_states, edge_states


def _check_in_graph(scene, node):
    if node not in scene.index:
        raise ValueError(say(MESSAGES, "highlight_foreign", given=repr(node)))


# ── SVG template: one layout, many steps ──────────────────────────────────────────────────────

_GROUP = re.compile(r'<g id="(?P<id>[^"]+)" class="(?P<cls>node|edge)">(?P<body>.*?)</g>', re.S)
_PIECE = re.compile(
    r'(?P<paint> fill="(?P<fill>[^"]*)" stroke="[^"]*"(?: stroke-width="[^"]*")?)'
    r'|(?P<open><text [^>]*>)(?P<content>[^<]*)</text>'
)


class SvgTemplate:
    """An SVG laid out once by graphviz, whose box texts and outline colours can be redrawn.

    Positions are never recomputed: only the text inside each ``<text>`` of a node, the
    stroke colour and width of nodes and edges, and a class on each node's ``<g>`` change
    (``mg-highlight`` or ``mg-done``, handy for tests and styling). Each node and edge is
    found by the ``id`` that `Scene.digraph` gave it.
    """

    def __init__(self, svg):
        # Strip the XML prolog and doctype: the SVG goes inside an HTML page.
        svg = svg[svg.index("<svg"):]
        self._parts = []       # literal strings and ("slot", ...) tuples, in order
        position = 0
        for group in _GROUP.finditer(svg):
            # Graphviz writes "-" in ids as "&#45;": look nodes and edges up by the plain id.
            raw_ident, cls = group["id"], group["cls"]
            ident = html.unescape(raw_ident)
            self._parts.append(svg[position:group.start()])
            self._parts.append(("class", ident, cls, raw_ident))
            body_start = group.start("body")
            cursor, n_paint, n_text = body_start, 0, 0
            for piece in _PIECE.finditer(group["body"]):
                start, end = body_start + piece.start(), body_start + piece.end()
                self._parts.append(svg[cursor:start])
                if piece["paint"]:
                    self._parts.append(("paint", ident, cls, n_paint, piece["fill"]))
                    n_paint += 1
                else:
                    self._parts.append(piece["open"])
                    self._parts.append(("text", ident, n_text, html.unescape(piece["content"])))
                    n_text += 1
                cursor = end
            self._parts.append(svg[cursor:group.end()])
            position = group.end()
        self._parts.append(svg[position:])

    def texts(self, ident):
        """The texts of node ``ident`` as laid out (name first, then its fields)."""
        return [part[3] for part in self._parts
                if isinstance(part, tuple) and part[0] == "text" and part[1] == ident]

    def render(self, texts=None, node_states=None, edge_states=None):
        """The SVG with ``texts[id]`` as the texts of node ``id`` (all of them, in order) and the
        given states ("plain", "done", "highlight") for nodes and edges, by id."""
        texts = texts or {}
        node_states = node_states or {}
        edge_states = edge_states or {}
        out = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == "text":
                _, ident, k, laid_out = part
                node_texts = texts.get(ident)
                out.append(html.escape(node_texts[k] if node_texts else laid_out, quote=False))
                out.append("</text>")
            elif part[0] == "class":
                _, ident, cls, raw_ident = part
                state = (node_states if cls == "node" else edge_states).get(ident, "plain")
                extra = "" if state == "plain" else f" mg-{state}"
                out.append(f'<g id="{raw_ident}" class="{cls}{extra}">')
            else:
                _, ident, cls, k, fill = part
                if cls == "node":
                    colour, width = STROKE[node_states.get(ident, "plain")]
                else:
                    colour, width = EDGE_STROKE[edge_states.get(ident, "plain")]
                    if k > 0:          # the arrowhead is filled with the edge's colour
                        fill = colour
                out.append(f' fill="{fill}" stroke="{colour}" stroke-width="{width}"')
        return "".join(out)
