"""The workbook's languages: the registry, numbers written each language's way, and every table of
messages complete in every language."""

import collections
import dataclasses
import importlib
import math
import pkgutil
import re
import string
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minigrad.i18n import (LANGUAGES, check_language, get_language, language, number, number_ticks,
                           numbers, set_language)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


# ── number() ───────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("x, spec, english, spanish", [
    (2047, ",", "2,047", "2047"),                             # four digits: never grouped in Spanish
    (2097151, ",", "2,097,151", f"2{NNBSP}097{NNBSP}151"),
    (2147483647, ",", "2,147,483,647", f"2{NNBSP}147{NNBSP}483{NNBSP}647"),
    (10000, "", "10000", f"10{NNBSP}000"),                    # Spanish groups five digits unasked
    (2047, "", "2047", "2047"),
    (0.5, "", "0.5", "0,5"),
    (3.75, ".2f", "3.75", "3,75"),
    (-0.5, ".2f", "-0.50", "-0,50"),
    (-2097151.25, ",.2f", "-2,097,151.25", f"-2{NNBSP}097{NNBSP}151,25"),
    (-1234, "+", "-1234", "-1234"),
    (1.5e-07, ".1e", "1.5e-07", "1,5e-07"),
    (1.5e-07, "", "1.5e-07", "1,5e-07"),
    (-6.02e23, ".3E", "-6.020E+23", "-6,020E+23"),
    (123456.0, "g", "123456", f"123{NNBSP}456"),
    (1e20, "g", "1e+20", "1e+20"),
    (0.7, "+.0%", "+70%", f"+70{NBSP}%"),
    (0.125, ".1%", "12.5%", f"12,5{NBSP}%"),
    (255, "x", "ff", "ff"),                                   # not a decimal: left to format
    (math.inf, "", "inf", "inf"),
    (-math.inf, ".3f", "-inf", "-inf"),
    (math.nan, ".2e", "nan", "nan"),
    (-0.0, ".1f", "-0.0", "-0,0"),
])
def test_numbers_in_each_language(x, spec, english, spanish):
    assert number(x, spec, "en") == english == format(x, spec)
    assert number(x, spec, "es") == spanish


def test_width_fill_and_alignment_apply_to_the_written_number():
    assert number(2097151, ">12,", "es") == f"   2{NNBSP}097{NNBSP}151"
    assert number(2047.5, "<9.1f", "es") == "2047,5   "
    assert number(-2.5, "=+8.2f", "es") == "-   2,50"
    assert number(2.5, "*^9.2f", "es") == "**2,50***"
    assert number(2.5, "08.3f", "es") == "0002,500"
    assert number(12345.5, "011.1f", "es") == f"0{NNBSP}012{NNBSP}345,5"   # grouped: it has 5 digits
    # A table's columns line up in Spanish as in English: every cell has its width.
    for n in (7, 2047, 2097151, 2147483647):
        assert len(number(n, ">14,", "es")) == len(number(n, ">14,", "en")) == 14


def test_the_current_language_is_the_default():
    set_language("es")
    assert number(0.5) == "0,5" and number(2097151, ",") == f"2{NNBSP}097{NNBSP}151"
    set_language("en")
    assert number(0.5) == "0.5" and number(2097151, ",") == "2,097,151"


def test_fractions_and_numpy_numbers_are_numbers():
    from fractions import Fraction
    assert number(Fraction(1, 4), ".2f", "es") == "0,25"
    import numpy as np                       # a dependency of the workbook, never absent
    assert number(np.float64(0.25), ".2f", "es") == "0,25"
    assert number(np.int64(123456), "", "es") == f"123{NNBSP}456"
    assert number(np.float32(0.5), "", "es") == "0,5"



# ── numbers(): lists, tuples and dicts of numbers ──────────────────────────────────────────────

@pytest.mark.parametrize("values, spanish", [
    ([-1.0, -1.0], "[-1,0; -1,0]"),
    ((-1.125, 3.75), "(-1,125; 3,75)"),
    ([[0.866, -1.0], [0.5, 1.7321]], "[[0,866; -1,0]; [0,5; 1,7321]]"),
    ({"a": 6.0, "b": -4.0}, "{'a': 6,0; 'b': -4,0}"),
    (("-", 5.0), "('-'; 5,0)"),
    ((2.5,), "(2,5;)"),                                   # one item: still a tuple, as Python says
    ([], "[]"),
    ([10000, 2047, True, None], f"[10{NNBSP}000; 2047; True; None]"),
])
def test_a_list_of_numbers_prints_as_python_prints_it_in_english(values, spanish):
    assert numbers(values, lang="en") == str(values)
    assert numbers(values, lang="es") == spanish


@given(st.recursive(st.lists(st.floats(allow_nan=False) | st.integers()),
                    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=12))
def test_english_lists_are_exactly_what_print_writes(values):
    assert numbers(values, lang="en") == str(values)
    spanish = numbers(values, lang="es")
    for x in _leaves(values):
        assert number(x, "", "es") in spanish


def _leaves(values):
    if isinstance(values, dict):
        values = list(values.values())
    for item in values:
        if isinstance(item, (list, tuple, dict)):
            yield from _leaves(item)
        else:
            yield item


def test_a_spec_applies_to_every_number_and_the_current_language_is_the_default():
    set_language("es")
    assert numbers([0.5, 2097151.0], ",.2f") == f"[0,50; 2{NNBSP}097{NNBSP}151,00]"
    set_language("en")
    assert numbers([0.5, 2097151.0], ",.2f") == "[0.50, 2,097,151.00]"


@pytest.mark.parametrize("x", [2.5, "2.5", {1.0, 2.0}, range(3)])
def test_what_is_not_a_list_of_numbers_is_refused_naming_what_to_use(x):
    with pytest.raises(TypeError, match=r"expected a list, tuple or dict of numbers.*number\(\.\.\.\)"):
        numbers(x, lang="en")
    with pytest.raises(TypeError, match=r"se esperaba una lista, una tupla o un dict"):
        numbers(x, lang="es")


# ── number_ticks(): a plot's tick labels ───────────────────────────────────────────────────────

def _figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    figure = Figure()
    FigureCanvasAgg(figure)
    return figure, figure.subplots()


def _labels(axis):
    axis.figure.canvas.draw()
    return [label.get_text() for label in axis.get_ticklabels()]


@pytest.mark.parametrize("low, high", [(0.0, 1.0), (-2.5, 2.5), (0.0, 300.0), (-1.6, 1.6),
                                       (0.001, 0.004), (-6.0, 8.0)])
def test_english_tick_labels_are_matplotlibs_own(low, high):
    plain, ours = _figure(), _figure()
    for figure, ax in (plain, ours):
        ax.plot([low, high], [high, low])
    number_ticks(ours[1], lang="en")
    assert _labels(ours[1].xaxis) == _labels(plain[1].xaxis)
    assert _labels(ours[1].yaxis) == _labels(plain[1].yaxis)


def test_spanish_tick_labels_have_a_decimal_comma_and_grouped_digits():
    figure, ax = _figure()
    ax.plot([0, 300], [1.0, 0.0])
    number_ticks(ax, lang="es")
    assert _labels(ax.yaxis) == ["\u22120,2", "0,0", "0,2", "0,4", "0,6", "0,8", "1,0", "1,2"]
    assert _labels(ax.xaxis) == ["\u221250", "0", "50", "100", "150", "200", "250", "300", "350"]
    figure, ax = _figure()
    ax.plot([0, 1], [0, 80000])
    ax.set_ylim(-80000, 80000)
    number_ticks(ax.yaxis, lang="es")
    assert f"\u221280{NNBSP}000" in _labels(ax.yaxis) and "0" in _labels(ax.yaxis)
    assert "0.2" in _labels(ax.xaxis) and "0,2" not in _labels(ax.xaxis)   # only the axis asked for


def test_the_current_language_is_the_default_for_ticks_and_a_colorbar_follows_too():
    figure, ax = _figure()
    filled = ax.contourf([[0.0, 0.5], [0.7, 1.0]])
    colorbar = figure.colorbar(filled, ax=ax)
    set_language("es")
    number_ticks(ax, colorbar)
    set_language("en")
    assert _labels(colorbar.ax.yaxis)[:3] == ["0,00", "0,15", "0,30"]
    assert all("." not in label for label in _labels(ax.xaxis) + _labels(ax.yaxis))


def test_a_logarithmic_axis_keeps_its_powers_of_ten():
    figure, ax = _figure()
    ax.semilogy([1, 2, 3], [1.0, 0.1, 0.001])
    number_ticks(ax, lang="es")
    assert ax.xaxis.get_major_formatter().__class__.__name__ == "NumberFormatter"
    assert ax.yaxis.get_major_formatter().__class__.__name__ == "LogFormatterSciNotation"


@pytest.mark.parametrize("target", [None, "ax", [1, 2]])
def test_what_is_not_a_plot_is_refused(target):
    with pytest.raises(TypeError, match="number_ticks: expected matplotlib Axes, an Axis or a Colorbar"):
        number_ticks(target, lang="en")
    with pytest.raises(TypeError, match="se esperaban unos ejes"):
        number_ticks(target, lang="es")

@pytest.mark.parametrize("x", ["2.5", True, None, [1.0], 1 + 2j])
def test_what_is_not_a_real_number_is_refused_in_the_learners_language(x):
    with pytest.raises(TypeError, match="expected a real number"):
        number(x, lang="en")
    with pytest.raises(TypeError, match="se esperaba un número real"):
        number(x, lang="es")


def test_a_value_is_not_a_number():
    from minigrad import Value
    with pytest.raises(TypeError, match="of type Value"):
        number(Value(2.0), ".2f", "en")


@pytest.mark.parametrize("spec, words", [(".2q", "no es una especificación de formato"),
                                         (".2d", "no es una especificación de formato"),
                                         ("_", "guiones bajos"), (".3n", "configuración regional")])
def test_bad_specs_are_refused_with_what_to_use(spec, words):
    with pytest.raises(ValueError, match=words):
        number(12, spec, "es")
    with pytest.raises(ValueError, match="number: "):
        number(12, spec, "en")


def test_an_unknown_language_is_refused_naming_the_choices():
    choices = ", ".join(map(repr, LANGUAGES))
    with pytest.raises(ValueError, match=f"'xx' is not available; use one of {choices}"):
        number(1.0, "", "xx")


SPEC_PARTS = st.tuples(
    st.sampled_from(["", ">", "<", "^", "=", "*>", "0="]), st.sampled_from(["", "+", "-", " "]),
    st.sampled_from(["", "08", "12", "3"]), st.sampled_from(["", ","]),
    st.sampled_from(["", ".0", ".1", ".3", ".8"]), st.sampled_from(["", "e", "E", "f", "g", "G", "%"]))
REALS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12))


def _formats(x, spec):
    try:
        format(x, spec)
        return True
    except ValueError:                           # a spec Python refuses for this number
        return False


@given(REALS, SPEC_PARTS)
def test_english_is_exactly_what_format_writes(x, parts):
    spec = "".join(parts)
    if _formats(x, spec):
        assert number(x, spec, "en") == format(x, spec)


@given(REALS, SPEC_PARTS)
def test_spanish_is_the_same_number_written_the_spanish_way(x, parts):
    align, sign, width, grouping, precision, kind = parts
    spec, bare = "".join(parts), sign + precision + kind       # bare: no fill, width or grouping
    if not _formats(x, spec):
        return
    spanish = number(x, bare, "es")
    assert "." not in spanish                                  # never a decimal point
    integer = re.match(r"[-+ ]?([\d\u202f]*)", spanish).group(1)
    digits = integer.replace(NNBSP, "")
    if len(digits) >= 5:                                       # grouped in threes from the right
        head = len(digits) % 3 or 3
        assert integer.split(NNBSP) == [digits[:head]] + re.findall(r"\d{3}", digits[head:])
    else:
        assert integer == digits
    english = spanish.replace(NNBSP, "").replace(",", ".").replace(NBSP + "%", "%")
    assert english == format(x, bare)                          # the same number
    padded = number(x, spec, "es")
    assert len(padded) >= int(width or 0)
    if width and not width.startswith("0") and align[:1] in ("*", "<", ">", "^"):
        assert padded.strip(" *") == spanish.strip(" ")         # the padding is only fill


# ── The registry ───────────────────────────────────────────────────────────────────────────────

def test_the_registry_describes_every_language():
    assert list(LANGUAGES)[0] == "en" and "es" in LANGUAGES
    for code, entry in LANGUAGES.items():
        assert entry.code == code and re.fullmatch(r"[a-z]{2}", code)
        assert entry.name and entry.placeholder and entry.hint_word
        assert entry.decimal_mark != entry.group_mark
        assert entry.index_notebook.startswith(f"notebooks/{code}/")
    assert language("es").placeholder == "aún sin implementar"


def test_choosing_a_language():
    set_language("es")
    assert get_language() == "es" and language().code == "es"
    choices = ", ".join(map(repr, LANGUAGES))
    for wrong in ("xx", "ES", None, ["es"], 1):
        with pytest.raises(ValueError, match=f"use one of {choices} / el idioma .* usa uno de estos"):
            check_language(wrong)


def test_the_index_notebooks_are_the_index_lessons_notebooks():
    import build_notebooks as build
    index = next(s for s in build.sources() if s.path.name == "index.md")
    made = {str(path.relative_to(build.ROOT)) for kind, lang, path in build.targets(index)}
    assert {entry.index_notebook for entry in LANGUAGES.values()} == made


def test_the_task_runner_offers_every_language():
    import tasks
    assert tasks.INDEX_NOTEBOOKS == {code: entry.index_notebook for code, entry in LANGUAGES.items()}
    for code in LANGUAGES:
        assert tasks.parse(["start", "--lang", code])[0].lang == code


def test_the_test_command_runs_every_notebook_folder_the_build_writes():
    import build_notebooks as build
    import tasks
    written = {str(path.parent.relative_to(build.ROOT))
               for source in build.sources() for _, _, path in build.targets(source)}
    steps = {step.key: step.folders for step in tasks.TEST_STEPS}
    assert set(steps["notebooks"]) | set(steps["exercises"]) == written
    assert steps["exercises"] == [f"exercises/{code}" for code in LANGUAGES]


# ── Every text in every language ───────────────────────────────────────────────────────────────

def _modules():
    """Every module of minigrad, imported (the checker's lab modules register their exercises)."""
    import minigrad
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(minigrad.__path__, "minigrad.")]


def _fields(text):
    """The names a format string fills, e.g. {'id', 'title'} for '{id} {title!r:>{width}}'."""
    names = set()
    try:
        for _, name, spec, _ in string.Formatter().parse(text):
            if name is not None:
                names.add(re.match(r"[^.\[]*", name).group(0))
                names |= _fields(spec or "")
    except ValueError:
        names.add("<not a format string>")
    return names


def _texts(languages):
    """(where, text) for every text in a language found in minigrad's modules: a dict whose keys
    are language codes, in any module-level table, nested table, dataclass or class attribute."""
    found, seen = [], {id(LANGUAGES)}          # the registry itself is not a text

    def is_text(obj):
        return (isinstance(obj, dict) and obj and all(isinstance(k, str) for k in obj)
                and any(k in languages for k in obj)
                and all(re.fullmatch(r"[a-z]{2}", k) for k in obj))

    # Breadth first, so that a table is named where it is defined (lab03.HINTS), not where it is
    # also reachable (core.EXERCISES['03.1'].hints).
    queue = collections.deque((value, f"{module.__name__}.{name}") for module in _modules()
                              for name, value in vars(module).items() if not name.startswith("__"))
    while queue:
        obj, where = queue.popleft()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, types.ModuleType)):
            continue
        seen.add(id(obj))
        if is_text(obj):
            found.append((where, obj))
        elif isinstance(obj, dict):
            queue.extend((value, f"{where}[{key!r}]") for key, value in obj.items())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            queue.extend((value, f"{where}[{index}]") for index, value in enumerate(obj))
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            queue.extend((getattr(obj, f.name), f"{where}.{f.name}") for f in dataclasses.fields(obj))
        elif isinstance(obj, type) and obj.__module__.startswith("minigrad"):
            queue.extend((value, f"{where}.{name}") for name, value in vars(obj).items()
                         if not name.startswith("__"))
    return found


def missing_translations(languages):
    """Every text that lacks a language of ``languages``, or whose languages fill different fields."""
    problems = []
    for where, text in _texts(languages):
        absent = [code for code in languages if code not in text]
        unknown = [code for code in text if code not in languages]
        problems += [f"{where}: no text in {code}" for code in absent]
        if unknown:
            problems.append(f"{where}: a text in {', '.join(unknown)}, which is not in the registry")
        strings = {code: value for code, value in text.items() if isinstance(value, str)}
        if strings:
            fields = {code: _fields(value) for code, value in strings.items()}
            first = next(iter(fields))
            for code, names in fields.items():
                if names != fields[first]:
                    problems.append(f"{where}: {code} fills {sorted(names)}, {first} fills "
                                    f"{sorted(fields[first])}")
    return problems


def test_every_message_table_has_every_language_with_the_same_fields():
    texts = _texts(LANGUAGES)
    # The walk finds the tables it must: modules' MESSAGES, the checker's hints and titles, ...
    places = {where.rsplit("[", 1)[0] if "[" in where else where for where, _ in texts}
    for expected in ("minigrad.i18n.MESSAGES", "minigrad.nn.MESSAGES", "minigrad.checker.core.MESSAGES",
                     "minigrad.checker.lab03.HINTS", "minigrad.checker.lab03.TITLES",
                     "minigrad.stepping.ORDINALS"):
        assert any(p == expected or p.startswith(expected + "[") for p in places), expected
    assert len(texts) > 300
    problems = missing_translations(LANGUAGES)
    assert not problems, "texts to complete:\n" + "\n".join(problems)


def test_a_new_language_gets_the_list_of_every_text_to_translate():
    problems = [p for p in missing_translations({**LANGUAGES, "xx": None}) if "no text in xx" in p]
    assert len(problems) == len(_texts(LANGUAGES))              # every text lacks the new one
    assert "minigrad.nn.MESSAGES['activation']: no text in xx" in problems
    assert "minigrad.checker.core.EXERCISES['01.1'].title: no text in xx" in problems


def test_different_fields_are_caught():
    table = {"en": "{id} of {total}", "es": "{id} de {totl}"}
    assert _fields(table["en"]) == {"id", "total"} and _fields("{x!r:>{width}}") == {"x", "width"}
    assert _fields(table["en"]) != _fields(table["es"])


# ── Objects describe themselves in the learner's language ──────────────────────────────────────

def test_networks_count_their_parameters_in_the_learners_language():
    from minigrad.nn import MLP, Layer, Neuron
    model, layer, neuron = MLP(2, [2, 1]), Layer(3, 5), Neuron(2)
    assert len(model.parameters()) == 9 and len(layer.parameters()) == 20
    assert repr(model) == "MLP(2, [2, 1], activation='tanh', output_activation='tanh')  # 9 parameters"
    assert repr(layer) == "Layer(3, 5, activation='tanh')  # 20 parameters"
    assert repr(neuron) == "Neuron(2, activation='tanh')  # 3 parameters"
    set_language("es")
    assert repr(model) == "MLP(2, [2, 1], activation='tanh', output_activation='tanh')  # 9 parámetros"
    assert repr(layer) == "Layer(3, 5, activation='tanh')  # 20 parámetros"
    assert repr(neuron) == "Neuron(2, activation='tanh')  # 3 parámetros"
    big = MLP(100, [100, 1], activation="relu", output_activation="linear")
    assert len(big.parameters()) == 100 * 101 + 101
    assert repr(big).endswith(f"  # 10{NNBSP}201 parámetros")
    # The code part stays code: it builds the same network.
    code = repr(big).split("  #")[0]
    assert repr(eval(code, {"MLP": MLP})) == repr(big)
