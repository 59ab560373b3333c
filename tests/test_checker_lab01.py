"""Lab 01 (operations and local derivatives): the checker passes the solution and catches each bug."""


from lab_checks import mutant_is_rejected, standard_lab_tests
from mutants.lab01 import ALTERNATIVES, MUTANTS

STEMS = {"en": "01-operations-and-local-derivatives", "es": "01-operaciones-y-derivadas-locales"}
EXERCISES = [f"01.{k}" for k in range(1, 9)]
ARGUMENTS = {key: ["Value"] for key in EXERCISES}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_the_failing_case_shows_inputs_expected_and_obtained_grads_in_spanish():
    swapped = next(m for m in MUTANTS if m.name == "mul swaps the factors")
    lines = mutant_is_rejected(STEMS, swapped, ARGUMENTS, lang="es").message.splitlines()
    assert lines[:-1] == [
        "✘ 01.2 a * b — todavía no está bien",
        "  entrada:  a, b = Value(2.0), Value(-3.0); c = a * b; c.grad = 1.0; c._backward(); "
        "(a.grad, b.grad)",
        "  esperado: (-3.0, 2.0)",
        "  obtenido: (2.0, -3.0)",
        "  pista:    los factores están cambiados: la derivada local de a·b respecto de a es el OTRO "
        "factor, b (y respecto de b es a).",
    ]


def test_a_node_used_twice_is_the_case_that_reveals_overwriting():
    overwrite = next(m for m in MUTANTS if m.name.startswith("mul overwrites"))
    message = mutant_is_rejected(STEMS, overwrite, ARGUMENTS).message
    assert "c = a * a" in message and "expected: 4.0" in message and "got:      2.0" in message


def test_the_placeholder_is_reported_in_the_closure():
    from lab_notebooks import lab_namespace, notebook_path
    from minigrad.checker import core

    namespace = lab_namespace(notebook_path("exercises", "en", STEMS["en"]), run_checks=False)
    result = core.run("01.7", namespace["Value"])
    assert result.status == "todo" and "line in _backward" in result.message


def test_relu_at_exactly_zero_passes_nothing_back():
    at_zero = next(m for m in MUTANTS if m.name == "relu lets the gradient through at 0")
    lines = mutant_is_rejected(STEMS, at_zero, ARGUMENTS).message.splitlines()
    assert lines[1:4] == ["  input:    a = Value(0.0); c = a.relu(); c.grad = 1.0; c._backward(); "
                          "a.grad", "  expected: 0.0", "  got:      1.0"]
    assert "Test self.data > 0, not >= 0." in lines[4]


def test_a_failed_check_offers_the_next_hint_tier():
    swapped = next(m for m in MUTANTS if m.name == "mul swaps the factors")
    last = mutant_is_rejected(STEMS, swapped, ARGUMENTS).message.splitlines()[-1]
    assert last == ("  more:     hint('01.2') shows hint 2 of 2, as does \"Hint 2 of 2\" under the "
                    "exercise's text")


def test_a_pow_rule_that_divides_by_x_is_caught_at_zero():
    divides = next(m for m in MUTANTS if m.name.startswith("pow rule as k * out / x"))
    lines = mutant_is_rejected(STEMS, divides, ARGUMENTS).message.splitlines()
    assert lines[1] == "  input:    a = Value(0.0); c = a ** 2; c.grad = 1.0; c._backward(); a.grad"
    assert lines[2].startswith("  error:    ZeroDivisionError")
    assert "k * self.data ** (k - 1)" in lines[3]
