"""Checks of lab 06: whole Jacobians by forward and by reverse mode, what each costs, which to pick.

The test functions use only operations that `Dual` and `Value` share, so the same function runs in
both modes. While a check runs, the function records every evaluation (with Duals or with Values,
and the tangents it was seeded with) and ``Value.backward`` counts its calls: that is how the checks
see passes, not only results. :func:`count_passes` offers the same counting to the notebook.
"""

import contextlib
from collections import namedtuple

from ..forward import Dual
from ..jacobian import jacobian_forward as reference_forward
from ..scalar import Value, topological_order
from .core import case, counted, exercise, expect, expect_earlier, fail, phrase
from .lab05 import check_matrix

__all__ = ["count_passes", "Passes"]

Passes = namedtuple("Passes", "evaluations backward_passes")
Passes.__doc__ = "What computing one Jacobian cost: evaluations of f, and calls to backward()."

T = {
    "calls": {"en": "{n} evaluations of f", "es": "{n} evaluaciones de f"},
    "calls_1": {"en": "1 evaluation of f", "es": "1 evaluación de f"},
    "backwards": {"en": "{n} calls to backward()", "es": "{n} llamadas a backward()"},
    "backwards_1": {"en": "1 call to backward()", "es": "1 llamada a backward()"},
    "duals": {"en": "f evaluated on Duals", "es": "f evaluada con Duals"},
    "values": {"en": "f evaluated on Values", "es": "f evaluada con Values"},
    "numbers": {"en": "f evaluated on plain numbers", "es": "f evaluada con números sueltos"},
    "either": {"en": "'forward' or 'reverse'", "es": "'forward' o 'reverse'"},
}


# ── Counting passes ────────────────────────────────────────────────────────────────────────────

class _Recorder:
    """Wraps f: records each evaluation as (kind of input, seeds), then evaluates f."""

    def __init__(self, f):
        self.f, self.evaluations = f, []

    def __call__(self, *inputs):
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


# ── 06.1 jacobian_forward ──────────────────────────────────────────────────────────────────────

SHARED_HINTS = {
    "transposed": {
        "en": "that is the transpose: return a list of m = {m} rows (one per output) of n = {n} "
              "numbers (one per input), J[i][j] = ∂f_i/∂x_j.",
        "es": "esa es la traspuesta: devuelve una lista de m = {m} filas (una por salida) de n = "
              "{n} números (uno por entrada), J[i][j] = ∂f_i/∂x_j.",
    },
    "shape": {
        "en": "the Jacobian should be a list of m = {m} rows, each a list of n = {n} floats.",
        "es": "el jacobiano debe ser una lista de m = {m} filas, cada una una lista de n = {n} "
              "floats.",
    },
}

FORWARD_HINTS = {
    **SHARED_HINTS,
    "duals": {
        "en": "forward mode evaluates f on Duals, Dual(x[k], tangent), one per input; Values are "
              "reverse mode (06.2).",
        "es": "el modo directo evalúa f con Duals, Dual(x[k], tangente), uno por entrada; los "
              "Values son el modo inverso (06.2).",
    },
    "passes": {
        "en": "each pass gives a whole column, so forward mode needs exactly n = {n} passes, one "
              "evaluation of f per input.",
        "es": "cada pasada da una columna entera, así que el modo directo necesita exactamente "
              "n = {n} pasadas, una evaluación de f por entrada.",
    },
    "seeds": {
        "en": "pass j should seed the basis vector e_j: tangent 1.0 for input j and 0.0 for the "
              "others.",
        "es": "la pasada j debe usar como semilla el vector de la base e_j: tangente 1.0 para la "
              "entrada j y 0.0 para las demás.",
    },
    "values": {
        "en": "J[i][j] is the tangent of output i in the pass seeded with e_j.",
        "es": "J[i][j] es la tangente de la salida i en la pasada con semilla e_j.",
    },
}


@exercise("06.1", {"en": "jacobian_forward", "es": "jacobian_forward"}, FORWARD_HINTS)
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
        "es": "el modo inverso evalúa f con Values, Value(x[k]), uno por entrada; los Duals son el "
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


@exercise("06.2", {"en": "jacobian_reverse", "es": "jacobian_reverse"}, REVERSE_HINTS)
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


# ── 06.3 passes and 06.4 choose_mode ───────────────────────────────────────────────────────────

PASSES_HINTS = {
    "swapped": {
        "en": "forward and reverse are swapped: forward mode gets one column per pass, reverse "
              "mode one row per pass; a column has one entry per output, a row one per input.",
        "es": "has intercambiado directo e inverso: el modo directo obtiene una columna por "
              "pasada, y el modo inverso, una fila por pasada; una columna tiene una componente por "
              "salida, y una fila, una por entrada.",
    },
    "product": {
        "en": "that is one pass per entry of J: one pass gives a whole column (forward) or a whole "
              "row (reverse).",
        "es": "eso es una pasada por cada componente de J: una pasada da una columna entera "
              "(directo) o una fila entera (inverso).",
    },
    "passes": {
        "en": "count what one pass gives: a whole column in forward mode, a whole row in reverse "
              "mode. How many columns and how many rows does an m × n matrix have?",
        "es": "cuenta lo que da una pasada: una columna entera en el modo directo, una fila entera "
              "en el modo inverso. ¿Cuántas columnas y cuántas filas tiene una matriz m × n?",
    },
}

SHAPES = [(3, 2), (1, 1000), (10000, 3), (5, 5)]


@exercise("06.3", {"en": "passes", "es": "passes"}, PASSES_HINTS)
def _check_passes(passes):
    for m, n in SHAPES:
        for mode, right in (("forward", n), ("reverse", m)):
            with case(f"passes({mode!r}, m={m}, n={n})"):
                got = passes(mode, m, n)
                if got != right:
                    other = m if mode == "forward" else n
                    hint = "swapped" if got == other else "product" if got == m * n else "passes"
                    fail(hint, expected=right, got=got)


MODE_HINTS = {
    "name": {
        "en": "choose_mode should return one of the two strings 'forward' or 'reverse'.",
        "es": "choose_mode debe devolver una de las dos cadenas 'forward' o 'reverse'.",
    },
    "swapped": {
        "en": "that is the costlier mode: compare the two pass counts of 06.3 for this m and n "
              "and return the mode with fewer passes.",
        "es": "ese es el modo más caro: compara los dos números de pasadas del 06.3 para estos m "
              "y n, y devuelve el modo con menos pasadas.",
    },
}

CHOICES = [(1, 1_000_000, "reverse"), (10_000, 3, "forward"), (3, 2, "forward"), (2, 3, "reverse"),
           (4, 4, None)]


@exercise("06.4", {"en": "choose_mode", "es": "choose_mode"}, MODE_HINTS)
def _check_choose_mode(choose_mode):
    expect_earlier(choose_mode, {"passes": "06.3"})
    for m, n, right in CHOICES:
        with case(f"choose_mode(m={m}, n={n})"):
            got = choose_mode(m, n)
            shown = repr(got) if isinstance(got, str) else got
            expect(got in ("forward", "reverse"), "name", expected=phrase(T, "either"), got=shown)
            # With m == n both modes cost the same number of passes: either answer is right.
            expect(right is None or got == right, "swapped", expected=repr(right), got=shown)
