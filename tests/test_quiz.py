"""Prediction cells (minigrad.quiz), driven from Python as a learner drives them with the mouse."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minigrad import set_language
from minigrad.i18n import LANGUAGES
from minigrad.quiz import Choice, Prediction, choose, predict, read_number, show_number


def feedback_html(quiz):
    return quiz._feedback.value


# ── predict: a number ──────────────────────────────────────────────────────────────────────────

def test_a_fresh_prediction_shows_the_question_and_no_verdict():
    quiz = predict("What is $f'(1.5)$?", answer=3.75, explanation="$3 \\cdot 1.5^2 - 3$.")
    assert quiz.verdict is None and not quiz.revealed
    assert quiz.feedback == "" and feedback_html(quiz) == ""
    assert "What is $f'(1.5)$?" in quiz._question.value
    assert repr(quiz) == "[prediction] What is $f'(1.5)$?"
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/plain"] == repr(quiz)
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_wrong_number_says_which_side_of_the_answer_it_is_then_the_right_one_passes():
    quiz = predict("f'(1.5)?", answer=3.75)
    verdict = quiz.enter("4").check()
    assert verdict.kind == "wrong" and not verdict.right
    assert verdict.text.startswith("Not quite: 4 is greater than the answer")
    assert 'class="mg-wrong"' in feedback_html(quiz)
    assert quiz.enter("-3.75").check().text.startswith("Not quite: -3.75 is less than")
    verdict = quiz.enter("3.75").check()
    assert verdict.right and verdict.text == "Right: 3.75."
    assert 'class="mg-right"' in feedback_html(quiz) and "mg-wrong" not in feedback_html(quiz)
    assert "3.75" not in quiz.feedback.replace("Right: 3.75.", "")     # the answer is not revealed


def test_enter_in_the_box_checks_without_the_button():
    quiz = predict("f'(1.5)?", answer=3.75)
    quiz._entry.value = "3"            # what the browser sends on Enter (continuous_update=False)
    assert quiz.verdict.kind == "wrong"
    quiz._entry.value = "  "
    assert quiz.verdict.kind == "wrong"      # clearing the box is not an answer


def test_the_check_and_reveal_buttons_do_what_the_python_calls_do():
    quiz = predict("f'(1.5)?", answer=3.75, explanation="Because 3·1.5² − 3.")
    quiz._check.click()
    assert quiz.verdict.kind == "empty" and "Type a number first" in quiz.feedback
    quiz._reveal.click()
    assert quiz.revealed
    assert quiz.feedback.endswith("Answer: 3.75. Because 3·1.5² − 3.")
    assert 'class="mg-answer"' in feedback_html(quiz)


def test_what_cannot_be_read_gets_an_example_not_a_wrong_verdict():
    quiz = predict("f'(1.5)?", answer=3.75)
    verdict = quiz.enter("three").check()
    assert verdict.kind == "unreadable"
    assert verdict.text == "“three” is not a number I can read: write it like 3.75, -2, 1e-8 or 1/4."
    # An English box takes a comma only as a thousands separator: 3,75 is refused, not read as 375.
    assert quiz.enter("3,75").check().kind == "unreadable"


def test_numbers_typed_in_other_forms_are_read():
    quiz = predict("1/4 as a decimal?", answer=0.25)
    for typed in ["0.25", "1/4", "2.5e-1", " .25 "]:
        assert quiz.enter(typed).check().right, typed
    big = predict("How many nodes?", answer=2_097_151)
    assert big.enter("2,097,151").check().right
    assert big.enter("2097151").check().right
    assert predict("?", answer=-4).enter("−4").check().right       # the typographic minus


def test_the_default_tolerance_is_rounding_and_a_given_one_is_absolute():
    exact = predict("0.1 + 0.2?", answer=0.1 + 0.2)
    assert exact.enter("0.3").check().right
    assert not exact.enter("0.3001").check().right
    rough = predict("The best h, roughly?", answer=1e-8, tolerance=5e-9)
    assert rough.enter("1.4e-8").check().right
    assert rough.enter("2e-8").check().kind == "wrong"


def test_a_word_answer_ignores_case_and_spaces():
    quiz = predict("Which node does the backward pass visit first?", answer="f")
    assert quiz.enter("a").check().text == "Not quite: “a” is not the answer. Try again, or press “Show answer”."
    assert quiz.enter(" F ").check().right
    assert quiz._check.click() is None and quiz.verdict.right
    assert predict("?", answer="f").check().text.startswith("Type your answer first")


def test_spanish_reads_a_decimal_comma_and_answers_in_spanish():
    set_language("es")
    quiz = predict("¿Cuánto vale $f'(1{,}5)$?", answer=3.75, explanation="Porque 3 · 1,5² − 3.")
    assert quiz._check.description == "Comprobar" and quiz._reveal.description == "Ver la respuesta"
    assert quiz._entry.placeholder == "tu respuesta"
    assert quiz.enter("4,5").check().text.startswith("Todavía no: 4,5 es mayor que la respuesta.")
    assert quiz.enter("3.75").check().right              # a point is accepted too
    verdict = quiz.enter("3,75").check()
    assert verdict.right and verdict.text == "Correcto: 3,75."
    assert quiz.reveal() == "Respuesta: 3,75. Porque 3 · 1,5² − 3."
    assert repr(quiz) == "[predicción] ¿Cuánto vale $f'(1{,}5)$?"
    unreadable = quiz.enter("tres").check()
    assert unreadable.text == "«tres» no es un número que sepa leer: escríbelo como 3,75; -2; 1e-8 o 1/4."
    big = predict("¿Cuántos nodos?", answer=2_097_151)
    assert big.enter("2 097 151").check().text == "Correcto: 2\u202f097\u202f151."


def test_lang_overrides_the_notebook_language():
    quiz = predict("¿?", answer=1, lang="es")
    assert quiz.enter("2").check().text.startswith("Todavía no")
    with pytest.raises(ValueError, match="language 'fr' is not available"):
        predict("?", answer=1, lang="fr")


# ── choose ─────────────────────────────────────────────────────────────────────────────────────

def make_choice(**kwargs):
    return choose("Which node does the backward pass visit first?", ["a", "d", "f"], answer="f",
                  explanation="It starts at the output.", **kwargs)


def test_a_choice_starts_with_nothing_picked_and_asks_for_a_pick():
    quiz = make_choice()
    assert quiz.picked is None and quiz._options.options == ("a", "d", "f")
    assert quiz.check().text == "Pick an answer first, then press “Check”."
    assert repr(quiz) == "[choose one] Which node does the backward pass visit first? a / d / f"


def test_a_wrong_pick_gets_its_reason_and_the_right_one_passes():
    quiz = make_choice(why={"a": "a is a leaf: the pass ends there."})
    verdict = quiz.pick("a").check()
    assert verdict.kind == "wrong"
    assert verdict.text == ("Not this one. a is a leaf: the pass ends there. "
                            "Try another, or press “Show answer”.")
    assert quiz.pick("d").check().text == "Not this one. Try another, or press “Show answer”."
    assert quiz.pick(2).check().right and quiz.picked == "f"
    quiz._options.value = "a"                   # a click on an option changes nothing by itself
    assert quiz.verdict.right
    quiz._check.click()
    assert quiz.verdict.kind == "wrong"


def test_revealing_a_choice_shows_the_answer_and_why():
    quiz = make_choice()
    quiz._reveal.click()
    assert quiz.feedback == "Answer: f. It starts at the output."


def test_choose_in_spanish():
    quiz = choose("¿Qué nodo visita primero?", ["a", "f"], answer="f", lang="es")
    assert quiz.pick("a").check().text == "Esa no. Prueba con otra o pulsa «Ver la respuesta»."
    assert quiz.pick("f").check().text == "Correcto."
    assert quiz.reveal() == "Respuesta: f."


# ── Bad arguments get a clear error ────────────────────────────────────────────────────────────

@pytest.mark.parametrize("call, error, message", [
    (lambda: predict("", 1), TypeError, "predict: the question must be a non-empty str, got ''"),
    (lambda: predict(None, 1), TypeError, "the question must be a non-empty str, got None"),
    (lambda: predict("?", True), TypeError, "answer must be a finite number or a non-empty str, got True"),
    (lambda: predict("?", float("nan")), TypeError, "answer must be a finite number"),
    (lambda: predict("?", [1, 2]), TypeError, "got [1, 2]"),
    (lambda: predict("?", " "), TypeError, "answer must be a finite number or a non-empty str"),
    (lambda: predict("?", 1, tolerance=-1), TypeError, "tolerance must be a finite number ≥ 0, got -1"),
    (lambda: predict("?", "f", tolerance=0.1), TypeError, "the answer 'f' is a word, so leave tolerance out"),
    (lambda: predict("?", 1, explanation=3), TypeError, "explanation must be a str, got 3"),
    (lambda: choose("?", ["a"], "a"), TypeError, "options must be a list of at least two different"),
    (lambda: choose("?", ["a", "a"], "a"), TypeError, "at least two different"),
    (lambda: choose("?", "ab", "a"), TypeError, "got 'ab'"),
    (lambda: choose("?", ["a", 2], "a"), TypeError, "non-empty strs"),
    (lambda: choose("?", ["a", "b"], "c"), ValueError,
     "choose: the answer 'c' is not one of the options ['a', 'b']; give it exactly"),
    (lambda: choose("?", ["a", "b"], "a", why={"c": "no"}), ValueError,
     "why names 'c', which is not one of the options ['a', 'b']"),
    (lambda: choose("?", ["a", "b"], "a", why={"b": 3}), TypeError, "why must be a dict"),
    (lambda: choose("?", ["a", "b"], "a", why="b"), TypeError, "why must be a dict"),
    (lambda: make_choice().pick("z"), ValueError, "pick: 'z' is not one of the options ['a', 'd', 'f']"),
    (lambda: make_choice().pick(3), ValueError, "pick: 3 is not one of the options"),
])
def test_bad_arguments_name_the_problem(call, error, message):
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


def test_bad_arguments_are_explained_in_spanish_too():
    set_language("es")
    with pytest.raises(ValueError, match="la respuesta 'c' no es ninguna de las opciones"):
        choose("?", ["a", "b"], "c")
    with pytest.raises(TypeError, match="tolerance debe ser un número finito ≥ 0"):
        predict("?", 1, tolerance="0.1")


# ── Numbers in the learner's language ─────────────────────────────────────────────────────────

def test_numbers_are_shown_with_the_language_typography():
    assert [show_number(x, "en") for x in (3.75, 2047, 2_097_151, 1e-8, -0.5)] == \
        ["3.75", "2,047", "2,097,151", "1e-8", "-0.5"]
    assert [show_number(x, "es") for x in (3.75, 2047, 2_097_151, 1e-8, -12345.5)] == \
        ["3,75", "2047", "2\u202f097\u202f151", "1e-8", "-12\u202f345,5"]


def test_ambiguous_or_broken_numbers_are_not_read():
    assert read_number("2,047", "es") == 2.047           # a Spanish comma is decimal
    assert read_number("2,047", "en") == 2047
    for text in ["", "1/0", "inf", "nan", "3,7,5", "1..2", "--1", "1/x"]:
        assert read_number(text, "en") is None and read_number(text, "es") is None, text


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@given(finite, st.sampled_from(list(LANGUAGES)))
def test_a_number_shown_is_read_back_as_the_same_number(x, lang):
    back = read_number(show_number(x, lang), lang)
    assert math.isclose(back, x, rel_tol=1e-9, abs_tol=1e-300)


@given(finite)
def test_the_answer_itself_is_always_right_when_typed_as_shown(x):
    for lang in LANGUAGES:
        quiz = Prediction("?", answer=x, lang=lang)
        assert quiz.enter(show_number(x, lang)).check().right


def test_the_classes_are_what_the_functions_make():
    assert isinstance(predict("?", 1), Prediction) and isinstance(make_choice(), Choice)
