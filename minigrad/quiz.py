"""Prediction cells: the learner commits to an answer, checks it, and can reveal the explanation.

    >>> from minigrad.quiz import predict, choose
    >>> predict("f'(1.5) for f(x) = x³ − 3x?", answer=3.75, explanation="3 · 1.5² − 3 = 3.75.")
    >>> choose("Which node does the backward pass visit first?", ["a", "d", "f"], answer="f")

`predict` shows a text box, a "Check" button and a "Show answer" button. The learner types a
number (or a word, when the answer is a word) and presses Enter or "Check": the verdict says
right, or whether the number is greater or less than the answer, or what cannot be read.
"Show answer" reveals the answer and the explanation. `choose` does the same with options to pick
from, and can say why each wrong option is wrong (``why={option: reason}``).

Numbers are read and shown in the learner's language: in Spanish "3,75" (a point is accepted
too) and "2 097 151"; in English "3.75" and "2,097,151". Texts may hold inline maths (``$x^2$``)
and inline code (```backward()```).

Everything the widgets do is also a Python call, for tests and for notebooks checked by CI:
``.enter(text)`` / ``.pick(option)``, ``.check()`` (returns a `Verdict`), ``.reveal()``,
``.verdict`` and ``.revealed``. A freshly made quiz shows no verdict, so a notebook that nobody
typed into stores the same output on every run.
"""

import html
import math
import numbers
import re
from typing import NamedTuple

import ipywidgets as widgets

from .i18n import check_language, get_language, language, number, say

__all__ = ["predict", "choose", "Prediction", "Choice", "Verdict"]

MESSAGES = {
    "check": {"en": "Check", "es": "Comprobar"},
    "reveal": {"en": "Show answer", "es": "Ver la respuesta"},
    "placeholder": {"en": "your answer", "es": "tu respuesta"},
    "pick_tip": {"en": "Pick one answer, then press “Check”.",
                 "es": "Elige una respuesta y pulsa «Comprobar»."},
    "empty_number": {"en": "Type a number first, then press Enter or “Check”.",
                     "es": "Escribe primero un número y pulsa Intro o «Comprobar»."},
    "empty_text": {"en": "Type your answer first, then press Enter or “Check”.",
                   "es": "Escribe primero tu respuesta y pulsa Intro o «Comprobar»."},
    "empty_choice": {"en": "Pick an answer first, then press “Check”.",
                     "es": "Elige primero una respuesta y pulsa «Comprobar»."},
    "unreadable": {"en": "“{given}” is not a number I can read: write it like {example}.",
                   "es": "«{given}» no es un número que sepa leer: escríbelo como {example}."},
    "example": {"en": "3.75, -2, 1e-8 or 1/4", "es": "3,75; -2; 1e-8 o 1/4"},
    "right": {"en": "Right: {answer}.", "es": "Correcto: {answer}."},
    "right_choice": {"en": "Right.", "es": "Correcto."},
    "greater": {"en": "Not quite: {given} is greater than the answer. Try again, or press "
                      "“Show answer”.",
                "es": "Todavía no: {given} es mayor que la respuesta. Vuelve a intentarlo o "
                      "pulsa «Ver la respuesta»."},
    "less": {"en": "Not quite: {given} is less than the answer. Try again, or press "
                   "“Show answer”.",
             "es": "Todavía no: {given} es menor que la respuesta. Vuelve a intentarlo o pulsa "
                   "«Ver la respuesta»."},
    "wrong_text": {"en": "Not quite: “{given}” is not the answer. Try again, or press "
                         "“Show answer”.",
                   "es": "Todavía no: «{given}» no es la respuesta. Vuelve a intentarlo o pulsa "
                         "«Ver la respuesta»."},
    "wrong_choice": {"en": "Not this one.", "es": "Esa no."},
    "try_again": {"en": "Try another, or press “Show answer”.",
                  "es": "Prueba con otra o pulsa «Ver la respuesta»."},
    "answer": {"en": "Answer: {answer}.", "es": "Respuesta: {answer}."},
    "plain_predict": {"en": "[prediction] {question}", "es": "[predicción] {question}"},
    "plain_choose": {"en": "[choose one] {question} {options}", "es": "[elige una] {question} {options}"},
    # Mistakes in the cell that makes the quiz (its author's, or a learner's who edits it).
    "question": {"en": "{where}: the question must be a non-empty str, got {given}.",
                 "es": "{where}: la pregunta debe ser un str no vacío y se ha recibido {given}."},
    "text_argument": {"en": "{where}: {name} must be a str, got {given}.",
                      "es": "{where}: {name} debe ser un str y se ha recibido {given}."},
    "bad_answer": {"en": "{where}: answer must be a finite number or a non-empty str, got {given}.",
               "es": "{where}: answer debe ser un número finito o un str no vacío y se ha "
                     "recibido {given}."},
    "tolerance": {"en": "{where}: tolerance must be a finite number ≥ 0, got {given}.",
                  "es": "{where}: tolerance debe ser un número finito ≥ 0 y se ha recibido "
                        "{given}."},
    "tolerance_text": {"en": "{where}: tolerance applies to a number; the answer {answer} is a "
                             "word, so leave tolerance out.",
                       "es": "{where}: tolerance se aplica a números; la respuesta {answer} es "
                             "una palabra, así que no pases tolerance."},
    "options": {"en": "{where}: options must be a list of at least two different non-empty "
                      "strs, got {given}.",
                "es": "{where}: options debe ser una lista de al menos dos str distintos y no "
                      "vacíos; se ha recibido {given}."},
    "not_an_option": {"en": "{where}: the answer {answer} is not one of the options {options}; "
                            "give it exactly as it is written there.",
                      "es": "{where}: la respuesta {answer} no es ninguna de las opciones "
                            "{options}; escríbela exactamente igual que allí."},
    "why": {"en": "{where}: why must be a dict from wrong options to reasons (str), got {given}.",
            "es": "{where}: why debe ser un dict que asocie cada opción incorrecta con su razón (un "
                  "str) y se ha recibido {given}."},
    "why_option": {"en": "{where}: why names {given}, which is not one of the options {options}.",
                   "es": "{where}: why incluye {given}, que no es ninguna de las opciones "
                         "{options}."},
    "pick": {"en": "pick: {given} is not one of the options {options}.",
             "es": "pick: {given} no es ninguna de las opciones {options}."},
}

# Verdict kinds: "right", "wrong", "empty" (nothing given yet), "unreadable" (not a number).
RIGHT, WRONG, EMPTY, UNREADABLE = "right", "wrong", "empty", "unreadable"

STYLE = {RIGHT: "color:#15803d; font-weight:bold", WRONG: "color:#b91c1c",
         EMPTY: "color:#92400e", UNREADABLE: "color:#92400e"}


class Verdict(NamedTuple):
    """What "Check" said: ``kind`` (right, wrong, empty, unreadable) and the text shown."""

    kind: str
    text: str

    @property
    def right(self):
        return self.kind == RIGHT


# ── Numbers in the learner's language ──────────────────────────────────────────────────────────

_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")


def read_number(text, lang=None):
    """The number a learner typed, or None when it cannot be read.

    Accepts a sign (``-`` or the typographic ``−``), a decimal point, an exponent (``1e-8``) and
    a fraction ``a/b``, and the language's own marks from the registry (`minigrad.i18n`): a
    decimal comma and digits grouped with spaces in Spanish (a point is read as decimal too),
    digits grouped with commas in English (``2,047``), where no other comma is read.
    """
    entry = language(lang)
    text = text.strip().replace("\u2212", "-")
    if "/" in text:
        top, _, bottom = text.partition("/")
        top, bottom = read_number(top, entry.code), read_number(bottom, entry.code)
        if top is None or bottom is None or bottom == 0:
            return None
        return top / bottom
    if _SPACES.match(entry.group_mark):
        text = _SPACES.sub("", text)
    elif re.fullmatch(rf"[+-]?\d{{1,3}}({re.escape(entry.group_mark)}\d{{3}})+(\.\d*)?", text):
        text = text.replace(entry.group_mark, "")
    text = text.replace(entry.decimal_mark, ".")
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def show_number(x, lang=None):
    """``x`` as the quiz writes it: up to 10 significant digits, grouped, in the language's way
    (`minigrad.i18n.number`), with a short exponent (``1e-8``, not ``1e-08``)."""
    text = number(float(x), ",.10g", lang)
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + m[1].replace("+", "") + m[2], text)


# ── Texts ──────────────────────────────────────────────────────────────────────────────────────

_CODE = re.compile(r"`([^`]+)`")


def _html(text):
    """A question or explanation as HTML: escaped, with `code` spans; $maths$ is left to MathJax."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _short(x):
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


# ── The quizzes ────────────────────────────────────────────────────────────────────────────────

class _Quiz:
    """What `Prediction` and `Choice` share: question, buttons, feedback and the Python API."""

    def __init__(self, question, explanation, lang, where):
        self.lang = check_language(lang or get_language())
        if not isinstance(question, str) or not question.strip():
            raise TypeError(self._say("question", where=where, given=_short(question)))
        if not isinstance(explanation, str):
            raise TypeError(self._say("text_argument", where=where, name="explanation",
                                      given=_short(explanation)))
        self.question, self.explanation = question, explanation
        self.verdict = None
        self.revealed = False

    def _say(self, key, **values):
        return say(MESSAGES, key, lang=self.lang, **values)

    def _build(self, entry):
        self._question = widgets.HTMLMath(value=f"<b>{_html(self.question)}</b>")
        self._question.add_class("minigrad-quiz-question")
        self._check = widgets.Button(description=self._say("check"), button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self._check.add_class("minigrad-quiz-check")
        self._check.on_click(lambda _: self.check())
        self._reveal = widgets.Button(description=self._say("reveal"),
                                      layout=widgets.Layout(width="auto"))
        self._reveal.add_class("minigrad-quiz-reveal")
        self._reveal.on_click(lambda _: self.reveal())
        self._feedback = widgets.HTMLMath(value="")
        self._feedback.add_class("minigrad-quiz-feedback")
        self.widget = widgets.VBox([self._question, entry,
                                    widgets.HBox([self._check, self._reveal]), self._feedback])
        self.widget.add_class("minigrad-quiz")

    # ── Python API ──────────────────────────────────────────────────────────────────────────

    def check(self):
        """Judge the current answer, show the verdict and return it (a `Verdict`)."""
        self.verdict = self._judge()
        self._show()
        return self.verdict

    def reveal(self):
        """Show the answer and the explanation; return that text."""
        self.revealed = True
        self._show()
        return self._revealed_text()

    @property
    def feedback(self):
        """The text under the buttons, as the learner reads it (without HTML)."""
        parts = []
        if self.verdict is not None:
            parts.append(self.verdict.text)
        if self.revealed:
            parts.append(self._revealed_text())
        return "\n".join(parts)

    # ── Display ─────────────────────────────────────────────────────────────────────────────

    def _revealed_text(self):
        answer = self._say("answer", answer=self._answer_text())
        return f"{answer} {self.explanation}".strip()

    def _show(self):
        parts = []
        if self.verdict is not None:
            kind, text = self.verdict
            parts.append(f'<div class="mg-{kind}" style="{STYLE[kind]}">{_html(text)}</div>')
        if self.revealed:
            answer = self._say("answer", answer=self._answer_text())
            parts.append(f'<div class="mg-answer"><b>{_html(answer)}</b> {_html(self.explanation)}</div>')
        self._feedback.value = "".join(parts)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)     # short and stable, unlike the container's repr
        return bundle


class Prediction(_Quiz):
    """A question whose answer the learner types: a number (within ``tolerance``) or a word.

    Made by `predict`; see there for the arguments.
    """

    def __init__(self, question, answer, explanation="", tolerance=None, lang=None):
        super().__init__(question, explanation, lang, "predict")
        if isinstance(answer, str):
            if not answer.strip():
                raise TypeError(self._say("bad_answer", where="predict", given=_short(answer)))
            if tolerance is not None:
                raise TypeError(self._say("tolerance_text", where="predict", answer=_short(answer)))
        elif not _is_number(answer) or not math.isfinite(answer):
            raise TypeError(self._say("bad_answer", where="predict", given=_short(answer)))
        if tolerance is not None and not (_is_number(tolerance) and math.isfinite(tolerance)
                                          and tolerance >= 0):
            raise TypeError(self._say("tolerance", where="predict", given=_short(tolerance)))
        self.answer = answer if isinstance(answer, str) else float(answer)
        self.tolerance = tolerance
        self._entry = widgets.Text(value="", placeholder=self._say("placeholder"),
                                   continuous_update=False, layout=widgets.Layout(width="16em"))
        self._entry.add_class("minigrad-quiz-entry")
        self._entry.observe(self._on_entry, names="value")
        self._build(self._entry)

    def enter(self, text):
        """Type ``text`` into the box, as the learner would (Enter included); return self."""
        self._entry.value = str(text)
        return self

    def _on_entry(self, change):
        # Enter (or leaving the box) sends what was typed: check it then.
        if change["new"].strip():
            self.check()

    def _is_numeric(self):
        return not isinstance(self.answer, str)

    def _judge(self):
        given = self._entry.value.strip()
        if not given:
            return Verdict(EMPTY, self._say("empty_number" if self._is_numeric() else "empty_text"))
        if not self._is_numeric():
            if given.casefold() == self.answer.strip().casefold():
                return Verdict(RIGHT, self._say("right", answer=self.answer))
            return Verdict(WRONG, self._say("wrong_text", given=given))
        guess = read_number(given, self.lang)
        if guess is None:
            return Verdict(UNREADABLE, self._say("unreadable", given=given,
                                                 example=self._say("example")))
        if self._close(guess):
            return Verdict(RIGHT, self._say("right", answer=self._answer_text()))
        shown = show_number(guess, self.lang)
        return Verdict(WRONG, self._say("greater" if guess > self.answer else "less", given=shown))

    def _close(self, guess):
        if self.tolerance is None:      # the same number, up to the last few bits
            return math.isclose(guess, self.answer, rel_tol=1e-9, abs_tol=1e-12)
        return abs(guess - self.answer) <= self.tolerance

    def _answer_text(self):
        return show_number(self.answer, self.lang) if self._is_numeric() else self.answer

    def __repr__(self):
        return self._say("plain_predict", question=self.question)


class Choice(_Quiz):
    """A question with options to pick from; made by `choose` (see there for the arguments)."""

    def __init__(self, question, options, answer, explanation="", why=None, lang=None):
        super().__init__(question, explanation, lang, "choose")
        if (not isinstance(options, (list, tuple)) or len(options) < 2
                or not all(isinstance(o, str) and o.strip() for o in options)
                or len(set(options)) != len(options)):
            raise TypeError(self._say("options", where="choose", given=_short(options)))
        self.options = tuple(options)
        if answer not in self.options:
            raise ValueError(self._say("not_an_option", where="choose", answer=_short(answer),
                                       options=_short(list(self.options))))
        self.answer = answer
        why = {} if why is None else why
        if not isinstance(why, dict) or not all(isinstance(r, str) for r in why.values()):
            raise TypeError(self._say("why", where="choose", given=_short(why)))
        for option in why:
            if option not in self.options:
                raise ValueError(self._say("why_option", where="choose", given=_short(option),
                                           options=_short(list(self.options))))
        self.why = dict(why)
        self._options = widgets.RadioButtons(options=self.options, value=None,
                                             layout=widgets.Layout(width="auto"))
        self._options.add_class("minigrad-quiz-options")
        self._build(self._options)

    def pick(self, option):
        """Select ``option`` (its text, or its position from 0), as a click would; return self."""
        if _is_number(option) and not isinstance(option, float) and 0 <= option < len(self.options):
            option = self.options[option]
        if option not in self.options:
            raise ValueError(self._say("pick", given=_short(option),
                                       options=_short(list(self.options))))
        self._options.value = option
        return self

    @property
    def picked(self):
        """The option currently selected (None before the learner picks one)."""
        return self._options.value

    def _judge(self):
        picked = self._options.value
        if picked is None:
            return Verdict(EMPTY, self._say("empty_choice"))
        if picked == self.answer:
            return Verdict(RIGHT, self._say("right_choice"))
        reason = self.why.get(picked, "")
        return Verdict(WRONG, " ".join(t for t in (self._say("wrong_choice"), reason,
                                                   self._say("try_again")) if t))

    def _answer_text(self):
        return self.answer

    def __repr__(self):
        return self._say("plain_choose", question=self.question,
                         options=" / ".join(self.options))


def predict(question, answer, explanation="", tolerance=None, lang=None):
    """A prediction cell: the learner types an answer, checks it, and may reveal the explanation.

    ``answer`` is a number (the learner's is right when it is within ``tolerance`` of it; by
    default, when it is the same number up to rounding) or a word (compared ignoring case).
    ``explanation`` is shown with the answer. ``lang``: "en" or "es" (default: the language
    chosen with ``minigrad.set_language``).
    """
    return Prediction(question, answer, explanation, tolerance, lang)


def choose(question, options, answer, explanation="", why=None, lang=None):
    """A multiple-choice cell: the learner picks one of ``options`` and checks it.

    ``answer`` is the right option, written exactly as in ``options``; ``why`` may map wrong
    options to a reason shown when the learner picks them. ``explanation`` and ``lang`` as for
    `predict`.
    """
    return Choice(question, options, answer, explanation, why, lang)
