"""The learner's language: one switch for every message minigrad shows.

A notebook's first cell calls ``set_language("es")`` (or ``"en"``); from then on error messages,
widget narration and checker feedback speak that language. Each module keeps its own table of
messages, ``{"key": {"en": "...", "es": "..."}}``, and formats one with :func:`say`.
"""

LANGUAGES = ("en", "es")

_current = "en"


def set_language(lang):
    """Choose the language of minigrad's messages: ``"en"`` (English) or ``"es"`` (español)."""
    global _current
    _current = check_language(lang)


def get_language():
    """The language chosen with :func:`set_language` (``"en"`` until then)."""
    return _current


def check_language(lang):
    """Return ``lang`` when it is one minigrad speaks; otherwise raise a ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(
            f"language {lang!r} is not available; use one of {', '.join(map(repr, LANGUAGES))} "
            f"/ el idioma {lang!r} no está disponible; usa {' o '.join(map(repr, LANGUAGES))}"
        )
    return lang


def say(table, key, lang=None, **values):
    """Format message ``key`` of ``table`` in ``lang`` (default: the current language)."""
    lang = check_language(lang or _current)
    return table[key][lang].format(**values)
