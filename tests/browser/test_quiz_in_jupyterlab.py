"""Prediction cells (minigrad.quiz) in a real JupyterLab, in English and in Spanish.

It uses the session's JupyterLab and Chromium (conftest.py): one notebook per language is
written into the served folder, run from the top, and then used with the keyboard and the mouse
as a learner would: type a wrong number and press Enter, type the right one and click "Check",
reveal the answer, pick a wrong option and then the right one. After each action the feedback must be the text that
the same quiz, driven from Python, gives; the maths in the question must be typeset, and no
output may show an error.

Run with:  pytest -m browser tests/browser
"""

import nbformat
import pytest
from jupyterlab_session import notebook_page

from minigrad.i18n import LANGUAGES
from minigrad.quiz import Choice, Prediction

pytestmark = pytest.mark.browser

# (question, answer, explanation, wrong guess, right guess as typed, option to pick wrongly)
QUIZZES = {
    "en": dict(question="What is $f'(1.5)$ for $f(x) = x^3 - 3x$?", answer=3.75,
               explanation="$3 \\cdot 1.5^2 - 3 = 3.75$.", wrong="4", typed="3.75",
               choice_question="Which node does `backward()` visit first?",
               options=["a", "d", "f"], choice_answer="f", why={"a": "a is a leaf."}),
    "es": dict(question="¿Cuánto vale $f'(1{,}5)$ si $f(x) = x^3 - 3x$?", answer=3.75,
               explanation="$3 \\cdot 1{,}5^2 - 3 = 3{,}75$.", wrong="4,5", typed="3,75",
               choice_question="¿Qué nodo visita primero `backward()`?",
               options=["a", "d", "f"], choice_answer="f", why={"a": "a es una hoja."}),
}


def quizzes(lang):
    """The two quizzes the notebook shows, made here too to know what each action must show."""
    q = QUIZZES[lang]
    return (Prediction(q["question"], q["answer"], q["explanation"], lang=lang),
            Choice(q["choice_question"], q["options"], q["choice_answer"], why=q["why"], lang=lang))


def write_notebook(path, lang):
    q = QUIZZES[lang]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"from minigrad import set_language\n"
                                  f"from minigrad.quiz import choose, predict\n"
                                  f"set_language({lang!r})"),
        nbformat.v4.new_code_cell(f"predict({q['question']!r}, answer={q['answer']!r},\n"
                                  f"        explanation={q['explanation']!r})"),
        nbformat.v4.new_code_cell(f"choose({q['choice_question']!r}, {q['options']!r},\n"
                                  f"       answer={q['choice_answer']!r}, why={q['why']!r})"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_learner_predicts_checks_and_reveals_in_jupyterlab(jupyterlab, browser, lang):
    from playwright.sync_api import expect

    write_notebook(jupyterlab[2] / f"quiz_{lang}.ipynb", lang)
    q = QUIZZES[lang]
    prediction, choice = quizzes(lang)
    with notebook_page(browser, jupyterlab, f"quiz_{lang}.ipynb") as (page, page_errors):
        boxes = page.locator(".minigrad-quiz")
        expect(boxes).to_have_count(2, timeout=60_000)
        first, second = boxes.nth(0), boxes.nth(1)

        # The question's maths is typeset, not left as $...$.
        question = first.locator(".minigrad-quiz-question")
        expect(question.locator("mjx-container").first).to_be_attached(timeout=30_000)
        assert "$" not in question.inner_text()
        feedback = first.locator(".minigrad-quiz-feedback")
        assert feedback.inner_text().strip() == ""
        expect(first.locator("button.minigrad-quiz-check")).to_have_text(prediction._check.description)

        # A wrong number, sent with Enter.
        entry = first.locator(".minigrad-quiz-entry input")
        entry.fill(q["wrong"])
        entry.press("Enter")
        expected = prediction.enter(q["wrong"]).check()
        expect(feedback.locator(".mg-wrong")).to_have_text(expected.text, timeout=15_000)

        # The right one, sent with the button.
        entry.fill(q["typed"])
        first.locator("button.minigrad-quiz-check").click()
        expected = prediction.enter(q["typed"]).check()
        assert expected.right
        expect(feedback.locator(".mg-right")).to_have_text(expected.text, timeout=15_000)
        expect(feedback.locator(".mg-wrong")).to_have_count(0)

        # Reveal: the answer, and the explanation with its maths typeset.
        first.locator("button.minigrad-quiz-reveal").click()
        answer = feedback.locator(".mg-answer")
        expect(answer).to_contain_text(prediction._say("answer", answer=prediction._answer_text()),
                                       timeout=15_000)
        expect(answer.locator("mjx-container").first).to_be_attached(timeout=30_000)

        # The choice: nothing picked, a wrong pick with its reason, then the right one.
        choice_feedback = second.locator(".minigrad-quiz-feedback")
        second.locator("button.minigrad-quiz-check").click()
        expect(choice_feedback).to_have_text(choice.check().text, timeout=15_000)
        second.locator(".minigrad-quiz-options label", has_text="a").click()
        second.locator("button.minigrad-quiz-check").click()
        expect(choice_feedback.locator(".mg-wrong")).to_have_text(choice.pick("a").check().text,
                                                                 timeout=15_000)
        second.locator(".minigrad-quiz-options label", has_text="f").click()
        second.locator("button.minigrad-quiz-check").click()
        expect(choice_feedback.locator(".mg-right")).to_have_text(choice.pick("f").check().text,
                                                                 timeout=15_000)

        outputs = page.locator(".jp-OutputArea-output")
        assert "Error displaying widget" not in "\n".join(outputs.all_inner_texts())
        assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
        assert page_errors == []
