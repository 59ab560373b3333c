"""Build every notebook of the workbook from its one multilingual source.

Maintainers run it (``python3 tasks.py build``); learners never do. The languages are those of the
registry ``minigrad.i18n.LANGUAGES`` (today English and Spanish). Sources:

* ``notebooks/src/*.md``  → ``notebooks/<lang>/*.ipynb`` (executed, with outputs);
* ``solutions/src/*.md``  → ``solutions/<lang>/*.ipynb`` (executed) and ``exercises/<lang>/*.ipynb``
  (solution regions replaced by a hint and a placeholder; no outputs);
* the index lesson's sections marked ``readme`` → README.md, between its workbook-index markers.

A source is a sequence of cells, each opened by a header line::

    +++ notebook en=00-derivatives es=00-derivadas     (first line: output file names, no .ipynb)
    +++ markdown en                                    (English prose; opens a section)
    +++ markdown es                                    (the same section in Spanish, after its English twin)
    +++ code                                           (one code cell, shared by every language)
    +++ code lang                                      (the one cell allowed to differ: "{lang}" becomes en / es)
    +++ code tags=raises-exception                     (cell tags, comma separated)
    +++ markdown en readme / +++ markdown es readme    (also copied into README.md; index only)

A section has one markdown block per language of the registry, the registry's first language first.

Inside a code cell, text a learner reads is written in every language; identifiers never change:

* a whole-line comment tagged with a language; a run of such lines keeps the lines of the
  notebook's language, without their tags (indentation kept)::

      # en: the bug: = instead of +=
      # es: el error: = en lugar de +=

* anywhere else (a string, a docstring, a trailing comment, an assert message), a marked text,
  which may span lines and is replaced by the text of the notebook's language, stripped of the
  spaces around it (it ends at the first ``]]``)::

      [[en: re-run the cell that builds f || es: vuelve a ejecutar la celda que construye f]]

  A marked text must sit inside a string literal or a comment, never stand for code.

A tagged run or a marked text that lacks a language of the registry is an error naming the file and
line, so adding a language lists everything still to translate.

Inside a solution's code, an exercise is a region::

    ### BEGIN SOLUTION
    ...the solution...
    ### END SOLUTION

Solution notebooks show the region as it is; exercise notebooks replace it by a pointer to the
exercise's hints and ``raise NotImplementedError(...)`` (the registry's hint word and placeholder
text), which the checker reports as "not yet implemented". The exercise is the one that the next
``check("NN.k")`` cell after the region checks. Its hints are written once, as tiers from the idea
to the concrete step, next to its check (``minigrad/checker/labNN.py``): the exercise notebook
shows them as folded ``<details>`` blocks at the end of the markdown cell just above the exercise
cell, and ``hint("NN.k")`` in the notebook prints the same texts, one tier at a time. No hint is
visible until the learner opens it, so no exercise shows its solution above the cell.

A region may instead carry one fixed hint line per language (``### HINT en: ...``, ``### HINT es:
...``), shown as the comment above the placeholder; a region with hint lines for some languages
only is an error.

Every generated notebook records a fingerprint of its cells. A notebook whose cells no longer match
it was edited by hand (a learner working in an exercise, say): the build leaves it alone and says
so, unless given ``--overwrite-edits``.

Usage: ``build_notebooks.py [--check] [--force] [--no-execute] [--overwrite-edits] [NAME ...]``
"""

import argparse
import hashlib
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))                # this checkout's minigrad, not another one
from minigrad.i18n import LANGUAGES  # noqa: E402  (the registry of the workbook's languages)

README_START, README_END = "<!-- workbook-index:start -->", "<!-- workbook-index:end -->"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
EXECUTION_TIMEOUT = 120  # seconds per cell; a lesson must run in far less (20 s in all)


class SourceError(ValueError):
    """A source file breaks the format; the message names the file and line (every problem found)."""


@dataclass
class Cell:
    kind: str                       # "markdown" or "code"
    text: dict                      # {lang: ...} for markdown; {"*": ...} for code
    tags: list = field(default_factory=list)
    lang_cell: bool = False         # code that differs by language ({lang} substituted)
    readme: bool = False            # markdown copied into README.md
    line: int = 0                   # the line of its '+++' header
    first: int = 0                  # the line of the first line of its text


@dataclass
class Source:
    path: Path
    names: dict                     # {lang: file stem}
    cells: list

    @property
    def is_lab(self):
        return self.path.parent.parent.name == "solutions"


def _languages_named(codes):
    return ", ".join(f"{code} ({LANGUAGES[code].name})" for code in codes)


# ── Reading a source ───────────────────────────────────────────────────────────────────────────

HEADER = re.compile(r"^\+\+\+ (\w+)(.*)$")


def parse(path):
    """Read a multilingual source into cells, checking that every section has every language.

    Raises one :class:`SourceError` listing every problem of the file, each with its line.
    """
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    problems = []

    def problem(line, message):
        problems.append(f"{path.name}:{line}: {message}")

    blocks = []                     # (line number, kind, options, body lines)
    for number, line in enumerate(lines, 1):
        match = HEADER.match(line)
        if match:
            blocks.append((number, match.group(1), match.group(2).split(), []))
        elif blocks:
            blocks[-1][3].append(line)
        elif line.strip():
            problem(number, "text before the first '+++' header")
    example = " ".join(f"{code}=NAME" for code in LANGUAGES)
    if not blocks or blocks[0][1] != "notebook":
        raise SourceError(f"{path.name}:1: the first line must be '+++ notebook {example}'")
    names = dict(option.split("=", 1) for option in blocks[0][2] if "=" in option)
    missing = [code for code in LANGUAGES if code not in names]
    if missing:
        problem(1, f"no file name for {_languages_named(missing)}: write '+++ notebook {example}'")
    unknown = [code for code in names if code not in LANGUAGES]
    if unknown:
        problem(1, f"file names for languages that minigrad.i18n.LANGUAGES does not list: "
                   f"{', '.join(unknown)}")

    first_language = next(iter(LANGUAGES))
    cells, section = [], None       # section: the markdown cell being filled, one language at a time

    def close_section():
        nonlocal section
        if section is not None:
            absent = [code for code in LANGUAGES if code not in section.text]
            if absent:
                problem(section.line, f"this section lacks its text in {_languages_named(absent)}: "
                                      f"add '+++ markdown {absent[0]}' after it")
            else:
                cells.append(section)
        section = None

    for number, kind, options, body in blocks[1:]:
        leading = next((i for i, line in enumerate(body) if line.strip("\n")), len(body))
        text = "\n".join(body).strip("\n")
        first = number + 1 + leading
        if kind == "markdown":
            langs = [o for o in options if o in LANGUAGES]
            if len(langs) != 1:
                problem(number, f"say which language, one of minigrad.i18n.LANGUAGES: "
                                f"'+++ markdown {first_language}' or {', '.join(list(LANGUAGES)[1:])}"
                                f" (found {' '.join(options) or 'none'})")
                continue
            lang, readme = langs[0], "readme" in options
            if lang == first_language:
                close_section()
                section = Cell("markdown", {lang: text}, readme=readme, line=number, first=first)
            elif section is None:
                problem(number, f"a section in {lang} with no {LANGUAGES[first_language].name} "
                                f"section before it")
            elif lang in section.text:
                problem(number, f"the section of line {section.line} already has its {lang} text")
            else:
                if readme != section.readme:
                    problem(number, "'readme' must mark every language of a section or none")
                section.text[lang] = text
        elif kind == "code":
            close_section()
            tags = [t for o in options if o.startswith("tags=") for t in o[5:].split(",") if t]
            cell = Cell("code", {"*": text}, tags=tags, lang_cell="lang" in options, line=number,
                        first=first)
            problems.extend(f"{path.name}:{first + offset}: {message}"
                            for offset, message in check_code(text))
            cells.append(cell)
        else:
            close_section()
            problem(number, f"unknown cell kind {kind!r} (markdown or code)")
    close_section()
    if problems:
        raise SourceError("\n".join(problems))
    return Source(path, names, cells)


# ── Text in the notebook's language inside code ────────────────────────────────────────────────

def _codes():
    return "|".join(re.escape(code) for code in LANGUAGES)


def _tagged_line():
    """A whole-line comment tagged with a language: '    # es: el error: = en lugar de +='."""
    return re.compile(rf"^(?P<indent>[ \t]*)#[ \t]*(?P<lang>{_codes()}):[ \t]?(?P<text>.*)$")


def _marker_start():
    return re.compile(rf"\[\[[ \t]*(?:{_codes()})[ \t]*:")


MARKER_END, MARKER_SPLIT = "]]", "||"
MARKER_PART = re.compile(r"\s*(?P<lang>[A-Za-z][\w-]*)[ \t]*:(?P<text>.*)\Z", re.DOTALL)


def _tagged_runs(lines):
    """Each run of consecutive tagged comment lines: (first index, end index, {lang: [lines]})."""
    tagged = _tagged_line()
    runs, start = [], None
    for index, line in enumerate([*lines, ""]):
        match = tagged.match(line) if index < len(lines) else None
        if match and start is None:
            start, texts = index, {}
        if match:
            text = match.group("text")
            texts.setdefault(match.group("lang"), []).append(
                f"{match.group('indent')}# {text}" if text else f"{match.group('indent')}#")
        elif start is not None:
            runs.append((start, index, texts))
            start = None
    return runs


def _markers(code):
    """Each marked text: (start, end, {lang: text}, problem or None), in order."""
    found, position, start = [], 0, _marker_start()
    while (match := start.search(code, position)) is not None:
        end = code.find(MARKER_END, match.end())
        if end < 0:
            found.append((match.start(), len(code), {}, "this [[...]] text is never closed with ']]'"))
            break
        texts, problem = {}, None
        for part in code[match.start() + 2:end].split(MARKER_SPLIT):
            piece = MARKER_PART.match(part)
            if piece is None:
                problem = (f"each part of a [[...]] text starts with a language and a colon, "
                           f"such as 'es:'; this one does not: {part.strip()[:40]!r}")
            elif piece.group("lang") not in LANGUAGES:
                problem = (f"{piece.group('lang')!r} in this [[...]] text is not a language of "
                           f"minigrad.i18n.LANGUAGES ({', '.join(LANGUAGES)})")
            elif piece.group("lang") in texts:
                problem = f"this [[...]] text gives {piece.group('lang')} twice"
            else:
                texts[piece.group("lang")] = piece.group("text").strip()
        absent = [code_ for code_ in LANGUAGES if code_ not in texts]
        if problem is None and absent:
            problem = f"this [[...]] text lacks {_languages_named(absent)}"
        found.append((match.start(), end + len(MARKER_END), texts, problem))
        position = end + len(MARKER_END)
    return found


def _replace_markers(code, choose):
    """``code`` with each marked text replaced by ``choose(index, texts)``."""
    pieces, position = [], 0
    for index, (start, end, texts, _) in enumerate(_markers(code)):
        pieces += [code[position:start], choose(index, texts)]
        position = end
    return "".join(pieces + [code[position:]])


def _line_of(code, offset):
    return code.count("\n", 0, offset)


NEUTRAL = "MARKED_TEXT_{}"     # stands for the k-th marked text when checking where it sits


def _misplaced_markers(code, markers):
    """Marked texts that do not sit wholly inside one string literal or comment.

    With every marked text replaced by a name, a name outside a string is a marked text standing
    for code; and putting one language's text back must leave the code's tokens as they were (a
    quote inside it would end the string).
    """
    def variant(chosen, lang=None):
        return _replace_markers(code, lambda index, texts:
                                texts[lang] if index == chosen else NEUTRAL.format(index))
    try:
        base = code_skeleton(variant(None))
    except (tokenize.TokenError, SyntaxError):
        return []                   # not Python the tokenizer reads; nbval will say so
    problems = []
    for index, (start, _, texts, _) in enumerate(markers):
        line = _line_of(code, start)
        if ("NAME", NEUTRAL.format(index)) in base:
            problems.append((line, "this [[...]] text stands for code; it may only sit inside a "
                                   "string or a comment"))
            continue
        for lang in texts:
            try:
                same = same_code(base, code_skeleton(variant(index, lang)))
            except (tokenize.TokenError, SyntaxError):
                same = False
            if not same:
                problems.append((line, f"the {lang} text of this [[...]] text changes the code around "
                                       "it (a quote or a bracket in it?): keep it inside one string"))
                break
    return problems


_FSTRING_START = getattr(tokenize, "FSTRING_START", None)    # Python 3.12+ splits f-strings up
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}


def code_skeleton(code):
    """The tokens that make ``code`` what it does, as (type, text) pairs: comments and blank lines
    left out, each string literal (an f-string whole, on every Python) one ("STRING", text)."""
    tokens, depth, pieces = [], 0, []
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == _FSTRING_START:
            depth += 1
        if depth:
            pieces.append(token.string)
            if token.type == _FSTRING_END:
                depth -= 1
                if not depth:
                    tokens.append(("STRING", "".join(pieces)))
                    pieces = []
        elif token.type not in _NOT_CODE:
            tokens.append((tokenize.tok_name[token.type], token.string))
    return tokens


def same_code(neutral, other):
    """Whether skeleton ``other`` is ``neutral``'s code, where a string holding a marked text's
    stand-in (:data:`NEUTRAL`) may hold any text."""
    stand_in = NEUTRAL.split("{")[0]
    return len(neutral) == len(other) and all(
        a == b or (a[0] == b[0] == "STRING" and stand_in in a[1]) for a, b in zip(neutral, other))



def check_code(code):
    """Every problem of a code cell's text: (line offset, message), for the author to fix."""
    problems = []
    for start, end, texts in _tagged_runs(code.split("\n")):
        absent = [lang for lang in LANGUAGES if lang not in texts]
        if absent:
            problems.append((start, f"these tagged comment lines lack {_languages_named(absent)}: "
                                    f"add '# {absent[0]}: ...' lines"))
    markers = _markers(code)
    problems += [(_line_of(code, start), problem) for start, _, _, problem in markers if problem]
    if markers and not problems:
        problems += _misplaced_markers(code, markers)
    for match in REGION.finditer(code):
        line = _line_of(code, match.start())
        hints, _ = _split_region(match.group("body"))
        unknown = [lang for lang in hints if lang not in LANGUAGES]
        if unknown:
            problems.append((line, f"'### HINT {unknown[0]}:' is not a language of minigrad.i18n.LANGUAGES"))
        absent = [lang for lang in LANGUAGES if not hints.get(lang)]
        if hints and absent:        # no hint line at all: the exercise's tiers are its hints
            problems.append((line, f"this solution region has no hint in {_languages_named(absent)}: "
                                   f"add '### HINT {absent[0]}: ...'"))
        if not match.group("indent"):
            problems.append((line, "a solution region must sit inside a function body, so that the "
                                   "exercise cell still runs and the checker can report it"))
    return sorted(problems)


def localise(code, lang, origin=("code", 1), mark=None):
    """``code`` as the notebook in ``lang`` shows it: tagged comments and marked texts in ``lang``.

    ``mark``, when given, replaces every marked text instead (the tests use it to find where
    marked texts sit). ``origin`` is (file name, line of the code's first line), for errors.
    """
    problems = check_code(code)
    if problems:
        name, first = origin
        raise SourceError("\n".join(f"{name}:{first + offset}: {message}" for offset, message in problems))
    lines, result = code.split("\n"), []
    position = 0
    for start, end, texts in _tagged_runs(lines):
        result += lines[position:start] + texts[lang]
        position = end
    text = "\n".join(result + lines[position:])
    return _replace_markers(text, lambda index, texts: texts[lang] if mark is None else mark)


# ── Solution regions ───────────────────────────────────────────────────────────────────────────

REGION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*\n(?P<body>.*?)^[ \t]*### END SOLUTION[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
HINT = re.compile(r"^[ \t]*### HINT (?P<lang>[A-Za-z][\w-]*):[ \t]*(?P<text>.*)$")


def _split_region(body):
    """The hint lines (by language) and the solution lines of a region's body."""
    hints, code = {}, []
    for line in body.splitlines():
        match = HINT.match(line)
        if match:
            hints[match.group("lang")] = match.group("text")
        else:
            code.append(line)
    return hints, code


def has_region(code):
    return REGION.search(code) is not None


def solution_code(code):
    """The code as the solution notebook shows it: markers kept, hint lines removed."""
    def keep(match):
        _, lines = _split_region(match.group("body"))
        indent = match.group("indent")
        return "\n".join([f"{indent}### BEGIN SOLUTION", *lines, f"{indent}### END SOLUTION"])
    return REGION.sub(keep, code)


def exercise_code(code, lang, where, exercise_id=None):
    """The code as the exercise notebook shows it: each region replaced by its hint (a pointer to
    ``hint(exercise_id)`` when the region has no hint line) and a placeholder."""
    language = LANGUAGES[lang]

    def replace(match):
        hints, _ = _split_region(match.group("body"))
        indent = match.group("indent")
        if not indent:
            raise SourceError(f"{where}: a solution region must sit inside a function body, so that "
                              "the exercise cell still runs and the checker can report it")
        if hints and not hints.get(lang):
            raise SourceError(f"{where}: the region has no '### HINT {lang}:' line")
        if not hints and exercise_id is None:
            raise SourceError(f"{where}: a solution region needs a check(\"NN.k\") cell after it, "
                              "which names the exercise whose hints it points to")
        hint = hints[lang] if hints else _say("hint_pointer", lang, id=exercise_id)
        return (f"{indent}# {language.hint_word}: {hint}\n"
                f"{indent}raise NotImplementedError({language.placeholder!r})")
    return REGION.sub(replace, code)


# ── Hints on demand ────────────────────────────────────────────────────────────────────────────

CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](?P<id>\d\d\.\d+)["']""")
# A cell that only asks a question (minigrad.quiz): its code holds the answer, so its input starts
# folded; the learner answers in the widget, and can still unfold the code.
QUIZ_CELL = re.compile(r"\A(predict|choose)\(")


def _say(key, lang, **fields):
    """A text of the checker's message table (the hints' words live there, with the hints)."""
    from minigrad.checker import core
    return core.say(core.MESSAGES, key, lang, **fields)


def exercise_ids(source):
    """{index of a code cell with a solution region: the exercise id its next check cell names}."""
    ids, pending = {}, []
    for index, cell in enumerate(source.cells):
        if cell.kind != "code":
            continue
        if has_region(cell.text["*"]):
            pending.append(index)
        found = CHECK_CALL.search(cell.text["*"])
        if found:
            ids.update((i, found.group("id")) for i in pending)
            pending = []
    if pending:
        cell = source.cells[pending[0]]
        raise SourceError(f"{source.path.name}:{cell.line}: a solution region needs a "
                          "check(\"NN.k\") cell after it, which names its exercise")
    return ids


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def hint_blocks(exercise_id, lang):
    """The exercise's hint tiers as folded <details> blocks, in ``lang``, for a markdown cell."""
    from minigrad.checker import core

    tiers = core.tiers_of(exercise_id)
    blocks = []
    for k, tier in enumerate(tiers, 1):
        kind = _say("tier_first" if k == 1 else "tier_final" if k == len(tiers) else "tier_middle",
                    lang)
        summary = _say("tier_summary", lang, k=k, n=len(tiers), kind=kind)
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", tier[lang])
        blocks.append(f"<details><summary>{summary}</summary>\n\n{text}\n\n</details>")
    return "\n".join(blocks)


# ── Making notebooks ───────────────────────────────────────────────────────────────────────────

def _notebook(cells, lang):
    nb = nbformat.v4.new_notebook()
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index:03d}"     # stable ids: rebuilding changes nothing
    nb.cells = cells
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "minigrad": {"language": lang, "generated": "tools/build_notebooks.py; edit the source instead",
                     "fingerprint": fingerprint(nb)},
    }
    return nb


def fingerprint(nb):
    """A short hash of the notebook's cells (outputs aside), recorded when it is generated."""
    text = json.dumps(_code_sources(nb), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def edited_since_generated(path):
    """True when someone (a learner, usually) changed the cells of a generated notebook."""
    if not path.exists():
        return False
    nb = nbformat.read(path, as_version=4)
    recorded = nb.metadata.get("minigrad", {}).get("fingerprint")
    return recorded is not None and recorded != fingerprint(nb)


def cell_code(source, cell, lang, exercise=False, mark=None, exercise_id=None):
    """A code cell's text in the notebook for ``lang`` (``mark``: see :func:`localise`)."""
    code = cell.text["*"]
    if cell.lang_cell:
        code = code.replace("{lang}", lang)
    code = localise(code, lang, (source.path.name, cell.first), mark)
    if exercise:
        index = next((i for i, c in enumerate(source.cells) if c is cell), None)
        if exercise_id is None and index is not None and has_region(code):
            exercise_id = exercise_ids(source).get(index)
        return exercise_code(code, lang, f"{source.path.name}:{cell.line}", exercise_id)
    return solution_code(code) if source.is_lab else code


def render(source, lang, exercise=False):
    """The notebook for one language: the solution (or lesson) or, with ``exercise``, the exercise,
    whose markdown cell above each exercise cell ends with that exercise's folded hints."""
    ids = exercise_ids(source) if exercise else {}
    cells = []
    for index, cell in enumerate(source.cells):
        if cell.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.text[lang]))
            continue
        if index in ids and not _split_region(REGION.search(cell.text["*"]).group("body"))[0]:
            if not cells or cells[-1].cell_type != "markdown":
                raise SourceError(f"{source.path.name}:{cell.line}: an exercise cell needs a "
                                  "markdown cell just above it, for its hints")
            cells[-1].source += "\n\n" + hint_blocks(ids[index], lang)
        new = nbformat.v4.new_code_cell(cell_code(source, cell, lang, exercise, exercise_id=ids.get(index)))
        if cell.tags:
            new.metadata["tags"] = list(cell.tags)
        if QUIZ_CELL.match(new.source):
            new.metadata["jupyter"] = {"source_hidden": True}
        cells.append(new)
    return _notebook(cells, lang)


def targets(source):
    """(kind, lang, path) of every notebook a source produces."""
    area = source.path.parent.parent
    result = [("main", lang, area / lang / f"{source.names[lang]}.ipynb") for lang in LANGUAGES]
    if source.is_lab:
        result += [("exercise", lang, ROOT / "exercises" / lang / f"{source.names[lang]}.ipynb")
                   for lang in LANGUAGES]
    return result


def sources(names=()):
    found = sorted((ROOT / "notebooks" / "src").glob("*.md")) + sorted((ROOT / "solutions" / "src").glob("*.md"))
    if names:
        found = [p for p in found if any(n in p.stem for n in names)]
    parsed, problems = [], []
    for path in found:
        try:
            parsed.append(parse(path))
        except SourceError as error:
            problems.append(str(error))
    if problems:
        raise SourceError("\n".join(problems))
    return parsed


def _code_sources(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def _cells(nb):
    """What makes two notebooks the same notebook: their cells, and which start folded."""
    return [cell + (c.metadata.get("jupyter", {}),) for cell, c in zip(_code_sources(nb), nb.cells)]


def up_to_date(expected, path, executed=False):
    """True when the committed notebook at ``path`` has exactly the expected cells.

    With ``executed``, its stored outputs must also come from one clean run: nbval compares only
    cells that were run, so a notebook saved without outputs would otherwise pass unchecked.
    """
    if not path.exists():
        return False
    current = nbformat.read(path, as_version=4)
    same = _cells(current) == _cells(expected) and \
        current.metadata.get("minigrad") == expected.metadata.get("minigrad")
    return same and (not executed or ran_cleanly(current))


def ran_cleanly(nb):
    """Every code cell ran once, in order, in one kernel (counts 1..N), and none stored an error."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    in_order = [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    errors = any(output.output_type == "error" for cell in code for output in cell.outputs
                 if "raises-exception" not in cell.metadata.get("tags", []))
    return in_order and not errors


def execute(nb, path):
    """Run the notebook in a fresh kernel, in its own folder, and keep its outputs."""
    from nbclient import NotebookClient

    path.parent.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(nb, timeout=EXECUTION_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)     # wall-clock timestamps: different on every run
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# ── README index ───────────────────────────────────────────────────────────────────────────────

def readme_index(all_sources):
    """The README's index: the index lesson's 'readme' sections, every language in registry order."""
    parts = {lang: [] for lang in LANGUAGES}
    for source in all_sources:
        for cell in source.cells:
            if cell.readme:
                for lang in LANGUAGES:
                    parts[lang].append(_readme_links(cell.text[lang], lang))
    if not any(parts.values()):
        return None
    return "\n\n".join(text for lang in LANGUAGES for text in parts[lang])


LINK = re.compile(r"\]\((?!https?:|#)([^)]*)\)")


def _readme_links(text, lang):
    """Rewrite the index notebook's links (relative to notebooks/<lang>/) for README.md at the top."""
    def move(match):
        target = match.group(1)
        if target.startswith("../../"):
            return f"]({target[len('../../'):]})"
        return f"](notebooks/{lang}/{target})"
    return LINK.sub(move, text)


def update_readme(text, index):
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SourceError(f"README.md needs the lines {README_START} and {README_END}")
    return text[: start + len(README_START)] + "\n" + index + "\n" + text[end:]


# ── Command line ───────────────────────────────────────────────────────────────────────────────

def out_of_date(all_sources=None):
    """Every generated file that does not match its source (path strings, relative to the root)."""
    all_sources = sources() if all_sources is None else all_sources
    stale = []
    for source in all_sources:
        for kind, lang, path in targets(source):
            expected = render(source, lang, exercise=(kind == "exercise"))
            if not up_to_date(expected, path, executed=(kind == "main")):
                stale.append(str(path.relative_to(ROOT)))
    readme = ROOT / "README.md"
    index = readme_index(all_sources)
    if index is not None and readme.exists():
        text = readme.read_text(encoding="utf-8")
        if update_readme(text, index) != text:
            stale.append("README.md")
    return stale


def _shown(path):
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="build only sources whose name contains one of these")
    parser.add_argument("--check", action="store_true", help="only list out-of-date files; exit 1 if any")
    parser.add_argument("--force", action="store_true", help="re-execute even notebooks that are up to date")
    parser.add_argument("--no-execute", action="store_true", help="write notebooks without running them")
    parser.add_argument("--overwrite-edits", action="store_true",
                        help="also replace generated notebooks that were edited by hand")
    args = parser.parse_args(argv)

    try:
        all_sources = sources(args.names)
    except SourceError as error:
        print(f"the sources need fixing first:\n{error}", file=sys.stderr)
        return 2
    if args.check:
        stale = out_of_date(all_sources)
        print("\n".join(stale) if stale else "every generated notebook is up to date")
        return 1 if stale else 0

    kept = []
    for source in all_sources:
        for kind, lang, path in targets(source):
            nb = render(source, lang, exercise=(kind == "exercise"))
            if edited_since_generated(path) and not args.overwrite_edits:
                kept.append(_shown(path))     # a learner's work: never overwritten
            elif kind == "exercise":
                write(nb, path)                       # exercises carry no outputs
            elif args.force or not up_to_date(nb, path, executed=not args.no_execute):
                print(f"building {_shown(path)}", flush=True)
                write(nb if args.no_execute else execute(nb, path), path)
    if not args.names:
        index = readme_index(all_sources)
        readme = ROOT / "README.md"
        if index is not None and readme.exists():
            readme.write_text(update_readme(readme.read_text(encoding="utf-8"), index), encoding="utf-8")
    if kept:
        print("not rebuilt, because they were edited by hand since they were generated (copy your work "
              "elsewhere, then run again with --overwrite-edits):\n  " + "\n  ".join(kept))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
