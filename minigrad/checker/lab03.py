"""Checks of lab 03, gradient checking: central differences, relative error and a gradient check.

The exercises' functions take the step ``h`` as an argument, and the checks use a large one (0.1):
then the central difference, the one-sided differences and the formulas missing a ``/2`` or a ``/h``
give clearly different numbers, and the one the learner's code returns says which mistake it made.

03.4 first checks the learner's ``numerical_gradient`` and ``relative_error`` that ``gradcheck``
uses, so that a bug in one of them is reported there and not as a wrong gradient check; one of its
cases takes a coarse step, whose truncation error shows whether ``gradcheck`` passes its ``h`` on.
"""

import math

from ..labs.ready import Value
from .core import all_close, case, close, exercise, expect, expect_earlier, fail, is_number

HINTS = {
    "return_number": {
        "en": "return the estimate as a number (a float), not None and not a Value.",
        "es": "devuelve la estimación como un número (un float), no None ni un Value."},
    "forward_difference": {
        "en": "that is a one-sided difference (from x to x ± h): its error shrinks only like h. The "
              "central difference evaluates at x + h and at x − h and divides by the distance between "
              "them, 2h; its error shrinks like h².",
        "es": "eso es una diferencia de un solo lado (de x a x ± h): su error solo disminuye como h. "
              "La diferencia central evalúa en x + h y en x − h y divide entre la distancia que las "
              "separa, 2h; su error disminuye como h²."},
    "missing_half": {
        "en": "the estimate is twice too big: x + h and x − h are 2h apart, so divide by 2h, not by h.",
        "es": "la estimación sale el doble de grande: x + h y x − h están a 2h de distancia, así que "
              "divide entre 2h, no entre h."},
    "missing_h": {
        "en": "a slope is a change in the output divided by a change in the input: divide by 2h "
              "(the distance between x − h and x + h), not by 2.",
        "es": "una pendiente es un cambio en la salida dividido entre un cambio en la entrada: divide "
              "entre 2h (la distancia entre x − h y x + h), no entre 2."},
    "ignores_h": {
        "en": "use the step h that the function receives: the check passes h = {h} and expects the "
              "central difference for that h.",
        "es": "usa el incremento h que recibe la función: la comprobación pasa h = {h} y espera la "
              "diferencia central para ese h."},
    "central_formula": {
        "en": "the central difference is the change in g between x − h and x + h, divided by the "
              "distance between those two points.",
        "es": "la diferencia central es el cambio de g entre x − h y x + h, dividido entre la "
              "distancia que separa esos dos puntos."},
    "return_list": {
        "en": "return a list with one partial derivative per input ({n} here).",
        "es": "devuelve una lista con una derivada parcial por entrada ({n} en este caso)."},
    "call_f": {
        "en": "f takes one Value per input, not a list: evaluate it with evaluate(f, point), which "
              "makes the Values and returns a float.",
        "es": "f recibe un Value por entrada, no una lista: evalúala con evaluate(f, punto), que crea "
              "los objetos Value y devuelve un float."},
    "one_at_a_time": {
        "en": "every entry came out the same: nudge ONE input at a time (a copy of xs with only entry "
              "i moved by ±h), so that entry i measures ∂f/∂xᵢ alone.",
        "es": "todas las componentes han salido iguales: mueve UNA entrada cada vez (una copia de xs "
              "con solo la componente i movida ±h), para que la componente i mida solo ∂f/∂xᵢ."},
    "restore_input": {
        "en": "xs changed during the call: nudge a copy (list(xs)), so that the caller's point stays "
              "as it was.",
        "es": "xs ha cambiado durante la llamada: mueve una copia (list(xs)), para que el punto de "
              "quien llama se quede como estaba."},
    "negative": {
        "en": "an error cannot be negative: take the absolute value of the difference.",
        "es": "un error no puede ser negativo: toma el valor absoluto de la diferencia."},
    "symmetric": {
        "en": "the error must not depend on which argument comes first: divide by the larger of the "
              "two magnitudes, max(|a|, |n|, floor), not by one of them.",
        "es": "el error no debe depender de qué argumento va primero: divide entre la mayor de las dos "
              "magnitudes, max(|a|, |n|, floor), no entre una de ellas."},
    "divide": {
        "en": "that is the absolute difference: divide it by max(|a|, |n|, floor) to make it relative.",
        "es": "esa es la diferencia absoluta: divídela entre max(|a|, |n|, floor) para que sea "
              "relativa."},
    "floor": {
        "en": "for two tiny numbers (both about 0) the error must stay small: include floor in the "
              "denominator, max(|a|, |n|, floor), which also avoids dividing by 0.",
        "es": "para dos números diminutos (los dos casi 0) el error debe seguir siendo pequeño: "
              "incluye floor en el denominador, max(|a|, |n|, floor), que además evita dividir "
              "entre 0."},
    "relative_formula": {
        "en": "the relative error is the absolute difference scaled by the size of the numbers: "
              "divide by the largest of |a|, |n| and floor.",
        "es": "el error relativo es la diferencia absoluta escalada por el tamaño de los números: "
              "divide entre el mayor de |a|, |n| y floor."},
    "return_triple": {
        "en": "return three things: (ok, worst_error, worst_index).",
        "es": "devuelve tres cosas: (ok, worst_error, worst_index)."},
    "missed_bug": {
        "en": "this f has a planted bug in ∂f/∂{name} and your check said ok: compare every input "
              "(all entries of both gradients) and report not ok when the worst error is above the "
              "tolerance. Do 03.2 and 03.3 pass?",
        "es": "esta f tiene un error introducido a propósito en ∂f/∂{name} y tu comprobación ha "
              "dicho ok: compara todas las entradas (todas las componentes de los dos gradientes) y "
              "responde no ok cuando el peor error supere la tolerancia. ¿Se superan el 03.2 y el "
              "03.3?"},
    "floor_in_gradcheck": {
        "en": "∂f/∂a is 0 here, by backward() and by the estimate alike, and your gradcheck divides "
              "by their size: 0 / 0. Compare with your relative_error (03.3), whose floor keeps the "
              "denominator away from 0.",
        "es": "∂f/∂a vale 0 aquí, tanto con backward() como con la estimación, y tu gradcheck divide "
              "entre su tamaño: 0 / 0. Compara con tu relative_error (03.3), cuyo floor mantiene el "
              "denominador lejos de 0."},
    "false_alarm": {
        "en": "this f is correct but your check said not ok: the worst error ({error}) is below the "
              "tolerance, so ok must be True. Is the comparison the right way round?",
        "es": "esta f es correcta pero tu comprobación ha dicho no ok: el peor error ({error}) está "
              "por debajo de la tolerancia, así que ok debe ser True. ¿No estará la comparación al revés?"},
    "use_relative": {
        "en": "this f is correct but its gradient is about {scale:.0e}: the absolute difference from "
              "the numerical estimate is large only because the numbers are. Compare with "
              "relative_error, which is scale-free.",
        "es": "esta f es correcta pero su gradiente ronda {scale:.0e}: la diferencia absoluta con la "
              "estimación numérica es grande solo porque los números lo son. Compara con "
              "relative_error, que no depende de la escala."},
    "worst": {
        "en": "worst_error must be the LARGEST relative error over the inputs, not an average: one "
              "wrong entry is enough to fail.",
        "es": "worst_error debe ser el MAYOR error relativo de todas las entradas, no una media: basta "
              "una componente mal para que la comprobación falle."},
    "pass_h": {
        "en": "gradcheck received h = {h}, but its worst error is that of a much smaller step: pass h "
              "on to numerical_gradient (numerical_gradient(f, xs, h)), or the step the caller chose "
              "is ignored.",
        "es": "gradcheck ha recibido h = {h}, pero su peor error es el de un incremento mucho menor: "
              "pásale h a numerical_gradient (numerical_gradient(f, xs, h)); si no, se ignora el "
              "incremento que ha elegido quien llama."},
    "worst_index": {
        "en": "worst_index must be the position (0, 1, ...) of the input with the largest error.",
        "es": "worst_index debe ser la posición (0, 1, ...) de la entrada con el mayor error."},
    # 03.5, the fixed softsign
    "softsign_forward": {
        "en": "the forward value is wrong: keep the given line, out = x / (1 + |x|), and change only "
              "the closure.",
        "es": "el valor de la pasada hacia delante está mal: deja la línea que venía, "
              "out = x / (1 + |x|), y cambia solo la clausura."},
    "still_planted": {
        "en": "that is still the planted bug: 1 / (1 + |x|) is the derivative of neither piece of "
              "the quotient. Differentiate x / (1 + |x|) with the quotient rule; the derivative of "
              "|x| is the sign of x.",
        "es": "ese sigue siendo el error introducido a propósito: 1 / (1 + |x|) no es la derivada de "
              "ninguna parte del cociente. Deriva x / (1 + |x|) con la regla del cociente; la "
              "derivada de |x| es el signo de x."},
    "abs_sign": {
        "en": "right for x > 0 but not for x < 0: there |x| = −x, so the derivative of |x| is −1. "
              "With the sign of x in the quotient rule both sides give the same formula, written "
              "with |x|.",
        "es": "bien para x > 0, pero no para x < 0: ahí |x| = −x, así que la derivada de |x| es −1. "
              "Con el signo de x en la regla del cociente, los dos lados dan la misma fórmula, "
              "escrita con |x|."},
    "softsign_rule": {
        "en": "the local derivative of x / (1 + |x|) comes from the quotient rule: "
              "((1 + |x|) − x·sign(x)) / (1 + |x|)², and x·sign(x) is |x|.",
        "es": "la derivada local de x / (1 + |x|) sale de la regla del cociente: "
              "((1 + |x|) − x·signo(x)) / (1 + |x|)², y x·signo(x) es |x|."},
    "softsign_chain": {
        "en": "the closure passes the local derivative alone: by the chain rule x receives local "
              "derivative × out.grad (here out.grad is 3).",
        "es": "la clausura pasa solo la derivada local: por la regla de la cadena, x recibe "
              "derivada local × out.grad (aquí out.grad vale 3)."},
    "softsign_accumulate": {
        "en": "x already held 0.5 from elsewhere and lost it: add into x.grad (+=), don't overwrite "
              "it.",
        "es": "x ya tenía 0,5 llegado de otro sitio y lo ha perdido: suma en x.grad (+=), no lo "
              "sobrescribas."},
}

TIERS = {
    "03.1": [
        {"en": "A slope is a change in the output over a change in the input. Step the same "
               "distance to both sides of x, so that the estimate is centred on x.",
         "es": "Una pendiente es un cambio en la salida entre un cambio en la entrada. Aléjate la "
               "misma distancia a cada lado de x, para que la estimación quede centrada en x."},
        {"en": "Evaluate g at x + h and at x − h, and divide the difference by the distance between "
               "the two points, 2 * h.",
         "es": "Evalúa g en x + h y en x − h, y divide la diferencia entre la distancia que separa "
               "los dos puntos, 2 * h."},
    ],
    "03.2": [
        {"en": "A partial derivative moves one input and holds the others still: one central "
               "difference per input, each on its own copy of the point.",
         "es": "Una derivada parcial mueve una entrada y deja quietas las demás: una diferencia "
               "central por entrada, cada una sobre su propia copia del punto."},
        {"en": "For each i: two copies of xs, one with entry i plus h and one with entry i minus h; "
               "the estimate is (evaluate(f, up) − evaluate(f, down)) / (2 * h).",
         "es": "Para cada i: dos copias de xs, una con la componente i más h y otra con la "
               "componente i menos h; la estimación es (evaluate(f, up) − evaluate(f, down)) / "
               "(2 * h)."},
    ],
    "03.3": [
        {"en": "Scale the difference by the size of the numbers, whichever comes first, and never "
               "by less than floor: then two numbers near 0 cannot make the error explode.",
         "es": "Escala la diferencia según el tamaño de los números, vaya primero el que vaya, y "
               "nunca por menos de floor: así dos números cercanos a 0 no disparan el error."},
        {"en": "The absolute difference divided by the largest of |a|, |n| and floor.",
         "es": "La diferencia absoluta dividida entre el mayor de |a|, |n| y floor."},
    ],
    "03.4": [
        {"en": "Compute both gradients, compare them input by input, and judge by the worst "
               "comparison: that is where to look for the bug.",
         "es": "Calcula los dos gradientes, compáralos entrada a entrada y juzga por la peor "
               "comparación: ahí es donde hay que buscar el error."},
        {"en": "errors = one relative_error per pair of entries of autodiff_gradient(f, xs) and "
               "numerical_gradient(f, xs, h); return (max(errors) <= tolerance, max(errors), the "
               "position of the max).",
         "es": "errors = un relative_error por cada par de componentes de autodiff_gradient(f, xs) "
               "y numerical_gradient(f, xs, h); devuelve (max(errors) <= tolerance, max(errors), la "
               "posición del máximo)."},
    ],
    "03.5": [
        {"en": "softsign is a quotient, x over 1 + |x|, and |x| has slope +1 on the right of 0 and "
               "−1 on its left. Work out the derivative on each side, then write both as one "
               "formula in |x|.",
         "es": "softsign es un cociente, x entre 1 + |x|, y |x| tiene pendiente +1 a la derecha de 0 "
               "y −1 a su izquierda. Calcula la derivada a cada lado y escribe las dos como una sola "
               "fórmula en |x|."},
        {"en": "The quotient rule gives ((1 + |x|) − x·sign(x)) / (1 + |x|)², which is "
               "1 / (1 + |x|)²; x.grad gains that times out.grad.",
         "es": "La regla del cociente da ((1 + |x|) − x·signo(x)) / (1 + |x|)², que es "
               "1 / (1 + |x|)²; x.grad suma eso por out.grad."},
    ],
}

TITLES = {
    "03.1": {"en": "central_difference(g, x, h)", "es": "central_difference(g, x, h)"},
    "03.2": {"en": "numerical_gradient(f, xs, h)", "es": "numerical_gradient(f, xs, h)"},
    "03.3": {"en": "relative_error(a, n, floor)", "es": "relative_error(a, n, floor)"},
    "03.4": {"en": "gradcheck(f, xs, h, tolerance)", "es": "gradcheck(f, xs, h, tolerance)"},
    "03.5": {"en": "softsign_fixed(x)", "es": "softsign_fixed(x)"},
}


def _named_f(function):
    """Call the function f in error messages, as the case shows it."""
    function.__name__ = function.__qualname__ = "f"
    return function


def _diagnose_difference(got, g, x, h, exact):
    """The hint for a wrong finite-difference estimate of g'(x) with step h."""
    up, here, down = g(x + h), g(x), g(x - h)
    candidates = [
        ("forward_difference", (up - here) / h),
        ("forward_difference", (here - down) / h),
        ("missing_half", (up - down) / h),
        ("missing_h", (up - down) / 2),
        ("ignores_h", exact),
    ]
    return next((key for key, value in candidates if close(got, value, rel=1e-4)), "central_formula")


# ── 03.1 central_difference ────────────────────────────────────────────────────────────────────

CURVES = [
    ("g = lambda x: x ** 3", lambda x: x ** 3, lambda x: 3 * x ** 2, 2.0, 0.1),
    ("g = math.sin", math.sin, math.cos, 0.7, 0.1),
    ("g = math.exp", math.exp, math.exp, -1.0, 0.5),
]


@exercise("03.1", TITLES["03.1"], HINTS, tiers=TIERS["03.1"])
def _check_central_difference(central_difference):
    for code, g, slope, x, h in CURVES:
        with case(f"{code}; central_difference(g, {x!r}, {h!r})"):
            got = central_difference(g, x, h)
            expect(is_number(got), "return_number", got=got)
            want = (g(x + h) - g(x - h)) / (2 * h)
            if not close(got, want, rel=1e-9):
                fail(_diagnose_difference(got, g, x, h, slope(x)), want, got, h=h)


# ── 03.2 numerical_gradient ────────────────────────────────────────────────────────────────────

@_named_f
def _cubic(a, b):
    return a * a * a * b + b.tanh()


CUBIC = "def f(a, b): return a * a * a * b + b.tanh()"


def _at(f, xs):
    return f(*[Value(x) for x in xs]).data


def _central(f, xs, h):
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((_at(f, up) - _at(f, down)) / (2 * h))
    return grads


def _one_sided(f, xs, h):
    grads = []
    for i in range(len(xs)):
        up = list(xs)
        up[i] += h
        grads.append((_at(f, up) - _at(f, xs)) / h)
    return grads


def _all_together(f, xs, h):
    up, down = [x + h for x in xs], [x - h for x in xs]
    return [(_at(f, up) - _at(f, down)) / (2 * h)] * len(xs)


def _autodiff(f, xs):
    leaves = [Value(x) for x in xs]
    f(*leaves).backward()
    return [leaf.grad for leaf in leaves]


@exercise("03.2", TITLES["03.2"], HINTS, tiers=TIERS["03.2"])
def _check_numerical_gradient(numerical_gradient):
    expect_earlier(numerical_gradient, {"central_difference": "03.1"})
    for xs, h in (([1.5, -2.0], 0.1), ([-0.5, 3.0], 0.25)):
        point = list(xs)
        with case(f"{CUBIC}; xs = {point!r}; numerical_gradient(f, xs, {h!r})",
                  on_error={TypeError: "call_f", AttributeError: "call_f"}):
            got = numerical_gradient(_cubic, xs, h)
            expect(xs == point, "restore_input", expected=point, got=xs)
            expect(isinstance(got, (list, tuple)) and len(got) == len(xs)
                   and all(map(is_number, got)), "return_list", got=got, n=len(xs))
            want = _central(_cubic, xs, h)
            if all_close(got, want):
                continue
            candidates = [("one_at_a_time", _all_together(_cubic, xs, h)),
                          ("forward_difference", _one_sided(_cubic, xs, h)),
                          ("forward_difference", _one_sided(_cubic, xs, -h)),
                          ("missing_half", [2 * w for w in want]),
                          ("missing_h", [w * h for w in want]),
                          ("ignores_h", _autodiff(_cubic, xs))]
            hint = next((key for key, values in candidates if all_close(got, values, rel=1e-4)),
                        "central_formula")
            fail(hint, want, got, h=h)


# ── 03.3 relative_error ────────────────────────────────────────────────────────────────────────

# No magnitude of exactly 1: dividing by it would hide a missing division.
PAIRS = [(4.0, 5.0, 1e-3), (-2.0, -2.5, 1e-3), (3.0, -0.5, 1e-3), (1e-12, -1e-12, 1e-3),
         (0.0, 0.0, 1e-3), (0.0, 2e-5, 1e-2)]


def _relative(a, n, floor):
    return abs(a - n) / max(abs(a), abs(n), floor)


@exercise("03.3", TITLES["03.3"], HINTS, tiers=TIERS["03.3"])
def _check_relative_error(relative_error):
    for a, n, floor in PAIRS:
        for first, second in ((a, n), (n, a)):
            with case(f"relative_error({first!r}, {second!r}, floor={floor!r})",
                      on_error={ZeroDivisionError: "floor"}):
                got = relative_error(first, second, floor=floor)
                expect(is_number(got), "return_number", got=got)
                want = _relative(first, second, floor)
                if close(got, want, rel=1e-9, abs_=1e-15):
                    continue
                if got < 0:
                    fail("negative", want, got)
                difference = abs(first - second)
                if close(got, difference, rel=1e-9):
                    fail("divide", want, got)
                if max(abs(first), abs(second)) < floor:
                    fail("floor", want, got)
                if any(close(got, difference / abs(x), rel=1e-9) for x in (first, second) if x):
                    fail("symmetric", want, got)
                fail("relative_formula", want, got)


# ── 03.4 gradcheck ─────────────────────────────────────────────────────────────────────────────

def _square_with_a_bug(x):
    """x², with a planted bug: its closure passes back x instead of 2x."""
    out = Value(x.data ** 2, (x,), "square")

    def _backward():
        x.grad += x.data * out.grad
    out._backward = _backward
    return out


@_named_f
def _smooth(a, b):
    return (a * b).tanh() + a / b


@_named_f
def _bug_in_b(a, b):
    return a * b + _square_with_a_bug(b)


@_named_f
def _bug_in_a(a, b):
    return _square_with_a_bug(a) * 0.5 + b.exp()


@_named_f
def _steep(a, b):
    return 1e6 * a ** 3 + b


@_named_f
def _flat_in_a(a, b):
    return a * a + b


SMOOTH = "def f(a, b): return (a * b).tanh() + a / b"

GRADCHECK_CASES = [
    # code shown, f, xs, h, tolerance, index of the planted bug (None: f is correct)
    (SMOOTH, _smooth, [0.5, -1.5], 1e-6, 1e-4, None),
    ("def f(a, b): return 1e6 * a ** 3 + b", _steep, [1.0, 2.0], 1e-3, 1e-4, None),
    ("def f(a, b): return a * b + square_with_a_planted_bug(b)", _bug_in_b, [0.5, -1.5], 1e-6, 1e-4, 1),
    ("def f(a, b): return square_with_a_planted_bug(a) * 0.5 + b.exp()", _bug_in_a, [2.0, 0.3], 1e-6,
     1e-4, 0),
    # A coarse step: the truncation error (about 3e-3) is what the learner's h must reproduce.
    (SMOOTH, _smooth, [0.5, -1.5], 0.05, 1e-2, None),
    # ∂f/∂a = 0 by both methods: 0 / 0 without a floor.
    ("def f(a, b): return a * a + b", _flat_in_a, [0.0, 1.5], 1e-6, 1e-4, None),
]


def _errors(f, xs, h):
    return [_relative(analytic, numeric, 1e-3)
            for analytic, numeric in zip(_autodiff(f, xs), _central(f, xs, h))]


@exercise("03.4", TITLES["03.4"], HINTS, tiers=TIERS["03.4"],
          defines=("evaluate", "autodiff_gradient"))
def _check_gradcheck(gradcheck, numerical_gradient=None, relative_error=None):
    """The learner's gradcheck; the helpers it uses are found in its globals unless given here."""
    expect_earlier(gradcheck, {"numerical_gradient": "03.2", "relative_error": "03.3"},
                   given={"numerical_gradient": numerical_gradient, "relative_error": relative_error})
    for code, f, xs, h, tolerance, bug in GRADCHECK_CASES:
        with case(f"{code}; gradcheck(f, {xs!r}, h={h!r}, tolerance={tolerance!r})",
                  on_error={ZeroDivisionError: "floor_in_gradcheck"}):
            result = gradcheck(f, list(xs), h=h, tolerance=tolerance)
            expect(isinstance(result, (tuple, list)) and len(result) == 3, "return_triple", got=result)
            ok, worst, index = result
            errors = _errors(f, xs, h)
            want_worst = max(errors)
            want_index = errors.index(want_worst)
            want = (bug is None, want_worst, want_index)
            if bug is not None and ok:
                fail("missed_bug", want, result, name="ab"[bug])
            if bug is None and not ok:
                scale = max(abs(g) for g in _central(f, xs, h))
                fail("use_relative" if scale > 1e3 else "false_alarm", want, result,
                     scale=scale, error=f"{want_worst:.1e}")
            expect(is_number(worst), "return_triple", want, result)
            if bug is not None:     # a real error, far above rounding noise: it must be the maximum
                if not close(worst, want_worst, rel=1e-3):
                    mean = sum(errors) / len(errors)
                    fail("worst" if close(worst, mean, rel=1e-3) else "relative_formula", want, result)
                expect(index == want_index, "worst_index", want, result)
            else:
                expect(0 <= worst <= tolerance, "worst", want, result)
                # Far above rounding noise, the error comes from h itself and must be reproduced.
                if want_worst > 1e-6 and not close(worst, want_worst, rel=1e-2):
                    fail("pass_h" if worst < want_worst / 100 else "relative_formula", want, result,
                         h=h)


# ── 03.5 the fixed softsign ────────────────────────────────────────────────────────────────────

def _softsign_slope(x):
    return 1.0 / (1.0 + abs(x)) ** 2


def _without_sign(x):
    """The slopes at x < 0 of two derivations that take |x|'s slope to be +1 on both sides."""
    return (1.0 / (1.0 + x) ** 2,                              # |x| read as x throughout
            (1.0 + abs(x) - x) / (1.0 + abs(x)) ** 2)          # the quotient rule with d|x| = 1


@exercise("03.5", TITLES["03.5"], HINTS, tiers=TIERS["03.5"])
def _check_softsign_fixed(softsign_fixed):
    # x < 0 is where a derivative written with x instead of |x| goes wrong; 0 is the corner.
    for x in (0.8, -1.5, 0.0, 3.0):
        with case(f"x = Value({x!r}); y = softsign_fixed(x); y.grad = 1.0; y._backward(); x.grad"):
            leaf = Value(x)
            out = softsign_fixed(leaf)
            expect(close(out.data, x / (1.0 + abs(x))), "softsign_forward",
                   expected=x / (1.0 + abs(x)), got=getattr(out, "data", out))
            out.grad = 1.0
            out._backward()
            want = _softsign_slope(x)
            if not close(leaf.grad, want):
                if close(leaf.grad, 1.0 / (1.0 + abs(x))):
                    hint = "still_planted"
                elif x < 0 and any(close(leaf.grad, slope) for slope in _without_sign(x)):
                    hint = "abs_sign"
                else:
                    hint = "softsign_rule"
                fail(hint, expected=want, got=leaf.grad)
    with case("x = Value(0.8); y = softsign_fixed(x); y.grad = 3.0; y._backward(); x.grad"):
        leaf = Value(0.8)
        out = softsign_fixed(leaf)
        out.grad = 3.0
        out._backward()
        want = 3.0 * _softsign_slope(0.8)
        if not close(leaf.grad, want):
            fail("softsign_chain" if close(leaf.grad, _softsign_slope(0.8)) else "softsign_rule",
                 expected=want, got=leaf.grad)
    with case("x = Value(0.8); x.grad = 0.5; y = softsign_fixed(x); y.grad = 1.0; y._backward(); "
              "x.grad"):
        leaf = Value(0.8)
        leaf.grad = 0.5
        out = softsign_fixed(leaf)
        out.grad = 1.0
        out._backward()
        want = 0.5 + _softsign_slope(0.8)
        if not close(leaf.grad, want):
            fail("softsign_accumulate" if close(leaf.grad, _softsign_slope(0.8)) else "softsign_rule",
                 expected=want, got=leaf.grad)
