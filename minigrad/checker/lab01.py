"""Checks of lab 01, operations and local derivatives: each operation's ``_backward`` closure.

Every check receives the learner's ``Value`` class (lab 01's provided class with the learner's
operations attached) and, for one operation, calls the result node's ``_backward()`` directly:

1. local derivatives: ``out.grad = 1``; each parent must receive its local derivative;
2. chain rule: ``out.grad = 3``; each parent must receive local derivative × 3;
3. accumulation: a node used twice (``a * a``, or ``a`` feeding two nodes), and a parent that already
   holds 0.5 from elsewhere, must add every contribution (``+=``, not ``=``).

The expected numbers (the result and its local derivatives) come from the operation table,
`minigrad.ops`, as for `Value`, `Dual` and the steppers. A wrong local derivative is matched against
the usual mistakes of that operation for its hint.
"""

from dataclasses import dataclass, field

from .. import ops
from .core import all_close, case, close, exercise, expect, expect_attached, fail, is_number

HINTS = {
    "forward": {
        "en": "the result's data is wrong: the forward line above the closure should compute {expr}; "
              "run the cell again as given and change only the closure's body.",
        "es": "el dato del resultado está mal: la línea de la pasada hacia delante que precede a la "
              "clausura debe calcular {expr}; vuelve a ejecutar la celda como venía y cambia solo el "
              "cuerpo de la clausura."},
    "nothing_passed": {
        "en": "after out._backward() the parents' grads are still 0: the closure must add into the "
              "grad of each parent (self.grad{other}), not into out.grad or into a new variable.",
        "es": "después de out._backward() los grad de los padres siguen a 0: la clausura debe sumar "
              "en el grad de cada padre (self.grad{other}), no en out.grad ni en una variable nueva."},
    "grad_not_number": {
        "en": "a grad became {kind}: in the closure, compute with numbers (self.data, other.data, "
              "out.data, out.grad), never with the nodes themselves.",
        "es": "un grad se ha convertido en {kind}: en la clausura, calcula con números (self.data, "
              "other.data, out.data, out.grad), nunca con los propios nodos."},
    "chain_rule": {
        "en": "the closure passes the local derivative alone: by the chain rule each parent gets "
              "local derivative × out.grad (here out.grad is 3, not 1).",
        "es": "la clausura pasa solo la derivada local: por la regla de la cadena cada padre recibe "
              "derivada local × out.grad (aquí out.grad vale 3, no 1)."},
    "accumulate": {
        "en": "a contribution was lost: a parent used twice, or one whose grad already holds a part "
              "from elsewhere, must keep every part. Write grad += ..., not grad = ..., so that each "
              "contribution adds to what is there instead of overwriting it.",
        "es": "se ha perdido una contribución: un padre que se usa dos veces, o cuyo grad ya tiene una "
              "parte llegada de otro sitio, debe conservar todas las partes. Escribe grad += ..., no "
              "grad = ..., para que cada contribución se sume a lo que ya hay en vez de "
              "sobrescribirlo."},
    "deriv_add": {
        "en": "a + b grows one for one with a and with b: both local derivatives are 1.",
        "es": "a + b aumenta exactamente lo mismo que a, y lo mismo que b: las dos derivadas locales "
              "valen 1."},
    "deriv_mul_swapped": {
        "en": "the factors are swapped: the local derivative of a·b with respect to a is the OTHER "
              "factor, b (and with respect to b it is a).",
        "es": "los factores están cambiados: la derivada local de a·b respecto de a es el OTRO factor, "
              "b (y respecto de b es a)."},
    "deriv_mul": {
        "en": "the local derivative of a·b with respect to a is b, and with respect to b it is a "
              "(their data, at this point).",
        "es": "la derivada local de a·b respecto de a es b, y respecto de b es a (el .data de cada "
              "uno, en este punto)."},
    "deriv_sub_sign": {
        "en": "wrong sign: a − b decreases when b grows, so the local derivative with respect to b "
              "is −1 (and +1 with respect to a).",
        "es": "signo equivocado: a − b disminuye cuando b crece, así que la derivada local respecto "
              "de b es −1 (y +1 respecto de a)."},
    "deriv_sub": {
        "en": "the local derivatives of a − b are +1 with respect to a and −1 with respect to b.",
        "es": "las derivadas locales de a − b son +1 respecto de a y −1 respecto de b."},
    "deriv_div_sign": {
        "en": "wrong sign for the denominator: a / b decreases when b grows (for a > 0), and "
              "∂(a/b)/∂b = −a / b².",
        "es": "signo equivocado en el denominador: a / b disminuye cuando b crece (si a > 0), y "
              "∂(a/b)/∂b = −a / b²."},
    "deriv_div": {
        "en": "the local derivatives of a / b are 1 / b with respect to a and −a / b² with respect to b.",
        "es": "las derivadas locales de a / b son 1 / b respecto de a y −a / b² respecto de b."},
    "deriv_pow_factor": {
        "en": "the exponent k is missing in front: the local derivative of x^k is k·x^(k−1).",
        "es": "falta el exponente k delante: la derivada local de x^k es k·x^(k−1)."},
    "deriv_pow_exponent": {
        "en": "the exponent did not go down by one: the local derivative of x^k is k·x^(k−1), not "
              "k·x^k.",
        "es": "el exponente no ha bajado en uno: la derivada local de x^k es k·x^(k−1), no k·x^k."},
    "deriv_pow_divides": {
        "en": "a division by x, which is 0 here: k·x^k / x is k·x^(k−1) only where x is not 0. Write "
              "the local derivative as k * self.data ** (k - 1), which is defined at 0 too.",
        "es": "una división entre x, que aquí vale 0: k·x^k / x solo es k·x^(k−1) donde x no es 0. "
              "Escribe la derivada local como k * self.data ** (k - 1), que también está definida "
              "en 0."},
    "deriv_pow": {
        "en": "the local derivative of x^k (k a constant) is k·x^(k−1).",
        "es": "la derivada local de x^k (con k constante) es k·x^(k−1)."},
    "deriv_exp": {
        "en": "e^x is its own derivative: the local derivative is e^x, which out.data already holds.",
        "es": "e^x es su propia derivada: la derivada local es e^x, que ya está en out.data."},
    "deriv_tanh_input": {
        "en": "you used the input: the local derivative is 1 − t² with t = tanh(x), the OUTPUT "
              "(out.data), not 1 − x².",
        "es": "has usado la entrada: la derivada local es 1 − t² con t = tanh(x), la SALIDA "
              "(out.data), no 1 − x²."},
    "deriv_tanh": {
        "en": "the local derivative of tanh is 1 − t², where t = tanh(x) is out.data.",
        "es": "la derivada local de tanh es 1 − t², donde t = tanh(x) es out.data."},
    "deriv_relu_negative": {
        "en": "for x < 0 relu is flat (always 0), so its local derivative there is 0: no gradient "
              "passes back.",
        "es": "para x < 0 relu es plana (siempre 0), así que ahí su derivada local es 0: no pasa "
              "ningún gradiente hacia atrás."},
    "deriv_relu_zero": {
        "en": "at x = 0 exactly the slope of relu is undefined, and this lab takes 0 (as most "
              "libraries do): pass back nothing when self.data is 0. Test self.data > 0, not >= 0.",
        "es": "justo en x = 0 la pendiente de relu no está definida, y esta práctica toma 0 (como la "
              "mayoría de las bibliotecas): no pases nada hacia atrás cuando self.data vale 0. "
              "Comprueba self.data > 0, no >= 0."},
    "deriv_relu_value": {
        "en": "you used relu's output as its slope: for x > 0 relu(x) = x has slope 1, for x < 0 slope 0.",
        "es": "has usado la salida de relu como su pendiente: para x > 0, relu(x) = x tiene pendiente "
              "1; para x < 0, pendiente 0."},
    "deriv_relu": {
        "en": "the local derivative of relu is 1 where x > 0 and 0 where x ≤ 0.",
        "es": "la derivada local de relu es 1 donde x > 0 y 0 donde x ≤ 0."},
}


@dataclass
class Op:
    """One operation of the lab: how to apply it, its local derivatives, its likely mistakes."""
    expr: str                       # how the case shows it, e.g. "a * b", "a ** {k}"
    apply: object                   # (nodes, k) → result node
    forward: object                 # (xs, k) → float
    local: object                   # (xs, k) → tuple of local derivatives, one per parent
    points: list                    # [(xs, k)]: the first one has non-zero local derivatives
    hint: str                       # general wrong-derivative hint
    mistakes: list = field(default_factory=list)   # [(hint, (xs, k, got) → bool)]
    on_error: dict = field(default_factory=dict)   # exception type → hint, for the local derivatives

    @property
    def arity(self):
        return len(self.points[0][0])


def from_table(name):
    """The table's result and local derivatives of operation ``name`` ("**k": ``x ** k`` for the
    case's number k), as the (xs, k) → ... functions an `Op` of the lab holds."""
    def entry(k):
        return ops.power_op(k) if name == "**k" else ops.OPS[name]

    def forward(xs, k):
        return entry(k).forward(*xs)

    def local(xs, k):
        return ops.local_derivatives(entry(k), *xs)

    return forward, local


OPS = {
    "01.1": Op("a + b", lambda n, k: n[0] + n[1], *from_table("+"),
               [((2.0, -3.0), None), ((0.5, 4.0), None)], "deriv_add"),
    "01.2": Op("a * b", lambda n, k: n[0] * n[1], *from_table("*"),
               [((2.0, -3.0), None), ((-1.5, 0.5), None)], "deriv_mul",
               [("deriv_mul_swapped", lambda x, k, got: all_close(got, (x[0], x[1])))]),
    "01.3": Op("a - b", lambda n, k: n[0] - n[1], *from_table("-"),
               [((2.0, -3.0), None), ((0.5, 4.0), None)], "deriv_sub",
               [("deriv_sub_sign",
                 lambda x, k, got: all_close(got, (1.0, 1.0)) or all_close(got, (-1.0, 1.0)))]),
    "01.4": Op("a / b", lambda n, k: n[0] / n[1], *from_table("/"),
               [((3.0, -2.0), None), ((-1.0, 0.5), None)], "deriv_div",
               [("deriv_div_sign", lambda x, k, got: all_close(got, (1.0 / x[1], x[0] / x[1] ** 2)))]),
    "01.5": Op("a ** {k}", lambda n, k: n[0] ** k, *from_table("**k"),
               [((1.5,), 3), ((4.0,), 0.5), ((2.0,), -1), ((0.0,), 2)],
               "deriv_pow",
               [("deriv_pow_factor", lambda x, k, got: all_close(got, (x[0] ** (k - 1),))),
                ("deriv_pow_exponent", lambda x, k, got: all_close(got, (k * x[0] ** k,)))],
               {ZeroDivisionError: "deriv_pow_divides"}),
    "01.6": Op("a.exp()", lambda n, k: n[0].exp(), *from_table("exp"),
               [((0.5,), None), ((-1.0,), None)], "deriv_exp"),
    "01.7": Op("a.tanh()", lambda n, k: n[0].tanh(), *from_table("tanh"),
               [((0.5,), None), ((-1.2,), None)], "deriv_tanh",
               [("deriv_tanh_input", lambda x, k, got: all_close(got, (1.0 - x[0] ** 2,)))]),
    "01.8": Op("a.relu()", lambda n, k: n[0].relu(), *from_table("relu"),
               [((2.5,), None), ((-1.5,), None), ((0.0,), None)], "deriv_relu",
               [("deriv_relu_negative", lambda x, k, got: x[0] < 0 and all_close(got, (1.0,))),
                ("deriv_relu_zero", lambda x, k, got: x[0] == 0 and all_close(got, (1.0,))),
                ("deriv_relu_value", lambda x, k, got: all_close(got, (max(x[0], 0.0),)))]),
}

# The method each exercise cell attaches to Value, and the function it attaches.
ATTACHED = {
    "01.1": ("__add__", "value_add"), "01.2": ("__mul__", "value_mul"),
    "01.3": ("__sub__", "value_sub"), "01.4": ("__truediv__", "value_truediv"),
    "01.5": ("__pow__", "value_pow"), "01.6": ("exp", "value_exp"),
    "01.7": ("tanh", "value_tanh"), "01.8": ("relu", "value_relu"),
}

TIERS = {
    "01.1": [
        {"en": "Nudge a by a tiny amount and a + b moves by exactly as much; the same for b. So "
               "each parent gets out.grad passed on unchanged, added to what it already has.",
         "es": "Si desplazas a una cantidad diminuta, a + b se desplaza exactamente lo mismo; igual "
               "con b. Así que cada padre recibe out.grad tal cual, sumado a lo que ya tenía."},
        {"en": "Two lines in the closure: self.grad += 1.0 * out.grad and the same for other.grad. "
               "Use +=, so that a + a gives a both contributions.",
         "es": "Dos líneas en la clausura: self.grad += 1.0 * out.grad y lo mismo para other.grad. "
               "Usa +=, para que a + a dé a a las dos contribuciones."},
    ],
    "01.2": [
        {"en": "Hold b still: then a·b is a scaled by b, so it moves b times as fast as a. The local "
               "derivative with respect to one factor is the other factor's value.",
         "es": "Deja b quieto: entonces a·b es a multiplicado por b, así que se mueve b veces más "
               "deprisa que a. La derivada local respecto de un factor es el valor del otro factor."},
        {"en": "self.grad gains other.data * out.grad, and other.grad gains self.data * out.grad "
               "(both with +=).",
         "es": "self.grad suma other.data * out.grad, y other.grad suma self.data * out.grad (los "
               "dos con +=)."},
    ],
    "01.3": [
        {"en": "a − b grows with a and shrinks as b grows: the two local derivatives have opposite "
               "signs.",
         "es": "a − b crece con a y disminuye cuando b crece: las dos derivadas locales tienen "
               "signos opuestos."},
        {"en": "self.grad gains +1 · out.grad and other.grad gains −1 · out.grad.",
         "es": "self.grad suma +1 · out.grad y other.grad suma −1 · out.grad."},
    ],
    "01.4": [
        {"en": "As a function of a, a / b is a straight line of slope 1/b. As a function of b it is "
               "a · b⁻¹: use the power rule for b⁻¹.",
         "es": "Como función de a, a / b es una recta de pendiente 1/b. Como función de b es a · b⁻¹: "
               "aplica la regla de la potencia a b⁻¹."},
        {"en": "The local derivatives are 1 / b for self and −a / b² for other, with a = self.data "
               "and b = other.data; multiply each by out.grad.",
         "es": "Las derivadas locales son 1 / b para self y −a / b² para other, con a = self.data y "
               "b = other.data; multiplica cada una por out.grad."},
    ],
    "01.5": [
        {"en": "k is a plain number, not a node, so only self receives a gradient. The power rule "
               "gives the local derivative; write it so that it is also defined at x = 0.",
         "es": "k es un número sin más, no un nodo, así que solo self recibe gradiente. La regla de "
               "la potencia da la derivada local; escríbela de forma que también esté definida en "
               "x = 0."},
        {"en": "self.grad gains k * self.data ** (k - 1) * out.grad.",
         "es": "self.grad suma k * self.data ** (k - 1) * out.grad."},
    ],
    "01.6": [
        {"en": "eˣ is its own derivative, and the forward pass has already computed eˣ.",
         "es": "eˣ es su propia derivada, y la pasada hacia delante ya ha calculado eˣ."},
        {"en": "self.grad gains out.data * out.grad.",
         "es": "self.grad suma out.data * out.grad."},
    ],
    "01.7": [
        {"en": "The derivative of tanh is written with tanh's own value, the output t, not with "
               "the input x.",
         "es": "La derivada de tanh se escribe con el propio valor de tanh, la salida t, no con la "
               "entrada x."},
        {"en": "With t = out.data, self.grad gains (1 − t²) · out.grad.",
         "es": "Con t = out.data, self.grad suma (1 − t²) · out.grad."},
    ],
    "01.8": [
        {"en": "relu is the line x on the right of 0 and flat on the left. What is its slope on "
               "each side, and which side does x = 0 belong to here?",
         "es": "relu es la recta x a la derecha de 0 y plana a la izquierda. ¿Cuál es su pendiente "
               "a cada lado, y a qué lado pertenece aquí x = 0?"},
        {"en": "self.grad gains 1.0 * out.grad when self.data > 0, and nothing otherwise.",
         "es": "self.grad suma 1.0 * out.grad cuando self.data > 0, y nada en otro caso."},
    ],
}

TITLES = {
    "01.1": "a + b", "01.2": "a * b", "01.3": "a - b", "01.4": "a / b", "01.5": "a ** k",
    "01.6": "a.exp()", "01.7": "a.tanh()", "01.8": "a.relu()",
}

NAMES = ("a", "b")


def _setup(xs, op, k):
    """The case's first statements: the leaves and the result, as code."""
    names = NAMES[:len(xs)]
    leaves = ", ".join(f"Value({x!r})" for x in xs)
    expr = op.expr.format(k=k)
    return f"{', '.join(names)} = {leaves}; c = {expr}", expr


def _grads(leaves):
    return tuple(leaf.grad for leaf in leaves)


def _shown(names):
    text = ", ".join(f"{n}.grad" for n in names)
    return f"({text})" if len(names) > 1 else text


def _one(values):
    """A tuple of one grad is shown as that grad."""
    return values[0] if len(values) == 1 else values


def _numbers(got):
    """Fail unless every grad is still a plain number."""
    for g in got:
        if not is_number(g):
            fail("grad_not_number", got=_one(got), kind=type(g).__name__)


def _check_op(Value, op):
    other = ", other.grad" if op.arity == 2 else ""
    names = NAMES[:op.arity]
    # 1. Local derivatives, with out.grad = 1.
    for xs, k in op.points:
        setup, expr = _setup(xs, op, k)
        with case(f"{setup}; c.grad = 1.0; c._backward(); {_shown(names)}", on_error=op.on_error):
            leaves = [Value(x) for x in xs]
            out = op.apply(leaves, k)
            expect(isinstance(out, Value) and close(out.data, op.forward(xs, k)), "forward",
                   expected=op.forward(xs, k), got=getattr(out, "data", out), expr=expr)
            out.grad = 1.0
            out._backward()
            got, want = _grads(leaves), op.local(xs, k)
            _numbers(got)
            if all_close(got, want):
                continue
            if all(g == 0 for g in got):
                fail("nothing_passed", _one(want), _one(got), other=other)
            hint = next((key for key, matches in op.mistakes if matches(xs, k, got)), op.hint)
            fail(hint, _one(want), _one(got))

    # 2. Chain rule: out.grad = 3 must scale every contribution.
    xs, k = op.points[0]
    setup, _ = _setup(xs, op, k)
    with case(f"{setup}; c.grad = 3.0; c._backward(); {_shown(names)}"):
        leaves = [Value(x) for x in xs]
        out = op.apply(leaves, k)
        out.grad = 3.0
        out._backward()
        got, local = _grads(leaves), op.local(xs, k)
        want = tuple(3.0 * d for d in local)
        _numbers(got)
        if not all_close(got, want):
            fail("chain_rule" if all_close(got, local) else op.hint, _one(want), _one(got))

    # 3a. A node used twice: a op a, or a feeding two nodes of the same operation.
    x = xs[0]
    if op.arity == 2:
        description = f"a = Value({x!r}); c = {op.expr.replace('b', 'a')}; c.grad = 1.0; " \
                      "c._backward(); a.grad"
        with case(description):
            a = Value(x)
            out = op.apply([a, a], k)
            out.grad = 1.0
            out._backward()
            parts = op.local((x, x), k)
            want = sum(parts)
            if not close(a.grad, want):
                fail("accumulate" if any(close(a.grad, p) for p in parts) else op.hint, want, a.grad)
    else:
        expr = op.expr.format(k=k)
        description = f"a = Value({x!r}); c, d = {expr}, {expr}; c.grad = d.grad = 1.0; " \
                      "c._backward(); d._backward(); a.grad"
        with case(description):
            a = Value(x)
            first, second = op.apply([a], k), op.apply([a], k)
            first.grad = second.grad = 1.0
            first._backward()
            second._backward()
            (local,) = op.local((x,), k)
            if not close(a.grad, 2 * local):
                fail("accumulate" if close(a.grad, local) else op.hint, 2 * local, a.grad)

    # 3b. A parent that already holds a contribution from elsewhere keeps it.
    with case(f"{setup}; {' = '.join(f'{n}.grad' for n in names)} = 0.5; c.grad = 1.0; c._backward(); "
              f"{_shown(names)}"):
        leaves = [Value(x) for x in xs]
        out = op.apply(leaves, k)
        for leaf in leaves:
            leaf.grad = 0.5
        out.grad = 1.0
        out._backward()
        got, local = _grads(leaves), op.local(xs, k)
        want = tuple(0.5 + d for d in local)
        _numbers(got)
        if not all_close(got, want):
            fail("accumulate" if any(close(g, d) for g, d in zip(got, local)) else op.hint,
                 _one(want), _one(got))


def _register(key):
    attribute, function = ATTACHED[key]

    @exercise(key, {"en": TITLES[key], "es": TITLES[key]}, HINTS, tiers=TIERS[key],
              defines=(function,))
    def _check(Value):
        expect_attached(Value, {attribute: function})
        _check_op(Value, OPS[key])


for _key in OPS:
    _register(_key)
