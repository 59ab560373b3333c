"""The lessons as a learner uses them: an action in every section, questions at the end, cells that
can be run twice, assert messages in the learner's language, and links that follow the path.

Lesson 04 has its own checks besides these (tests/test_lessons_modes.py). Its cells time work up to
large sizes; running them twice here, each long call is timed once instead of best of several
(minigrad.lessons.modes.REPEATS_VARIABLE): every cell still runs twice at the sizes the learner sees,
with every assert checked.
"""

import ast
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks as build  # noqa: E402

LESSONS = ["00-derivatives", "01-graphs", "02-value", "03-backprop", "04-modes", "05-xor-mlp"]
SOURCES = {name: build.parse(ROOT / "notebooks" / "src" / f"{name}.md") for name in LESSONS}
INDEX = build.parse(ROOT / "notebooks" / "src" / "index.md")

# The learning path (one entry per notebook, English file stems); every "Next" link follows it.
PATH = [
    "notebooks/en/00-derivatives-and-the-chain-rule",
    "notebooks/en/01-computational-graphs",
    "notebooks/en/02-the-value-class",
    "exercises/en/00-value-skeleton",
    "notebooks/en/03-backpropagation",
    "exercises/en/01-operations-and-local-derivatives",
    "exercises/en/02-topological-order-and-backward",
    "exercises/en/03-gradient-checking",
    "notebooks/en/04-reverse-vs-forward-mode",
    "exercises/en/05-forward-mode-dual-numbers",
    "exercises/en/06-jacobians-both-ways",
    "notebooks/en/05-an-mlp-for-xor",
    "exercises/en/04-neuron-layer-mlp-xor",
    "exercises/en/07-a-new-operation-end-to-end",
]

SECTION = re.compile(r"^## (\d+)\. ", re.MULTILINE)
QUESTIONS = {"en": "## Questions", "es": "## Preguntas"}
YOUR_TURN = {"en": "**Your turn.**", "es": "**Te toca.**"}
ACTION_CALL = re.compile(r"^\s*(predict|choose)\(", re.MULTILINE)
LINK = re.compile(r"\]\(([^)#]+\.ipynb)\)")


def sections(source):
    """[(number, [cells])] for each numbered section: from its heading to the next heading."""
    found, current = [], None
    for cell in source.cells:
        text = cell.text.get("en", "")
        if cell.kind == "markdown" and text.lstrip().startswith("## "):
            match = SECTION.search(text)
            current = (int(match.group(1)), []) if match else None
            if current:
                found.append(current)
        if current:
            current[1].append(cell)
    return found


@pytest.mark.parametrize("name", LESSONS)
def test_every_section_ends_with_a_learner_action(name):
    numbered = sections(SOURCES[name])
    assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1)), f"{name}: sections out of order"
    for number, cells in numbered:
        last_cells = cells[-3:]      # the action closes the section (a reveal cell may follow it)
        acts = [c for c in last_cells if c.kind == "code" and ACTION_CALL.search(c.text["*"])]
        turns = [c for c in last_cells if c.kind == "markdown"
                 and all(YOUR_TURN[lang] in c.text[lang] for lang in ("en", "es"))]
        assert acts or turns, f"{name} §{number}: no prediction cell or 'Your turn' at its end"


@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_ends_with_three_to_five_questions_with_folded_answers(name):
    cell = next((c for c in SOURCES[name].cells if c.kind == "markdown"
                 and c.text["en"].lstrip().startswith(QUESTIONS["en"])), None)
    assert cell is not None, f"{name}: no '## Questions' section"
    counts = {}
    for lang in ("en", "es"):
        text = cell.text[lang]
        assert text.lstrip().startswith(QUESTIONS[lang]), f"{name}: {lang} questions heading"
        counts[lang] = text.count("<details>")
        assert text.count("</details>") == counts[lang], f"{name} ({lang}): unclosed <details>"
        assert len(re.findall(r"^\d+\. ", text, re.MULTILINE)) == counts[lang], \
            f"{name} ({lang}): one folded answer per question"
    assert counts["en"] == counts["es"] and 3 <= counts["en"] <= 5, f"{name}: {counts}"


@pytest.mark.parametrize("name", LESSONS + ["index"])
def test_every_assert_says_what_went_wrong_in_the_learners_language(name):
    source = INDEX if name == "index" else SOURCES[name]
    rendered = {lang: build.render(source, lang).cells for lang in ("en", "es")}
    for index, cell in enumerate(source.cells):
        if cell.kind != "code" or cell.lang_cell:
            continue
        for lang in ("en", "es"):
            code = rendered[lang][index].source
            for node in ast.walk(ast.parse(code)):
                if isinstance(node, ast.Assert):
                    assert node.msg is not None, \
                        f"{source.path.name}:{cell.line}: an assert without a message"
            if lang == "en":
                asserts = [n for n in ast.walk(ast.parse(cell.text["*"]))
                           if isinstance(n, ast.Assert)]
                for node in asserts:
                    message = ast.get_source_segment(cell.text["*"], node.msg)
                    assert "[[en:" in message and "es:" in message, \
                        f"{source.path.name}:{cell.line}: an assert message in one language only"


def links(source, lang):
    return [link for cell in source.cells if cell.kind == "markdown"
            for link in LINK.findall(cell.text[lang])]


@pytest.mark.parametrize("name", LESSONS + ["index"])
def test_links_point_to_notebooks_that_exist(name):
    source = INDEX if name == "index" else SOURCES[name]
    for lang in ("en", "es"):
        here = ROOT / "notebooks" / lang
        for link in links(source, lang):
            assert (here / link).resolve().exists(), f"{source.path.name} ({lang}): broken link {link}"


def stem(link, lang="en"):
    """A link from notebooks/<lang>/ as a path from the root, without .ipynb."""
    return str(((ROOT / "notebooks" / lang / link).resolve()).relative_to(ROOT))[: -len(".ipynb")]


def test_the_index_lists_the_learning_path_in_order():
    listed = [stem(link) for cell in INDEX.cells if cell.readme for link in LINK.findall(cell.text["en"])]
    assert listed == PATH


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_points_to_the_next_step_of_the_path(name):
    source = SOURCES[name]
    english = stem(f"{source.names['en']}.ipynb")
    last = source.cells[-1]
    assert last.kind == "markdown"
    following = [stem(link) for link in LINK.findall(last.text["en"])]
    assert following and following[0] == PATH[PATH.index(english) + 1], \
        f"{name}: its last cell should first link to {PATH[PATH.index(english) + 1]}, not {following[:1]}"


def run_every_cell_twice(path):
    """Execute a notebook in a fresh kernel, each code cell twice in a row (Shift+Enter twice)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    doubled = nbformat.v4.new_notebook(metadata=nb.metadata)
    for cell in nb.cells:
        if cell.cell_type == "code":
            doubled.cells += [nbformat.v4.new_code_cell(cell.source), nbformat.v4.new_code_cell(cell.source)]
    client = NotebookClient(doubled, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()


@pytest.mark.parametrize("name", LESSONS)
def test_every_cell_can_be_run_twice(name, monkeypatch):
    from minigrad.lessons.modes import REPEATS_VARIABLE

    monkeypatch.setenv(REPEATS_VARIABLE, "1")     # the kernel inherits it: long calls timed once
    source = SOURCES[name]
    run_every_cell_twice(ROOT / "notebooks" / "en" / f"{source.names['en']}.ipynb")


CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", LESSONS)
def test_quoted_table_entries_are_the_library_s_own(name):
    # A lesson that quotes minigrad/ops.py quotes it as it is: each quoted line, without the
    # "..." that stands for the fields left out, appears in the module.
    ops_source = squeeze((ROOT / "minigrad" / "ops.py").read_text(encoding="utf-8"))
    for cell in SOURCES[name].cells:
        if cell.kind != "markdown":
            continue
        for lang in ("en", "es"):
            for block in CODE_BLOCK.findall(cell.text[lang]):
                if "Op(" not in block:
                    continue
                for line in block.splitlines():
                    quoted = squeeze(re.sub(r",?\s*\.\.\.\)?\s*$", "", line))
                    assert quoted in ops_source, f"{name}:{cell.line}: not in minigrad/ops.py: {line!r}"
