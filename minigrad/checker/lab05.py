"""Checks of lab 05: forward mode with dual numbers (constants, +, ·, sin, exp, jvp, the Jacobian).

The learner's `Dual` only needs ``.value`` and ``.tangent``. The checks of `jvp` and `jacobian` hand
the learner's code a *probe* function: it records the Duals it is called with (how many passes, with
which seeds), then computes its outputs with the library's `minigrad.forward.Dual`. So those two
checks test the learner's seeding and assembly on their own, whatever state the learner's
arithmetic is in.
"""

import math

from .. import ops
from ..forward import Dual as ReferenceDual
from ..forward import jvp as reference_jvp
from .core import (all_close, builds, case, close, counted, exercise, expect, expect_attached,
                   expect_earlier, fail, is_number, phrase)

builds("05", "Dual")

T = {
    "a_dual": {"en": "a Dual", "es": "un Dual"},
    "same_dual": {"en": "a Dual equal to d: (1.5, 2.0)", "es": "un Dual igual a d: (1.5, 2.0)"},
    "unchanged": {"en": "{what} unchanged", "es": "{what} sin cambios"},
    "calls_1": {"en": "1 call of f", "es": "1 llamada a f"},
    "calls": {"en": "{n} calls of f", "es": "{n} llamadas a f"},
    "list_of": {"en": "a list of {n} floats", "es": "una lista de {n} floats"},
    "rows": {"en": "{m} rows of {n} numbers", "es": "{m} filas de {n} números"},
    "one_per_input": {"en": "f(Dual, Dual, …): one Dual per input",
                      "es": "f(Dual, Dual, …): un Dual por entrada"},
    "one_list": {"en": "f([Dual, Dual, …]): one list", "es": "f([Dual, Dual, …]): una lista"},
}


TIERS = {
    "05.1": [
        {"en": "A plain number in a formula does not move when the inputs move. A Dual already "
               "says how it moves, so it needs no change.",
         "es": "Un número suelto en una fórmula no se mueve cuando se mueven las entradas. Un Dual "
               "ya dice cómo se mueve, así que no necesita ningún cambio."},
        {"en": "Return x itself when isinstance(x, Dual); otherwise Dual(x, 0.0).",
         "es": "Devuelve el propio x si isinstance(x, Dual); si no, Dual(x, 0.0)."},
    ],
    "05.2": [
        {"en": "Expand (a + ȧε) + (b + ḃε) and collect the ε terms: the value part and the tangent "
               "part add separately.",
         "es": "Desarrolla (a + ȧε) + (b + ḃε) y agrupa los términos en ε: la parte del valor y la "
               "de la tangente se suman por separado."},
        {"en": "Return a new Dual of a.value + b.value and a.tangent + b.tangent.",
         "es": "Devuelve un Dual nuevo con a.value + b.value y a.tangent + b.tangent."},
    ],
    "05.3": [
        {"en": "Expand (a + ȧε)·(b + ḃε) and drop the ε² term: each factor moves while the other "
               "stands still, and the two movements add up.",
         "es": "Desarrolla (a + ȧε)·(b + ḃε) y quita el término en ε²: cada factor se mueve "
               "mientras el otro está quieto, y los dos movimientos se suman."},
        {"en": "Return a new Dual of a.value * b.value and b.value * a.tangent + a.value * b.tangent.",
         "es": "Devuelve un Dual nuevo con a.value * b.value y b.value * a.tangent + a.value * "
               "b.tangent."},
    ],
    "05.4": [
        {"en": "The chain rule, forwards: the output's tangent is sin's derivative at the input's "
               "value, times how fast the input moves.",
         "es": "La regla de la cadena, hacia delante: la tangente de la salida es la derivada de sin "
               "en el valor de la entrada, por lo deprisa que se mueve la entrada."},
        {"en": "Return Dual(math.sin(x.value), math.cos(x.value) * x.tangent).",
         "es": "Devuelve Dual(math.sin(x.value), math.cos(x.value) * x.tangent)."},
    ],
    "05.5": [
        {"en": "The same pattern as sin; exp is its own derivative.",
         "es": "El mismo patrón que sin; exp es su propia derivada."},
        {"en": "With e = math.exp(x.value), return Dual(e, e * x.tangent).",
         "es": "Con e = math.exp(x.value), devuelve Dual(e, e * x.tangent)."},
    ],
    "05.6": [
        {"en": "Move every input at once along v: input j starts with tangent v[j]. One call of f "
               "then carries the tangents to every output.",
         "es": "Mueve todas las entradas a la vez a lo largo de v: la entrada j empieza con tangente "
               "v[j]. Una sola llamada a f lleva entonces las tangentes hasta todas las salidas."},
        {"en": "inputs = [Dual(x[j], v[j]) for each j]; outputs = f(*inputs); return the list of "
               "the outputs' .tangent.",
         "es": "inputs = [Dual(x[j], v[j]) para cada j]; outputs = f(*inputs); devuelve la lista de "
               "los .tangent de las salidas."},
    ],
    "05.7": [
        {"en": "Moving input j alone gives column j of the Jacobian: one JVP per input, each seeded "
               "with a basis vector. Then turn the columns into rows.",
         "es": "Mover solo la entrada j da la columna j del jacobiano: un JVP por entrada, cuya "
               "semilla es un vector de la base. Después convierte las columnas en filas."},
        {"en": "columns = [jvp(f, x, e_j) for each j], with e_j = [1.0 if k == j else 0.0 for k in "
               "range(n)]; the rows are zip(*columns).",
         "es": "columns = [jvp(f, x, e_j) para cada j], con e_j = [1.0 if k == j else 0.0 for k in "
               "range(n)]; las filas son zip(*columns)."},
    ],
}


def _pair(d):
    """A learner's Dual as (value, tangent), or the object itself when it is not one."""
    if hasattr(d, "value") and hasattr(d, "tangent"):
        return (d.value, d.tangent)
    return d


def _expect_dual(d, value, tangent, hints, **fields):
    """Check a result's value and tangent; ``hints`` maps a wrong tangent to its hint key."""
    expect(hasattr(d, "value") and hasattr(d, "tangent"), "not_dual", expected=phrase(T, "a_dual"),
           got=d)
    expected, got = (value, tangent), _pair(d)
    expect(close(d.value, value), "value", expected=expected, got=got, **fields)
    if not close(d.tangent, tangent):
        hint = next((key for wrong, key in hints if close(d.tangent, wrong)), "tangent")
        fail(hint, expected=expected, got=got, **fields)


# ── 05.1 constants ─────────────────────────────────────────────────────────────────────────────

CONSTANT_HINTS = {
    "not_dual": {
        "en": "as_dual should return a Dual for a plain number too, so that operations can read "
              ".value and .tangent from both operands.",
        "es": "as_dual debe devolver un Dual también para un número suelto, para que las "
              "operaciones puedan leer .value y .tangent de los dos operandos.",
    },
    "value": {
        "en": "the Dual made from a number should hold that number as its value.",
        "es": "el Dual hecho a partir de un número debe tener ese número como valor.",
    },
    "tangent": {
        "en": "a constant does not move when the inputs move: its tangent is 0.",
        "es": "una constante no se mueve cuando se mueven las entradas: su tangente es 0.",
    },
    "passthrough": {
        "en": "given a Dual, as_dual should return it as it is (or an equal Dual): its tangent "
              "already says how it moves.",
        "es": "si recibe un Dual, as_dual debe devolverlo tal cual (o un Dual igual): su tangente ya "
              "dice cómo se mueve.",
    },
    "mutates": {
        "en": "as_dual changed the Dual it was given: return it as it is, or a new Dual with the "
              "same value and tangent.",
        "es": "as_dual ha cambiado el Dual que ha recibido: devuélvelo tal cual, o un Dual nuevo con "
              "el mismo valor y la misma tangente.",
    },
}


@exercise("05.1", {"en": "as_dual", "es": "as_dual"}, CONSTANT_HINTS, tiers=TIERS["05.1"])
def _check_as_dual(as_dual, Dual):
    for number in (3.0, -2, 0.5):
        with case(f"as_dual({number!r})"):
            _expect_dual(as_dual(number), float(number), 0.0, ())
    # Built with its tangent, never changed afterwards: a learner's Dual may be immutable.
    with case("d = Dual(1.5, 2.0); as_dual(d)"):
        d = Dual(1.5, 2.0)    # a Dual that moves: it must come back with its tangent
        again = as_dual(d)
        expect(_pair(d) == (1.5, 2.0), "mutates", expected=phrase(T, "same_dual"), got=_pair(d))
        # The same object, or an equal new one: both are right.
        expect(_pair(again) == (1.5, 2.0), "passthrough", expected=phrase(T, "same_dual"),
               got=_pair(again))


# ── 05.2 + and 05.3 · ──────────────────────────────────────────────────────────────────────────

ADD_HINTS = {
    "not_dual": {
        "en": "a + b should return a new Dual.",
        "es": "a + b debe devolver un Dual nuevo.",
    },
    "value": {
        "en": "the value of a + b is the sum of the two values alone: the tangents do not enter it.",
        "es": "el valor de a + b es solo la suma de los dos valores: las tangentes no intervienen.",
    },
    "tangent_product": {
        "en": "the tangents were multiplied: when two quantities move, their sum moves by the sum "
              "of their movements, so add the tangents.",
        "es": "has multiplicado las tangentes: cuando dos cantidades se mueven, su suma se desplaza "
              "tanto como la suma de sus desplazamientos, así que suma las tangentes.",
    },
    "tangent": {
        "en": "the derivative of a sum is the sum of the derivatives: each operand's tangent "
              "counts once, and the values do not enter the tangent.",
        "es": "la derivada de una suma es la suma de las derivadas: la tangente de cada operando "
              "cuenta una vez, y los valores no intervienen en la tangente.",
    },
    "constant": {
        "en": "adding the constant {c} changed the tangent: a plain number has tangent 0 "
              "(check 05.1, as_dual).",
        "es": "sumar la constante {c} ha cambiado la tangente: un número suelto tiene tangente 0 "
              "(comprueba el 05.1, as_dual).",
    },
    "mutates": {
        "en": "a + b changed a or b: build and return a new Dual instead.",
        "es": "a + b ha cambiado a o b: construye y devuelve un Dual nuevo.",
    },
}

MUL_HINTS = {
    "not_dual": {
        "en": "a * b should return a new Dual.",
        "es": "a * b debe devolver un Dual nuevo.",
    },
    "value": {
        "en": "the value of a * b is the product of the two values alone: the tangents do not "
              "enter it.",
        "es": "el valor de a * b es solo el producto de los dos valores: las tangentes no "
              "intervienen.",
    },
    "tangents_multiplied": {
        "en": "that is ȧ·ḃ, the product of the tangents: by the product rule each factor's tangent "
              "is multiplied by the other factor's value, and the two terms are added.",
        "es": "eso es ȧ·ḃ, el producto de las tangentes: por la regla del producto, la tangente de "
              "cada factor se multiplica por el valor del otro factor, y se suman los dos "
              "términos.",
    },
    "missing_term": {
        "en": "only one term of the product rule is there: ċ = b·ȧ + a·ḃ has one term for each "
              "factor that moves.",
        "es": "solo está uno de los términos de la regla del producto: ċ = b·ȧ + a·ḃ tiene un "
              "término por cada factor que se mueve.",
    },
    "swapped": {
        "en": "each tangent was multiplied by its own value: in ċ = b·ȧ + a·ḃ each tangent goes "
              "with the OTHER factor's value.",
        "es": "cada tangente se ha multiplicado por su propio valor: en ċ = b·ȧ + a·ḃ cada "
              "tangente va con el valor del OTRO factor.",
    },
    "tangent": {
        "en": "the tangent of a product follows the product rule: one term per factor, in which "
              "that factor moves and the other one stands still.",
        "es": "la tangente de un producto sigue la regla del producto: un término por factor, en "
              "el que ese factor se mueve y el otro se queda quieto.",
    },
    "constant": {
        "en": "multiplying by the constant {c} should scale the tangent by {c}: a plain number "
              "has tangent 0 (check 05.1, as_dual).",
        "es": "multiplicar por la constante {c} debe escalar la tangente por {c}: un número suelto "
              "tiene tangente 0 (comprueba el 05.1, as_dual).",
    },
    "mutates": {
        "en": "a * b changed a or b: build and return a new Dual instead.",
        "es": "a * b ha cambiado a o b: construye y devuelve un Dual nuevo.",
    },
}


def _binary(Dual, symbol, operation, rule, wrong_tangents):
    """Shared by + and ·: two Duals, then a constant on each side."""
    with case(f"a, b = Dual(2.0, 3.0), Dual(5.0, 7.0); a {symbol} b"):
        a, b = Dual(2.0, 3.0), Dual(5.0, 7.0)
        c = operation(a, b)
        expect(_pair(a) == (2.0, 3.0) and _pair(b) == (5.0, 7.0), "mutates",
               expected=phrase(T, "unchanged", what="a, b"), got=[_pair(a), _pair(b)])
        expect(c is not a and c is not b, "mutates", expected=phrase(T, "a_dual"), got=_pair(c))
        _expect_dual(c, *rule(2.0, 3.0, 5.0, 7.0), wrong_tangents(2.0, 3.0, 5.0, 7.0))
    for left, right, text in ((True, False, f"Dual(2.0, 3.0) {symbol} 4.0"),
                              (False, True, f"4.0 {symbol} Dual(2.0, 3.0)")):
        with case(text):
            a = Dual(2.0, 3.0)
            c = operation(a, 4.0) if left else operation(4.0, a)
            value, tangent = rule(2.0, 3.0, 4.0, 0.0)
            expect(hasattr(c, "value") and hasattr(c, "tangent"), "not_dual",
                   expected=phrase(T, "a_dual"), got=c)
            expect(close(c.value, value), "value", expected=(value, tangent), got=_pair(c))
            expect(close(c.tangent, tangent), "constant", expected=(value, tangent), got=_pair(c),
                   c=4.0)


@exercise("05.2", {"en": "Dual + Dual", "es": "Dual + Dual"}, ADD_HINTS, tiers=TIERS["05.2"],
          defines=("dual_add",))
def _check_add(Dual):
    expect_attached(Dual, {"__add__": "dual_add", "__radd__": "dual_add"})
    _binary(Dual, "+", lambda a, b: a + b,
            rule=lambda a, da, b, db: ops.tangent(ops.OPS["+"], (a, b), (da, db)),
            wrong_tangents=lambda a, da, b, db: [(da * db, "tangent_product")])


@exercise("05.3", {"en": "Dual · Dual", "es": "Dual · Dual"}, MUL_HINTS, tiers=TIERS["05.3"],
          defines=("dual_mul",))
def _check_mul(Dual):
    expect_attached(Dual, {"__mul__": "dual_mul", "__rmul__": "dual_mul"})
    _binary(Dual, "*", lambda a, b: a * b,
            rule=lambda a, da, b, db: ops.tangent(ops.OPS["*"], (a, b), (da, db)),
            wrong_tangents=lambda a, da, b, db: [(da * db, "tangents_multiplied"),
                                                 (a * db, "missing_term"), (b * da, "missing_term"),
                                                 (a * da + b * db, "swapped")])


# ── 05.4 sin and 05.5 exp ──────────────────────────────────────────────────────────────────────

SIN_HINTS = {
    "not_dual": {
        "en": "sin should return a new Dual.",
        "es": "sin debe devolver un Dual nuevo.",
    },
    "value": {
        "en": "the value of sin(x) is the sine of x's value; the tangent does not enter it.",
        "es": "el valor de sin(x) es el seno del valor de x; la tangente no interviene.",
    },
    "uses_sin": {
        "en": "the tangent used sin where the derivative is needed: the derivative of sin is cos.",
        "es": "la tangente usa sin donde hace falta la derivada: la derivada de sin es cos.",
    },
    "chain": {
        "en": "the tangent is the local derivative times the input's tangent (the chain rule): "
              "multiply by x.tangent.",
        "es": "la tangente es la derivada local por la tangente de la entrada (la regla de la "
              "cadena): multiplica por x.tangent.",
    },
    "sign": {
        "en": "the tangent has the wrong sign: the derivative of sin is +cos (it is cos whose "
              "derivative is -sin).",
        "es": "la tangente tiene el signo cambiado: la derivada de sin es +cos (es cos la que "
              "tiene derivada -sin).",
    },
    "tangent": {
        "en": "the tangent of sin(x) is the derivative of sin, taken at x's value, times x's "
              "tangent (the chain rule).",
        "es": "la tangente de sin(x) es la derivada de sin, tomada en el valor de x, por la "
              "tangente de x (la regla de la cadena).",
    },
}

EXP_HINTS = {
    "not_dual": {
        "en": "exp should return a new Dual.",
        "es": "exp debe devolver un Dual nuevo.",
    },
    "value": {
        "en": "the value of exp(x) is e raised to x's value; the tangent does not enter it.",
        "es": "el valor de exp(x) es e elevado al valor de x; la tangente no interviene.",
    },
    "chain": SIN_HINTS["chain"],
    "tangent": {
        "en": "exp is its own derivative: the tangent is the local derivative at x's value, which "
              "is the value of exp(x) itself, times x's tangent.",
        "es": "exp es su propia derivada: la tangente es la derivada local en el valor de x, que es "
              "el propio valor de exp(x), por la tangente de x.",
    },
}


def _unary(function, Dual, name, wrong):
    """``name``'s value and tangent from the operation table, at a few points."""
    op = ops.OPS[name]
    for value, tangent in ((0.5, 2.0), (-1.2, -0.5), (0.7, 0.0)):
        with case(f"{name}(Dual({value}, {tangent}))"):
            out = function(Dual(value, tangent))
            _expect_dual(out, *ops.tangent(op, (value,), (tangent,)),
                         wrong(value, tangent) if tangent else [])


@exercise("05.4", {"en": "sin", "es": "sin"}, SIN_HINTS, tiers=TIERS["05.4"])
def _check_sin(sin, Dual):
    _unary(sin, Dual, "sin",
           lambda a, da: [(math.sin(a) * da, "uses_sin"), (math.cos(a), "chain"),
                          (-math.cos(a) * da, "sign"), (math.sin(a), "uses_sin")])


@exercise("05.5", {"en": "exp", "es": "exp"}, EXP_HINTS, tiers=TIERS["05.5"])
def _check_exp(exp, Dual):
    _unary(exp, Dual, "exp", lambda a, da: [(math.exp(a), "chain")])


# ── 05.6 jvp and 05.7 jacobian ─────────────────────────────────────────────────────────────────

class Probe:
    """A test function that records the Duals it receives and answers with library Duals."""

    def __init__(self, function, not_dual_hint):
        self.function, self.calls, self.not_dual_hint = function, [], not_dual_hint

    def __call__(self, *inputs):
        if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
            fail("unpack", expected=phrase(T, "one_per_input"), got=phrase(T, "one_list"))
        seeds = [_pair(x) for x in inputs]
        if not all(isinstance(s, tuple) for s in seeds):
            fail(self.not_dual_hint, expected=phrase(T, "a_dual"), got=list(inputs))
        self.calls.append(seeds)
        return self.function(*[ReferenceDual(v, t) for v, t in seeds])

    def tangents(self, call):
        return [t for _, t in self.calls[call]]


JVP_HINTS = {
    "unpack": {
        "en": "f received one list instead of one Dual per input: f takes the inputs as separate "
              "arguments, so unpack the list when you call it, f(*inputs).",
        "es": "f ha recibido una lista en lugar de un Dual por entrada: f recibe las entradas como "
              "argumentos separados, así que desempaqueta la lista al llamarla, f(*inputs).",
    },
    "not_duals": {
        "en": "f received plain numbers: call f with one Dual per input, Dual(x[j], v[j]).",
        "es": "f ha recibido números sueltos: llama a f con un Dual por entrada, Dual(x[j], v[j]).",
    },
    "calls": {
        "en": "one JVP is one pass: a single call of f, with every input's tangent set at once.",
        "es": "un JVP es una sola pasada: una única llamada a f, con las tangentes de todas las "
              "entradas puestas a la vez.",
    },
    "values": {
        "en": "the inputs' values should be the point x, one Dual per entry of x, in order.",
        "es": "los valores de las entradas deben ser el punto x, un Dual por componente de x, en "
              "orden.",
    },
    "seed_ones": {
        "en": "every input got tangent 1: the direction v is the seed, so input j starts with "
              "tangent v[j].",
        "es": "todas las entradas han recibido tangente 1: la dirección v es la semilla, así que "
              "la entrada j empieza con tangente v[j].",
    },
    "seed": {
        "en": "the inputs' tangents should be the direction v: input j starts with tangent v[j].",
        "es": "las tangentes de las entradas deben ser la dirección v: la entrada j empieza con "
              "tangente v[j].",
    },
    "not_list": {
        "en": "jvp should return a list of floats, one tangent per output of f.",
        "es": "jvp debe devolver una lista de floats, una tangente por cada salida de f.",
    },
    "returned_values": {
        "en": "those are the outputs' values, f(x): J·v is read from the outputs' .tangent.",
        "es": "esos son los valores de las salidas, f(x): J·v se lee en el .tangent de las "
              "salidas.",
    },
    "result": {
        "en": "J·v is the list of the outputs' tangents after one pass seeded with v.",
        "es": "J·v es la lista de las tangentes de las salidas tras una pasada con semilla v.",
    },
}


def _probe_3_to_2(x, y, z):
    return [x * y + z, x.sin() * z]


@exercise("05.6", {"en": "jvp", "es": "jvp"}, JVP_HINTS, tiers=TIERS["05.6"])
def _check_jvp(jvp):
    x, v = [1.0, 2.0, 3.0], [0.5, -1.0, 2.0]
    with case(f"f(x, y, z) = [x·y + z, sin(x)·z]; jvp(f, {x}, {v})"):
        f = Probe(_probe_3_to_2, "not_duals")
        got = jvp(f, x, v)
        values, expected = reference_jvp(_probe_3_to_2, x, v)
        expect(len(f.calls) == 1, "calls", expected=counted(T, "calls", 1),
               got=counted(T, "calls", len(f.calls)))
        received = [s for s, _ in f.calls[0]]
        expect(received == x, "values", expected=x, got=received)
        seeds = f.tangents(0)
        expect(seeds != [1.0] * len(x), "seed_ones", expected=v, got=seeds)
        expect(seeds == v, "seed", expected=v, got=seeds)
        expect(isinstance(got, (list, tuple)) and len(got) == 2 and all(map(is_number, got)),
               "not_list", expected=phrase(T, "list_of", n=2), got=got)
        if all_close(got, values):
            fail("returned_values", expected=expected, got=got)
        expect(all_close(got, expected), "result", expected=expected, got=got)


JACOBIAN_HINTS = {
    "not_duals": JVP_HINTS["not_duals"],
    "unpack": JVP_HINTS["unpack"],
    "passes": {
        "en": "one JVP gives a whole column, so the Jacobian takes exactly n = {n} passes: one "
              "call of f per input.",
        "es": "un JVP da una columna entera, así que el jacobiano cuesta exactamente n = {n} "
              "pasadas: una llamada a f por entrada.",
    },
    "seeds": {
        "en": "pass j should seed the basis vector e_j: tangent 1 for input j, 0 for every other "
              "input.",
        "es": "la pasada j debe poner en las entradas la semilla e_j, el vector de la base: "
              "tangente 1 para la entrada j y 0 para todas las demás.",
    },
    "transposed": {
        "en": "that is the transpose: each JVP is a column, but the result is a list of rows, "
              "J[i][j] = ∂f_i/∂x_j, with m = {m} rows of n = {n} numbers.",
        "es": "esa es la traspuesta: cada JVP es una columna, pero el resultado es una lista de "
              "filas, J[i][j] = ∂f_i/∂x_j, con m = {m} filas de n = {n} números.",
    },
    "shape": {
        "en": "the Jacobian of f: R^{n} → R^{m} is a list of m = {m} rows, each of n = {n} "
              "numbers.",
        "es": "el jacobiano de f: R^{n} → R^{m} es una lista de m = {m} filas, cada una de n = {n} "
              "números.",
    },
    "values": {
        "en": "entry J[i][j] is output i's tangent in pass j (the pass seeded with e_j).",
        "es": "el elemento J[i][j] es la tangente de la salida i en la pasada j (la de semilla "
              "e_j).",
    },
}


def _probe_2_to_3(x, y):
    return [x * y, x.sin() + 3.0 * y, x.exp() * y]


def check_matrix(got, expected, wrong=()):
    """Fail unless the Jacobian ``got`` is ``expected`` (m rows of n numbers).

    Checked in this order: the transpose, the shape, the known wrong answers ``wrong`` (pairs of a
    matrix and its hint key), the values. Lab 06 checks its Jacobians with it too, so every table
    of hints that uses it has "transposed", "shape" and "values".
    """
    m, n = len(expected), len(expected[0])
    # Rows may be lists or tuples (list(zip(*columns)) is a fine way to transpose).
    is_matrix = (isinstance(got, (list, tuple)) and all(isinstance(row, (list, tuple)) for row in got)
                 and all(is_number(e) for row in got for e in row))
    if is_matrix and m != n and all_close(got, [list(column) for column in zip(*expected)]):
        fail("transposed", expected=expected, got=got, m=m, n=n)
    expect(is_matrix and len(got) == m and all(len(row) == n for row in got),
           "shape", expected=phrase(T, "rows", m=m, n=n), got=got, m=m, n=n)
    if not all_close(got, expected):
        hint = next((key for wrong_matrix, key in wrong if all_close(got, wrong_matrix)), "values")
        fail(hint, expected=expected, got=got)


@exercise("05.7", {"en": "jacobian", "es": "jacobian"}, JACOBIAN_HINTS, tiers=TIERS["05.7"])
def _check_jacobian(jacobian):
    expect_earlier(jacobian, {"jvp": "05.6"})
    x, basis = [0.5, 2.0], [[1.0, 0.0], [0.0, 1.0]]
    n = len(x)
    with case(f"f(x, y) = [x·y, sin(x) + 3·y, exp(x)·y]; jacobian(f, {x})"):
        f = Probe(_probe_2_to_3, "not_duals")
        got = jacobian(f, x)
        columns = [reference_jvp(_probe_2_to_3, x, e)[1] for e in basis]
        expected = [list(row) for row in zip(*columns)]
        expect(len(f.calls) == n, "passes", expected=counted(T, "calls", n),
               got=counted(T, "calls", len(f.calls)), n=n)
        seeds = [f.tangents(k) for k in range(n)]
        expect(sorted(seeds) == sorted(basis), "seeds", expected=basis, got=seeds)
        check_matrix(got, expected)
