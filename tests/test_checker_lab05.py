"""Lab 05 (forward mode, dual numbers): the checker passes the solution and catches known bugs."""


from lab_checks import mutant_is_rejected, standard_lab_tests
from mutants.lab05 import ALTERNATIVES, MUTANTS

STEMS = {"en": "05-forward-mode-dual-numbers", "es": "05-modo-directo-numeros-duales"}
EXERCISES = ["05.1", "05.2", "05.3", "05.4", "05.5", "05.6", "05.7"]
ARGUMENTS = {"05.1": ["as_dual", "Dual"], "05.2": ["Dual"], "05.3": ["Dual"], "05.4": ["sin", "Dual"],
             "05.5": ["exp", "Dual"], "05.6": ["jvp"], "05.7": ["jacobian"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_an_attribute_error_names_the_attributes_of_a_dual_not_of_a_value():
    typo = next(m for m in MUTANTS if m.name == "as_dual misspells the tangent")
    frozen = next(m for m in MUTANTS if m.name == "as_dual sets the tangent of a frozen Dual")
    for lang in ("en", "es"):
        hint = mutant_is_rejected(STEMS, typo, ARGUMENTS, lang=lang).message.splitlines()[3]
        assert "(Dual: value, tangent)" in hint and "_prev" not in hint, hint
        hint = mutant_is_rejected(STEMS, frozen, ARGUMENTS, lang=lang).message.splitlines()[3]
        assert "dataclass" in hint and "Dual" in hint and "_prev" not in hint, hint


def test_a_wrong_product_rule_shows_the_numbers_in_spanish():
    times = next(m for m in MUTANTS if m.name == "product multiplies the tangents")
    lines = mutant_is_rejected(STEMS, times, ARGUMENTS, lang="es").message.splitlines()
    # value 2·5 = 10; tangent 5·3 + 2·7 = 29, while 3·7 = 21.
    assert lines[:-1] == [
        "✘ 05.3 Dual · Dual — todavía no está bien",
        "  entrada:  a, b = Dual(2.0, 3.0), Dual(5.0, 7.0); a * b",
        "  esperado: (10.0, 29.0)",
        "  obtenido: (10.0, 21.0)",
        "  pista:    eso es ȧ·ḃ, el producto de las tangentes: por la regla del producto, la "
        "tangente de cada factor se multiplica por el valor del otro factor, y se suman los dos "
        "términos.",
    ]


def test_a_transposed_jacobian_is_named_as_such():
    columns = next(m for m in MUTANTS if m.name == "Jacobian returned as columns")
    message = mutant_is_rejected(STEMS, columns, ARGUMENTS).message
    assert "that is the transpose" in message and "m = 3 rows of n = 2 numbers" in message


def test_f_called_with_the_list_is_told_to_unpack_it():
    unpacked = next(m for m in MUTANTS if m.name == "jvp calls f with the list, without *")
    message = mutant_is_rejected(STEMS, unpacked, ARGUMENTS).message
    assert "f(*inputs)" in message and "plain numbers" not in message
