"""minigrad.gradcheck: central differences, reverse-mode gradients, and the comparison report."""

import dataclasses
import math

import pytest

from minigrad import Value, set_language
from minigrad.ops import OPS
from minigrad.gradcheck import (GradCheck, check_gradients, compare, gradient, numerical_grad,
                                relative_error)
from minigrad.i18n import LANGUAGES


@pytest.fixture(params=list(LANGUAGES))
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def f(x, y):
    return x * y + x.sin()


def exact(x, y):
    return [y + math.cos(x), x]


# ── The three building blocks ──────────────────────────────────────────────────────────────────

def test_numerical_grad_matches_the_exact_gradient():
    assert numerical_grad(f, [0.7, -1.3]) == pytest.approx(exact(0.7, -1.3), rel=1e-8)


def test_numerical_grad_of_a_float_function():
    g = numerical_grad(lambda x, y: math.exp(x) * y, [0.5, 2.0], leaf=float)
    assert g == pytest.approx([math.exp(0.5) * 2.0, math.exp(0.5)], rel=1e-8)


def test_numerical_grad_at_one_number_and_with_numpy_entries():
    np = pytest.importorskip("numpy")
    assert numerical_grad(lambda x: x ** 3, 2.0) == pytest.approx([12.0], rel=1e-8)
    assert numerical_grad(lambda x: x ** 3, np.array([2.0])) == pytest.approx([12.0], rel=1e-8)


def test_numerical_grad_step_size_matters():
    # the error of a central difference is about h²·f'''/6: visible with a large step
    coarse = numerical_grad(lambda x: x ** 3, [1.0], h=0.1)[0]
    assert coarse == pytest.approx(3.0 + 0.01, rel=1e-9)


def test_gradient_is_reverse_mode():
    assert gradient(f, [0.7, -1.3]) == pytest.approx(exact(0.7, -1.3), rel=1e-14)
    assert gradient(lambda x, y: x, [1.0, 2.0]) == [1.0, 0.0]   # y unused: gradient 0


def test_relative_error_definition():
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(-2.0, 2.0) == 2.0                 # opposite signs: 4 / 2
    assert relative_error(3e5, 3e5 * (1 + 1e-6)) == pytest.approx(1e-6, rel=1e-5)   # scale-free
    assert relative_error(0.0, 1e-10) == pytest.approx(1e-7)    # the floor 1e-3 absorbs noise
    assert relative_error(0.0, 1e-10, floor=1e-12) == 1.0
    assert relative_error(math.nan, 1.0) == math.inf
    assert relative_error(1.0, math.inf) == math.inf


# ── compare and its result ─────────────────────────────────────────────────────────────────────

def test_correct_gradient_passes():
    result = check_gradients(f, [0.7, -1.3], names=["x", "y"])
    assert isinstance(result, GradCheck)
    assert result.ok and result
    assert result.worst_relative_error < 1e-8
    assert result.where in ("x", "y")
    assert result.analytic == pytest.approx(exact(0.7, -1.3), rel=1e-14)


def test_zero_gradient_passes():
    # ∂(x·x)/∂x at 0 is exactly 0; the central difference is 0 give or take rounding
    assert check_gradients(lambda x, y: x * x + y, [0.0, 1.0]).ok


def test_a_wrong_analytic_gradient_is_caught():
    x, y = 0.7, -1.3
    forgot_a_term = [y, x]                           # ∂/∂x without the cos x
    result = compare(forgot_a_term, numerical_grad(f, [x, y]), names=["x", "y"])
    assert not result.ok and not result
    assert result.where == "x"
    assert result.worst_relative_error == pytest.approx(
        abs(math.cos(x)) / max(abs(y), abs(y + math.cos(x))), rel=1e-6)
    assert result.errors[1] < 1e-8


class SinWithWrongDerivative(Value):
    """A learner's bug: d(sin a)/da written as sin a instead of cos a."""

    __slots__ = ()

    def sin(self):
        out = Value.sin(self)
        out._rule = SIN_WITH_A_BUG
        return out


SIN_WITH_A_BUG = dataclasses.replace(OPS["sin"], local_grads=lambda a, out: (math.sin(a),))


def test_a_wrong_local_derivative_in_an_engine_is_caught():
    result = check_gradients(f, [0.7, -1.3], names=["x", "y"], leaf=SinWithWrongDerivative)
    assert not result.ok
    assert result.where == "x"
    assert result.errors[1] < 1e-8                  # ∂/∂y does not go through sin: still right


def test_index_names_the_worst_entry_without_names():
    result = compare([1.0, 2.0, 3.0], [1.0, 2.5, 3.0])
    assert result.where == 1 and not result.ok
    assert compare([1.0, 2.0], [1.0, 2.0]).where == 0  # ties: the first entry


def test_nan_gradient_fails():
    result = compare([1.0, math.nan], [1.0, 2.0])
    assert not result.ok and result.where == 1 and result.worst_relative_error == math.inf


def test_tolerance():
    assert compare([1.0], [1.001], tolerance=1e-2).ok
    assert not compare([1.0], [1.001]).ok


def test_report(lang):
    passed = check_gradients(f, [0.7, -1.3], names=["x", "y"])
    failed = compare([1.0, 2.0, 0.0], [1.0, 2.5, 1e-10], names=["a", "b", "c"])
    near = compare([1.0, 2.0], [1.0, 2.0 + 2e-6], names=["u", "v"])
    if lang == "en":
        # Every error below the noise: no input is named as the worst.
        assert str(passed).startswith("gradient check passed: every relative error is < 1e-08 "
                                      "(tolerance 1e-04)")
        assert str(near).startswith("gradient check passed: worst relative error 1e-06 at v")
        assert str(failed).startswith(
            "gradient check FAILED: worst relative error 0.2 at b: analytic 2, central "
            "difference 2.5 (tolerance 1e-04)")
        assert "input  analytic  central diff.  rel. error" in str(failed)
    else:
        assert str(passed).startswith(
            "comprobación de gradientes superada: todos los errores relativos son < 1e-08 ")
        assert str(near).startswith("comprobación de gradientes superada: peor error relativo "
                                    "1e-06 en v")
        assert str(failed).startswith(
            "comprobación de gradientes FALLIDA: peor error relativo 0,2 en b: analítico 2, "
            "diferencia central 2,5 (tolerancia 1e-04)")
        assert "entrada  analítico  dif. central  error rel." in str(failed)
    rows = str(failed).splitlines()[2:]
    point = "." if lang == "en" else ","
    assert [row.split() for row in rows] == [["a", "1", "1", "<", "1e-08"],
                                            ["b", "2", f"2{point}5", f"0{point}2"],
                                            ["c", "0", "1e-10", "1e-07"]]
    assert repr(failed) == str(failed)


def test_long_report_lists_the_worst_entries(lang):
    numeric = [float(i) for i in range(20)]
    analytic = list(numeric)
    analytic[7] += 1.0
    report = str(compare(analytic, numeric)).splitlines()
    assert len(report) == 2 + 5 + 1
    assert report[2 + 4].split()[:2] == ["x[7]", "8"]    # rows stay in input order
    assert report[-1].strip() == {"en": "… and 15 more entries with smaller errors",
                                  "es": "… y 15 componentes más con errores menores"}[lang]


# ── Bad input ──────────────────────────────────────────────────────────────────────────────────

def test_lengths_must_match(lang):
    with pytest.raises(ValueError) as error:
        compare([1.0, 2.0], [1.0])
    assert str(error.value) == {
        "en": "compare: the analytic gradient has 2 entries but the numerical one has 1; both "
              "must come from the same inputs.",
        "es": "compare: el gradiente analítico tiene 2 componentes pero el numérico tiene 1; los "
              "dos deben venir de las mismas entradas.",
    }[lang]
    with pytest.raises(ValueError, match={"en": "3 names for 2 entries",
                                          "es": "3 nombres para 2 componentes"}[lang]):
        compare([1.0, 2.0], [1.0, 2.0], names=["a", "b", "c"])


def test_entries_must_be_numbers(lang):
    with pytest.raises(TypeError) as error:
        compare([1.0, "2"], [1.0, 2.0])
    assert str(error.value) == {
        "en": "compare: entry 1 of the analytic gradient is '2' of type str; every entry must "
              "be an int, a float or a numpy scalar.",
        "es": "compare: la componente 1 del gradiente analítico es '2', de tipo str; cada "
              "componente debe ser un int, un float o un escalar de numpy.",
    }[lang]
    with pytest.raises(TypeError, match="numerical_grad: .* 'x'.* str"):
        numerical_grad(f, "x")
    with pytest.raises(ValueError, match={"en": "gradient: got no entries",
                                          "es": "gradient: no se ha recibido ninguna"}[lang]):
        gradient(f, [])


def test_f_must_return_a_value_or_a_number(lang):
    with pytest.raises(TypeError) as error:
        gradient(lambda x: 3.0, [1.0])
    assert str(error.value).startswith({
        "en": "gradient: f returned 3.0 of type float; it must return a Value built from its "
              "arguments",
        "es": "gradient: f ha devuelto 3.0, de tipo float; debe devolver un Value construido a "
              "partir de sus argumentos"}[lang])
    with pytest.raises(TypeError, match={"en": "numerical_grad: f returned 'oops' of type str",
                                         "es": "numerical_grad: f ha devuelto 'oops', de tipo "
                                               "str"}[lang]):
        numerical_grad(lambda x: "oops", [1.0])


def test_step_and_tolerance_must_be_positive(lang):
    with pytest.raises(ValueError, match={"en": "numerical_grad: h must be a positive number, "
                                                "got 0",
                                          "es": "numerical_grad: h debe ser un número positivo"}
                       [lang]):
        numerical_grad(f, [1.0, 2.0], h=0)
    with pytest.raises(ValueError, match="compare: tolerance"):
        compare([1.0], [1.0], tolerance=-1)
