"""Lab 03 (gradient checking): the checker passes the solution and catches each known bug."""


from lab_checks import mutant_is_rejected, standard_lab_tests
from mutants.lab03 import MUTANTS

STEMS = {"en": "03-gradient-checking", "es": "03-comprobacion-de-gradientes"}
EXERCISES = ["03.1", "03.2", "03.3", "03.4"]
ARGUMENTS = {"03.1": ["central_difference"], "03.2": ["numerical_gradient"],
             "03.3": ["relative_error"], "03.4": ["gradcheck"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS)


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
