"""Checks of lab 07, the capstone: softplus end to end, on the learner's own engine.

The lab adds one operation, softplus(x) = log(1 + eˣ), to the learner's `Value` (labs 00–02) and
`Dual` (lab 05), or to fresh ready-made ones while those are unfinished (`minigrad.labs.engine`):

* 07.1 ``sigmoid(x)`` and 07.2 ``softplus(x)`` on floats, both exact where the textbook formulas
  overflow (x = ±800) or round to nothing (softplus(−40) ≈ 4·10⁻¹⁸);
* 07.3 ``value_softplus``, the reverse-mode node and its closure (checked as lab 01 checks one);
* 07.4 ``dual_softplus``, the forward-mode rule (checked as lab 05 checks sin);
* 07.5 ``three_derivatives(f, x, h)``: one derivative by reverse mode, forward mode and a central
  difference, on the engine the notebook uses (its ``Value`` and ``Dual``); ``f`` takes a Value or
  a Dual, as the lab's g does, and a difference of f on plain floats is caught.

Every number of 07.1–07.4 must be right to full float precision (PRECISION), also at −30, where a
formula that subtracts nearly equal numbers (1 + tanh(x/2), 1 − σ(−x)) keeps three or four digits.
"""

import math

from .. import ops
from .core import (builds, case, close, exercise, expect, expect_attached, expect_earlier, fail,
                   is_number, phrase)

builds("07", "Value", "Dual")

T = {
    "a_number": {"en": "a float", "es": "un float"},
    "a_node": {"en": "a new Value with parents (x,) and op 'softplus'",
               "es": "un Value nuevo con padres (x,) y op 'softplus'"},
    "a_dual": {"en": "a Dual", "es": "un Dual"},
    "triple": {"en": "(reverse, forward, numeric): three floats",
               "es": "(inverso, directo, numérico): tres floats"},
}


# The expected numbers come from the operation table, as do Value's and Dual's own softplus:
# both are computed there without overflow (the exponential of a negative number only).
exact_sigmoid = ops.OPS["sigmoid"].forward
exact_softplus = ops.OPS["softplus"].forward


HINTS = {
    "return_number": {
        "en": "return a plain number (a float), not None and not a node.",
        "es": "devuelve un número sin más (un float), no None ni un nodo."},
    "overflow_sigmoid": {
        "en": "math.exp overflowed: e to the power 800 is beyond any float. For x < 0 write σ(x) as "
              "eˣ / (1 + eˣ), whose exponential is below 1; keep 1 / (1 + e⁻ˣ) for x ≥ 0.",
        "es": "math.exp se ha desbordado: e elevado a 800 no cabe en ningún float. Para x < 0 escribe "
              "σ(x) como eˣ / (1 + eˣ), cuya exponencial es menor que 1; deja 1 / (1 + e⁻ˣ) para "
              "x ≥ 0."},
    "sign": {
        "en": "that is σ(−x): the sigmoid grows with x, from 0 on the far left to 1 on the far right.",
        "es": "eso es σ(−x): la sigmoide crece con x, de 0 muy a la izquierda a 1 muy a la derecha."},
    "lost_digits": {
        "en": "close, but only a few digits are right: for very negative x your formula adds 1 to "
              "something close to −1 (or takes something close to 1 from 1), and the tiny "
              "difference keeps only the digits the two numbers do not share. σ must be right to "
              "full float precision at every x: for x < 0 use eˣ / (1 + eˣ), where nothing cancels.",
        "es": "cerca, pero solo son correctas unas pocas cifras: para x muy negativo tu fórmula suma "
              "1 a algo cercano a −1 (o resta de 1 algo cercano a 1), y la diferencia, diminuta, "
              "conserva solo las cifras en que los dos números no coinciden. σ tiene que salir con "
              "toda la precisión de un float en cada x: para x < 0 usa eˣ / (1 + eˣ), donde nada se "
              "cancela."},
    "sigmoid": {
        "en": "σ(x) = 1 / (1 + e⁻ˣ): 0.5 at 0, close to 1 for large x and close to 0 for very "
              "negative x.",
        "es": "σ(x) = 1 / (1 + e⁻ˣ): 0,5 en 0, cerca de 1 para x grande y cerca de 0 para x muy "
              "negativo."},
    "overflow_softplus": {
        "en": "math.exp(800) overflowed. For large x, log(1 + eˣ) = x + log(1 + e⁻ˣ): write "
              "softplus(x) as max(x, 0) + log1p(exp(−|x|)), whose exponential never exceeds 1.",
        "es": "math.exp(800) se ha desbordado. Para x grande, log(1 + eˣ) = x + log(1 + e⁻ˣ): "
              "escribe softplus(x) como max(x, 0) + log1p(exp(−|x|)), cuya exponencial nunca pasa "
              "de 1."},
    "log1p": {
        "en": "1 + eˣ keeps few digits of a tiny eˣ in floating point (at x = −40 it rounds to exactly "
              "1), so log(1 + eˣ) is wrong, or 0, where the answer is tiny: use math.log1p(t), which "
              "computes log(1 + t) without forming 1 + t.",
        "es": "en coma flotante, 1 + eˣ conserva pocas cifras de un eˣ diminuto (en x = −40 se redondea "
              "a 1 exacto), así que log(1 + eˣ) sale mal, o 0, donde la respuesta es diminuta: usa "
              "math.log1p(t), que calcula log(1 + t) sin formar 1 + t."},
    "softplus": {
        "en": "softplus(x) = log(1 + eˣ): log 2 at 0, close to x for large x, close to 0 for very "
              "negative x.",
        "es": "softplus(x) = log(1 + eˣ): log 2 en 0, cerca de x para x grande y cerca de 0 para x "
              "muy negativo."},
    "node": {
        "en": "x.softplus() must return a new Value made by the lab's pattern: "
              "Value(softplus(x.data), (x,), \"softplus\"), with its closure in out._backward. The "
              "op's name is what the steppers look up in the table of operations.",
        "es": "x.softplus() debe devolver un Value nuevo hecho con el patrón de las prácticas: "
              "Value(softplus(x.data), (x,), \"softplus\"), con su clausura en out._backward. El "
              "nombre de la op es lo que los widgets paso a paso buscan en la tabla de operaciones."},
    "forward": {
        "en": "the node's data should be softplus(x.data), computed with your softplus of 07.2.",
        "es": "el dato del nodo debe ser softplus(x.data), calculado con tu softplus del 07.2."},
    "nothing_passed": {
        "en": "after out._backward() x.grad is still 0: the closure must add into x.grad.",
        "es": "tras out._backward() x.grad sigue a 0: la clausura debe sumar en x.grad."},
    "derivative_is_softplus": {
        "en": "that is softplus itself: the local derivative of log(1 + eˣ) is eˣ / (1 + eˣ), "
              "the sigmoid σ(x).",
        "es": "eso es el propio softplus: la derivada local de log(1 + eˣ) es eˣ / (1 + eˣ), la "
              "sigmoide σ(x)."},
    "sigmoid_derivative": {
        "en": "that is σ(x)·(1 − σ(x)), the derivative of the sigmoid; softplus's derivative is "
              "the sigmoid itself.",
        "es": "eso es σ(x)·(1 − σ(x)), la derivada de la sigmoide; la derivada de softplus es la "
              "propia sigmoide."},
    "overflow_derivative": {
        "en": "the closure overflowed: compute the local derivative with your sigmoid (07.1), which "
              "never overflows.",
        "es": "la clausura se ha desbordado: calcula la derivada local con tu sigmoid (07.1), que "
              "nunca se desborda."},
    "cancellation": {
        "en": "close, but only a few digits are right: 1 − σ(−x) is σ(x) on paper, but for very "
              "negative x σ(−x) is so close to 1 that the subtraction keeps only the digits the two "
              "numbers do not share (at x = −60, none: it gives 0). Use σ(x) itself, from your "
              "sigmoid.",
        "es": "cerca, pero solo son correctas unas pocas cifras: sobre el papel, 1 − σ(−x) es σ(x), "
              "pero para x muy negativo σ(−x) está tan cerca de 1 que la resta solo conserva las "
              "cifras en que los dos números no coinciden (en x = −60, ninguna: da 0). Usa el propio "
              "σ(x), con tu sigmoid."},
    "local": {
        "en": "the local derivative of softplus at x is σ(x) = 1 / (1 + e⁻ˣ).",
        "es": "la derivada local de softplus en x es σ(x) = 1 / (1 + e⁻ˣ)."},
    "chain_rule": {
        "en": "the closure passes the local derivative alone: by the chain rule x receives "
              "σ(x) × out.grad (here out.grad is 3).",
        "es": "la clausura pasa solo la derivada local: por la regla de la cadena, x recibe "
              "σ(x) × out.grad (aquí out.grad vale 3)."},
    "accumulate": {
        "en": "x already held 0.5 from elsewhere and lost it: add into x.grad (+=), don't "
              "overwrite it.",
        "es": "x ya tenía 0,5 llegado de otro sitio y lo ha perdido: suma en x.grad (+=), no lo "
              "sobrescribas."},
    "not_dual": {
        "en": "dual_softplus should return a new Dual, Dual(value, tangent).",
        "es": "dual_softplus debe devolver un Dual nuevo, Dual(valor, tangente)."},
    "dual_value": {
        "en": "the value of softplus of a Dual is softplus of its value; the tangent does not "
              "enter it.",
        "es": "el valor del softplus de un Dual es el softplus de su valor; la tangente no "
              "interviene."},
    "dual_chain": {
        "en": "the tangent is the local derivative times the input's tangent (the chain rule, "
              "forwards): multiply σ(x.value) by x.tangent.",
        "es": "la tangente es la derivada local por la tangente de la entrada (la regla de la "
              "cadena, hacia delante): multiplica σ(x.value) por x.tangent."},
    "dual_uses_softplus": {
        "en": "the tangent used softplus where its derivative belongs: the derivative of softplus "
              "is the sigmoid.",
        "es": "la tangente usa softplus donde va su derivada: la derivada de softplus es la "
              "sigmoide."},
    "dual_tangent": {
        "en": "the tangent of softplus(x) is σ(x.value) × x.tangent.",
        "es": "la tangente de softplus(x) es σ(x.value) × x.tangent."},
    "return_triple": {
        "en": "return three numbers, (reverse, forward, numeric), in this order.",
        "es": "devuelve tres números, (inverso, directo, numérico), en este orden."},
    "reverse_backward": {
        "en": "the reverse-mode derivative came out 0: call backward() on f's output, then read the "
              "grad of the input leaf.",
        "es": "la derivada en modo inverso ha salido 0: llama a backward() sobre la salida de f y "
              "después lee el grad de la hoja de entrada."},
    "reverse_leaf": {
        "en": "that is the output's own grad, 1: read the input leaf's grad, x's, after backward().",
        "es": "ese es el grad de la propia salida, 1: lee el grad de la hoja de entrada, el de x, "
              "después de backward()."},
    "reverse": {
        "en": "reverse mode: leaf = Value(x); f(leaf).backward(); the derivative is leaf.grad.",
        "es": "modo inverso: leaf = Value(x); f(leaf).backward(); la derivada es leaf.grad."},
    "forward_seed": {
        "en": "the forward-mode derivative came out 0: the input must move, so seed it with "
              "tangent 1, Dual(x, 1.0).",
        "es": "la derivada en modo directo ha salido 0: la entrada tiene que moverse, así que ponle "
              "la semilla, la tangente 1: Dual(x, 1.0)."},
    "forward_mode": {
        "en": "forward mode: f(Dual(x, 1.0)).tangent.",
        "es": "modo directo: f(Dual(x, 1.0)).tangent."},
    "one_sided": {
        "en": "that is a one-sided difference: step to both sides, f at x + h and at x − h, and "
              "divide by 2h.",
        "es": "eso es una diferencia de un solo lado: aléjate a los dos lados, f en x + h y en "
              "x − h, y divide entre 2h."},
    "pass_h": {
        "en": "use the h you are given: the check passes h = {h} and expects the central "
              "difference for that h.",
        "es": "usa el h que recibes: la comprobación pasa h = {h} y espera la diferencia central "
              "para ese h."},
    "numeric_on_floats": {
        "en": "the central difference called f on plain floats, f(x + h): f takes a Value or a "
              "Dual, and a function made of your engine's operations fails on a float (g below "
              "calls .softplus(), which a float does not have). Evaluate f on Values, "
              "f(Value(x + h)) and f(Value(x − h)), and read their .data.",
        "es": "la diferencia central ha llamado a f con floats sin más, f(x + h): f recibe un Value "
              "o un Dual, y una función hecha con las operaciones de tu motor falla con un float "
              "(la g de más abajo llama a .softplus(), que un float no tiene). Evalúa f con objetos "
              "Value, f(Value(x + h)) y f(Value(x − h)), y lee su .data."},
    "numeric": {
        "en": "numeric: (f(x + h) − f(x − h)) / (2h), with f evaluated on Values and read from "
              ".data.",
        "es": "numérico: (f(x + h) − f(x − h)) / (2h), con f evaluada con objetos Value y leída en .data."},
}

TIERS = {
    "07.1": [
        {"en": "The textbook 1 / (1 + e⁻ˣ) asks for e⁸⁰⁰ when x = −800. Multiply the fraction "
               "above and below by eˣ for negative x, and no exponential is ever large.",
         "es": "La fórmula de los libros, 1 / (1 + e⁻ˣ), pide e⁸⁰⁰ cuando x = −800. Para x "
               "negativo, multiplica arriba y abajo por eˣ, y ninguna exponencial es nunca grande."},
        {"en": "if x >= 0: return 1 / (1 + math.exp(-x)); otherwise e = math.exp(x) and return "
               "e / (1 + e).",
         "es": "si x >= 0: devuelve 1 / (1 + math.exp(-x)); si no, e = math.exp(x) y devuelve "
               "e / (1 + e)."},
    ],
    "07.2": [
        {"en": "log(1 + eˣ) overflows for large x and rounds to 0 for very negative x. Take the "
               "large part out, max(x, 0), and compute the rest with a function made for log(1 + "
               "something small).",
         "es": "log(1 + eˣ) se desborda para x grande y se redondea a 0 para x muy negativo. Saca "
               "la parte grande, max(x, 0), y calcula el resto con una función hecha para "
               "log(1 + algo pequeño)."},
        {"en": "return max(x, 0.0) + math.log1p(math.exp(-abs(x))).",
         "es": "devuelve max(x, 0.0) + math.log1p(math.exp(-abs(x)))."},
    ],
    "07.3": [
        {"en": "The node follows lab 01's pattern: the forward value now, the parents (x,), the op "
               "name, and a closure that adds local derivative × out.grad into x.grad. The local "
               "derivative of softplus is a function you have already written.",
         "es": "El nodo sigue el patrón de la práctica 01: el valor ahora, los padres (x,), el "
               "nombre de la op y una clausura que suma derivada local × out.grad en x.grad. La "
               "derivada local de softplus es una función que ya has escrito."},
        {"en": "out = Value(softplus(self.data), (self,), \"softplus\"); in the closure, "
               "self.grad += sigmoid(self.data) * out.grad.",
         "es": "out = Value(softplus(self.data), (self,), \"softplus\"); en la clausura, "
               "self.grad += sigmoid(self.data) * out.grad."},
    ],
    "07.4": [
        {"en": "The same rule as sin in lab 05: the value moves through softplus, the tangent is "
               "the local derivative at the value times the input's tangent.",
         "es": "La misma regla que sin en la práctica 05: el valor pasa por softplus y la tangente "
               "es la derivada local en el valor por la tangente de la entrada."},
        {"en": "return Dual(softplus(x.value), sigmoid(x.value) * x.tangent).",
         "es": "devuelve Dual(softplus(x.value), sigmoid(x.value) * x.tangent)."},
    ],
    "07.5": [
        {"en": "One derivative, three independent ways: a backward pass from f's output, a forward "
               "pass with the input moving at speed 1, and two evaluations of f around x.",
         "es": "Una derivada, de tres maneras independientes: una pasada hacia atrás desde la "
               "salida de f, una pasada hacia delante con la entrada moviéndose a velocidad 1 y dos "
               "evaluaciones de f alrededor de x."},
        {"en": "leaf = Value(x); f(leaf).backward() gives leaf.grad; f(Dual(x, 1.0)).tangent; "
               "(f(Value(x + h)).data − f(Value(x − h)).data) / (2 * h).",
         "es": "leaf = Value(x); f(leaf).backward() da leaf.grad; f(Dual(x, 1.0)).tangent; "
               "(f(Value(x + h)).data − f(Value(x − h)).data) / (2 * h)."},
    ],
}

EXTREMES = [0.0, 2.0, -2.0, 30.0, -30.0, 800.0, -800.0]
PRECISION = 1e-9         # the relative error allowed: all but the last digits of a float


def _lost_digits(x, got, want):
    """Whether ``got`` is ``want`` at a very negative ``x`` with only its first digits right: the
    mark of a subtraction of two nearly equal numbers (1 + tanh(x/2), 1 − σ(−x))."""
    return x < -2.0 and close(got, want, rel=1e-2, abs_=1e-300)


@exercise("07.1", {"en": "sigmoid(x)", "es": "sigmoid(x)"}, HINTS, tiers=TIERS["07.1"])
def _check_sigmoid(sigmoid):
    for x in EXTREMES:
        with case(f"sigmoid({x!r})", on_error={OverflowError: "overflow_sigmoid"}):
            got = sigmoid(x)
            expect(is_number(got), "return_number", expected=phrase(T, "a_number"), got=got)
            want = exact_sigmoid(x)
            if not close(got, want, rel=PRECISION, abs_=1e-300):
                if close(got, exact_sigmoid(-x), rel=PRECISION, abs_=1e-300):
                    fail("sign", expected=want, got=got)
                fail("lost_digits" if _lost_digits(x, got, want) else "sigmoid", expected=want,
                     got=got)


@exercise("07.2", {"en": "softplus(x)", "es": "softplus(x)"}, HINTS, tiers=TIERS["07.2"])
def _check_softplus(softplus):
    # The overflow first, then the digits lost in 1 + (something tiny): at −19.5 a few, at −40 all.
    for x in (0.0, 2.0, -2.0, 30.0, 40.0, 800.0, -19.5, -30.0, -40.0, -800.0):
        with case(f"softplus({x!r})", on_error={OverflowError: "overflow_softplus"}):
            got = softplus(x)
            expect(is_number(got), "return_number", expected=phrase(T, "a_number"), got=got)
            want = exact_softplus(x)
            if not close(got, want, rel=PRECISION, abs_=1e-300):
                rounded = x < 0 and close(got, math.log(1.0 + math.exp(x)), rel=1e-12, abs_=1e-300)
                fail("log1p" if rounded else "softplus", expected=want, got=got)


def _slope_hint(x, got):
    """The hint for a wrong local derivative at x."""
    s = exact_sigmoid(x)
    if close(got, exact_softplus(x)):
        return "derivative_is_softplus"
    if close(got, s * (1.0 - s)):
        return "sigmoid_derivative"
    return "local"


@exercise("07.3", {"en": "Value.softplus", "es": "Value.softplus"}, HINTS, tiers=TIERS["07.3"],
          defines=("value_softplus",))
def _check_value_softplus(Value):
    expect_attached(Value, {"softplus": "value_softplus"})
    method = Value.softplus
    expect_earlier(method, {"sigmoid": "07.1", "softplus": "07.2"})
    for x in (0.5, -2.0, 0.0, -30.0, -800.0, 800.0):
        with case(f"x = Value({x!r}); y = x.softplus(); y.grad = 1.0; y._backward(); x.grad",
                  on_error={OverflowError: "overflow_derivative"}):
            leaf = Value(x)
            out = leaf.softplus()
            prev = getattr(out, "_prev", None)
            expect(isinstance(out, Value) and isinstance(prev, (tuple, list)) and len(prev) == 1
                   and prev[0] is leaf and getattr(out, "_op", None) == "softplus", "node",
                   expected=phrase(T, "a_node"), got=out)
            expect(close(out.data, exact_softplus(x), abs_=1e-300), "forward",
                   expected=exact_softplus(x), got=out.data)
            out.grad = 1.0
            out._backward()
            want = exact_sigmoid(x)
            if not close(leaf.grad, want, rel=PRECISION, abs_=1e-300):
                hint = ("cancellation" if _lost_digits(x, leaf.grad, want) else
                        "nothing_passed" if leaf.grad == 0 and want > 1e-300 else
                        _slope_hint(x, leaf.grad))
                fail(hint, expected=want, got=leaf.grad)
    with case("x = Value(0.5); y = x.softplus(); y.grad = 3.0; y._backward(); x.grad"):
        leaf = Value(0.5)
        out = leaf.softplus()
        out.grad = 3.0
        out._backward()
        want = 3.0 * exact_sigmoid(0.5)
        if not close(leaf.grad, want):
            fail("chain_rule" if close(leaf.grad, exact_sigmoid(0.5)) else "local", expected=want,
                 got=leaf.grad)
    with case("x = Value(0.5); x.grad = 0.5; y = x.softplus(); y.grad = 1.0; y._backward(); x.grad"):
        leaf = Value(0.5)
        leaf.grad = 0.5
        out = leaf.softplus()
        out.grad = 1.0
        out._backward()
        want = 0.5 + exact_sigmoid(0.5)
        if not close(leaf.grad, want):
            fail("accumulate" if close(leaf.grad, exact_sigmoid(0.5)) else "local", expected=want,
                 got=leaf.grad)


def _pair(d):
    return (d.value, d.tangent) if hasattr(d, "value") and hasattr(d, "tangent") else d


@exercise("07.4", {"en": "dual_softplus", "es": "dual_softplus"}, HINTS, tiers=TIERS["07.4"])
def _check_dual_softplus(dual_softplus, Dual):
    expect_earlier(dual_softplus, {"sigmoid": "07.1", "softplus": "07.2"})
    for value, tangent in ((0.5, 2.0), (-1.2, -0.5), (0.7, 0.0), (-30.0, 2.0), (-800.0, 1.0),
                           (800.0, 1.0)):
        with case(f"dual_softplus(Dual({value}, {tangent}))",
                  on_error={OverflowError: "overflow_derivative"}):
            out = dual_softplus(Dual(value, tangent))
            expect(hasattr(out, "value") and hasattr(out, "tangent"), "not_dual",
                   expected=phrase(T, "a_dual"), got=out)
            want = (exact_softplus(value), exact_sigmoid(value) * tangent)
            expect(close(out.value, want[0], abs_=1e-300), "dual_value", expected=want,
                   got=_pair(out))
            if not close(out.tangent, want[1], rel=PRECISION, abs_=1e-300):
                if _lost_digits(value, out.tangent, want[1]):
                    hint = "cancellation"
                elif close(out.tangent, exact_sigmoid(value)):
                    hint = "dual_chain"
                elif close(out.tangent, exact_softplus(value) * tangent):
                    hint = "dual_uses_softplus"
                else:
                    hint = "dual_tangent"
                fail(hint, expected=want, got=_pair(out))


def _cubic(t):
    return t * t * t + t * 2.0


class _OnValues:
    """``f`` as three_derivatives receives it: a function of a Value or a Dual. It computes on
    plain numbers too, but notes that it was called with one (g of the lab fails there)."""

    def __init__(self, f):
        self.f, self.on_numbers = f, False

    def __call__(self, t):
        self.on_numbers = self.on_numbers or is_number(t)
        return self.f(t)


CUBIC = "f = lambda t: t * t * t + t * 2.0"


@exercise("07.5", {"en": "three_derivatives(f, x, h)", "es": "three_derivatives(f, x, h)"}, HINTS,
          tiers=TIERS["07.5"])
def _check_three_derivatives(three_derivatives):
    for x, h in ((0.5, 0.1), (-1.5, 0.25)):
        with case(f"{CUBIC}; three_derivatives(f, {x!r}, h={h!r})"):
            f = _OnValues(_cubic)
            got = three_derivatives(f, x, h=h)
            expect(isinstance(got, (tuple, list)) and len(got) == 3 and all(map(is_number, got)),
                   "return_triple", expected=phrase(T, "triple"), got=got)
            reverse, forward, numeric = got
            exact = 3 * x * x + 2.0
            central = (_cubic(x + h) - _cubic(x - h)) / (2 * h)
            want = (exact, exact, central)
            if not close(reverse, exact):
                fail("reverse_backward" if reverse == 0 else "reverse_leaf" if reverse == 1
                     else "reverse", expected=want, got=tuple(got))
            if not close(forward, exact):
                fail("forward_seed" if forward == 0 else "forward_mode", expected=want,
                     got=tuple(got))
            expect(not f.on_numbers, "numeric_on_floats")
            if not close(numeric, central, rel=1e-7):
                sides = [(_cubic(x + h) - _cubic(x)) / h, (_cubic(x) - _cubic(x - h)) / h]
                hint = ("one_sided" if any(close(numeric, s, rel=1e-7) for s in sides) else
                        "pass_h" if close(numeric, exact, rel=1e-4) else "numeric")
                fail(hint, expected=want, got=tuple(got), h=h)
