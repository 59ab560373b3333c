"""The learner's language: one registry of the workbook's languages and one switch for every message.

A notebook's first cell calls ``set_language("es")`` (or ``"en"``); from then on error messages,
widget narration and checker feedback speak that language. Each module keeps its own table of
messages, ``{"key": {"en": "...", "es": "..."}}``, and formats one with :func:`say`.

:data:`LANGUAGES` is the registry: everything else that differs by language (the notebooks'
folders and index, the exercise placeholder and hint word) is read from it, never spelled out.
Adding a language is one :class:`Language` entry here plus the translations; the tests
(``tests/test_i18n.py``, ``tests/test_notebook_sync.py``) then list every message table and every
notebook section that still lacks it.

This module uses the standard library only: ``tasks.py`` reads the registry before anything is
installed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language of the workbook."""

    code: str               # ISO 639-1; also the notebooks' folder (notebooks/<code>/) and message key
    name: str               # the language's name for itself
    index_notebook: str     # the workbook's first page in this language, relative to the checkout
    placeholder: str        # the message of an exercise's `raise NotImplementedError(...)`
    hint_word: str          # the word before an exercise's hint: "# Hint: ..."


LANGUAGES = {
    language.code: language
    for language in (
        Language(
            code="en",
            name="English",
            index_notebook="notebooks/en/index.ipynb",
            placeholder="not yet implemented",
            hint_word="Hint",
        ),
        Language(
            code="es",
            name="español",
            index_notebook="notebooks/es/indice.ipynb",
            placeholder="aún sin implementar",
            hint_word="Pista",
        ),
    )
}

MESSAGES = {
    "unknown_language": {
        "en": "language {lang!r} is not available; use one of {choices}",
        "es": "el idioma {lang!r} no está disponible; usa uno de estos: {choices}",
    },
}

_current = next(iter(LANGUAGES))


def set_language(lang):
    """Choose the language of minigrad's messages: a code of :data:`LANGUAGES` ("en", "es")."""
    global _current
    _current = check_language(lang)


def get_language():
    """The language chosen with :func:`set_language` (the registry's first, English, until then)."""
    return _current


def check_language(lang):
    """Return ``lang`` when it is one minigrad speaks; otherwise raise a ValueError naming the choices.

    The message is in every language: the learner's own choice is the one that failed.
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        choices = ", ".join(repr(code) for code in LANGUAGES)
        raise ValueError(" / ".join(MESSAGES["unknown_language"][code].format(lang=lang, choices=choices)
                                    for code in LANGUAGES))
    return lang


def language(lang=None):
    """The registry entry of ``lang`` (default: the current language)."""
    return LANGUAGES[check_language(lang or _current)]


def say(table, key, lang=None, **values):
    """Format message ``key`` of ``table`` in ``lang`` (default: the current language)."""
    lang = check_language(lang or _current)
    return table[key][lang].format(**values)
