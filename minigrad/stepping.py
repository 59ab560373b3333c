"""Step-by-step replays of both modes of automatic differentiation, as plain Python.

`BackwardSteps` replays the reverse pass (what ``backward()`` does) one node at a time;
`ForwardSteps` replays a forward pass with dual numbers (what ``jvp`` does), one node at a time.
Both narrate every step with the real numbers of the chain rule, in the learner's language, and
can walk forwards and backwards: ``step()``, ``back()``, ``first()``, ``last()``, ``go(k)``.

Two kinds of graph:

* **The library's own** (`minigrad.scalar.Value`, or `minigrad.forward.Dual` for a forward pass):
  the replay computes the whole pass itself from the table of operations (:mod:`minigrad.ops`),
  on its own copy of the grads. The learner's ``.grad`` values are never touched, and the tests
  check that a replay ends exactly where ``backward()`` and ``jvp`` end.
* **The learner's own**: any Value-like node (see :mod:`minigrad.scene`) whose nodes carry
  ``_backward`` closures in micrograd's style (no argument), or a Dual class of the learner's.
  Then the replay runs *the learner's code*, one node per step, records what each call changed,
  and compares it with what the table's rules give: the first step that differs is reported
  ("step 4: your * node passed 3.0 to a; the product rule gives -3.0"). An operation the table
  does not know is stepped without a verdict, and the narration says so.

Every node's data (and name) is copied when the replay is made, and the whole pass is recorded
then, so a replay keeps telling the pass it was built on even after a training step has changed
the weights.

The widgets of :mod:`minigrad.widgets` show these replays; this module needs no browser and no
Graphviz.
"""

import inspect
import math
import numbers
import operator
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple, Optional

from . import domains, i18n, ops
from .i18n import check_language, get_language, say
from .ops import known_names
from .ops import rule_for as _table_rule
from .scalar import Value
from .scene import MAX_NODES, Scene, check_node, format_number

__all__ = ["BackwardSteps", "ForwardSteps", "BackwardState", "ForwardState", "Verdict",
           "rule_for", "local_derivatives"]

WATCH_EVERY_NODE = 400
"""On a learner's graph up to this size, every grad is compared before and after each call, so
that a closure that writes into the wrong node is caught; above it, only the node and its parents."""


# ── Messages ───────────────────────────────────────────────────────────────────────────────────

MESSAGES = {
    "unknown_op": {
        "en": "no local-derivative rule for operation {op!r}; the table knows {known}.",
        "es": "no hay regla de derivada local para la operación {op!r}; la tabla conoce {known}.",
    },
    "bad_step": {
        "en": "go({given!r}): the step must be a whole number from 0 to {n}.",
        "es": "go({given!r}): el paso debe ser un número entero de 0 a {n}.",
    },
    "step": {"en": "Step {k}/{n}", "es": "Paso {k}/{n}"},
    # reverse pass
    "b_start": {
        "en": "nothing done yet: every grad is 0.0. Step once to seed the output {out}.",
        "es": "todavía no se ha hecho nada: todos los grad valen 0,0. Avanza un paso para poner "
        "la semilla en la salida {out}.",
    },
    "b_seed": {
        "en": "seed: {out}.grad = 1.0, because ∂{out}/∂{out} = 1. The backward pass starts at "
        "the output and visits the nodes in reverse topological order.",
        "es": "semilla: {out}.grad = 1,0, porque ∂{out}/∂{out} = 1. La pasada hacia atrás "
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
    # reverse pass, the learner's own closures
    "l_start": {
        "en": "your graph, with your own _backward closures: every grad is 0.0. Step once to put "
        "the seed in the output {out}; then each step calls one node's _backward(), in reverse "
        "topological order, and shows what it changed.",
        "es": "tu grafo, con tus propias clausuras _backward: todos los grad valen 0,0. Avanza un "
        "paso para poner la semilla en la salida {out}; después, cada paso llama al _backward() "
        "de un nodo, en orden topológico inverso, y muestra lo que ha cambiado.",
    },
    "l_call": {
        "en": "your {node}._backward() for {expr}:",
        "es": "tu {node}._backward() para {expr}:",
    },
    "l_changed": {
        "en": "  {name}.grad: {before} → {after}",
        "es": "  {name}.grad: {before} → {after}",
    },
    "l_nothing": {
        "en": "  it changed no grad.",
        "es": "  no ha cambiado ningún grad.",
    },
    "l_right": {
        "en": "  ✔ as {rule} says: {details}",
        "es": "  ✔ como dice {rule}: {details}",
    },
    "l_wrong": {
        "en": "  ✘ {problem}",
        "es": "  ✘ {problem}",
    },
    "l_unknown": {
        "en": "  (the table has no rule for {op!r}: this step is shown without a verdict)",
        "es": "  (la tabla no tiene regla para {op!r}: este paso se muestra sin veredicto)",
    },
    "l_missing": {
        "en": "  {node} has no _backward to call: its parents receive nothing from it.",
        "es": "  {node} no tiene _backward al que llamar: sus padres no reciben nada de él.",
    },
    "l_raised": {
        "en": "  your _backward raised {error}: your backward() would stop here too, so the "
        "stepper stops.",
        "es": "  tu _backward ha lanzado {error}: tu backward() también se pararía aquí, así que "
        "el paso a paso se detiene.",
    },
    "l_done_stopped": {
        "en": "Your backward pass stopped at step {step}: the _backward of {node} raised {error}. "
        "Fix that closure, build the graph again and step through it again.",
        "es": "Tu pasada hacia atrás se ha detenido en el paso {step}: el _backward de {node} ha "
        "lanzado {error}. Corrige esa clausura, vuelve a construir el grafo y recórrelo de nuevo.",
    },
    "l_done_right": {
        "en": "Your backward pass is complete, and every step agrees with the table's rules.",
        "es": "Tu pasada hacia atrás está completa y todos los pasos coinciden con las reglas de "
        "la tabla.",
    },
    "l_done_wrong": {
        "en": "Your backward pass is complete. First difference from the table's rules: {verdict}",
        "es": "Tu pasada hacia atrás está completa. Primera diferencia con las reglas de la tabla: "
        "{verdict}",
    },
    "l_done_unknown": {
        "en": " (steps of {ops} were shown without a verdict: the table has no rule for them)",
        "es": " (los pasos de {ops} se han mostrado sin veredicto: la tabla no tiene regla para "
        "ellos)",
    },
    # what a verdict says
    "v_passed": {
        "en": "step {step}: your {op} node passed {got} to {parent}; {rule} gives {expected}.",
        "es": "paso {step}: tu nodo {op} ha pasado {got} a {parent}; {rule} da {expected}.",
    },
    "v_order": {
        "en": "step {step}: your order calls {node}'s _backward before {user}'s, which uses {node}: "
        "{node}'s grad is not complete yet. Walk the topological order in reverse.",
        "es": "paso {step}: tu orden llama al _backward de {node} antes que al de {user}, que usa "
        "{node}: el grad de {node} aún no está completo. Recorre el orden topológico al revés.",
    },
    "order_type": {
        "en": "BackwardStepper(..., order=...): order must be a list of the graph's nodes (what "
        "topological_order(root) returns), got {given}.",
        "es": "BackwardStepper(..., order=...): order debe ser una lista con los nodos del grafo "
        "(lo que devuelve topological_order(root)), y se ha recibido {given}.",
    },
    "order_missing": {
        "en": "BackwardStepper(..., order=...): {node} is not in order; it must hold every node "
        "of the graph once.",
        "es": "BackwardStepper(..., order=...): {node} no está en order; debe contener cada nodo "
        "del grafo una vez.",
    },
    "order_twice": {
        "en": "BackwardStepper(..., order=...): {node} is in order more than once; it must hold "
        "every node of the graph once.",
        "es": "BackwardStepper(..., order=...): {node} aparece más de una vez en order; debe "
        "contener cada nodo del grafo una vez.",
    },
    "order_foreign": {
        "en": "BackwardStepper(..., order=...): order holds {extra} node(s) that are not in this "
        "graph; give the order of this output's graph.",
        "es": "BackwardStepper(..., order=...): order contiene {extra} nodo(s) que no son de este "
        "grafo; pasa el orden del grafo de esta salida.",
    },
    "v_foreign": {
        "en": "step {step}: your {op} node changed the grad of {other}, which is not one of its "
        "parents ({before} → {after}); a _backward may only add into its own parents' grads.",
        "es": "paso {step}: tu nodo {op} ha cambiado el grad de {other}, que no es uno de sus "
        "padres ({before} → {after}); un _backward solo puede sumar en el grad de sus padres.",
    },
    "v_not_number": {
        "en": "step {step}: after your {op} node, {other}.grad is {given}, not a number; add a "
        "float into it with +=.",
        "es": "paso {step}: después de tu nodo {op}, {other}.grad vale {given}, que no es un "
        "número; súmale un float con +=.",
    },
    "v_value": {
        "en": "step {step}: your {op} node computed the value {got}; {rule} gives {expected}.",
        "es": "paso {step}: tu nodo {op} ha calculado el valor {got}; {rule} da {expected}.",
    },
    "v_tangent": {
        "en": "step {step}: your {op} node's tangent is {got}; {rule} gives {expected}.",
        "es": "paso {step}: la tangente de tu nodo {op} es {got}; {rule} da {expected}.",
    },
    "v_result": {
        "en": "step {step}: your {op} gave {given}, which is not a Dual (it needs .value and "
        ".tangent).",
        "es": "paso {step}: tu {op} ha devuelto {given}, que no es un Dual (necesita .value y "
        ".tangent).",
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
        "que {dot} = 0,0",
    },
    "f_node": {
        "en": "forward chain rule: the tangent is the sum, over the parents, of local derivative · "
        "parent's tangent",
        "es": "regla de la cadena hacia delante: la tangente es la suma, sobre los padres, de "
        "derivada local · tangente del padre",
    },
    "f_done": {
        "en": "Forward-mode pass complete: the output's tangent is J·v = {jv}, what jvp(f, x, v) "
        "returns.",
        "es": "Pasada en modo directo completa: la tangente de la salida es J·v = {jv}, lo que "
        "devuelve jvp(f, x, v).",
    },
    "f_yours": {
        "en": "  your Dual: value {value}, tangent {tangent}",
        "es": "  tu Dual: valor {value}, tangente {tangent}",
    },
    "f_no_function": {
        "en": "  your Dual has no {op}: pass functions={{{op!r}: {op}}} to step through your own "
        "{op} too (this step shows the table's numbers only).",
        "es": "  tu Dual no tiene {op}: pasa functions={{{op!r}: {op}}} para recorrer también tu "
        "propia {op} (este paso muestra solo los números de la tabla).",
    },
    "f_raised": {
        "en": "  your {op} raised {error}: the stepper stops here.",
        "es": "  tu {op} ha lanzado {error}: el paso a paso se detiene aquí.",
    },
    "f_done_stopped": {
        "en": "Your forward-mode pass stopped at step {step}: your {op} raised {error}. Fix it and "
        "step through again.",
        "es": "Tu pasada en modo directo se ha detenido en el paso {step}: tu {op} ha lanzado "
        "{error}. Corrige tu {op} y vuelve a recorrer la pasada paso a paso.",
    },
    "f_done_right": {
        "en": "Your forward-mode pass is complete, and every step agrees with the table's rules.",
        "es": "Tu pasada en modo directo está completa y todos los pasos coinciden con las reglas de "
        "la tabla.",
    },
    "f_done_wrong": {
        "en": "Your forward-mode pass is complete. First difference from the table's rules: {verdict}",
        "es": "Tu pasada en modo directo está completa. Primera diferencia con las reglas de la "
        "tabla: {verdict}",
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
        "Value and Dual share: {operators} and {methods} (not math.sin and friends).",
        "es": "ForwardStepper: la llamada a f con Values ha fallado ({error}). Construye f solo "
        "con lo que comparten Value y Dual: {operators} y {methods} (ni math.sin ni similares).",
    },
    "f_output": {
        "en": "ForwardStepper: f returned {kind}; it must return a result computed from its "
        "arguments (or a list of them).",
        "es": "ForwardStepper: f ha devuelto {kind}; debe devolver un resultado calculado a "
        "partir de sus argumentos (o una lista de ellos).",
    },
    "f_dual": {
        "en": "ForwardStepper: dual={given} must be your Dual class, which Dual(value, tangent) "
        "builds.",
        "es": "ForwardStepper: dual={given} debe ser tu clase Dual, la que construye "
        "Dual(value, tangent).",
    },
    "f_functions": {
        "en": "ForwardStepper: functions must be a dict from operation name to your function, "
        "such as {{\"sin\": sin, \"exp\": exp}}; got {given}.",
        "es": "ForwardStepper: functions debe ser un dict que asocie el nombre de cada operación con "
        "tu función, como {{\"sin\": sin, \"exp\": exp}}; se ha recibido {given}.",
    },
    "f_dual_new": {
        "en": "ForwardStepper: Dual({value}, {tangent}) failed with your class ({error}).",
        "es": "ForwardStepper: Dual({value}, {tangent}) ha fallado con tu clase ({error}).",
    },
}

# Ordinals for "the 2nd contribution", by language.
ORDINALS = {
    "en": lambda n: f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}",
    "es": lambda n: f"{n}.ª",          # contribución is feminine: 2.ª, 3.ª
}


def ordinal(n, lang):
    return ORDINALS[lang](n)


def rule_for(op):
    """The table's entry for operation ``op`` (``"**2"`` included), or a ValueError naming those known."""
    rule = _table_rule(op)
    if rule is None:
        raise ValueError(say(MESSAGES, "unknown_op", op=op, known=known_names()))
    return rule


def local_derivatives(node, known_ops=None):
    """∂node/∂parent for each parent of a library ``node``, from the table (what backward() uses).

    ``known_ops`` is accepted for compatibility; the table lookup is already cheap.
    """
    rule = node._rule
    if rule is None:
        return ()
    return rule.local_grads(*(parent.data for parent in node._prev), node.data)


def short_number(x, lang=None):
    """A number for narration: the boxes' `format_number` without trailing zeros after the
    decimal mark (3.0, 0.42, -1.5000e-07; 3,0 in Spanish), so narration and boxes agree."""
    text = format_number(x, lang)
    mark = i18n.language(lang).decimal_mark
    if mark not in text or "e" in text:
        return text
    text = text.rstrip("0")
    return text + "0" if text.endswith(mark) else text


def factor(x, lang=None):
    """A number as a factor of a product: negative ones in parentheses, ``3.0 · (-2.0)``."""
    text = short_number(x, lang)
    return f"({text})" if text.startswith("-") else text


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


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _agree(got, expected):
    """Two numbers the same up to rounding (a learner's -a/b² and the table's -out/b, say)."""
    if not (_is_number(got) and _is_number(expected)):
        return False
    if math.isnan(got) or math.isnan(expected):
        return math.isnan(got) and math.isnan(expected)
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)


@dataclass(frozen=True)
class Verdict:
    """The first step of a learner's pass that differs from the table's rules.

    ``kind``: "passed" (a wrong amount passed to a parent), "foreign" (a grad that is not a
    parent's changed), "not_number", "value", "tangent" or "result"; ``got`` and ``expected``
    the numbers; ``text`` the sentence, in the replay's language.
    """
    step: int
    node: object
    kind: str
    other: object
    got: object
    expected: object
    text: str

    def __str__(self):
        return self.text


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
        """Every node of the graph in the topological order the pass follows."""
        return list(getattr(self, "_walk", self.scene.order))

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

    def number(self, x):
        return short_number(x, self.lang)

    def _header(self):
        return say(MESSAGES, "step", lang=self.lang, k=self._position, n=self.n_steps)

    def _expression(self, node, rule):
        """``c = a · b`` for ``node`` made by ``rule``."""
        return _fill("{out} = " + rule.formula, self._names(node))

    def _names(self, node):
        names = {"out": self.name(node)}
        for key, parent in zip("ab", self.scene.parents(node)):
            names[key] = self.name(parent)
        return names


# ── The reverse pass ───────────────────────────────────────────────────────────────────────────

# Contributions and events are named tuples rather than dataclasses: a big graph records one of
# each per node, and tuples are made several times faster.

class Contribution(NamedTuple):
    """One ``parent.grad += local · node.grad``, with the numbers before and after."""
    parent: object
    local: float
    amount: float
    before: float
    after: float
    nth: int        # 1 for the first contribution this parent receives, 2 for the second ...


class _BackwardEvent(NamedTuple):
    node: object
    kind: str               # "seed", "node", "leaf", or for a learner's pass "call", "missing", "raised"
    contributions: tuple    # for "call": (node, before, after) for every grad the call changed
    extra: object = None    # for "call": the step's verdict or None; for "raised": the error


@dataclass(frozen=True)
class BackwardState:
    """Where a reverse-pass replay stands.

    ``grads`` maps every node to its grad so far; ``current`` is the node of the last step
    (None at step 0); ``processed`` the nodes whose step is done; ``kind`` is "start", "seed",
    "node" or "leaf" (a learner's pass: "call", "missing" or "raised" too); ``narration`` tells
    the last step with its numbers.
    """
    position: int
    n_steps: int
    kind: str
    current: Optional[object]
    processed: frozenset
    grads: dict
    narration: str


class BackwardSteps(_Replay):
    """The reverse pass of ``root``'s graph, one node at a time.

    Step 0: nothing done, every grad 0. Step 1: the seed, ``root.grad = 1``. Then one step per
    node in reverse topological order: the node adds local derivative · its grad into each
    parent's grad (a leaf has nothing to pass on).

    On a graph of library `Value`s, the replay works on a copy of the grads and ends exactly
    where ``root.backward()`` ends on zeroed grads. On a learner's graph whose nodes have
    ``_backward`` closures, it zeroes the grads, seeds the output and calls the learner's
    closures in reverse topological order, as the learner's ``backward()`` would, so the grads
    end where that ``backward()`` leaves them; each step is compared with the table's rules and
    `verdict` is the first difference (None when every step agrees).

    ``order``: the topological order to walk backwards (the learner's own ``topological_order
    (root)``, say) instead of minigrad's; it must hold every node of the graph once, and a node
    it puts before one of its users is the verdict of the step that calls it too early.
    """

    def __init__(self, root, lang=None, order=None):
        lang = check_language(lang or get_language())
        with i18n.speaking(lang):                  # an error in the engine speaks lang too
            self._make(root, lang, order)

    def _make(self, root, lang, order):
        check_node(root, "BackwardStepper", lang)
        self.root = root
        scene = Scene([root], max_nodes=MAX_NODES, lang=lang, where="BackwardStepper")
        self._walk = scene.order if order is None else self._checked_order(order, scene, lang)
        self.learners = root.__class__ is not Value and not isinstance(root, Value)
        snapshot = {node: node.data for node in scene.order}
        self.verdict, self.unknown_ops, self.stopped = None, [], None
        if self.learners and any(callable(getattr(node, "_backward", None))
                                 for node in scene.order if scene.parents(node)):
            events = self._record_learners(root, scene, lang)
        else:
            events = self._record(root, scene)
        super().__init__(scene, snapshot, events, lang)
        self._grads = {node: 0.0 for node in scene.order}
        self._histories = self._histories_from(events, scene.order)
        # The node of each step after the seed: the processed nodes at any position are a slice.
        self._visited = [event.node for event in events[1:]]

    # Recording: the whole pass is computed once, as a list of changes; stepping only replays.

    def _record(self, root, scene):
        """The pass computed from the table's local derivatives, on a copy of the grads."""
        grads = {node: 0.0 for node in scene.order}
        received = {node: 0 for node in scene.order}
        events = [_BackwardEvent(root, "seed", (Contribution(root, 1.0, 1.0, 0.0, 1.0, 1),))]
        grads[root] = 1.0
        for node in reversed(self._walk):
            parents = scene.parents(node)
            if not parents:
                events.append(_BackwardEvent(node, "leaf", ()))
                continue
            rule = rule_for(scene.op(node))
            locals_ = rule.local_grads(*(self._data(p) for p in parents), self._data(node))
            contributions = []
            for parent, local in zip(parents, locals_):
                amount = local * grads[node]
                before = grads[parent]
                grads[parent] = before + amount
                received[parent] += 1
                contributions.append(
                    Contribution(parent, local, amount, before, grads[parent], received[parent]))
            events.append(_BackwardEvent(node, "node", tuple(contributions)))
        return events

    @staticmethod
    def _data(node):
        return float(node.data)

    def _record_learners(self, root, scene, lang):
        """Run the learner's own closures, one per step, and compare each with the table."""
        order = scene.order
        for node in order:
            node.grad = 0.0
        root.grad = 1.0
        events = [_BackwardEvent(root, "seed", ((root, 0.0, 1.0),))]
        watch_all = len(order) <= WATCH_EVERY_NODE
        unknown, called, users = [], set(), self._users(scene)
        for node in reversed(self._walk):
            early = [user for user in users.get(node, ()) if user not in called]
            called.add(node)
            if early and self.verdict is None:     # a user of node has not passed its grad yet
                self.verdict = Verdict(len(events) + 1, node, "order", early[0], None, None, say(
                    MESSAGES, "v_order", lang=lang, step=len(events) + 1,
                    node=scene.display_name(node), user=scene.display_name(early[0])))
            parents = scene.parents(node)
            if not parents:
                events.append(_BackwardEvent(node, "leaf", ()))
                continue
            closure = getattr(node, "_backward", None)
            if not callable(closure):
                events.append(_BackwardEvent(node, "missing", ()))
                continue
            watched = order if watch_all else list(dict.fromkeys((node,) + parents))
            before = [w.grad for w in watched]
            grad_at_call = node.grad
            try:
                closure()
            except Exception as error:                      # the learner's code: say it, stop
                changes = tuple((w, b, w.grad) for w, b in zip(watched, before) if w.grad is not b)
                error = f"{type(error).__name__}: {error}"
                events.append(_BackwardEvent(node, "raised", changes, error))
                self.stopped = dict(step=len(events), node=scene.display_name(node), error=error)
                break
            changes = tuple((w, b, w.grad) for w, b in zip(watched, before) if w.grad is not b
                            and not (_is_number(b) and _is_number(w.grad) and b == w.grad))
            verdict = self._judge(node, parents, changes, grad_at_call, len(events) + 1, scene,
                                  lang)
            if verdict == "unknown":
                verdict = None
                if scene.op(node) not in unknown:
                    unknown.append(scene.op(node))
            if verdict is not None and self.verdict is None:
                self.verdict = verdict
            events.append(_BackwardEvent(node, "call", changes, verdict))
        self.unknown_ops = unknown
        return events

    @staticmethod
    def _users(scene):
        """For each node, the nodes that use it as a parent."""
        users = {}
        for node in scene.order:
            for parent in scene.parents(node):
                users.setdefault(parent, []).append(node)
        return users

    @staticmethod
    def _checked_order(order, scene, lang):
        """``order`` as a list, or a clear error when it does not hold every node once."""
        try:
            order = list(order)
        except TypeError:
            raise TypeError(say(MESSAGES, "order_type", lang=lang,
                                given=domains.short_repr(order))) from None
        ids = [id(node) for node in order]
        for node in scene.order:
            count = ids.count(id(node))
            if count != 1:
                raise ValueError(say(MESSAGES, "order_missing" if count == 0 else "order_twice",
                                     lang=lang, node=scene.display_name(node)))
        if len(order) != len(scene.order):
            raise ValueError(say(MESSAGES, "order_foreign", lang=lang,
                                 extra=len(order) - len(scene.order)))
        return order

    def _judge(self, node, parents, changes, grad, step, scene, lang):
        """The Verdict of one learner step, None when it agrees, "unknown" for an unknown op."""
        op = scene.op(node)
        name = scene.display_name
        for other, before, after in changes:
            if not _is_number(after):
                return Verdict(step, node, "not_number", other, after, None, say(
                    MESSAGES, "v_not_number", lang=lang, step=step, op=op, other=name(other),
                    given=domains.short_repr(after)))
        for other, before, after in changes:
            if other not in parents:
                return Verdict(step, node, "foreign", other, after, before, say(
                    MESSAGES, "v_foreign", lang=lang, step=step, op=op, other=name(other),
                    before=short_number(before, lang), after=short_number(after, lang)))
        rule = _table_rule(op)
        if rule is None or rule.arity != len(parents) or not _is_number(grad):
            return "unknown"
        try:
            locals_ = rule.local_grads(*(float(p.data) for p in parents), float(node.data))
        except (ArithmeticError, ValueError, TypeError):
            return "unknown"
        expected = {}
        for parent, local in zip(parents, locals_):
            expected[parent] = expected.get(parent, 0.0) + local * grad
        passed = {other: after - before for other, before, after in changes}
        for parent, amount in expected.items():
            got = passed.get(parent, 0.0)
            if not _agree(got, amount):
                return Verdict(step, node, "passed", parent, got, amount, say(
                    MESSAGES, "v_passed", lang=lang, step=step, op=op, parent=name(parent),
                    got=short_number(got, lang), rule=rule.rule[lang],
                    expected=short_number(amount, lang)))
        return None

    @staticmethod
    def _histories_from(events, order):
        # Every grad each node takes on the way (the widget sizes its boxes from those).
        histories = {node: [0.0] for node in order}
        for event in events:
            for change in event.contributions:
                node, after = (change.parent, change.after) if isinstance(change, Contribution) \
                    else (change[0], change[2])
                histories[node].append(after)
        return histories

    def _apply(self, event):
        for change in event.contributions:
            if isinstance(change, Contribution):
                self._grads[change.parent] = change.after
            else:
                self._grads[change[0]] = change[2]

    def _undo(self, event):
        # In reverse, so that a parent that received two contributions (a * a) ends at its first
        # "before".
        for change in reversed(event.contributions):
            if isinstance(change, Contribution):
                self._grads[change.parent] = change.before
            else:
                self._grads[change[0]] = change[1]

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

    # Narration

    def narration(self):
        """The last step told with its numbers, in the replay's language."""
        lang, out = self.lang, self.name(self.root)
        head = f"{self._header()} · "
        if self._position == 0:
            key = "l_start" if self._events[1:] and self._is_learners() else "b_start"
            return head + say(MESSAGES, key, lang=lang, out=out)
        event = self._events[self._position - 1]
        node = self.name(event.node)
        if event.kind == "seed":
            lines = [head + say(MESSAGES, "b_seed", lang=lang, out=out)]
        elif event.kind == "leaf":
            lines = [head + say(MESSAGES, "b_leaf", lang=lang, node=node,
                                grad=self.number(self._grads[event.node]), out=out)]
        elif event.kind == "node":
            lines = self._node_lines(head, event)
        else:
            lines = self._learner_lines(head, event)
        if self._position == self.n_steps:
            lines.append(self._closing())
        return "\n".join(lines)

    def _is_learners(self):
        return any(event.kind in ("call", "missing", "raised") for event in self._events)

    def _node_lines(self, head, event):
        lang, node = self.lang, self.name(event.node)
        rule = rule_for(self.scene.op(event.node))
        names = self._names(event.node)
        lines = [head + say(MESSAGES, "b_node", lang=lang, expr=self._expression(event.node, rule),
                            node=node)]
        data_names = {key: f"{name}.data" for key, name in names.items()}
        node_grad = self._grads[event.node]
        for c, local_text in zip(event.contributions, rule.local_texts):
            parent = self.name(c.parent)
            lines.append(f"{parent}.grad += {_fill(local_text, data_names)} · {node}.grad"
                         f" = {factor(c.local, lang)} · {factor(node_grad, lang)}"
                         f" = {self.number(c.amount)}")
            if c.nth > 1:
                lines.append(say(MESSAGES, "b_accumulate", lang=lang, parent=parent,
                                 before=self.number(c.before), amount=factor(c.amount, lang),
                                 after=self.number(c.after), nth=ordinal(c.nth, lang)))
        return lines

    def _learner_lines(self, head, event):
        lang, node, op = self.lang, self.name(event.node), self.scene.op(event.node)
        if event.kind == "missing":
            return [head + say(MESSAGES, "l_missing", lang=lang, node=node).strip()]
        rule = _table_rule(op)
        known = rule is not None and rule.arity == len(self.scene.parents(event.node))
        expr = self._expression(event.node, rule) if known else f"{node} ({op})"
        lines = [head + say(MESSAGES, "l_call", lang=lang, node=node, expr=expr)]
        for other, before, after in event.contributions:
            lines.append(say(MESSAGES, "l_changed", lang=lang, name=self.name(other),
                             before=short_number(before, lang), after=short_number(after, lang)))
        if event.kind == "raised":
            lines.append(say(MESSAGES, "l_raised", lang=lang, error=event.extra))
            return lines
        if not event.contributions:
            lines.append(say(MESSAGES, "l_nothing", lang=lang))
        verdict = event.extra
        known = rule is not None and rule.arity == len(self.scene.parents(event.node))
        if verdict is not None:
            lines.append(say(MESSAGES, "l_wrong", lang=lang, problem=verdict.text))
        elif not known:
            lines.append(say(MESSAGES, "l_unknown", lang=lang, op=op))
        else:
            lines.append(say(MESSAGES, "l_right", lang=lang, rule=rule.rule[lang],
                             details=self._rule_details(event.node, rule)))
        return lines

    def _rule_details(self, node, rule):
        """``a.grad += b.data · c.grad, b.grad += a.data · c.grad``: what the rule adds."""
        names = self._names(node)
        data_names = {key: f"{name}.data" for key, name in names.items()}
        return ", ".join(f"{self.name(parent)}.grad += {_fill(text, data_names)} · {names['out']}.grad"
                         for parent, text in zip(self.scene.parents(node), rule.local_texts))

    def _closing(self):
        lang, out = self.lang, self.name(self.root)
        if not self._is_learners():
            return say(MESSAGES, "b_done", lang=lang, out=out)
        if self.stopped:
            return say(MESSAGES, "l_done_stopped", lang=lang, **self.stopped)
        text = say(MESSAGES, "l_done_right" if self.verdict is None else "l_done_wrong",
                   lang=lang, verdict=self.verdict)
        if self.unknown_ops:
            text += say(MESSAGES, "l_done_unknown", lang=lang, ops=", ".join(self.unknown_ops))
        return text


# ── The forward pass with dual numbers ─────────────────────────────────────────────────────────

class _ForwardEvent(NamedTuple):
    node: object
    kind: str               # "input", "constant" or "node" ("raised": the learner's code failed)
    tangent: float
    locals: tuple           # ∂node/∂parent for each parent (empty for a leaf)
    input_index: Optional[int]
    yours: object = None    # a learner's Dual: (value, tangent), or None
    note: str = ""          # a learner's pass: what to say besides the numbers


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
    current: Optional[object]
    processed: frozenset
    values: dict
    tangents: dict
    narration: str


# How each operation of the table is applied to a learner's Duals: Python's operators where it
# has them, else the learner's function or method of that name.
_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
              "**": operator.pow, "neg": operator.neg}


class ForwardSteps(_Replay):
    """The forward pass of ``f`` at ``x`` along direction ``v``, one node at a time.

    ``f`` is a function of ``len(x)`` arguments built from operations that `Value` and
    ``Dual`` share (the same ``f`` you give to ``jvp``). It is called once with Values to record
    its graph; then each step computes one node's value and tangent in topological order. An
    input's tangent is its entry of ``v`` (the seed), a constant's is 0, and an operation's is
    the sum of local derivative · parent's tangent. After the last step the outputs' tangents
    are J·v, what ``jvp(f, x, v)`` returns.

    With ``dual=`` a learner's Dual class (``Dual(value, tangent)``, with the operators), each
    node is also computed with the learner's class, from the learner's Duals of its parents:
    operators for ``+ - * / **`` and negation, and for a function such as ``sin`` the learner's
    function in ``functions`` (``{"sin": sin}``) or else a method of that name. The boxes then
    show the learner's numbers, and `verdict` is the first one that differs from the table.
    """

    def __init__(self, f, x, v, lang=None, dual=None, functions=None):
        lang = check_language(lang or get_language())
        with i18n.speaking(lang):                  # an error in f or the engine speaks lang too
            self._make(f, x, v, lang, dual, functions)

    def _make(self, f, x, v, lang, dual, functions):
        if not callable(f):
            raise TypeError(say(MESSAGES, "f_not_callable", lang=lang, kind=type(f).__name__))
        if dual is not None and not isinstance(dual, type):
            raise TypeError(say(MESSAGES, "f_dual", lang=lang, given=domains.short_repr(dual)))
        if functions is not None and not isinstance(functions, dict):
            raise TypeError(say(MESSAGES, "f_functions", lang=lang,
                                given=domains.short_repr(functions)))
        xs = domains.to_floats(x, "ForwardStepper")
        self.direction = domains.to_floats(v, "ForwardStepper", what="tangent")
        if len(xs) != len(self.direction):
            raise ValueError(say(MESSAGES, "f_length", lang=lang, n=len(xs), k=len(self.direction)))
        self.inputs = [Value(xi, label=name) for xi, name in zip(xs, _argument_names(f, len(xs)))]
        self.outputs, self.multiple = self._call(f, lang)
        scene = Scene(self.outputs, max_nodes=MAX_NODES, lang=lang, where="ForwardStepper")
        # f may use Values of the learner's (a weight, say), which can change later.
        snapshot = {node: node.data for node in scene.order}
        self.verdict, self.stopped = None, None
        self.learners = dual is not None
        if dual is None:
            events, self._final_tangents = self._record(scene)
        else:
            events, self._final_tangents = self._record_learners(scene, dual, functions or {}, lang)
        super().__init__(scene, snapshot, events, lang)
        self._values, self._tangents = {}, {}

    def _call(self, f, lang):
        try:
            out = f(*self.inputs)
        except (TypeError, AttributeError) as error:
            raise TypeError(say(MESSAGES, "f_failed", lang=lang, error=error,
                                **ops.spelled_out())) from None
        multiple = isinstance(out, (list, tuple))
        outputs = list(out) if multiple else [out]
        for y in outputs:
            if not isinstance(y, Value):
                raise TypeError(say(MESSAGES, "f_output", lang=lang, kind=type(y).__name__))
        return outputs, multiple

    def _record(self, scene):
        # The whole pass is computed once: the steps, and every node's final tangent.
        input_index = {node: i for i, node in enumerate(self.inputs)}
        tangents, events = {}, []
        for node in scene.order:
            if node in input_index:
                i = input_index[node]
                tangents[node] = self.direction[i]
                events.append(_ForwardEvent(node, "input", tangents[node], (), i))
            elif not node._prev:
                tangents[node] = 0.0
                events.append(_ForwardEvent(node, "constant", 0.0, (), None))
            else:
                locals_ = local_derivatives(node)
                tangent = 0.0
                for parent, local in zip(node._prev, locals_):
                    tangent += local * tangents[parent]
                tangents[node] = tangent
                events.append(_ForwardEvent(node, "node", tangent, tuple(locals_), None))
        return events, tangents

    def _record_learners(self, scene, dual, functions, lang):
        """Each node computed with the learner's Dual class, compared with the table."""
        input_index = {node: i for i, node in enumerate(self.inputs)}
        yours, tangents, events = {}, {}, []

        def new_dual(value, tangent):
            try:
                return dual(value, tangent)
            except Exception as error:
                raise TypeError(say(MESSAGES, "f_dual_new", lang=lang, value=value,
                                    tangent=tangent, error=f"{type(error).__name__}: {error}")) \
                    from None

        for node in scene.order:
            step = len(events) + 1
            if node in input_index:
                i = input_index[node]
                yours[node] = new_dual(node.data, self.direction[i])
                tangents[node] = self.direction[i]
                events.append(_ForwardEvent(node, "input", tangents[node], (), i,
                                            _pair(yours[node])))
                continue
            if not node._prev:
                yours[node] = new_dual(node.data, 0.0)
                tangents[node] = 0.0
                events.append(_ForwardEvent(node, "constant", 0.0, (), None, _pair(yours[node])))
                continue
            rule, parents = node._rule, node._prev
            locals_ = local_derivatives(node)
            apply = self._learners_operation(rule, functions, yours[parents[0]])
            if apply is None:                          # no learner code for this op: the table's
                tangent = sum(local * tangents[p] for p, local in zip(parents, locals_))
                yours[node] = new_dual(node.data, tangent)
                tangents[node] = tangent
                note = say(MESSAGES, "f_no_function", lang=lang, op=rule.name)
                events.append(_ForwardEvent(node, "node", tangent, tuple(locals_), None,
                                            _pair(yours[node]), note))
                continue
            try:
                result = apply(*(yours[p] for p in parents))
            except Exception as error:
                error = f"{type(error).__name__}: {error}"
                note = say(MESSAGES, "f_raised", lang=lang, op=rule.name, error=error)
                events.append(_ForwardEvent(node, "raised", math.nan, tuple(locals_), None,
                                            None, note))
                self.stopped = dict(step=len(events), op=rule.name, error=error)
                break
            pair = _pair(result)
            expected = sum(local * _tangent(yours[p]) for p, local in zip(parents, locals_))
            if pair is None:
                verdict = Verdict(step, node, "result", None, result, None, say(
                    MESSAGES, "v_result", lang=lang, step=step, op=rule.name,
                    given=domains.short_repr(result)))
                tangent = expected
                yours[node] = new_dual(node.data, expected)
            else:
                verdict = None
                if not _agree(pair[0], node.data):
                    verdict = Verdict(step, node, "value", None, pair[0], node.data, say(
                        MESSAGES, "v_value", lang=lang, step=step, op=rule.name,
                        got=short_number(pair[0], lang), rule=rule.rule[lang],
                        expected=short_number(node.data, lang)))
                elif not _agree(pair[1], expected):
                    verdict = Verdict(step, node, "tangent", None, pair[1], expected, say(
                        MESSAGES, "v_tangent", lang=lang, step=step, op=rule.name,
                        got=short_number(pair[1], lang), rule=rule.rule[lang],
                        expected=short_number(expected, lang)))
                yours[node] = result
                tangent = pair[1]
            if verdict is not None and self.verdict is None:
                self.verdict = verdict
            tangents[node] = tangent
            events.append(_ForwardEvent(node, "node", tangent, tuple(locals_), None,
                                        _pair(yours[node]), verdict.text if verdict else ""))
        return events, tangents

    @staticmethod
    def _learners_operation(rule, functions, sample):
        """How to apply ``rule`` to the learner's Duals (``sample`` is one of them), or None when
        the learner has no code for it."""
        if rule.exponent is not None:
            k = rule.exponent
            return lambda d: d ** k
        if rule.name in _OPERATORS:
            return _OPERATORS[rule.name]
        if rule.name in functions:
            return functions[rule.name]
        if callable(getattr(sample, rule.name, None)):
            return lambda d: getattr(d, rule.name)()
        return None

    def _apply(self, event):
        self._values[event.node] = event.yours[0] if event.yours else self.data(event.node)
        self._tangents[event.node] = event.yours[1] if event.yours else event.tangent

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
        return self._final_tangents.get(node, math.nan)

    def jvp(self):
        """``(f(x), J·v)`` as the replay computes them (floats, or lists for several outputs)."""
        values = [self.data(y) for y in self.outputs]
        tangents = [self._final_tangents.get(y, math.nan) for y in self.outputs]
        return (values, tangents) if self.multiple else (values[0], tangents[0])

    def narration(self):
        """The last step told with its numbers, in the replay's language."""
        lang = self.lang
        if self._position == 0:
            direction = "[" + "; ".join(self.number(t) for t in self.direction) + "]" \
                if i18n.language(lang).decimal_mark == "," else \
                "[" + ", ".join(self.number(t) for t in self.direction) + "]"
            return f"{self._header()} · " + say(MESSAGES, "f_start", lang=lang, v=direction)
        event = self._events[self._position - 1]
        node = self.name(event.node)
        value = self.number(self.data(event.node))
        if event.kind == "input":
            lines = [f"{self._header()} · " + say(
                MESSAGES, "f_input", lang=lang, node=node, i=event.input_index, value=value,
                dot=dotted(node), tangent=self.number(event.tangent))]
        elif event.kind == "constant":
            lines = [f"{self._header()} · " + say(MESSAGES, "f_constant", lang=lang, node=node,
                                                 value=value, dot=dotted(node))]
        elif event.kind == "raised":
            lines = [f"{self._header()} · " + event.note.strip()]
        else:
            lines = [f"{self._header()} · " + say(MESSAGES, "f_node", lang=lang)]
            lines.extend(self._node_lines(event))
        if event.yours is not None and event.kind != "raised":
            lines.append(say(MESSAGES, "f_yours", lang=lang, value=self.number(event.yours[0]),
                             tangent=self.number(event.yours[1])))
            if event.note:
                lines.append(event.note if event.note.startswith("  ") else "  ✘ " + event.note)
        if self._position == self.n_steps:
            lines.append(self._closing())
        return "\n".join(lines)

    def _closing(self):
        lang = self.lang
        if self.stopped:
            return say(MESSAGES, "f_done_stopped", lang=lang, **self.stopped)
        if self.learners:
            return say(MESSAGES, "f_done_right" if self.verdict is None else "f_done_wrong",
                       lang=lang, verdict=self.verdict)
        _, jv = self.jvp()
        separator = "; " if i18n.language(lang).decimal_mark == "," else ", "
        jv = "[" + separator.join(map(self.number, jv)) + "]" if self.multiple else self.number(jv)
        return say(MESSAGES, "f_done", lang=lang, jv=jv)

    def _node_lines(self, event):
        """``c = a · b = 3.0 · 2.0 = 6.0`` and ``ċ = b·ȧ + a·ḃ = 2.0 · 1.0 + 3.0 · 0.0 = 2.0``."""
        node, lang = event.node, self.lang
        rule = rule_for(self.scene.op(node))
        names = self._names(node)
        values = {"out": self.number(self.data(node))}
        for key, parent in zip("ab", self.scene.parents(node)):
            values[key] = factor(self.data(parent), lang)
        computed = _fill(rule.formula, values)
        symbols, numbers_ = [], []
        for parent, local, local_text in zip(self.scene.parents(node), event.locals,
                                             rule.local_texts):
            symbols.append(f"{_fill(local_text, names)}·{dotted(self.name(parent))}")
            numbers_.append(f"{factor(local, lang)} · {factor(self._tangents[parent], lang)}")
        return [
            f"{self._expression(node, rule)} = {computed} = {self.number(self.data(node))}",
            f"{dotted(self.name(node))} = {' + '.join(symbols)} = {' + '.join(numbers_)}"
            f" = {self.number(event.tangent)}",
        ]


def _pair(dual):
    """``(value, tangent)`` of a learner's Dual, or None when it is not one."""
    value, tangent = getattr(dual, "value", None), getattr(dual, "tangent", None)
    if _is_number(value) and _is_number(tangent):
        return float(value), float(tangent)
    return None


def _tangent(dual):
    pair = _pair(dual)
    return pair[1] if pair else math.nan


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
