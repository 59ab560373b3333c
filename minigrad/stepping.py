"""Step-by-step replays of both modes of automatic differentiation, as plain Python.

`BackwardSteps` replays the reverse pass (what ``backward()`` does) one node at a time;
`ForwardSteps` replays a forward pass with dual numbers (what ``jvp`` does), one node at a time.
Both narrate every step with the real numbers of the chain rule, in English or Spanish, and can
walk forwards and backwards: ``step()``, ``back()``, ``first()``, ``last()``, ``go(k)``.

Nothing here touches the learner's graph: the reverse pass works on its own copy of the grads
(a dict node → grad), so ``.grad`` stays whatever the learner's code left in it. Nor does the
graph touch the replay: every node's data (and name) is copied when the replay is made, and
the whole pass is computed then, so a replay built before a training step keeps telling the
pass it was built on, even after the training step has changed the weights' ``.data``.

The local derivatives are the engine's own (`minigrad.scalar.local_grads`); the table `RULES`
below only says how to write them, and the tests check that a replay ends exactly where
``backward()`` and ``jvp`` end.

The widgets of :mod:`minigrad.widgets` show these replays; this module needs no browser.
"""

import inspect
import numbers
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple, Optional

from . import domains
from .draw import MAX_NODES, Scene, check_value, format_number
from .i18n import check_language, get_language, say
from .scalar import Value, local_grads

__all__ = ["BackwardSteps", "ForwardSteps", "BackwardState", "ForwardState", "RULES", "rule_for"]


# ── Local derivatives, one rule per operation ──────────────────────────────────────────────────

@dataclass(frozen=True)
class Rule:
    """How an operation's node and its local derivatives are written in the narration.

    In the texts, ``{a}`` and ``{b}`` stand for the parents and ``{out}`` for the node. The
    numbers themselves come from :func:`minigrad.scalar.local_grads`: the very ones ``backward()``
    multiplies by.
    """
    expression: str
    local_texts: tuple


RULES = {
    "+": Rule("{out} = {a} + {b}", ("1", "1")),
    "-": Rule("{out} = {a} - {b}", ("1", "(-1)")),
    "*": Rule("{out} = {a} · {b}", ("{b}", "{a}")),
    "/": Rule("{out} = {a} / {b}", ("(1/{b})", "(-{a}/{b}²)")),
    "**": Rule("{out} = {a}**{b}", ("{b}·{a}**({b}-1)", "{out}·log({a})")),
    "neg": Rule("{out} = -{a}", ("(-1)",)),
    "exp": Rule("{out} = exp({a})", ("{out}",)),
    "log": Rule("{out} = log({a})", ("(1/{a})",)),
    "tanh": Rule("{out} = tanh({a})", ("(1 - {out}²)",)),
    "relu": Rule("{out} = relu({a})", ("(1 if {a} > 0 else 0)",)),
    "sigmoid": Rule("{out} = sigmoid({a})", ("{out}·(1 - {out})",)),
    "sin": Rule("{out} = sin({a})", ("cos({a})",)),
    "cos": Rule("{out} = cos({a})", ("(-sin({a}))",)),
}


def rule_for(op):
    """The `Rule` of operation ``op``, building the one for ``"**k"`` (a number exponent k)."""
    if op in RULES:
        return RULES[op]
    if op.startswith("**"):
        return _power_rule(op[2:])
    raise ValueError(say(MESSAGES, "unknown_op", op=op))


def _power_rule(k_text):
    k = float(k_text)
    minus_one = f"{k - 1:g}"
    if k - 1 == 1:
        slope_text = f"{k_text}·{{a}}"                   # 2·a rather than 2·a**1
    elif k - 1 == 0:
        slope_text = k_text
    else:
        exponent = f"({minus_one})" if k - 1 < 0 else minus_one
        slope_text = f"{k_text}·{{a}}**{exponent}"
    return Rule(f"{{out}} = {{a}}**{k_text}", (slope_text,))


def local_derivatives(node, known_ops=None):
    """∂node/∂parent for each parent of ``node`` (refusing an operation the narration cannot write).

    ``known_ops``, a set, remembers the operations already checked: a replay of a big graph
    asks for tens of thousands of nodes of a dozen kinds.
    """
    if known_ops is None or node._op not in known_ops:
        rule_for(node._op)
        if known_ops is not None:
            known_ops.add(node._op)
    return local_grads(node)


# ── Messages ───────────────────────────────────────────────────────────────────────────────────

MESSAGES = {
    "unknown_op": {
        "en": "no local-derivative rule for operation {op!r}; the steppers know "
        "+ - * / ** neg exp log tanh relu sigmoid sin cos and **k.",
        "es": "no hay regla de derivada local para la operación {op!r}; los widgets paso a paso conocen "
        "+ - * / ** neg exp log tanh relu sigmoid sin cos y **k.",
    },
    "bad_step": {
        "en": "go({given!r}): the step must be a whole number from 0 to {n}.",
        "es": "go({given!r}): el paso debe ser un número entero de 0 a {n}.",
    },
    "step": {"en": "Step {k}/{n}", "es": "Paso {k}/{n}"},
    # reverse pass
    "b_start": {
        "en": "nothing done yet: every grad is 0.0. Step once to seed the output {out}.",
        "es": "todavía no se ha hecho nada: todos los grad valen 0.0. Avanza un paso para poner "
        "la semilla en la salida {out}.",
    },
    "b_seed": {
        "en": "seed: {out}.grad = 1.0, because ∂{out}/∂{out} = 1. The backward pass starts at "
        "the output and visits the nodes in reverse topological order.",
        "es": "semilla: {out}.grad = 1.0, porque ∂{out}/∂{out} = 1. La pasada hacia atrás "
        "empieza en la salida y recorre los nodos en orden topológico inverso.",
    },
    "b_node": {
        "en": "chain rule at {expr}: each parent's grad += local derivative · {node}.grad",
        "es": "regla de la cadena en {expr}: el grad de cada padre += derivada local · {node}.grad",
    },
    "b_accumulate": {
        "en": "  ↳ accumulation: {parent} already had {before}; with this {nth} contribution "
        "{parent}.grad = {before} + {amount} = {after}",
        "es": "  ↳ acumulación: {parent} ya tenía {before}; con esta {nth} contribución "
        "{parent}.grad = {before} + {amount} = {after}",
    },
    "b_leaf": {
        "en": "{node} is a leaf: it has no parents to pass its grad to, so {node}.grad = {grad} "
        "is final: ∂{out}/∂{node} = {grad}.",
        "es": "{node} es una hoja: no tiene padres a los que pasar su grad, así que "
        "{node}.grad = {grad} ya es definitivo: ∂{out}/∂{node} = {grad}.",
    },
    "b_done": {
        "en": "Backward pass complete: every grad now equals what {out}.backward() computes.",
        "es": "Pasada hacia atrás completa: cada grad vale ya lo mismo que calcula "
        "{out}.backward().",
    },
    # forward pass
    "f_start": {
        "en": "nothing computed yet. Each step computes one node's value and tangent, in "
        "topological order; the seed direction is v = {v}.",
        "es": "todavía no se ha calculado nada. Cada paso calcula el valor y la tangente de un "
        "nodo, en orden topológico; la dirección semilla es v = {v}.",
    },
    "f_input": {
        "en": "{node} is input {i}: {node} = {value}; its tangent is entry {i} of the seed "
        "direction: {dot} = v[{i}] = {tangent}",
        "es": "{node} es la entrada {i}: {node} = {value}; su tangente es la componente {i} de "
        "la dirección semilla: {dot} = v[{i}] = {tangent}",
    },
    "f_constant": {
        "en": "{node} is a constant: {node} = {value}; it does not change in any direction, so "
        "{dot} = 0.0",
        "es": "{node} es una constante: {node} = {value}; no cambia en ninguna dirección, así "
        "que {dot} = 0.0",
    },
    "f_node": {
        "en": "forward chain rule: the tangent is the sum of local derivative · parent's tangent",
        "es": "regla de la cadena hacia delante: la tangente es la suma de derivada local · "
        "tangente del padre",
    },
    "f_done": {
        "en": "Forward pass complete: the output's tangent is J·v = {jv}, what jvp(f, x, v) "
        "returns.",
        "es": "Pasada hacia delante completa: la tangente de la salida es J·v = {jv}, lo que "
        "devuelve jvp(f, x, v).",
    },
    # bad input to ForwardSteps
    "f_not_callable": {
        "en": "ForwardStepper: f must be a function, got {kind}; for example "
        "ForwardStepper(lambda x, y: x * y, [3.0, 2.0], [1.0, 0.0]).",
        "es": "ForwardStepper: f debe ser una función y se ha recibido {kind}; por ejemplo "
        "ForwardStepper(lambda x, y: x * y, [3.0, 2.0], [1.0, 0.0]).",
    },
    "f_length": {
        "en": "ForwardStepper: x has {n} entries but the direction v has {k}; give one tangent "
        "per input.",
        "es": "ForwardStepper: x tiene {n} componentes pero la dirección v tiene {k}; pasa una "
        "tangente por cada entrada.",
    },
    "f_failed": {
        "en": "ForwardStepper: calling f with Values failed ({error}). Build f only from what "
        "Value and Dual share: + - * / ** and .exp() .log() .tanh() .relu() .sigmoid() .sin() "
        ".cos() (not math.sin and friends).",
        "es": "ForwardStepper: la llamada a f con Values ha fallado ({error}). Construye f solo "
        "con lo que comparten Value y Dual: + - * / ** y .exp() .log() .tanh() .relu() "
        ".sigmoid() .sin() .cos() (no math.sin y similares).",
    },
    "f_output": {
        "en": "ForwardStepper: f returned {kind}; it must return a result computed from its "
        "arguments (or a list of them).",
        "es": "ForwardStepper: f ha devuelto {kind}; debe devolver un resultado calculado a "
        "partir de sus argumentos (o una lista de ellos).",
    },
}


def short_number(x):
    """A float for narration: the drawing's `format_number` without trailing zeros after the
    point (3.0, 0.42, -1.5000e-07), so the narration and the boxes show the same numbers."""
    text = format_number(x)
    if "." not in text or "e" in text:
        return text
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text


def factor(x):
    """A number as a factor of a product: negative ones in parentheses, ``3.0 · (-2.0)``."""
    text = short_number(x)
    return f"({text})" if text.startswith("-") else text


def _english_ordinal(n):
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


ORDINALS = {                     # "the n-th contribution", in each language of minigrad.i18n
    "en": _english_ordinal,
    "es": "{}.ª".format,         # contribución is feminine: 2.ª, 3.ª
}


def ordinal(n, lang):
    return ORDINALS[lang](n)


def dotted(name):
    """The name of a tangent: ``ȧ`` for ``a``, ``ẋ1`` for ``x1``, ``(loss)˙`` for longer names."""
    head, tail = name[:1], name[1:]
    if head.isalpha() and (not tail or tail.isdigit()):
        # A combining dot above, composed into one character where Unicode has it (ȧ, ẋ, ṅ).
        return unicodedata.normalize("NFC", head + "\u0307") + tail
    return f"({name})˙"


def _fill(text, names):
    """``text`` with ``{a}``, ``{b}``, ``{out}`` replaced by ``names``' entries."""
    for key, name in names.items():
        text = text.replace("{" + key + "}", name)
    return text


# ── Navigation shared by both replays ──────────────────────────────────────────────────────────

class _Replay:
    """Positions 0..n_steps over a list of recorded steps ("events").

    Moving forwards applies an event's changes and moving backwards undoes them (subclasses
    say how, in ``_apply`` and ``_undo``), restoring the stored "before" values: going back is
    exact, with no floating-point subtraction.
    """

    def __init__(self, scene, snapshot, events, lang):
        self.scene = scene
        self.lang = lang
        self._snapshot = snapshot
        self._events = events
        self._position = 0

    @property
    def n_steps(self):
        return len(self._events)

    @property
    def position(self):
        """How many steps are done (0: none)."""
        return self._position

    @property
    def order(self):
        """Every node of the graph in topological order."""
        return list(self.scene.order)

    def go(self, k):
        """Jump to position ``k`` (0 ≤ k ≤ n_steps)."""
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 <= k <= self.n_steps:
            raise ValueError(say(MESSAGES, "bad_step", lang=self.lang, given=k, n=self.n_steps))
        while self._position < k:
            self._apply(self._events[self._position])
            self._position += 1
        while self._position > k:
            self._position -= 1
            self._undo(self._events[self._position])

    def step(self):
        """One step forwards (nothing at the last step)."""
        self.go(min(self._position + 1, self.n_steps))

    def back(self):
        """One step backwards (nothing at step 0)."""
        self.go(max(self._position - 1, 0))

    def first(self):
        self.go(0)

    def last(self):
        self.go(self.n_steps)

    def name(self, node):
        return self.scene.display_name(node)

    def data(self, node):
        """``node.data`` as it was when the replay was made (never the live value)."""
        return self._snapshot[node]

    def _header(self):
        return say(MESSAGES, "step", lang=self.lang, k=self._position, n=self.n_steps)


# ── The reverse pass ───────────────────────────────────────────────────────────────────────────

# Contributions and events are named tuples rather than dataclasses: a big graph records one of
# each per node, and tuples are made several times faster.

class Contribution(NamedTuple):
    """One ``parent.grad += local · node.grad``, with the numbers before and after."""
    parent: Value
    local: float
    amount: float
    before: float
    after: float
    nth: int        # 1 for the first contribution this parent receives, 2 for the second ...


class _BackwardEvent(NamedTuple):
    node: Value
    kind: str               # "seed", "node" or "leaf"
    contributions: tuple


@dataclass(frozen=True)
class BackwardState:
    """Where a reverse-pass replay stands.

    ``grads`` maps every node to its grad so far; ``current`` is the node of the last step
    (None at step 0); ``processed`` the nodes whose step is done; ``kind`` is "start", "seed",
    "node" or "leaf"; ``narration`` tells the last step with its numbers.
    """
    position: int
    n_steps: int
    kind: str
    current: Optional[Value]
    processed: frozenset
    grads: dict
    narration: str


class BackwardSteps(_Replay):
    """The reverse pass of ``root``'s graph, one node at a time, on a copy of the grads.

    Step 0: nothing done, every grad 0. Step 1: the seed, ``root.grad = 1``. Then one step per
    node in reverse topological order: the node adds local derivative · its grad into each
    parent's grad (a leaf has nothing to pass on). After the last step the grads are exactly
    those ``root.backward()`` computes on zeroed grads.
    """

    def __init__(self, root, lang=None):
        lang = check_language(lang or get_language())
        check_value(root, "BackwardStepper", lang)
        self.root = root
        scene = Scene([root], max_nodes=MAX_NODES, lang=lang)
        snapshot = {node: node.data for node in scene.order}
        events, self._histories = self._record(root, scene.order)
        super().__init__(scene, snapshot, events, lang)
        self._grads = {node: 0.0 for node in scene.order}
        # The node of each step after the seed: the processed nodes at any position are a slice.
        self._visited = [event.node for event in events[1:]]

    @staticmethod
    def _record(root, order):
        # The whole pass is computed once, as a list of changes, together with every grad each
        # node takes on the way (the widget sizes its boxes from those); stepping only replays.
        grads = {node: 0.0 for node in order}
        received = {node: 0 for node in order}
        histories = {node: [0.0] for node in order}
        known_ops = set()
        events = [_BackwardEvent(root, "seed", (Contribution(root, 1.0, 1.0, 0.0, 1.0, 1),))]
        grads[root] = 1.0
        histories[root].append(1.0)
        for node in reversed(order):
            if not node._prev:
                events.append(_BackwardEvent(node, "leaf", ()))
                continue
            contributions = []
            for parent, local in zip(node._prev, local_derivatives(node, known_ops)):
                amount = local * grads[node]
                before = grads[parent]
                grads[parent] = before + amount
                received[parent] += 1
                histories[parent].append(grads[parent])
                contributions.append(
                    Contribution(parent, local, amount, before, grads[parent], received[parent]))
            events.append(_BackwardEvent(node, "node", tuple(contributions)))
        return events, histories

    def _apply(self, event):
        for c in event.contributions:
            self._grads[c.parent] = c.after

    def _undo(self, event):
        # In reverse, so that a parent that received two contributions (a * a) ends at its first
        # "before".
        for c in reversed(event.contributions):
            self._grads[c.parent] = c.before

    def grad_history(self, node):
        """Every grad ``node`` has during the replay, in order (starting at 0.0)."""
        return list(self._histories[node])

    @property
    def state(self):
        """A snapshot of where the replay stands (a `BackwardState`)."""
        if self._position == 0:
            kind, current, processed = "start", None, frozenset()
        else:
            event = self._events[self._position - 1]
            kind, current = event.kind, event.node
            processed = frozenset(self._visited[:self._position - 1])
        return BackwardState(self._position, self.n_steps, kind, current, processed,
                             dict(self._grads), self.narration())

    def narration(self):
        """The last step told with its numbers, in the replay's language."""
        lang, out = self.lang, self.name(self.root)
        if self._position == 0:
            return f"{self._header()} · " + say(MESSAGES, "b_start", lang=lang, out=out)
        event = self._events[self._position - 1]
        node = self.name(event.node)
        if event.kind == "seed":
            lines = [f"{self._header()} · " + say(MESSAGES, "b_seed", lang=lang, out=out)]
        elif event.kind == "leaf":
            grad = short_number(self._grads[event.node])
            lines = [f"{self._header()} · " + say(MESSAGES, "b_leaf", lang=lang, node=node,
                                                 grad=grad, out=out)]
        else:
            rule = rule_for(event.node._op)
            names = self._parent_names(event.node)
            expr = _fill(rule.expression, names)
            lines = [f"{self._header()} · " + say(MESSAGES, "b_node", lang=lang, expr=expr,
                                                 node=node)]
            data_names = {key: f"{name}.data" for key, name in names.items()}
            node_grad = self._grads[event.node]
            for c, local_text in zip(event.contributions, rule.local_texts):
                parent = self.name(c.parent)
                lines.append(f"{parent}.grad += {_fill(local_text, data_names)} · {node}.grad"
                             f" = {factor(c.local)} · {factor(node_grad)}"
                             f" = {short_number(c.amount)}")
                if c.nth > 1:
                    lines.append(say(MESSAGES, "b_accumulate", lang=lang, parent=parent,
                                     before=short_number(c.before), amount=factor(c.amount),
                                     after=short_number(c.after), nth=ordinal(c.nth, lang)))
        if self._position == self.n_steps:
            lines.append(say(MESSAGES, "b_done", lang=lang, out=out))
        return "\n".join(lines)

    def _parent_names(self, node):
        names = {"out": self.name(node)}
        for key, parent in zip("ab", node._prev):
            names[key] = self.name(parent)
        return names


# ── The forward pass with dual numbers ─────────────────────────────────────────────────────────

class _ForwardEvent(NamedTuple):
    node: Value
    kind: str               # "input", "constant" or "node"
    tangent: float
    locals: tuple           # ∂node/∂parent for each parent (empty for a leaf)
    input_index: Optional[int]


@dataclass(frozen=True)
class ForwardState:
    """Where a forward-pass replay stands.

    ``values`` and ``tangents`` hold the nodes computed so far (``processed``); ``current`` is
    the node of the last step (None at step 0); ``kind`` is "start", "input", "constant" or
    "node"; ``narration`` tells the last step with its numbers.
    """
    position: int
    n_steps: int
    kind: str
    current: Optional[Value]
    processed: frozenset
    values: dict
    tangents: dict
    narration: str


class ForwardSteps(_Replay):
    """The forward pass of ``f`` at ``x`` along direction ``v``, one node at a time.

    ``f`` is a function of ``len(x)`` arguments built from operations that `Value` and
    ``Dual`` share (the same ``f`` you give to ``jvp``). It is called once with Values to record
    its graph; then each step computes one node's value and tangent in topological order. An
    input's tangent is its entry of ``v`` (the seed), a constant's is 0, and an operation's is
    the sum of local derivative · parent's tangent. After the last step the outputs' tangents
    are J·v, what ``jvp(f, x, v)`` returns.
    """

    def __init__(self, f, x, v, lang=None):
        lang = check_language(lang or get_language())
        if not callable(f):
            raise TypeError(say(MESSAGES, "f_not_callable", lang=lang, kind=type(f).__name__))
        xs = domains.to_floats(x, "ForwardStepper")
        self.direction = domains.to_floats(v, "ForwardStepper", what="tangent")
        if len(xs) != len(self.direction):
            raise ValueError(say(MESSAGES, "f_length", lang=lang, n=len(xs), k=len(self.direction)))
        self.inputs = [Value(xi, label=name) for xi, name in zip(xs, _argument_names(f, len(xs)))]
        self.outputs, self.multiple = self._call(f, lang)
        scene = Scene(self.outputs, max_nodes=MAX_NODES, lang=lang)
        # f may use Values of the learner's (a weight, say), which can change later.
        snapshot = {node: node.data for node in scene.order}
        events, self._final_tangents = self._record(scene.order)
        super().__init__(scene, snapshot, events, lang)
        self._values, self._tangents = {}, {}

    def _call(self, f, lang):
        try:
            out = f(*self.inputs)
        except (TypeError, AttributeError) as error:
            raise TypeError(say(MESSAGES, "f_failed", lang=lang, error=error)) from None
        multiple = isinstance(out, (list, tuple))
        outputs = list(out) if multiple else [out]
        for y in outputs:
            if not isinstance(y, Value):
                raise TypeError(say(MESSAGES, "f_output", lang=lang, kind=type(y).__name__))
        return outputs, multiple

    def _record(self, order):
        # The whole pass is computed once: the steps, and every node's final tangent.
        input_index = {node: i for i, node in enumerate(self.inputs)}
        tangents, events, known_ops = {}, [], set()
        for node in order:
            if node in input_index:
                i = input_index[node]
                tangents[node] = self.direction[i]
                events.append(_ForwardEvent(node, "input", tangents[node], (), i))
            elif not node._prev:
                tangents[node] = 0.0
                events.append(_ForwardEvent(node, "constant", 0.0, (), None))
            else:
                locals_ = local_derivatives(node, known_ops)
                tangent = 0.0
                for parent, local in zip(node._prev, locals_):
                    tangent += local * tangents[parent]
                tangents[node] = tangent
                events.append(_ForwardEvent(node, "node", tangent, tuple(locals_), None))
        return events, tangents

    def _apply(self, event):
        self._values[event.node] = self.data(event.node)
        self._tangents[event.node] = event.tangent

    def _undo(self, event):
        del self._values[event.node]
        del self._tangents[event.node]

    @property
    def state(self):
        """A snapshot of where the replay stands (a `ForwardState`)."""
        if self._position == 0:
            kind, current = "start", None
        else:
            event = self._events[self._position - 1]
            kind, current = event.kind, event.node
        return ForwardState(self._position, self.n_steps, kind, current,
                            frozenset(self._values), dict(self._values), dict(self._tangents),
                            self.narration())

    def final_tangent(self, node):
        """``node``'s tangent once the pass is complete."""
        return self._final_tangents[node]

    def jvp(self):
        """``(f(x), J·v)`` as the replay computes them (floats, or lists for several outputs)."""
        values = [self.data(y) for y in self.outputs]
        tangents = [self._final_tangents[y] for y in self.outputs]
        return (values, tangents) if self.multiple else (values[0], tangents[0])

    def narration(self):
        """The last step told with its numbers, in the replay's language."""
        lang = self.lang
        if self._position == 0:
            direction = "[" + ", ".join(short_number(t) for t in self.direction) + "]"
            return f"{self._header()} · " + say(MESSAGES, "f_start", lang=lang, v=direction)
        event = self._events[self._position - 1]
        node = self.name(event.node)
        value = short_number(self.data(event.node))
        if event.kind == "input":
            lines = [f"{self._header()} · " + say(
                MESSAGES, "f_input", lang=lang, node=node, i=event.input_index, value=value,
                dot=dotted(node), tangent=short_number(event.tangent))]
        elif event.kind == "constant":
            lines = [f"{self._header()} · " + say(MESSAGES, "f_constant", lang=lang, node=node,
                                                 value=value, dot=dotted(node))]
        else:
            lines = [f"{self._header()} · " + say(MESSAGES, "f_node", lang=lang)]
            lines.extend(self._node_lines(event))
        if self._position == self.n_steps:
            _, jv = self.jvp()
            jv = "[" + ", ".join(map(short_number, jv)) + "]" if self.multiple else short_number(jv)
            lines.append(say(MESSAGES, "f_done", lang=lang, jv=jv))
        return "\n".join(lines)

    def _node_lines(self, event):
        """``c = a · b = 3.0 · 2.0 = 6.0`` and ``ċ = b·ȧ + a·ḃ = 2.0 · 1.0 + 3.0 · 0.0 = 2.0``."""
        node, rule = event.node, rule_for(event.node._op)
        names = {"out": self.name(node)}
        values = {"out": short_number(self.data(node))}
        for key, parent in zip("ab", node._prev):
            names[key] = self.name(parent)
            values[key] = factor(self.data(parent))
        expression = _fill(rule.expression, names)
        computed = _fill(rule.expression.split(" = ", 1)[1], values)
        symbols, numbers_ = [], []
        for parent, local, local_text in zip(node._prev, event.locals, rule.local_texts):
            symbols.append(f"{_fill(local_text, names)}·{dotted(self.name(parent))}")
            numbers_.append(f"{factor(local)} · {factor(self._tangents[parent])}")
        return [
            f"{expression} = {computed} = {short_number(self.data(node))}",
            f"{dotted(self.name(node))} = {' + '.join(symbols)} = {' + '.join(numbers_)}"
            f" = {short_number(event.tangent)}",
        ]


def _argument_names(f, count):
    """Names for f's inputs: its parameter names when it has ``count`` plain ones, else x0, x1..."""
    try:
        parameters = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):      # builtins without a signature
        parameters = []
    plain = [p.name for p in parameters
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(plain) == count and len(parameters) == count:
        return plain
    return [f"x{i}" for i in range(count)]
