"""Lab 03 (gradient checking): the checker passes the solution and catches each known bug."""


from lab_checks import mutant_is_rejected, standard_lab_tests
from mutants.lab03 import ALTERNATIVES, MUTANTS

STEMS = {"en": "03-gradient-checking", "es": "03-comprobacion-de-gradientes"}
EXERCISES = ["03.1", "03.2", "03.3", "03.4", "03.5"]
ARGUMENTS = {"03.1": ["central_difference"], "03.2": ["numerical_gradient"],
             "03.3": ["relative_error"], "03.4": ["gradcheck"], "03.5": ["softsign_fixed"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_a_forward_difference_shows_the_central_value_it_should_have_given():
    forward = next(m for m in MUTANTS if m.name == "forward difference")
    lines = mutant_is_rejected(STEMS, forward, ARGUMENTS, lang="es").message.splitlines()
    assert lines[1] == "  entrada:  g = lambda x: x ** 3; central_difference(g, 2.0, 0.1)"
    assert lines[2] == "  esperado: 12.01"          # (2.1³ − 1.9³) / 0.2
    assert lines[3] == "  obtenido: 12.61"          # (2.1³ − 2³) / 0.1
    assert lines[4].startswith("  pista:    eso es una diferencia de un solo lado")


def test_the_planted_bug_of_the_lab_is_found_by_the_solution():
    from lab_notebooks import lab_namespace, notebook_path

    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    ready = __import__("minigrad.labs.ready", fromlist=["softplus", "softsign"])
    gradcheck = namespace["gradcheck"]
    assert gradcheck(lambda a, b: ready.softplus(a * b) + b, [0.8, -0.4])[0] is True
    ok, worst, index = gradcheck(lambda a, b: ready.softsign(a - b) * a, [0.8, -0.4])
    assert (ok, index) == (False, 1) and worst > 0.1


def _namespace():
    from lab_notebooks import lab_namespace, notebook_path

    return lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)


def test_a_right_gradcheck_over_a_wrong_numerical_gradient_names_the_numerical_gradient():
    one_sided = next(m for m in MUTANTS if m.name == "gradcheck over a one-sided numerical_gradient")
    lines = mutant_is_rejected(STEMS, one_sided, ARGUMENTS).message.splitlines()
    assert lines[:-1] == [
        "✘ 03.4 gradcheck(f, xs, h, tolerance) — not yet right",
        "  hint:     gradcheck uses your numerical_gradient, which does not pass 03.2 yet: make 03.2 "
        "pass first (run its check cell to see why it fails), then check this one again.",
    ]
    spanish = mutant_is_rejected(STEMS, one_sided, ARGUMENTS, lang="es").message
    assert "gradcheck usa tu numerical_gradient, que todavía no supera el 03.2" in spanish


def test_helpers_passed_to_the_check_explicitly_are_checked():
    from minigrad.checker import core

    namespace = _namespace()

    def no_floor(a, n, floor=1e-3):
        return abs(a - n) / max(abs(a), abs(n))

    result = core.run("03.4", namespace["gradcheck"], relative_error=no_floor)
    assert result.hint == "earlier_exercise" and "your relative_error" in result.message
    assert core.run("03.4", namespace["gradcheck"], numerical_gradient=namespace["numerical_gradient"],
                    relative_error=namespace["relative_error"]).passed


def test_a_gradcheck_with_its_own_differences_does_not_depend_on_03_2():
    from minigrad.checker import core

    namespace = _namespace()
    exec(next(m for m in MUTANTS if m.name == "one-sided differences per input").code, namespace)
    exec('''
def gradcheck(f, xs, h=1e-6, tolerance=1e-4):
    errors = []
    for i, a in enumerate(autodiff_gradient(f, xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        n = (evaluate(f, up) - evaluate(f, down)) / (2 * h)
        errors.append(relative_error(a, n))
    worst = max(errors)
    return worst <= tolerance, worst, errors.index(worst)
''', namespace)
    result = core.run("03.4", namespace["gradcheck"])
    assert result.passed, result.message


def test_a_gradcheck_that_drops_h_is_told_to_pass_it_on():
    dropped = next(m for m in MUTANTS if m.name == "h not passed on to numerical_gradient")
    lines = mutant_is_rejected(STEMS, dropped, ARGUMENTS).message.splitlines()
    assert lines[1] == ("  input:    def f(a, b): return (a * b).tanh() + a / b; "
                        "gradcheck(f, [0.5, -1.5], h=0.05, tolerance=0.01)")
    assert lines[2].startswith("  expected: (True, 0.0030")
    assert lines[4].startswith("  hint:     gradcheck received h = 0.05, but its worst error is that "
                               "of a much smaller step: pass h on to numerical_gradient")


def test_a_gradcheck_with_no_floor_is_caught_where_both_gradients_are_zero():
    no_floor = next(m for m in MUTANTS if m.name == "gradcheck with its own relative error and no floor")
    lines = mutant_is_rejected(STEMS, no_floor, ARGUMENTS).message.splitlines()
    assert lines[1] == ("  input:    def f(a, b): return a * a + b; gradcheck(f, [0.0, 1.5], h=1e-06, "
                        "tolerance=0.0001)")
    assert lines[2].startswith("  error:    ZeroDivisionError")


def test_the_lab_ends_with_the_bug_fixed_and_checked_again():
    namespace = _namespace()
    fixed = lambda a, b: namespace["softsign_fixed"](a - b) * a      # noqa: E731
    assert namespace["gradcheck"](fixed, [0.8, -0.4])[0] is True
    # The planted bug, put back into the learner's version, is named as such, in both languages.
    planted = next(m for m in MUTANTS if m.name == "softsign fixed with the planted derivative kept")
    assert "still the planted bug" in mutant_is_rejected(STEMS, planted, ARGUMENTS).message
    assert "error introducido a propósito" in mutant_is_rejected(STEMS, planted, ARGUMENTS,
                                                                  lang="es").message
