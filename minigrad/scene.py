"""The graph behind a drawing or a stepper: which nodes, in which order, named how, shown or not.

A scene reads any *Value-like* node: an object with ``data``, ``grad``, ``_prev`` (its parents: a
tuple, a list or a set) and ``_op`` (the name of the operation that made it, ``""`` for a leaf);
``label`` is optional. The library's `minigrad.scalar.Value`, the labs' `Value`, a class written
in a notebook and micrograd's `Value` can all be drawn and stepped through.

Names are stable: a node without a label is called by its position in topological order (``n0``,
``n1`` ...), never by ``id()``, so the same graph gets the same names in every process.

Nothing here needs Graphviz: :mod:`minigrad.draw` turns a scene into DOT text, and the replays of
:mod:`minigrad.stepping` need only this module.
"""

import numbers
from collections import deque

from . import i18n
from .domains import short_repr
from .i18n import say
from .ops import rule_for
from .scalar import Value, topological_order

__all__ = ["Scene", "check_node", "parents", "graph_order", "format_number", "MAX_NODES"]

MAX_NODES = 250
"""Above this many nodes, a drawing shows the part of the graph nearest the output."""

REQUIRED = ("data", "grad", "_prev", "_op")
"""What a node must have to be drawn or stepped through (``label`` is optional)."""

MESSAGES = {
    "not_a_node": {
        "en": "{where}: {given} (of type {kind}) is not a node of a graph: it has no {missing}. "
        "Pass the output of your computation, for example {where}(loss); its class needs the "
        "attributes data, grad, _prev (the parents) and _op (the operation's name).",
        "es": "{where}: {given} (de tipo {kind}) no es un nodo de un grafo: no tiene {missing}. "
        "Pasa la salida de tu cálculo, por ejemplo {where}(loss); su clase necesita los atributos "
        "data, grad, _prev (los padres) y _op (el nombre de la operación).",
    },
    "parent_not_a_node": {
        "en": "{where}: a parent of {node} is {given} (of type {kind}), which is not a node: it "
        "has no {missing}. Every entry of _prev must be a node made by your class; wrap plain "
        "numbers first, as in Value(2.0).",
        "es": "{where}: un padre de {node} es {given} (de tipo {kind}), que no es un nodo: no "
        "tiene {missing}. Cada elemento de _prev debe ser un nodo de tu clase; envuelve antes los "
        "números sueltos, como en Value(2.0).",
    },
    "bad_prev": {
        "en": "{where}: {node}._prev is {given} (of type {kind}); it must hold the node's parents "
        "as a tuple, a list or a set (an empty one for a leaf).",
        "es": "{where}: {node}._prev vale {given} (de tipo {kind}); debe contener los padres del "
        "nodo en una tupla, una lista o un conjunto (vacíos en una hoja).",
    },
    "label_nul": {
        "en": "{where}: the label {given} contains a NUL character (\\0), which no drawing can "
        "show; remove it.",
        "es": "{where}: la etiqueta {given} contiene un carácter NUL (\\0), que ningún dibujo puede "
        "mostrar; quítalo.",
    },
    "unhashable": {
        "en": "{where}: nodes of class {kind} cannot be kept in a set (they are unhashable, "
        "usually because the class defines __eq__). Add the line __hash__ = object.__hash__ to the "
        "class, so that each node is equal only to itself.",
        "es": "{where}: los nodos de la clase {kind} no se pueden guardar en un conjunto (no tienen "
        "*hash*, casi siempre porque la clase define __eq__). Añade a la clase la línea "
        "__hash__ = object.__hash__, para que cada nodo solo sea igual a sí mismo.",
    },
    "and": {"en": " and ", "es": " ni "},
    "collapsed_note": {
        "en": "This graph has {total} nodes: showing the {shown} nearest the output; the other "
        "{hidden} are collapsed into the grey box. Pass max_nodes={total_plain} to draw them all "
        "(it may be slow).",
        "es": "Este grafo tiene {total} nodos: se muestran los {shown} más cercanos a la salida; "
        "los otros {hidden} están agrupados en la caja gris. Pasa max_nodes={total_plain} para "
        "dibujarlos todos (puede ir lento).",
    },
    "collapsed_box": {"en": "… {hidden} more nodes", "es": "… {hidden} nodos más"},
}


def format_number(x, lang=None):
    """A number as boxes and narration show it: 4 decimals, or 4 significant digits when very
    large or small, in the learner's language (``2,0000`` in Spanish).

    A fixed format keeps stored notebook outputs stable; ``-0.0`` is shown as ``0.0000``. Something
    that is not a number (a learner's unfinished node) is shown by its short repr.
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return short_repr(x, 16)
    if x == 0:
        return i18n.number(0.0, ".4f", lang)
    if 1e-4 <= abs(x) < 1e6 or x != x:
        return i18n.number(x, ".4f", lang)
    return i18n.number(x, ".4e", lang)


# ── Reading a Value-like node ──────────────────────────────────────────────────────────────────

def _missing(node):
    return [name for name in REQUIRED if not hasattr(node, name)]


def _missing_text(missing, lang):
    return say(MESSAGES, "and", lang=lang).join(missing)


def check_node(root, where, lang=None):
    """``root`` itself, or a TypeError in the learner's language naming the attributes it lacks."""
    missing = _missing(root)
    if missing:
        raise TypeError(say(MESSAGES, "not_a_node", lang=lang, where=where,
                            given=short_repr(root), kind=type(root).__name__,
                            missing=_missing_text(missing, lang)))
    return root


def parents(node, where="", lang=None):
    """``node``'s parents as a tuple, in order; a set (micrograd's ``_prev``) in a stable order."""
    prev = node._prev
    if prev.__class__ is tuple:
        return prev
    if isinstance(prev, (list, tuple)):
        return tuple(prev)
    if isinstance(prev, (set, frozenset)):
        # A set has no order of its own: sort by what the drawing shows, so that the same graph
        # is drawn and narrated the same way every time. A set also keeps a * a's parent once:
        # give an operation of two inputs its parent twice, as the library records it.
        ordered = tuple(sorted(prev, key=_stable_key))
        rule = rule_for(str(getattr(node, "_op", "")))
        if rule is None or rule.arity != 2:
            return ordered
        if len(ordered) == 1:
            return ordered * 2
        # Which operand came first is lost too: the order whose result is the node's is the one
        # (a / b against b / a); when both give it, the operation does not care.
        if len(ordered) == 2 and _fits(rule, ordered[::-1], node) and not _fits(rule, ordered, node):
            return ordered[::-1]
        return ordered
    raise TypeError(say(MESSAGES, "bad_prev", lang=lang, where=where,
                        node=getattr(node, "label", "") or type(node).__name__,
                        given=short_repr(prev), kind=type(prev).__name__))


def _fits(rule, operands, node):
    """Whether ``rule`` applied to ``operands`` gives ``node``'s data (up to rounding)."""
    try:
        result = rule.forward(*(float(p.data) for p in operands))
        return abs(result - float(node.data)) <= 1e-9 * max(1.0, abs(result))
    except (ArithmeticError, ValueError, TypeError):
        return False


def _stable_key(node):
    return (str(getattr(node, "_op", "")), str(getattr(node, "label", "")),
            repr(getattr(node, "data", "")))


def _check_hashable(node, where, lang):
    try:
        hash(node)
    except TypeError:
        raise TypeError(say(MESSAGES, "unhashable", lang=lang, where=where,
                            kind=type(node).__name__)) from None


def graph_order(roots, where="", lang=None):
    """Every node that ``roots`` depend on, each after its parents, and the parents of each.

    Returns ``(order, parents_of)``. An iterative depth-first search, parents visited in order,
    so the order is the same as `minigrad.scalar.topological_order` for one library root, and a
    graph of any depth can be walked. Every node met is checked to be Value-like.
    """
    if all(root.__class__ is Value for root in roots):      # the library's own: its fast walk
        if len(roots) == 1:
            order = topological_order(roots[0])
        else:
            order, seen = [], set()
            for root in roots:
                for node in topological_order(root):
                    if node not in seen:
                        seen.add(node)
                        order.append(node)
        return order, {node: node._prev for node in order}
    order, parents_of = [], {}
    for root in roots:
        _check_hashable(root, where, lang)
        if root in parents_of:
            continue
        parents_of[root] = parents(root, where, lang)
        path = [(root, 0)]
        while path:
            node, k = path[-1]
            mine = parents_of[node]
            if k < len(mine):
                path[-1] = (node, k + 1)
                parent = mine[k]
                if parent not in parents_of:
                    _check_hashable(parent, where, lang)
                    missing = _missing(parent)
                    if missing:
                        raise TypeError(say(
                            MESSAGES, "parent_not_a_node", lang=lang, where=where,
                            node=getattr(node, "label", "") or type(node).__name__,
                            given=short_repr(parent), kind=type(parent).__name__,
                            missing=_missing_text(missing, lang)))
                    parents_of[parent] = parents(parent, where, lang)
                    path.append((parent, 0))
            else:
                path.pop()
                order.append(node)
    return order, parents_of


# ── The scene ──────────────────────────────────────────────────────────────────────────────────

class Scene:
    """A graph prepared for drawing: its nodes in topological order and their stable names.

    ``roots`` are the outputs (usually one). When the graph has more than ``max_nodes`` nodes,
    only the ``max_nodes`` nearest the outputs are ``shown``; the rest are counted in ``hidden``
    and drawn as a single grey box. Names and parents are taken when the scene is made: a label
    set later does not rename a node in a drawing that already exists.
    """

    def __init__(self, roots, max_nodes=None, lang=None, where="draw_graph"):
        self.roots = tuple(roots)
        for root in self.roots:
            check_node(root, where, lang)
        self.lang = lang
        self.order, self._parents = graph_order(self.roots, where, lang)
        self.index = {node: i for i, node in enumerate(self.order)}
        if max_nodes is None or len(self.order) <= max_nodes:
            self.shown = list(self.order)
        else:
            nearest = self._nearest_outputs(max_nodes)
            self.shown = [node for node in self.order if node in nearest]
        self._shown_set = set(self.shown)
        self._names = {node: self._name(node, i, where) for i, node in enumerate(self.order)}
        self.hidden = len(self.order) - len(self.shown)
        self._edges = None

    def _name(self, node, i, where):
        label = getattr(node, "label", "")
        label = label if isinstance(label, str) else str(label)
        if "\0" in label:
            raise ValueError(say(MESSAGES, "label_nul", lang=self.lang, where=where,
                                 given=short_repr(label)))
        return label or f"n{i}"

    def parents(self, node):
        """``node``'s parents in order, as read when the scene was made."""
        return self._parents[node]

    def op(self, node):
        """The name of the operation that made ``node`` ("" for a leaf)."""
        return str(node._op) if self._parents[node] else ""

    def _nearest_outputs(self, count):
        # Breadth-first from the outputs, parents in order: deterministic, and what is kept is
        # connected to an output.
        kept, queue = set(self.roots), deque(self.roots)
        while queue and len(kept) < count:
            for parent in self._parents[queue.popleft()]:
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
        return "inner" if self._parents[node] else "leaf"

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
            mine = self._parents[node]
            if not mine:
                continue
            op = self.op_name(node)
            for k, parent in enumerate(mine):
                if self.is_shown(parent):
                    tail = self.dot_name(parent)
                    edges.append((f"{tail}-{op}-{k}", tail, op, (parent,), node))
            hidden = tuple(parent for parent in mine if not self.is_shown(parent))
            if hidden:
                edges.append((f"hidden-{op}", "hidden", op, hidden, node))
            edges.append((f"{op}-{self.dot_name(node)}", op, self.dot_name(node), (), node))
        return edges

    def edge_ids_into(self, node, parents=None):
        """Ids of the edges that bring ``parents`` (default: all) into ``node`` through its op."""
        wanted = set(self._parents[node] if parents is None else parents)
        return [edge_id for edge_id, _, _, sources, child in self.edges()
                if child is node and (not sources or any(p in wanted for p in sources))]

    def note(self):
        """The note that says the drawing is collapsed ("" when it is complete)."""
        if not self.hidden:
            return ""
        count = lambda n: i18n.number(n, ",", self.lang)          # noqa: E731
        return say(MESSAGES, "collapsed_note", lang=self.lang, total=count(len(self.order)),
                   shown=count(len(self.shown)), hidden=count(self.hidden),
                   total_plain=len(self.order))

    def collapsed_box(self):
        return say(MESSAGES, "collapsed_box", lang=self.lang,
                   hidden=i18n.number(self.hidden, ",", self.lang))
