"""The learner's language: one registry of the workbook's languages and one switch for every message.

A notebook's first cell calls ``set_language("es")`` (or ``"en"``); from then on error messages,
widget narration and checker feedback speak that language. Each module keeps its own table of
messages, ``{"key": {"en": "...", "es": "..."}}``, and formats one with :func:`say`.

:data:`LANGUAGES` is the registry: everything else that differs by language (the notebooks'
folders and index, the exercise placeholder and hint word) is read from it, never spelled out.
Adding a language is one :class:`Language` entry here plus the translations; the tests
(``tests/test_i18n.py``, ``tests/test_notebook_sync.py``) then list every message table and every
notebook section that still lacks it.

Numbers follow the language too: :func:`number` formats like ``format(x, spec)`` and then writes
the result with the language's decimal mark and digit grouping (``0,5`` and ``2 097 151`` in
Spanish, with a narrow no-break space; ``0.5`` and, when the spec asks, ``2,097,151`` in English).
:func:`numbers` writes a list, tuple or dict of numbers the same way, and :func:`number_ticks`
makes a matplotlib plot's tick labels follow the language.

This module uses the standard library only (matplotlib is imported by :func:`number_ticks`
alone, when called): ``tasks.py`` reads the registry before anything is installed.
"""

import contextlib
import re
from dataclasses import dataclass
from numbers import Integral, Rational, Real


@dataclass(frozen=True)
class Language:
    """One language of the workbook."""

    code: str               # ISO 639-1; also the notebooks' folder (notebooks/<code>/) and message key
    name: str               # the language's name for itself
    decimal_mark: str       # between the integer and the fractional part
    group_mark: str         # between groups of three digits of the integer part
    group_from: int         # integer parts shorter than this many digits are never grouped
    group_always: bool      # group without being asked (else only when the spec has ",")
    percent_sign: str       # what follows a percentage ("%", or a space and "%")
    list_separator: str     # between the numbers of a list: "; " where the decimal mark is a comma
    index_notebook: str     # the workbook's first page in this language, relative to the checkout
    placeholder: str        # the message of an exercise's `raise NotImplementedError(...)`
    hint_word: str          # the word before an exercise's hint: "# Hint: ..."
    jupyterlab_locale: str  # JupyterLab's own interface in this language ("" : JupyterLab's English)


LANGUAGES = {
    language.code: language
    for language in (
        Language(
            code="en",
            name="English",
            decimal_mark=".",
            group_mark=",",
            group_from=4,               # 2,047 (Python's own "," grouping)
            group_always=False,         # 2047 unless the spec asks: English output stays format()'s
            percent_sign="%",
            list_separator=", ",        # [0.5, 1.0], as Python prints it
            index_notebook="notebooks/en/index.ipynb",
            placeholder="not yet implemented",
            hint_word="Hint",
            jupyterlab_locale="",       # JupyterLab's own language
        ),
        Language(
            code="es",
            name="español",
            decimal_mark=",",           # 0,5
            group_mark="\u202f",        # narrow no-break space, never a point or a comma (RAE, ISO)
            group_from=5,               # 2047, but 10 000 and 2 097 151
            group_always=True,
            percent_sign="\u00a0%",     # 70 %, with a no-break space
            list_separator="; ",        # [0,5; 1,0]: a comma would read as a decimal mark
            index_notebook="notebooks/es/indice.ipynb",
            placeholder="aún sin implementar",
            hint_word="Pista",
            jupyterlab_locale="es_ES",  # the jupyterlab-language-pack-es-ES package
        ),
    )
}

MESSAGES = {
    "unknown_language": {
        "en": "language {lang!r} is not available; use one of {choices}",
        "es": "el idioma {lang!r} no está disponible; usa uno de estos: {choices}",
    },
    "not_a_number": {
        "en": "number: expected a real number (an int or a float), got {given} of type {kind}.",
        "es": "number: se esperaba un número real (un int o un float), pero se ha recibido {given}, "
              "de tipo {kind}.",
    },
    "bad_spec": {
        "en": "number: {spec!r} is not a format spec for this number ({error}); use one such as "
              "'.3f', '.2e', ',' or '.0%'.",
        "es": "number: {spec!r} no es una especificación de formato válida para este número ({error}); "
              "usa una como '.3f', '.2e', ',' o '.0%'.",
    },
    "own_grouping": {
        "en": "number: {spec!r} asks for {what}; number writes digits the language's way itself: use "
              "',' to ask for grouped digits and a type such as 'g' or 'd'.",
        "es": "number: {spec!r} pide {what}; number ya escribe las cifras como se escriben en el idioma: "
              "usa ',' para agruparlas y un tipo como 'g' o 'd'.",
    },
    "not_numbers": {
        "en": "numbers: expected a list, tuple or dict of numbers, got {given} of type {kind}; "
              "write a single number with number(...).",
        "es": "numbers: se esperaba una lista, una tupla o un dict de números, pero se ha recibido "
              "{given}, de tipo {kind}; para un solo número, usa number(...).",
    },
    "not_an_axis": {
        "en": "number_ticks: expected matplotlib Axes, an Axis or a Colorbar, got {given} of type {kind}.",
        "es": "number_ticks: se esperaban unos ejes (Axes), un eje (Axis) o una barra de colores "
              "(Colorbar) de matplotlib, pero se ha recibido {given}, de tipo {kind}.",
    },
    "underscores": {"en": "underscores between digits", "es": "guiones bajos entre las cifras"},
    "locale": {"en": "the locale's format ('n')", "es": "el formato de la configuración regional ('n')"},
}

_current = next(iter(LANGUAGES))


def set_language(lang):
    """Choose the language of minigrad's messages: a code of :data:`LANGUAGES` ("en", "es")."""
    global _current
    _current = check_language(lang)


@contextlib.contextmanager
def speaking(lang):
    """Messages in ``lang`` inside the block (a stepper or a check made with ``lang="es"``, say),
    whatever `set_language` chose; the previous language comes back afterwards."""
    global _current
    previous, _current = _current, check_language(lang)
    try:
        yield
    finally:
        _current = previous


def get_language():
    """The language chosen with :func:`set_language` (the registry's first, English, until then)."""
    return _current


def check_language(lang):
    """Return ``lang`` when it is one minigrad speaks; otherwise raise a ValueError naming the choices.

    The message is in every language: the learner's own choice is the one that failed.
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        choices = ", ".join(repr(code) for code in LANGUAGES)
        texts = MESSAGES["unknown_language"]
        raise ValueError(" / ".join(texts[code].format(lang=lang, choices=choices)
                                    for code in LANGUAGES if code in texts))
    return lang


def language(lang=None):
    """The registry entry of ``lang`` (default: the current language)."""
    return LANGUAGES[check_language(lang or _current)]


def say(table, key, lang=None, **values):
    """Format message ``key`` of ``table`` in ``lang`` (default: the current language)."""
    lang = check_language(lang or _current)
    return table[key][lang].format(**values)


# ── Numbers in the learner's language ──────────────────────────────────────────────────────────

# Python's format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?"
                   r"(?P<zero>0)?(?P<width>\d+)?(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?"
                   r"(?P<type>[a-zA-Z%])?", re.DOTALL)
_DECIMAL_TYPES = {None, "d", "e", "E", "f", "F", "g", "G", "%"}
_FORMATTED = re.compile(r"(?P<sign>[-+ ]?)(?P<digits>\d*)(?P<rest>.*)", re.DOTALL)


def number(x, spec="", lang=None):
    """``x`` formatted like ``format(x, spec)``, written the way ``lang`` writes numbers.

    ``lang`` defaults to the current language. English output is exactly ``format(x, spec)``
    for every spec it accepts.
    Spanish uses a decimal comma and groups the integer part in threes with a narrow no-break
    space (U+202F) once it has five digits or more, asked or not: ``number(2047.5, ".1f", "es")``
    is ``"2047,5"``, ``number(2097151, ",", "es")`` is ``"2 097 151"``; a percentage is
    ``"70 %"``. Width, fill and alignment apply to the written text. ``inf`` and ``nan`` are
    written as Python writes them. Types other than numbers' own (``x``, ``b``, ``o``, ``c``) are
    left to ``format``; ``n`` and ``_`` grouping are refused, since this function is the locale.
    """
    entry = language(lang)
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(say(MESSAGES, "not_a_number", entry.code, given=_short(x), kind=type(x).__name__))
    if isinstance(x, Rational) and not isinstance(x, (int, float, Integral)):
        x = float(x)                       # a Fraction: format() has no float types for it before 3.12
    parts = _SPEC.fullmatch(spec) if isinstance(spec, str) else None
    if parts is not None and (parts["grouping"] == "_" or parts["type"] == "n"):
        what = "underscores" if parts["grouping"] == "_" else "locale"
        raise ValueError(say(MESSAGES, "own_grouping", entry.code, spec=spec,
                             what=say(MESSAGES, what, entry.code)))
    try:
        plain = format(x, spec)
    except (ValueError, TypeError) as error:
        raise ValueError(say(MESSAGES, "bad_spec", entry.code, spec=spec, error=error)) from None
    if parts is None or parts["type"] not in _DECIMAL_TYPES:
        return plain
    precision = "" if parts["precision"] is None else "." + parts["precision"]
    inner = "".join(parts[key] or "" for key in ("sign", "z", "alt")) + precision + (parts["type"] or "")
    written = _FORMATTED.fullmatch(format(x, inner))
    sign, digits, rest = written["sign"], written["digits"], written["rest"]
    if parts["type"] == "%":
        rest = rest[:-1].replace(".", entry.decimal_mark, 1) + entry.percent_sign
    else:
        rest = rest.replace(".", entry.decimal_mark, 1)
    grouped = parts["grouping"] is not None or entry.group_always
    width = int(parts["width"] or 0)
    fill = parts["fill"] or ("0" if parts["zero"] else " ")
    align = parts["align"] or ("=" if parts["zero"] else ">")
    if fill == "0" and align == "=" and digits:
        # Sign-aware zero padding: the zeros are digits, grouped with the others as format groups
        # them when the spec asks; grouping the spec did not ask for never starts in the zeros.
        grouped = parts["grouping"] is not None or (grouped and len(digits) >= entry.group_from)
        while True:
            integer = _grouped(digits, entry) if grouped else digits
            if len(sign) + len(integer) + len(rest) >= width:
                break
            digits = "0" + digits
    else:
        integer = _grouped(digits, entry) if grouped else digits
    return _aligned(sign, integer + rest, fill, align, width)


def _grouped(digits, entry):
    if len(digits) < entry.group_from:
        return digits
    head = len(digits) % 3 or 3
    return entry.group_mark.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _aligned(sign, body, fill, align, width):
    missing = max(0, width - len(sign) - len(body))
    if align == "=":
        return sign + fill * missing + body
    if align == "<":
        return sign + body + fill * missing
    if align == "^":
        return fill * (missing // 2) + sign + body + fill * (missing - missing // 2)
    return fill * missing + sign + body


def _short(x):
    try:
        text = repr(x)
    except Exception:                      # a broken __repr__ must not hide the real problem
        text = f"<{type(x).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def numbers(values, spec="", lang=None):
    """A list, tuple or dict of numbers (nested or not) written as ``print`` writes it, each
    number written with :func:`number`: ``numbers([0.866, -1.0])`` is ``"[0.866, -1.0]"`` in
    English and ``"[0,866; -1,0]"`` in Spanish, where the comma is the decimal mark and a semicolon
    separates the items. ``spec`` applies to every number. What is not a number (a dict's
    string keys, a bool) is written with ``repr``, as ``print`` writes it inside a list.
    """
    entry = language(lang)
    if not isinstance(values, (list, tuple, dict)):
        raise TypeError(say(MESSAGES, "not_numbers", entry.code, given=_short(values),
                            kind=type(values).__name__))
    return _written(values, spec, entry)


def _written(item, spec, entry):
    separator = entry.list_separator
    if isinstance(item, dict):
        return "{" + separator.join(f"{_written(key, spec, entry)}: {_written(value, spec, entry)}"
                                    for key, value in item.items()) + "}"
    if isinstance(item, (list, tuple)):
        inside = separator.join(_written(each, spec, entry) for each in item)
        if isinstance(item, list):
            return "[" + inside + "]"
        return "(" + inside + (separator.rstrip() if len(item) == 1 else "") + ")"
    if isinstance(item, Real) and not isinstance(item, bool):
        return number(item, spec, entry.code)
    return repr(item)


def number_ticks(*axes, lang=None):
    """Write the major tick labels of matplotlib ``axes`` with :func:`number` (``0,0 0,2 … 1,0``
    in Spanish, ``0.0 0.2 … 1.0`` in English) and a true minus sign, as matplotlib writes it.

    Each argument is an ``Axes`` (both its axes), one ``Axis`` (``ax.yaxis``) or a ``Colorbar``.
    Every label of an axis has the same number of decimals, the fewest that tell its ticks
    apart. Call it after choosing the scales: a logarithmic axis keeps matplotlib's powers of
    ten (10⁻³), which have no decimal mark.
    """
    code = language(lang).code
    for target in axes:
        if hasattr(target, "long_axis") and hasattr(target, "formatter"):        # a Colorbar
            target.formatter = _tick_formatter(code)
        elif hasattr(target, "xaxis") and hasattr(target, "yaxis"):             # an Axes
            for axis in (target.xaxis, target.yaxis):
                if axis.get_scale() == "linear":
                    axis.set_major_formatter(_tick_formatter(code))
        elif hasattr(target, "set_major_formatter") and hasattr(target, "get_scale"):  # an Axis
            if target.get_scale() == "linear":
                target.set_major_formatter(_tick_formatter(code))
        else:
            raise TypeError(say(MESSAGES, "not_an_axis", code, given=_short(target),
                                kind=type(target).__name__))


def _tick_formatter(lang):
    from matplotlib.ticker import Formatter

    class NumberFormatter(Formatter):
        """Tick labels written with `number`, all with the decimals the axis's ticks need."""

        ticks = ()

        def set_locs(self, locs):              # matplotlib passes every tick before the labels
            self.ticks = tuple(locs)

        def __call__(self, value, pos=None):
            decimals, tolerance = _tick_decimals(self.ticks or (value,))
            if abs(value) < tolerance:
                value = 0.0                    # not "-0,0" for a tick that rounding put below zero
            return number(value, f".{decimals}f", lang).replace("-", "\u2212")

    return NumberFormatter()


def _tick_decimals(ticks):
    """The fewest decimals that write every tick exactly, to a thousandth of their spacing, and
    that tolerance."""
    ordered = sorted(set(float(tick) for tick in ticks))
    gaps = [b - a for a, b in zip(ordered, ordered[1:]) if b > a]
    tolerance = 1e-3 * (min(gaps) if gaps else max(abs(ordered[0]), 1.0))
    for decimals in range(16):
        if all(abs(tick - round(tick, decimals)) <= tolerance for tick in ordered):
            return decimals, tolerance
    return 15, tolerance
