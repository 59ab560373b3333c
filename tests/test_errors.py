"""Bad input: every refusal names the operation, what was given and what is accepted, in English
and in Spanish; numpy scalars are accepted; no operation on finite numbers returns a silent NaN."""

import math
import operator
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minigrad import Value, get_language, set_language, topological_order, zero_grad
from minigrad import domains, forward, scalar
from minigrad.forward import Dual, jvp
from minigrad.i18n import LANGUAGES


@pytest.fixture(params=list(LANGUAGES))
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("en")
    assert get_language() == "en"


# ── Values that are not numbers ────────────────────────────────────────────────────────────────

GOT = {"en": "got {given} of type {kind}", "es": "se ha recibido {given}, de tipo {kind}"}
ACCEPTED = {"en": "must be an int, a float or a numpy scalar",
            "es": "debe ser un int, un float o un escalar de numpy"}
ACCEPTED_OR_NODE = {"en": "must be an int, a float, a numpy scalar or a {node}",
                    "es": "debe ser un int, un float, un escalar de numpy o un {node}"}
THE = {"en": {"data": "the data", "value": "the value", "operand": "the operand",
              "exponent": "the exponent"},
       "es": {"data": "el dato", "value": "el valor", "operand": "el operando",
              "exponent": "el exponente"}}

NOT_NUMBERS = ["3", None, [1.0], 1 + 2j, True]
OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
             "**": operator.pow}
NODES = [Value, Dual]


def assert_refusal(error, lang, op, bad, what, accepted):
    message = str(error.value)
    assert message.startswith(op + ": ")
    assert GOT[lang].format(given=repr(bad), kind=type(bad).__name__) in message
    assert f"{THE[lang][what]} {accepted}" in message
    assert "float(...)" in message                      # and how to fix it


@pytest.mark.parametrize("node", NODES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_not_a_number_as_data(lang, node, bad):
    with pytest.raises(TypeError) as error:
        node(bad)
    what = "value" if node is Dual else "data"         # each class names its own number
    assert_refusal(error, lang, f"{node.__name__}(...)", bad, what, ACCEPTED[lang])


@pytest.mark.parametrize("node", NODES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("symbol", OPERATORS)
@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_not_a_number_as_right_operand(lang, node, symbol, bad):
    with pytest.raises(TypeError) as error:
        OPERATORS[symbol](node(2.0), bad)
    what = "exponent" if symbol == "**" else "operand"
    accepted = ACCEPTED_OR_NODE[lang].format(node=node.__name__)
    assert_refusal(error, lang, f"{node.__name__} {symbol} ...", bad, what, accepted)


@pytest.mark.parametrize("node", NODES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("symbol", OPERATORS)
@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_not_a_number_as_left_operand(lang, node, symbol, bad):
    with pytest.raises(TypeError) as error:
        OPERATORS[symbol](bad, node(2.0))
    accepted = ACCEPTED_OR_NODE[lang].format(node=node.__name__)
    assert_refusal(error, lang, f"... {symbol} {node.__name__}", bad, "operand", accepted)


def test_long_input_is_shortened_in_the_message():
    with pytest.raises(TypeError) as error:
        Value(1.0) + list(range(1000))
    assert "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11..." in str(error.value)
    assert len(str(error.value)) < 250


# ── NaN ────────────────────────────────────────────────────────────────────────────────────────

NAN = {"en": "got NaN (not a number); give a real number.",
       "es": "se ha recibido NaN (no es un número); usa un número real."}


@pytest.mark.parametrize("node", NODES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("nan", [math.nan, np.float64("nan"), np.float32("nan")], ids=repr)
def test_nan_is_refused(lang, node, nan):
    name = node.__name__
    cases = {f"{name}(...)": lambda: node(nan),
             f"{name} + ...": lambda: node(1.0) + nan,
             f"... * {name}": lambda: nan * node(1.0),
             f"{name} ** ...": lambda: node(2.0) ** nan}
    for op, make in cases.items():
        with pytest.raises(ValueError) as error:
            make()
        assert str(error.value) == f"{op}: {NAN[lang]}"


# ── Domains ────────────────────────────────────────────────────────────────────────────────────

DOMAIN_CASES = {
    # id: (how to build it from the node class, error type, English fragment, Spanish fragment)
    "log(0)": (lambda n: n(0.0).log(), ValueError,
               "log(0.0): the logarithm is only defined for positive numbers (x > 0)",
               "log(0.0): el logaritmo solo está definido para números positivos (x > 0)"),
    "log(-2)": (lambda n: n(-2.0).log(), ValueError,
                "log(-2.0): the logarithm is only defined", "log(-2.0): el logaritmo solo"),
    "x / 0": (lambda n: n(1.5) / 0, ZeroDivisionError,
              "1.5 / 0.0: division by zero; the denominator must not be 0",
              "1.5 / 0.0: división entre cero; el denominador no puede ser 0"),
    "2 / x at 0": (lambda n: 2 / n(0.0), ZeroDivisionError,
                   "2.0 / 0.0: division by zero", "2.0 / 0.0: división entre cero"),
    "x / y at y = 0": (lambda n: n(1.0) / n(0.0), ZeroDivisionError,
                       "division by zero", "división entre cero"),
    "0 ** -1": (lambda n: n(0.0) ** -1, ZeroDivisionError,
                "0.0 ** -1.0: zero cannot be raised to a negative power",
                "0.0 ** -1.0: cero no se puede elevar a una potencia negativa"),
    "(-8) ** 0.5": (lambda n: n(-8.0) ** 0.5, ValueError,
                      "(-8.0) ** 0.5: a negative base with a non-integer exponent has no real "
                      "result; use a positive base or an integer exponent",
                      "(-8.0) ** 0.5: una base negativa con un exponente no entero no tiene "
                      "resultado real; usa una base positiva o un exponente entero"),
    "0 ** node": (lambda n: n(0.0) ** n(2.0), ValueError,
                  "the base must be positive", "la base debe ser positiva"),
    "(-2) ** node": (lambda n: n(-2.0) ** n(2.0), ValueError,
                     "the base must be positive", "la base debe ser positiva"),
    "number 0 ** node": (lambda n: 0 ** n(2.0), ValueError,
                         "the base must be positive", "la base debe ser positiva"),
    "exp(1000)": (lambda n: n(1000.0).exp(), OverflowError,
                  "exp(1000.0) is too large for a float (the largest is about ±1.8·10³⁰⁸); use a "
                  "smaller input",
                  "exp(1000.0) es demasiado grande para un número en coma flotante (el máximo "
                  "ronda ±1,8·10³⁰⁸); usa una entrada menor"),
    "1e10 ** 40": (lambda n: n(1e10) ** 40, OverflowError,
                   "10000000000.0 ** 40.0 is too large for a float",
                   "10000000000.0 ** 40.0 es demasiado grande para un número en coma flotante"),
    "10 ** node 400": (lambda n: n(10.0) ** n(400.0), OverflowError,
                       "10.0 ** 400.0 is too large for a float",
                       "10.0 ** 400.0 es demasiado grande para un número en coma flotante"),
}


@pytest.mark.parametrize("node", NODES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("case", DOMAIN_CASES)
def test_outside_the_domain(lang, node, case):
    make, error_type, english, spanish = DOMAIN_CASES[case]
    with pytest.raises(error_type) as error:
        make(node)
    assert (english if lang == "en" else spanish) in str(error.value)
    if "base must be positive" in english:               # the message says why
        assert {"en": "with an exponent that is a node of the graph",
                "es": "con un exponente que es un nodo del grafo"}[lang] in str(error.value)


def test_infinite_slope_is_refused_in_backward(lang):
    out = Value(0.0) ** 0.5                              # the value itself is fine: √0 = 0
    with pytest.raises(ValueError) as error:
        out.backward()
    assert str(error.value) == {
        "en": "derivative of x ** 0.5 at x = 0 is infinite; move x away from 0.",
        "es": "la derivada de x ** 0.5 en x = 0 es infinita; aleja x de 0.",
    }[lang]
    with pytest.raises(ValueError):
        Dual(0.0, 1.0) ** 0.5


def test_slope_overflow_is_refused(lang):
    with pytest.raises(OverflowError):
        Value(1e-300) ** -1.5                            # 1e450 does not fit: refused forward
    small = Value(1e-200) ** -1.0                        # 1e200 fits, its slope 1e400 does not
    with pytest.raises(OverflowError) as error:
        small.backward()
    assert ("derivative of x ** -1.0 at x = 1e-200 is too large" if lang == "en" else
            "la derivada de x ** -1.0 en x = 1e-200 es demasiado grande") in str(error.value)


def test_tiny_denominator_keeps_its_gradient():
    a, b = Value(1e-200), Value(1e-200)
    (a / b).backward()                                   # ∂/∂b = -a/b² = -1e200; b² underflows
    assert (a.grad, b.grad) == pytest.approx((1e200, -1e200), rel=1e-15)


# ── numpy scalars are numbers too ──────────────────────────────────────────────────────────────

@pytest.mark.parametrize("np_type", [np.float32, np.int64, np.float64], ids=lambda t: t.__name__)
def test_numpy_scalars_on_either_side(np_type):
    two = np_type(2)
    assert type(Value(two).data) is float and Value(two).data == 2.0
    x = Value(3.0)
    results = {"x * 2": x * two, "2 * x": two * x, "x - 2": x - two, "2 - x": two - x,
               "x / 2": x / two, "2 / x": two / x, "x ** 2": x ** two, "2 ** x": two ** x}
    expected = {"x * 2": (6.0, 2.0), "2 * x": (6.0, 2.0), "x - 2": (1.0, 1.0),
                "2 - x": (-1.0, -1.0), "x / 2": (1.5, 0.5), "2 / x": (2 / 3, -2 / 9),
                "x ** 2": (9.0, 6.0), "2 ** x": (8.0, 8.0 * math.log(2))}
    for name, out in results.items():
        assert type(out) is Value, name
        x.grad = 0.0
        out.backward()
        assert (out.data, x.grad) == pytest.approx(expected[name], rel=1e-12), name
    d = two * Dual(3.0, 1.0) + Dual(1.0) * two
    assert type(d) is Dual and (d.value, d.tangent) == (8.0, 2.0)
    assert jvp(lambda u: u * u, two, np_type(1)) == (4.0, 4.0)


# ── Functions that walk a graph, and jvp ───────────────────────────────────────────────────────

@pytest.mark.parametrize("walk", [topological_order, zero_grad], ids=lambda f: f.__name__)
def test_graph_walks_need_a_value(lang, walk):
    with pytest.raises(TypeError) as error:
        walk(3.5)
    assert str(error.value) == {
        "en": f"{walk.__name__}: expected a minigrad Value (the output of a computation), got "
              "3.5 of type float.",
        "es": f"{walk.__name__}: se esperaba un Value de minigrad (la salida de un cálculo), pero "
              "se ha recibido 3.5, de tipo float.",
    }[lang]


@pytest.mark.parametrize("walk", [topological_order, zero_grad], ids=lambda f: f.__name__)
def test_graph_walks_name_a_learners_own_value_and_what_walks_it(lang, walk):
    from minigrad.labs.ready import Value as LabValue

    with pytest.raises(TypeError) as error:
        walk(LabValue(2.0) * 3.0)
    message = str(error.value)
    assert message.startswith(f"{walk.__name__}: Value(data=6.0") and "expected a" not in message
    assert {"en": f"is a Value of another class (from minigrad.labs.ready), not minigrad's Value: "
                  f"this {walk.__name__} walks minigrad.scalar.Value only",
            "es": f"es un Value de otra clase (de minigrad.labs.ready), no el Value de minigrad: "
                  f"este {walk.__name__} solo recorre minigrad.scalar.Value"}[lang] in message


def test_jvp_errors(lang):
    with pytest.raises(ValueError) as error:
        jvp(lambda x, y: x * y, [1.0, 2.0], [1.0])
    assert str(error.value).startswith({"en": "jvp: x has 2 entries but the direction v has 1",
                                        "es": "jvp: x tiene 2 componentes pero la dirección v "
                                              "tiene 1"}[lang])
    with pytest.raises(TypeError) as error:
        jvp(lambda x: 3.0, 1.0, 1.0)
    assert str(error.value).startswith({"en": "jvp: f returned float; it must return a Dual",
                                        "es": "jvp: f ha devuelto float; debe devolver un Dual"}
                                       [lang])


# ── No silent NaN, no bare Python error, for any finite input ──────────────────────────────────

def _pattern(template):
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile(".*".join(map(re.escape, parts)), re.DOTALL)


OWN_MESSAGES = [_pattern(m["en"]) for table in (domains.MESSAGES, scalar.MESSAGES, forward.MESSAGES)
                for m in table.values()]

ALL_OPERATIONS = {
    **{symbol: f for symbol, f in OPERATORS.items()},
    "** number": lambda a, b: a ** (b.data if isinstance(b, Value) else b.value),
    **{name: (lambda name: lambda a, b: getattr(a, name)())(name)
       for name in ("exp", "log", "tanh", "relu", "sigmoid", "sin", "cos", "abs", "softplus")},
    "neg": lambda a, b: -a,
}


@settings(max_examples=400)
@given(st.sampled_from(sorted(ALL_OPERATIONS)),
       st.floats(allow_nan=False, allow_infinity=False),
       st.floats(allow_nan=False, allow_infinity=False))
def test_finite_inputs_give_a_number_or_a_clear_refusal(name, x, y):
    operation = ALL_OPERATIONS[name]

    def reverse():
        a, b = Value(x), Value(y)
        out = operation(a, b)
        out.backward()
        return [out.data, a.grad, b.grad]

    def forward():
        out = operation(Dual(x, 1.0), Dual(y, -1.0))
        return [out.value, out.tangent]

    for mode in (reverse, forward):
        try:
            results = mode()
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            assert any(p.fullmatch(str(error)) for p in OWN_MESSAGES), str(error)
            continue
        # Never a silent NaN or infinity: in the value, the grads or the tangent.
        assert all(math.isfinite(r) for r in results), (name, x, y, results)


@pytest.mark.parametrize("node", [Value, Dual])
def test_infinity_is_refused_as_data_and_as_an_operand(node, lang):
    words = {"en": "finite numbers only", "es": "solo trabaja con números finitos"}[lang]
    with pytest.raises(ValueError, match=words):
        node(math.inf)
    with pytest.raises(ValueError, match=words):
        node(1.0) - (-math.inf)


@pytest.mark.parametrize("node", [Value, Dual])
@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv])
def test_an_arithmetic_overflow_is_an_error_not_a_silent_inf(node, op, lang):
    big, factor = (1e308, 1e308) if op is not operator.truediv else (1e308, 1e-308)
    if op is operator.sub:
        factor = -factor
    words = {"en": "too large for a float", "es": "demasiado grande para un número en coma flotante"}[lang]
    with pytest.raises(OverflowError, match=words):
        op(node(big), node(factor))


def test_a_label_must_be_text(lang):
    words = {"en": "the label must be a str", "es": "la etiqueta debe ser un str"}[lang]
    with pytest.raises(TypeError, match=words):
        Value(1.0, label=5)
    assert Value(1.0, label="a").label == "a"


# ── Slips that get an answer instead of a raw Python error ─────────────────────────────────────

@pytest.mark.parametrize("node", [Value, Dual])
def test_a_format_spec_formats_the_number(node):
    x = node(2.0 / 3.0)
    assert f"{x:.4f}" == "0.6667" and f"{x:8.2e}" == "6.67e-01"
    assert f"{x}" == repr(x)


def symbol(op):
    return {operator.lt: "<", operator.le: "<=", operator.gt: ">", operator.ge: ">="}[op]


@pytest.mark.parametrize("node", [Value, Dual])
@pytest.mark.parametrize("op", [operator.lt, operator.le, operator.gt, operator.ge])
def test_ordering_a_node_says_to_compare_its_number(lang, node, op):
    with pytest.raises(TypeError) as error:
        op(node(0.5), 0.01)
    words = {"en": f"a {node.__name__} cannot be compared with <, >, <= or >=",
             "es": f"un {node.__name__} no se puede comparar con <, >, <= o >="}[lang]
    number = {Value: "x.data", Dual: "x.value"}[node]          # each class's own number
    assert words in str(error.value) and f"{number} {symbol(op)} 0.01" in str(error.value)
    assert "graph" not in str(error.value) or node is Value
    a = node(1.0)
    assert a == a and a != node(1.0) and len({a, a}) == 1        # == and hashing: identity


@pytest.mark.parametrize("node", [Value, Dual])
def test_a_method_given_an_argument_says_it_takes_none(lang, node):
    with pytest.raises(TypeError) as error:
        node(1.0).tanh(2)
    assert str(error.value).startswith({"en": f"{node.__name__}.tanh() takes no arguments, but "
                                              "got 1",
                                        "es": f"{node.__name__}.tanh() no recibe argumentos, pero "
                                              "ha recibido 1"}[lang])


@pytest.mark.parametrize("node", [Value, Dual])
def test_an_int_too_large_for_a_float_is_named(lang, node):
    with pytest.raises(OverflowError) as error:
        node(10 ** 400)
    assert {"en": "too large for a float", "es": "demasiado grande para un número en coma flotante"}[lang] in \
        str(error.value)
    with pytest.raises(OverflowError):
        node(1.0) + 10 ** 400


@pytest.mark.parametrize("node", [Value, Dual])
def test_pickling_or_copying_a_node_says_to_save_its_number(lang, node):
    import copy
    import pickle
    for attempt in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError) as error:
            attempt(node(1.0))
        assert {Value: "x.data", Dual: "x.value"}[node] in str(error.value)
        assert node is Value or "x.tangent" in str(error.value)
        assert {"en": "cannot be pickled or copied",
                "es": "no se puede serializar con pickle ni copiar"}[lang] in str(error.value)


def test_a_grad_that_is_not_a_number_is_named_by_backward(lang):
    x = Value(2.0, label="x")
    y = x * x
    x.grad = None
    with pytest.raises(TypeError) as error:
        y.backward()
    assert str(error.value).startswith({"en": "backward(): x.grad is None (of type NoneType), but "
                                              "a grad must be a number",
                                        "es": "backward(): x.grad vale None (de tipo NoneType), "
                                              "pero un grad debe ser un número"}[lang])
    x.grad = 0                                  # an int is a number: taken as 0.0
    y.backward()
    assert x.grad == 4.0 and type(x.grad) is float

    for bad in (float("nan"), float("inf")):     # a float, but not a number to add to
        x.grad = bad
        with pytest.raises(TypeError) as error:
            y.backward()
        assert str(error.value).startswith({"en": f"backward(): x.grad is {bad!r} (of type float)",
                                            "es": f"backward(): x.grad vale {bad!r} (de tipo "
                                                  "float)"}[lang])


@pytest.mark.parametrize("node", [Value, Dual])
def test_fraction_exponents_work(node):
    from fractions import Fraction
    y = node(4.0) ** Fraction(1, 2)
    assert (y.data if node is Value else y.value) == 2.0
    assert (y._op if node is Value else y.op) == "**0.5"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_errors_inside_a_stepper_speak_its_language(lang):
    from minigrad.stepping import BackwardSteps, ForwardSteps
    set_language(next(code for code in LANGUAGES if code != lang))   # the notebook says another
    with pytest.raises(ValueError) as error:
        BackwardSteps(Value(0.0) ** 0.5, lang=lang)
    assert str(error.value).startswith({"en": "derivative of x ** 0.5 at x = 0 is infinite",
                                        "es": "la derivada de x ** 0.5 en x = 0 es infinita"}[lang])
    with pytest.raises(ValueError) as error:
        ForwardSteps(lambda x: x.log(), [-1.0], [1.0], lang=lang)
    assert {"en": "the logarithm is only defined", "es": "el logaritmo solo está definido"}[lang] \
        in str(error.value)


def test_stepping_needs_no_graphviz():
    # With the graphviz package unimportable, the replays still import and run.
    script = ("import sys\nsys.modules['graphviz'] = None\n"
              "from minigrad import Value\nfrom minigrad.stepping import BackwardSteps\n"
              "a = Value(2.0); s = BackwardSteps(a * a + a); s.last()\n"
              "assert s.state.grads[a] == 5.0\nassert 'minigrad.draw' not in sys.modules\n"
              "print('ok')\n")
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_backward_given_an_argument_says_it_seeds_the_output_itself(lang):
    a = Value(2.0)
    out = a * a
    with pytest.raises(TypeError) as error:
        out.backward(1.0)
    assert str(error.value).startswith({"en": "backward() takes no arguments, but got 1",
                                        "es": "backward() no recibe argumentos, pero ha recibido 1"}
                                       [lang])
    assert a.grad == 0.0                                  # nothing was done


@pytest.mark.parametrize("arguments", [(1.0, "a", 3), (3.0, (Value(1.0), Value(2.0)), "+"),
                                       (3.0, [Value(1.0)])], ids=["three", "micrograd", "list"])
def test_a_value_given_parents_says_the_operations_record_them(lang, arguments):
    with pytest.raises(TypeError) as error:
        Value(*arguments)
    assert {"en": "A node's parents and operation are not passed in: the operations record them",
            "es": "Los padres y la operación de un nodo no se pasan: los registran las propias "
                  "operaciones"}[lang] in str(error.value)
