"""Checks of lab 06: whole Jacobians by forward and by reverse mode, a vector-Jacobian product, and
the work each mode does.

The test functions use only operations that `Dual` and `Value` share, so the same function runs in
both modes. While a check runs, the function records every evaluation (with Duals or with Values,
and the tangents it was seeded with) and ``Value.backward`` counts its calls: that is how the checks
see passes, not only results. :func:`count_passes` offers the same counting to the notebook, and
:func:`node_work` the node counts of 06.4 (the reference the check compares with).
"""

import contextlib
from collections import namedtuple

from ..forward import Dual
from ..jacobian import jacobian_forward as reference_forward
from ..scalar import Value, topological_order
from .core import all_close, builds, case, counted, exercise, expect, fail, is_number, phrase
from .lab05 import check_matrix

__all__ = ["count_passes", "Passes", "node_work"]

builds("06", "Value", "Dual")        # its functions run on both

Passes = namedtuple("Passes", "evaluations backward_passes")
Passes.__doc__ = "What computing one Jacobian cost: evaluations of f, and calls to backward()."

T = {
    "calls": {"en": "{n} evaluations of f", "es": "{n} evaluaciones de f"},
    "calls_1": {"en": "1 evaluation of f", "es": "1 evaluación de f"},
    "backwards": {"en": "{n} calls to backward()", "es": "{n} llamadas a backward()"},
    "backwards_1": {"en": "1 call to backward()", "es": "1 llamada a backward()"},
    "duals": {"en": "f evaluated on Duals", "es": "f evaluada con objetos Dual"},
    "values": {"en": "f evaluated on Values", "es": "f evaluada con objetos Value"},
    "numbers": {"en": "f evaluated on plain numbers", "es": "f evaluada con números sueltos"},
    "one_per_input": {"en": "f(x0, x1, …): one argument per input",
                      "es": "f(x0, x1, …): un argumento por entrada"},
    "one_list": {"en": "f([x0, x1, …]): one list", "es": "f([x0, x1, …]): una lista"},
    "list_of": {"en": "a list of {n} floats", "es": "una lista de {n} floats"},
    "pair": {"en": "(forward work, reverse work)", "es": "(trabajo del directo, trabajo del inverso)"},
}


# ── Counting passes ────────────────────────────────────────────────────────────────────────────

class _Recorder:
    """Wraps f: records each evaluation as (kind of input, seeds), then evaluates f."""

    def __init__(self, f):
        self.f, self.evaluations = f, []

    def __call__(self, *inputs):
        if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
            fail("unpack", expected=phrase(T, "one_per_input"), got=phrase(T, "one_list"))
        if inputs and all(isinstance(x, Dual) for x in inputs):
            self.evaluations.append(("dual", [x.tangent for x in inputs]))
        elif inputs and all(isinstance(x, Value) for x in inputs):
            self.evaluations.append(("value", None))
        else:
            self.evaluations.append(("other", None))
        return self.f(*inputs)

    def kinds(self):
        return {kind for kind, _ in self.evaluations}


@contextlib.contextmanager
def _counting_backward():
    """Count calls to Value.backward() inside the block (the method is restored afterwards)."""
    calls = []
    original = Value.backward

    def backward(self):
        calls.append(self)
        return original(self)

    backward.__doc__ = original.__doc__
    Value.backward = backward
    try:
        yield calls
    finally:
        Value.backward = original


def count_passes(jacobian_function, f, x):
    """Compute ``jacobian_function(f, x)`` and return what it cost, as ``Passes``.

    ``evaluations`` counts the calls of ``f`` (forward passes, with Duals or with Values) and
    ``backward_passes`` the calls of ``Value.backward()`` (reverse passes).
    """
    recorder = _Recorder(f)
    with _counting_backward() as backward_calls:
        jacobian_function(recorder, x)
    return Passes(len(recorder.evaluations), len(backward_calls))


# ── Test functions: R² → R³, R³ → R¹, R¹ → R³, written with operations Dual and Value share ───

def _two_to_three(x, y):
    return [x * y, x.sin(), y.exp()]


def _three_to_one(a, b, c):
    return [a * b + c.sin()]


def _one_to_three(t):
    return [t.sin(), t * t, t.exp() * 2.0]


FUNCTIONS = [
    ("f(x, y) = [x·y, sin(x), exp(y)]", _two_to_three, [0.5, 2.0]),
    ("f(a, b, c) = [a·b + sin(c)]", _three_to_one, [1.0, -2.0, 0.5]),
    ("f(t) = [sin(t), t·t, 2·exp(t)]", _one_to_three, [0.3]),
]


TIERS = {
    "06.1": [
        {"en": "Forward mode moves one input per pass, and the outputs' tangents are then one "
               "column of J. n passes give every column; the result is a list of rows.",
         "es": "El modo directo mueve una entrada por pasada, y las tangentes de las salidas son "
               "entonces una columna de J. n pasadas dan todas las columnas; el resultado es una "
               "lista de filas."},
        {"en": "For each j: outputs = f(*[Dual(x[k], 1.0 if k == j else 0.0) for each k]); their "
               ".tangent are column j. The rows are zip(*columns).",
         "es": "Para cada j: outputs = f(*[Dual(x[k], 1.0 if k == j else 0.0) para cada k]); sus "
               ".tangent son la columna j. Las filas son zip(*columns)."},
    ],
    "06.2": [
        {"en": "Record the graph once; then one backward pass per output gives one row, provided "
               "the inputs start every pass from zero.",
         "es": "Registra el grafo una sola vez; después, una pasada hacia atrás por salida da una "
               "fila, siempre que las entradas empiecen cada pasada desde cero."},
        {"en": "inputs = [Value(xk) for each k]; outputs = f(*inputs) once; for each output: every "
               "input's grad = 0.0, output.backward(), row = the inputs' grads.",
         "es": "inputs = [Value(xk) para cada k]; outputs = f(*inputs) una vez; para cada salida: "
               "grad de cada entrada = 0.0, output.backward(), fila = los grads de las entradas."},
    ],
    "06.3": [
        {"en": "One backward pass can carry a whole weighting of the outputs if it starts from a "
               "single Value whose derivative with respect to output i is w[i].",
         "es": "Una sola pasada hacia atrás calcula una combinación ponderada de todas las salidas si "
               "arranca de un único Value cuya derivada respecto de la salida i sea w[i]."},
        {"en": "inputs = [Value(xk) for each k]; outputs = f(*inputs); s = Σ w[i] * outputs[i]; "
               "s.backward(); return the inputs' grads.",
         "es": "inputs = [Value(xk) para cada k]; outputs = f(*inputs); s = Σ w[i] * outputs[i]; "
               "s.backward(); devuelve los grads de las entradas."},
    ],
    "06.4": [
        {"en": "Count nodes. Forward mode computes the whole graph once per input. Reverse mode "
               "records the graph once, then each output's backward pass walks only the nodes that "
               "output depends on.",
         "es": "Cuenta nodos. El modo directo calcula el grafo entero una vez por entrada. El modo "
               "inverso registra el grafo una vez, y después la pasada hacia atrás de cada salida "
               "recorre solo los nodos de los que depende esa salida."},
        {"en": "outputs = f(*[Value(xk) ...]); nodes = the size of the set of ids of all the nodes "
               "in topological_order(y) for every output y; forward = n * nodes; reverse = nodes + "
               "Σ len(topological_order(y)) over the outputs.",
         "es": "outputs = f(*[Value(xk) ...]); nodes = el tamaño del conjunto de ids de todos los "
               "nodos de topological_order(y) para cada salida y; directo = n * nodes; inverso = "
               "nodes + Σ len(topological_order(y)) sobre las salidas."},
    ],
}


# ── 06.1 jacobian_forward ──────────────────────────────────────────────────────────────────────

SHARED_HINTS = {
    "unpack": {
        "en": "f received one list: f takes the inputs as separate arguments, so unpack the list "
              "when you call it, f(*inputs).",
        "es": "f ha recibido una lista: f recibe las entradas como argumentos separados, así que "
              "desempaqueta la lista al llamarla, f(*inputs).",
    },
    "transposed": {
        "en": "that is the transpose: return a list of m = {m} rows (one per output) of n = {n} "
              "numbers (one per input), J[i][j] = ∂f_i/∂x_j.",
        "es": "esa es la traspuesta: devuelve una lista de m = {m} filas (una por salida) de n = "
              "{n} números (uno por entrada), J[i][j] = ∂f_i/∂x_j.",
    },
    "shape": {
        "en": "the Jacobian should be a list of m = {m} rows, each a list of n = {n} floats.",
        "es": "el jacobiano debe ser una lista de m = {m} filas, cada una de ellas una lista de "
              "n = {n} floats.",
    },
}

FORWARD_HINTS = {
    **SHARED_HINTS,
    "duals": {
        "en": "forward mode evaluates f on Duals, Dual(x[k], tangent), one per input; Values are "
              "reverse mode (06.2).",
        "es": "el modo directo evalúa f con objetos Dual, Dual(x[k], tangente), uno por entrada; "
              "los objetos Value son el modo inverso (06.2).",
    },
    "passes": {
        "en": "each pass gives a whole column, so forward mode needs exactly n = {n} passes, one "
              "evaluation of f per input.",
        "es": "cada pasada da una columna entera, así que el modo directo necesita exactamente "
              "n = {n} pasadas, una evaluación de f por entrada.",
    },
    "seeds": {
        "en": "pass j should seed the basis vector e_j: tangent 1 for input j and 0 for the others.",
        "es": "la pasada j debe poner en las entradas la semilla e_j, el vector de la base: tangente 1 "
              "para la entrada j y 0 para las demás.",
    },
    "values": {
        "en": "J[i][j] is the tangent of output i in the pass seeded with e_j.",
        "es": "J[i][j] es la tangente de la salida i en la pasada con semilla e_j.",
    },
}


@exercise("06.1", {"en": "jacobian_forward", "es": "jacobian_forward"}, FORWARD_HINTS,
          tiers=TIERS["06.1"])
def _check_forward(jacobian_forward):
    for text, function, x in FUNCTIONS:
        n = len(x)
        with case(f"{text}; jacobian_forward(f, {x})"):
            f = _Recorder(function)
            with _counting_backward() as backward_calls:
                got = jacobian_forward(f, x)
            expect(f.kinds() <= {"dual"} and not backward_calls, "duals",
                   expected=phrase(T, "duals"),
                   got=phrase(T, "values" if "value" in f.kinds() or backward_calls else "numbers"))
            count = len(f.evaluations)
            expect(count == n, "passes", expected=counted(T, "calls", n),
                   got=counted(T, "calls", count), n=n)
            seeds = sorted(s for _, s in f.evaluations)
            basis = sorted([1.0 if k == j else 0.0 for k in range(n)] for j in range(n))
            expect(seeds == basis, "seeds", expected=basis, got=seeds)
            check_matrix(got, reference_forward(function, x).matrix)


# ── 06.2 jacobian_reverse ──────────────────────────────────────────────────────────────────────

REVERSE_HINTS = {
    **SHARED_HINTS,
    "values_needed": {
        "en": "reverse mode evaluates f on Values, Value(x[k]), one per input; Duals are forward "
              "mode (06.1).",
        "es": "el modo inverso evalúa f con objetos Value, Value(x[k]), uno por entrada; los objetos Dual son el "
              "modo directo (06.1).",
    },
    "record_once": {
        "en": "evaluate f once and keep the graph: backward() only reads the recorded .data, so "
              "it can run again and again on the same graph.",
        "es": "evalúa f una vez y conserva el grafo: backward() solo lee los .data registrados, "
              "así que puede ejecutarse una y otra vez sobre el mismo grafo.",
    },
    "passes": {
        "en": "one reverse pass per output: call outputs[i].backward() once for each of the "
              "m = {m} outputs, and each call gives row i.",
        "es": "una pasada hacia atrás por salida: llama a outputs[i].backward() una vez por cada "
              "una de las m = {m} salidas, y cada llamada da la fila i.",
    },
    "accumulated": {
        "en": "each row holds the sum of the rows before it: backward() adds into the inputs' "
              ".grad, so set every input's grad to 0.0 before each pass.",
        "es": "cada fila lleva sumadas las filas anteriores: backward() suma en el .grad de las "
              "entradas, así que pon el grad de cada entrada a 0.0 antes de cada pasada.",
    },
    "stale": {
        "en": "an input that output i does not depend on kept the grad of an earlier row: "
              "zero_grad(outputs[i]) only reaches the nodes outputs[i] depends on, so set the "
              "inputs' grads to 0.0 yourself.",
        "es": "una entrada de la que no depende la salida i ha conservado el grad de una fila "
              "anterior: zero_grad(outputs[i]) solo llega a los nodos de los que depende "
              "outputs[i], así que pon tú a 0.0 los grads de las entradas.",
    },
    "values": {
        "en": "row i is the inputs' .grad right after outputs[i].backward(), starting from zero "
              "grads.",
        "es": "la fila i son los .grad de las entradas justo después de outputs[i].backward(), "
              "partiendo de grads a cero.",
    },
}


def _wrong_reverse(function, x, expected):
    """The matrices two familiar slips produce: never zeroing, and zeroing only y_i's graph."""
    accumulated, total = [], [0.0] * len(x)
    for row in expected:
        total = [t + e for t, e in zip(total, row)]
        accumulated.append(total)
    leaves = [Value(xi) for xi in x]
    depends = [{id(node) for node in topological_order(y)} for y in function(*leaves)]
    stale, previous = [], [0.0] * len(x)
    for row, reached in zip(expected, depends):
        previous = [e if id(leaf) in reached else p for e, p, leaf in zip(row, previous, leaves)]
        stale.append(previous)
    wrong = [(accumulated, "accumulated")]
    if stale != expected:
        wrong.append((stale, "stale"))
    return wrong


@exercise("06.2", {"en": "jacobian_reverse", "es": "jacobian_reverse"}, REVERSE_HINTS,
          tiers=TIERS["06.2"])
def _check_reverse(jacobian_reverse):
    for text, function, x in FUNCTIONS:
        with case(f"{text}; jacobian_reverse(f, {x})"):
            f = _Recorder(function)
            with _counting_backward() as backward_calls:
                got = jacobian_reverse(f, x)
            expect(f.kinds() <= {"value"}, "values_needed", expected=phrase(T, "values"),
                   got=phrase(T, "duals" if "dual" in f.kinds() else "numbers"))
            expected = reference_forward(function, x).matrix
            m, count = len(expected), len(f.evaluations)
            expect(count == 1, "record_once", expected=counted(T, "calls", 1),
                   got=counted(T, "calls", count))
            passes = len(backward_calls)
            expect(passes == m, "passes", expected=counted(T, "backwards", m),
                   got=counted(T, "backwards", passes), m=m)
            check_matrix(got, expected, _wrong_reverse(function, x, expected))


# ── 06.3 vjp ───────────────────────────────────────────────────────────────────────────────────

VJP_HINTS = {
    "unpack": SHARED_HINTS["unpack"],
    "values_needed": REVERSE_HINTS["values_needed"],
    "record_once": REVERSE_HINTS["record_once"],
    "one_pass": {
        "en": "the result is right, but it took {count} backward passes: a VJP needs one. Combine the "
              "outputs first into one Value, s = Σ w[i]·outputs[i], and call s.backward() once: "
              "since ∂s/∂outputs[i] = w[i], that pass starts by seeding each output with its weight.",
        "es": "el resultado es correcto, pero ha costado {count} pasadas hacia atrás: un VJP necesita "
              "una. Combina antes las salidas en un único Value, s = Σ w[i]·outputs[i], y llama una "
              "vez a s.backward(): como ∂s/∂outputs[i] = w[i], esa pasada empieza poniendo la "
              "semilla w[i] en cada salida.",
    },
    "weights": {
        "en": "every output counted with weight 1: multiply output i by w[i] before adding them up "
              "(the seed of output i is w[i]).",
        "es": "todas las salidas han contado con peso 1: multiplica la salida i por w[i] antes de "
              "sumarlas (la semilla de la salida i es w[i]).",
    },
    "shape": {
        "en": "a VJP gives one number per input: return a list of n = {n} floats, the inputs' grads.",
        "es": "un VJP da un número por entrada: devuelve una lista de n = {n} floats, los grads de "
              "las entradas.",
    },
    "values": {
        "en": "entry j is Σᵢ w[i]·∂fᵢ/∂xⱼ: input j's grad after one backward pass from "
              "Σᵢ w[i]·outputs[i].",
        "es": "la componente j es Σᵢ w[i]·∂fᵢ/∂xⱼ: el grad de la entrada j tras una pasada hacia "
              "atrás desde Σᵢ w[i]·outputs[i].",
    },
}

VJP_CASES = [
    ("f(x, y) = [x·y, sin(x), exp(y)]", _two_to_three, [0.5, 2.0], [1.0, 10.0, -2.0]),
    ("f(a, b, c) = [a·b + sin(c)]", _three_to_one, [1.0, -2.0, 0.5], [2.0]),
    ("f(t) = [sin(t), t·t, 2·exp(t)]", _one_to_three, [0.3], [0.5, -1.0, 3.0]),
]

@exercise("06.3", {"en": "vjp", "es": "vjp"}, VJP_HINTS, tiers=TIERS["06.3"])
def _check_vjp(vjp):
    for text, function, x, w in VJP_CASES:
        n = len(x)
        with case(f"{text}; vjp(f, {x}, w={w})"):
            f = _Recorder(function)
            with _counting_backward() as backward_calls:
                got = vjp(f, x, w)
            expect(f.kinds() <= {"value"}, "values_needed", expected=phrase(T, "values"),
                   got=phrase(T, "duals" if "dual" in f.kinds() else "numbers"))
            count = len(f.evaluations)
            expect(count == 1, "record_once", expected=counted(T, "calls", 1),
                   got=counted(T, "calls", count))
            J = reference_forward(function, x).matrix
            expected = [sum(wi * J[i][j] for i, wi in enumerate(w)) for j in range(n)]
            expect(isinstance(got, (list, tuple)) and len(got) == n and all(map(is_number, got)),
                   "shape", expected=phrase(T, "list_of", n=n), got=got, n=n)
            if not all_close(list(got), expected):
                unweighted = [sum(J[i][j] for i in range(len(w))) for j in range(n)]
                hint = "weights" if all_close(list(got), unweighted) else "values"
                fail(hint, expected=expected, got=list(got))
            passes = len(backward_calls)
            expect(passes <= 1, "one_pass", expected=counted(T, "backwards", 1),
                   got=counted(T, "backwards", passes), count=passes)


# ── 06.4 work ──────────────────────────────────────────────────────────────────────────────────

def node_work(f, x):
    """The work of each mode for the Jacobian of f at x, in nodes: ``(forward, reverse)``.

    Forward mode computes every node of f's graph once per input (n passes); reverse mode records
    the graph once and then walks, for each output, only the nodes that output depends on.
    """
    outputs = f(*[Value(xk) for xk in x])
    orders = [topological_order(y) for y in outputs]
    nodes = len({id(node) for order in orders for node in order})
    return len(x) * nodes, nodes + sum(len(order) for order in orders)


WORK_HINTS = {
    "unpack": SHARED_HINTS["unpack"],
    "return_pair": {
        "en": "return two numbers, (forward work, reverse work), each a count of nodes.",
        "es": "devuelve dos números, (trabajo del directo, trabajo del inverso), cada uno un "
              "recuento de nodos.",
    },
    "swapped": {
        "en": "the two numbers are swapped: the first is forward mode's work, the second reverse "
              "mode's.",
        "es": "los dos números están intercambiados: el primero es el trabajo del modo directo, y el "
              "segundo, el del inverso.",
    },
    "forward_passes": {
        "en": "forward mode computes the whole graph once per input: n = {n} passes of {nodes} "
              "nodes each.",
        "es": "el modo directo calcula el grafo entero una vez por entrada: n = {n} pasadas de "
              "{nodes} nodos cada una.",
    },
    "shared_nodes": {
        "en": "shared nodes were counted more than once: the outputs share nodes (the inputs, at "
              "least), but the graph has each node once. Put the ids of all the outputs' nodes in "
              "one set and count it ({nodes} nodes here).",
        "es": "has contado más de una vez los nodos compartidos: las salidas comparten nodos (al "
              "menos las entradas), pero el grafo tiene cada nodo una sola vez. Reúne los ids de los "
              "nodos de todas las salidas en un conjunto y cuéntalo ({nodes} nodos aquí).",
    },
    "recording": {
        "en": "reverse mode first evaluates f once on Values, which builds the graph: add those "
              "{nodes} nodes to its work.",
        "es": "el modo inverso evalúa primero f una vez con objetos Value, lo que construye el grafo: suma "
              "esos {nodes} nodos a su trabajo.",
    },
    "whole_graph": {
        "en": "your count walks the whole graph in every backward pass, but output i's pass walks "
              "only the nodes output i depends on: len(topological_order(outputs[i])).",
        "es": "tu recuento recorre el grafo entero en cada pasada hacia atrás, pero la pasada de la "
              "salida i solo recorre los nodos de los que depende la salida i: "
              "len(topological_order(outputs[i])).",
    },
    "work": {
        "en": "forward: n × the graph's nodes; reverse: the graph's nodes (the recording) plus, for "
              "each output, the nodes of its topological order.",
        "es": "directo: n × los nodos del grafo; inverso: los nodos del grafo (el registro) más, "
              "por cada salida, los nodos de su orden topológico.",
    },
}


def _helix(x0, y0, z0, radius, pitch, omega):
    points = []
    for k in range(4):
        t = 0.5 * k
        angle = omega * t
        points += [x0 + radius * angle.cos(), y0 + radius * angle.sin(), z0 + pitch * t]
    return points


def _spring(stiffness):
    position, speed, positions = 1.0 + 0.0 * stiffness, 0.0 * stiffness, []
    for _ in range(6):
        speed = speed - 0.1 * (stiffness * position)
        position = position + 0.1 * speed
        positions.append(position)
    return positions


WORK_CASES = FUNCTIONS + [
    ("helix(x0, y0, z0, radius, pitch, omega), 4 points", _helix, [0.0, 0.0, 0.0, 1.0, 0.5, 2.0]),
    ("spring(stiffness), 6 steps", _spring, [2.0]),
]


@exercise("06.4", {"en": "work(f, x)", "es": "work(f, x)"}, WORK_HINTS, tiers=TIERS["06.4"])
def _check_work(work):
    for text, function, x in WORK_CASES:
        with case(f"{text}; work(f, {x})"):
            got = work(_Recorder(function), x)
            expected = node_work(function, x)
            expect(isinstance(got, (tuple, list)) and len(got) == 2 and all(map(is_number, got)),
                   "return_pair", expected=phrase(T, "pair"), got=got)
            got = tuple(got)
            if got == expected:
                continue
            outputs = function(*[Value(xk) for xk in x])
            orders = [topological_order(y) for y in outputs]
            nodes = len({id(node) for order in orders for node in order})
            walked = sum(len(order) for order in orders)
            n, m = len(x), len(outputs)
            fields = dict(n=n, nodes=nodes)
            if got == expected[::-1] and expected[0] != expected[1]:
                fail("swapped", expected, got)
            if got[0] != expected[0]:
                hint = ("shared_nodes" if got[0] in (n * walked,) else
                        "forward_passes" if got[0] in (nodes, walked) else "work")
                fail(hint, expected, got, **fields)
            hint = ("shared_nodes" if got[1] == 2 * walked and walked != nodes else
                    "recording" if got[1] == walked else
                    "whole_graph" if got[1] in (nodes + m * nodes, m * nodes) else "work")
            fail(hint, expected, got, **fields)
