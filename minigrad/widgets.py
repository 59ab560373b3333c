"""Widgets to step through automatic differentiation one node at a time, in JupyterLab.

    >>> from minigrad.widgets import BackwardStepper, ForwardStepper
    >>> BackwardStepper(loss)                                  # the reverse pass of loss's graph
    >>> ForwardStepper(lambda x, y: x * y, [3.0, 2.0], [1.0, 0.0])   # a forward pass (JVP)

Each stepper shows buttons (first, back, step, last) and a slider over the steps, a narration
of the last step with the chain rule's numbers, the graph with the current node outlined in red
and the processed ones in green, and the topological order with the current position marked
(above `minigrad.draw.MAX_NODES` nodes, only a window of it around the current node).
The same navigation works from Python: ``.step()``, ``.back()``, ``.first()``, ``.last()``,
``.go(k)``, ``.position``, ``.n_steps`` and ``.state``.

The graph is laid out by graphviz once; each step only rewrites the texts and colours of that
one SVG (`minigrad.draw.SvgTemplate`), so nodes never move while you step, and a step costs
milliseconds. Everything shown comes from the replay's snapshot, taken when the stepper is made:
a training step that changes the weights afterwards does not change what the stepper tells.

Layout: the controls and the narration come first, so they stay on screen however big the
graph is; the narration keeps a fixed minimum height, so the graph does not jump up and down
between steps; the graph sits in its own scrolling box at most `GRAPH_MAX_HEIGHT` tall, and a
graph wider than the box is shrunk to fit, down to `MIN_SCALE` of its size (smaller text would
be unreadable; beyond that the box scrolls sideways).
"""

import html

import ipywidgets as widgets

from .draw import GraphvizMissing, check_rankdir, message_html, render_svg, scene_digraph
from .i18n import say
from .scene import MAX_NODES, format_number
from .stepping import BackwardSteps, ForwardSteps
from .svg import SvgTemplate

__all__ = ["BackwardStepper", "ForwardStepper"]

MESSAGES = {
    # Arrows from the Geometric Shapes block: every common font has them (⏮ ⏭ often are missing).
    "first": {"en": "|◀ first", "es": "|◀ inicio"},
    "back": {"en": "◀ back", "es": "◀ atrás"},
    "step": {"en": "step ▶", "es": "paso ▶"},
    "last": {"en": "last ▶|", "es": "final ▶|"},
    "first_tip": {"en": "Back to step 0", "es": "Volver al paso 0"},
    "back_tip": {"en": "Undo the last step", "es": "Deshacer el último paso"},
    "step_tip": {"en": "Do the next step", "es": "Dar el siguiente paso"},
    "last_tip": {"en": "Jump to the last step", "es": "Saltar al último paso"},
    "slider": {"en": "step", "es": "paso"},
    "order_backward": {
        "en": "Topological order (the backward pass visits it from right to left):",
        "es": "Orden topológico (la pasada hacia atrás lo recorre de derecha a izquierda):",
    },
    "order_forward": {
        "en": "Topological order (the forward pass visits it from left to right):",
        "es": "Orden topológico (la pasada hacia delante lo recorre de izquierda a derecha):",
    },
    "order_window": {
        "en": "The graph has {total} nodes: only the {shown} around the current step are listed; "
        "{before} before them and {after} after them are hidden.",
        "es": "El grafo tiene {total} nodos: solo se listan los {shown} que rodean el paso actual; "
        "se ocultan {before} anteriores y {after} posteriores.",
    },
    "repr": {"en": "<{kind}: step {position} of {n}>", "es": "<{kind}: paso {position} de {n}>"},
}

GRAPH_MAX_HEIGHT = "60vh"
MIN_SCALE = 0.55
NARRATION_MIN_LINES = 4      # most steps take 1 to 4 lines; longer ones push the graph down
# Above MAX_NODES nodes the order line lists only this many nodes on each side of the current
# one: the whole order of a big graph would be megabytes of HTML re-sent at every click.
ORDER_WINDOW = 20

CURRENT_STYLE = "background:#fee2e2; color:#b91c1c; font-weight:bold; padding:0 0.2em"
DONE_STYLE = "color:#15803d"


class _Stepper:
    """What both steppers share: the controls, the views and the Python navigation API.

    Subclasses give the replay (``self._steps``) and say what each node's box shows
    (``_fields``) and which texts it may ever show (``_possible_fields``).
    """

    _order_key = ""
    _starts_at_output = False     # the backward pass starts at the output, at the graph's end

    def __init__(self, steps, rankdir):
        self._steps = steps
        self._walk = steps.order                  # the topological order the pass follows
        self._walk_index = {node: i for i, node in enumerate(self._walk)}
        self.lang = steps.lang
        self.rankdir = rankdir
        self._template, self._graph_notice = self._lay_out(steps.scene)
        self._build_controls()
        self._show()

    # ── Python API ──────────────────────────────────────────────────────────────────────────

    @property
    def position(self):
        """How many steps are done (0: none)."""
        return self._steps.position

    @property
    def n_steps(self):
        return self._steps.n_steps

    @property
    def state(self):
        """Where the replay stands: grads (or values and tangents) so far, current node,
        processed nodes and narration (see :mod:`minigrad.stepping`)."""
        return self._steps.state

    # Navigation is the replay's; the stepper only redraws after each move.

    def go(self, k):
        """Jump to step ``k`` (0 ≤ k ≤ n_steps)."""
        self._steps.go(k)
        self._show()

    def step(self):
        """One step forwards (nothing at the last step)."""
        self._steps.step()
        self._show()

    def back(self):
        """One step backwards (nothing at step 0)."""
        self._steps.back()
        self._show()

    def first(self):
        self.go(0)

    def last(self):
        self.go(self.n_steps)

    def svg(self):
        """The graph as SVG at the current step ("" when graphviz is missing)."""
        return self._render(self._steps.state) if self._template is not None else ""

    # ── Display ─────────────────────────────────────────────────────────────────────────────

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # A short, stable plain-text form: the container's own repr holds the whole SVG.
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self):
        return say(MESSAGES, "repr", lang=self.lang, kind=type(self).__name__,
                   position=self.position, n=self.n_steps)

    def _lay_out(self, scene):
        """Lay the graph out once, with the widest text each box will ever hold."""
        digraph = scene_digraph(scene, self._possible_fields, rankdir=self.rankdir)
        try:
            template = SvgTemplate(render_svg(digraph, self.lang))
            template.fit_to_width(MIN_SCALE)
            return template, ""
        except GraphvizMissing as missing:
            return None, message_html(str(missing))

    def _build_controls(self):
        def button(key, action, css):
            b = widgets.Button(description=say(MESSAGES, key, lang=self.lang),
                               tooltip=say(MESSAGES, key + "_tip", lang=self.lang),
                               layout=widgets.Layout(width="auto"))
            b.add_class(css)
            b.on_click(lambda _: action())
            return b

        self._first = button("first", self.first, "minigrad-first")
        self._back = button("back", self.back, "minigrad-back")
        self._next = button("step", self.step, "minigrad-step")
        self._last = button("last", self.last, "minigrad-last")
        self._slider = widgets.IntSlider(value=0, min=0, max=self.n_steps,
                                         description=say(MESSAGES, "slider", lang=self.lang),
                                         continuous_update=True,
                                         layout=widgets.Layout(flex="1 1 auto", min_width="16em"))
        self._slider.add_class("minigrad-slider")
        self._slider.observe(self._on_slider, names="value")
        self._narration = widgets.HTML()
        self._narration.add_class("minigrad-narration")
        # A big graph scrolls inside its own box instead of widening the whole stepper or
        # pushing the buttons off the screen.
        self._graph = widgets.HTML(layout=widgets.Layout(
            overflow="auto", max_height=GRAPH_MAX_HEIGHT, flex_flow=self._graph_flow()))
        self._graph.add_class("minigrad-graph")
        self._order = widgets.HTML()
        self._order.add_class("minigrad-order")
        controls = widgets.HBox([self._first, self._back, self._next, self._last, self._slider])
        self.widget = widgets.VBox([controls, self._narration, self._graph, self._order])
        self.widget.add_class("minigrad-stepper")

    def _graph_flow(self):
        """The graph box's flex direction: reversed to open scrolled to the graph's end.

        A scroll box in reverse flex direction starts scrolled to its far end (right for a
        row, bottom for a column): there, for a stepper that starts at the output.
        """
        if not self._starts_at_output:
            return "row"
        return "row-reverse" if self.rankdir == "LR" else "column-reverse"

    def _on_slider(self, change):
        if change["new"] != self.position:
            self.go(change["new"])

    def _show(self):
        state = self._steps.state
        if self._slider.value != state.position:
            self._slider.value = state.position      # _on_slider sees it is already there
        at_start, at_end = state.position == 0, state.position == state.n_steps
        self._first.disabled = self._back.disabled = at_start
        self._next.disabled = self._last.disabled = at_end
        self._narration.value = (
            '<div style="font-family:var(--jp-code-font-family, monospace); white-space:pre-wrap;'
            f' line-height:1.5; min-height:{1.5 * NARRATION_MIN_LINES}em; padding:0.3em 0">'
            + html.escape(state.narration) + "</div>")
        if self._template is None:
            self._graph.value = self._graph_notice
        else:
            self._graph.value = self._render(state)
        self._order.value = self._order_html(state)

    def _render(self, state):
        return self._template.render(self._texts(state), *self._states(state))

    def _states(self, state):
        """Outline states by SVG id: processed nodes "done", the current one "highlight"."""
        scene = self._steps.scene
        node_states = {}
        # Only drawn nodes have an id in the SVG: on a collapsed graph, most processed ones don't.
        for node in scene.shown:
            if node in state.processed:
                node_states[scene.dot_name(node)] = "done"
                node_states[scene.op_name(node)] = "done"
        edge_states = {}
        if state.current is not None:
            node_states[scene.dot_name(state.current)] = "highlight"
            if state.kind == "node":
                node_states[scene.op_name(state.current)] = "highlight"
                for edge_id in scene.edge_ids_into(state.current):
                    edge_states[edge_id] = "highlight"
        return node_states, edge_states

    def _texts(self, state):
        scene = self._steps.scene
        return {scene.dot_name(node): [scene.display_name(node), *self._fields(node, state)]
                for node in scene.shown}

    def _order_html(self, state):
        scene, order = self._steps.scene, self._walk
        start, stop = self._order_window(state)
        names = []
        for node in order[start:stop]:
            name = html.escape(scene.display_name(node))
            if node is state.current:
                names.append(f'<span class="mg-current" style="{CURRENT_STYLE}">{name}</span>')
            elif node in state.processed:
                names.append(f'<span class="mg-done" style="{DONE_STYLE}">{name}</span>')
            else:
                names.append(name)
        if start > 0:
            names.insert(0, "…")
        if stop < len(order):
            names.append("…")
        caption = html.escape(say(MESSAGES, self._order_key, lang=self.lang))
        line = f'<b>{caption}</b> {", ".join(names)}'
        if (start, stop) != (0, len(order)):
            note = say(MESSAGES, "order_window", lang=self.lang, total=len(order),
                       shown=stop - start, before=start, after=len(order) - stop)
            line += f'<br><span class="mg-order-note">{html.escape(note)}</span>'
        return f'<div style="line-height:1.6">{line}</div>'

    def _order_window(self, state):
        """The slice ``(start, stop)`` of the topological order to list: all of it up to
        `MAX_NODES` nodes, else `ORDER_WINDOW` nodes on each side of the current one (before
        the first step: of the node where the pass starts)."""
        total = len(self._walk)
        if total <= MAX_NODES:
            return 0, total
        if state.current is not None:
            centre = self._walk_index[state.current]
        else:
            centre = total - 1 if self._starts_at_output else 0
        start = max(0, min(centre - ORDER_WINDOW, total - (2 * ORDER_WINDOW + 1)))
        return start, start + 2 * ORDER_WINDOW + 1


class BackwardStepper(_Stepper):
    """Step through the reverse pass of ``root``'s graph, one node at a time.

    On a graph of minigrad `Value`s the learner's ``.grad`` values are never changed: the
    stepper works on its own copy. On a learner's own graph, whose nodes carry ``_backward``
    closures, it calls them one per step, leaves the grads the learner's ``backward()`` would,
    and `verdict` names the first step that differs from the table's rules (see
    :class:`minigrad.stepping.BackwardSteps`); ``order`` walks the learner's own topological
    order instead of minigrad's.
    ``lang`` is "en" or "es" (default: the language chosen with ``minigrad.set_language``);
    ``rankdir`` lays the graph out "LR" (left to right) or "TB" (top to bottom).
    """

    _order_key = "order_backward"
    _starts_at_output = True

    def __init__(self, root, lang=None, rankdir="LR", order=None):
        steps = BackwardSteps(root, lang, order=order)
        super().__init__(steps, check_rankdir(rankdir, "BackwardStepper", steps.lang))

    @property
    def verdict(self):
        """On a learner's graph: the first step that differs from the table's rules (a
        `minigrad.stepping.Verdict`), or None when every step agrees."""
        return self._steps.verdict

    def _fields(self, node, state):
        return (f"data {format_number(self._steps.data(node), self.lang)}",
                f"grad {format_number(state.grads[node], self.lang)}")

    def _possible_fields(self, node):
        grads = [f"grad {format_number(g, self.lang)}" for g in self._steps.grad_history(node)]
        return (f"data {format_number(self._steps.data(node), self.lang)}", max(grads, key=len))


class ForwardStepper(_Stepper):
    """Step through a forward pass with dual numbers: values and tangents, one node per step.

    ``f`` takes ``len(x)`` arguments and is built from operations Value and Dual share (the
    same ``f`` as for ``jvp``); ``x`` is the point and ``v`` the direction (the seed).
    ``lang`` and ``rankdir`` as for `BackwardStepper`.
    """

    _order_key = "order_forward"

    def __init__(self, f, x, v, lang=None, rankdir="LR", dual=None, functions=None):
        steps = ForwardSteps(f, x, v, lang, dual=dual, functions=functions)
        super().__init__(steps, check_rankdir(rankdir, "ForwardStepper", steps.lang))

    @property
    def verdict(self):
        """With ``dual=``: the first step where the learner's Dual differs from the table's rules,
        or None when every step agrees."""
        return self._steps.verdict

    def jvp(self):
        """``(f(x), J·v)`` as the stepper computes them, like ``minigrad.forward.jvp``."""
        return self._steps.jvp()

    # "value" and "tangent" are Dual's attribute names, like Value's "data" and "grad": they stay
    # as they are in every language.
    def _fields(self, node, state):
        if node not in state.values:
            return ("value ?", "tangent ?")
        return (f"value {format_number(state.values[node], self.lang)}",
                f"tangent {format_number(state.tangents[node], self.lang)}")

    def _possible_fields(self, node):
        final = self._steps.final_tangent(node)
        return (f"value {format_number(self._steps.data(node), self.lang)}",
                f"tangent {format_number(final, self.lang)}")
