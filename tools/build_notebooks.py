"""Build every notebook of the workbook from its one bilingual source.

Maintainers run it (``python3 tasks.py build``); learners never do. Sources:

* ``notebooks/src/*.md``  → ``notebooks/en/*.ipynb`` and ``notebooks/es/*.ipynb`` (executed, with outputs);
* ``solutions/src/*.md``  → ``solutions/{en,es}/*.ipynb`` (executed) and ``exercises/{en,es}/*.ipynb``
  (solution regions replaced by a hint and a placeholder; no outputs);
* the index lesson's sections marked ``readme`` → README.md, between its workbook-index markers.

A source is a sequence of cells, each opened by a header line::

    +++ notebook en=00-derivatives es=00-derivadas     (first line: output file names, no .ipynb)
    +++ markdown en                                    (English prose)
    +++ markdown es                                    (the same section in Spanish; must follow its English twin)
    +++ code                                           (one code cell, shared by both languages)
    +++ code lang                                      (the one cell allowed to differ: "{lang}" becomes en / es)
    +++ code tags=raises-exception                     (cell tags, comma separated)
    +++ markdown en readme / +++ markdown es readme    (also copied into README.md; index only)

Inside a solution's code, an exercise is a region::

    ### BEGIN SOLUTION
    ### HINT en: the local derivative of a·b with respect to a is b
    ### HINT es: la derivada local de a·b respecto de a es b
    ...the solution...
    ### END SOLUTION

Solution notebooks show the region without its hint lines; exercise notebooks replace it by the hint
and ``raise NotImplementedError(...)``, which the checker reports as "not yet implemented".

Every generated notebook records a fingerprint of its cells. A notebook whose cells no longer match
it was edited by hand (a learner working in an exercise, say): the build leaves it alone and says
so, unless given ``--overwrite-edits``.

Usage: ``build_notebooks.py [--check] [--force] [--no-execute] [--overwrite-edits] [NAME ...]``
"""

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "es")
PLACEHOLDER = {"en": "not yet implemented", "es": "aún sin implementar"}
HINT_WORD = {"en": "Hint", "es": "Pista"}
README_START, README_END = "<!-- workbook-index:start -->", "<!-- workbook-index:end -->"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
EXECUTION_TIMEOUT = 120  # seconds per cell; a lesson must run in far less (20 s in all)


class SourceError(ValueError):
    """A source file breaks the format; the message names the file and line."""


@dataclass
class Cell:
    kind: str                       # "markdown" or "code"
    text: dict                      # {"en": ..., "es": ...} for markdown; {"*": ...} for code
    tags: list = field(default_factory=list)
    lang_cell: bool = False         # code that differs by language ({lang} substituted)
    readme: bool = False            # markdown copied into README.md
    line: int = 0


@dataclass
class Source:
    path: Path
    names: dict                     # {"en": file stem, "es": file stem}
    cells: list

    @property
    def is_lab(self):
        return self.path.parent.parent.name == "solutions"


# ── Reading a source ───────────────────────────────────────────────────────────────────────────

HEADER = re.compile(r"^\+\+\+ (\w+)(.*)$")


def parse(path):
    """Read a bilingual source into cells, checking that every prose section has both languages."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks = []                     # (line number, kind, options, body lines)
    for number, line in enumerate(lines, 1):
        match = HEADER.match(line)
        if match:
            blocks.append((number, match.group(1), match.group(2).split(), []))
        elif blocks:
            blocks[-1][3].append(line)
        elif line.strip():
            raise SourceError(f"{path.name}:{number}: text before the first '+++' header")
    if not blocks or blocks[0][1] != "notebook":
        raise SourceError(f"{path.name}:1: the first line must be '+++ notebook en=NAME es=NAME'")
    names = dict(option.split("=", 1) for option in blocks[0][2])
    if set(names) != set(LANGS):
        raise SourceError(f"{path.name}:1: give exactly en=... and es=... file names")

    cells, pending = [], None       # pending: an English markdown block waiting for its Spanish twin
    for number, kind, options, body in blocks[1:]:
        text = "\n".join(body).strip("\n")
        if kind == "markdown":
            lang = next((o for o in options if o in LANGS), None)
            if lang is None:
                raise SourceError(f"{path.name}:{number}: say which language: '+++ markdown en' or 'es'")
            readme = "readme" in options
            if lang == "en":
                if pending:
                    raise SourceError(f"{path.name}:{pending.line}: English section with no Spanish twin")
                pending = Cell("markdown", {"en": text}, readme=readme, line=number)
            else:
                if pending is None:
                    raise SourceError(f"{path.name}:{number}: Spanish section with no English section before it")
                if readme != pending.readme:
                    raise SourceError(f"{path.name}:{number}: 'readme' must mark both languages or neither")
                pending.text["es"] = text
                cells.append(pending)
                pending = None
        elif kind == "code":
            if pending:
                raise SourceError(f"{path.name}:{pending.line}: English section with no Spanish twin")
            tags = [t for o in options if o.startswith("tags=") for t in o[5:].split(",") if t]
            cells.append(Cell("code", {"*": text}, tags=tags, lang_cell="lang" in options, line=number))
        else:
            raise SourceError(f"{path.name}:{number}: unknown cell kind {kind!r} (markdown or code)")
    if pending:
        raise SourceError(f"{path.name}:{pending.line}: English section with no Spanish twin")
    return Source(path, names, cells)


# ── Solution regions ───────────────────────────────────────────────────────────────────────────

REGION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*\n(?P<body>.*?)^[ \t]*### END SOLUTION[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
HINT = re.compile(r"^[ \t]*### HINT (en|es):[ \t]*(.*)$")


def _split_region(body):
    """The hint lines (by language) and the solution lines of a region's body."""
    hints, code = {}, []
    for line in body.splitlines():
        match = HINT.match(line)
        if match:
            hints[match.group(1)] = match.group(2)
        else:
            code.append(line)
    return hints, code


def solution_code(code):
    """The code as the solution notebook shows it: markers kept, hint lines removed."""
    def keep(match):
        _, lines = _split_region(match.group("body"))
        indent = match.group("indent")
        return "\n".join([f"{indent}### BEGIN SOLUTION", *lines, f"{indent}### END SOLUTION"])
    return REGION.sub(keep, code)


def exercise_code(code, lang, where):
    """The code as the exercise notebook shows it: each region replaced by its hint and a placeholder."""
    def replace(match):
        hints, _ = _split_region(match.group("body"))
        indent = match.group("indent")
        if not indent:
            raise SourceError(f"{where}: a solution region must sit inside a function body, so that "
                              "the exercise cell still runs and the checker can report it")
        if lang not in hints:
            raise SourceError(f"{where}: the region has no '### HINT {lang}:' line")
        return (f"{indent}# {HINT_WORD[lang]}: {hints[lang]}\n"
                f"{indent}raise NotImplementedError({PLACEHOLDER[lang]!r})")
    return REGION.sub(replace, code)


def has_region(code):
    return REGION.search(code) is not None


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


def render(source, lang, exercise=False):
    """The notebook for one language: the solution (or lesson) or, with ``exercise``, the exercise."""
    cells = []
    for cell in source.cells:
        if cell.kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.text[lang]))
            continue
        code = cell.text["*"]
        if cell.lang_cell:
            code = code.replace("{lang}", lang)
        if exercise:
            code = exercise_code(code, lang, f"{source.path.name}:{cell.line}")
        elif source.is_lab:
            code = solution_code(code)
        new = nbformat.v4.new_code_cell(code)
        if cell.tags:
            new.metadata["tags"] = list(cell.tags)
        cells.append(new)
    return _notebook(cells, lang)


def targets(source):
    """(kind, lang, path) of every notebook a source produces."""
    area = source.path.parent.parent
    result = [("main", lang, area / lang / f"{source.names[lang]}.ipynb") for lang in LANGS]
    if source.is_lab:
        result += [("exercise", lang, ROOT / "exercises" / lang / f"{source.names[lang]}.ipynb")
                   for lang in LANGS]
    return result


def sources(names=()):
    found = sorted((ROOT / "notebooks" / "src").glob("*.md")) + sorted((ROOT / "solutions" / "src").glob("*.md"))
    if names:
        found = [p for p in found if any(n in p.stem for n in names)]
    return [parse(p) for p in found]


def _code_sources(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def up_to_date(expected, path, executed=False):
    """True when the committed notebook at ``path`` has exactly the expected cells.

    With ``executed``, its stored outputs must also come from one clean run: nbval compares only
    cells that were run, so a notebook saved without outputs would otherwise pass unchecked.
    """
    if not path.exists():
        return False
    current = nbformat.read(path, as_version=4)
    same = _code_sources(current) == _code_sources(expected) and \
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
    parts = {lang: [] for lang in LANGS}
    for source in all_sources:
        for cell in source.cells:
            if cell.readme:
                for lang in LANGS:
                    parts[lang].append(_readme_links(cell.text[lang], lang))
    if not parts["en"]:
        return None
    return "\n\n".join(parts["en"] + parts["es"])


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

    all_sources = sources(args.names)
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
