"""Spanish uses one translation per term: the glossary's.

The project's glossary (docs/GLOSSARY.md) is checked on its own in every checkout: one row per
English term, the shared glossary's rows first and then the project's additions, each override of
a shared row naming what it replaces. Where the workbook's shared glossary (../shared/GLOSSARY.md)
sits beside the checkout, the same test also checks that every shared row is kept, row for row or
as a named override. The Spanish text learners read (notebooks, exercises, minigrad's messages,
README) must not use the variants the glossary rules out.
"""

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "GLOSSARY.md"
PROJECT = ROOT / "docs" / "GLOSSARY.md"
ADDITION, OVERRIDE = "project addition", "project override"

# Variants a translator might reach for, and the glossary's term to use instead.
RULED_OUT = {
    r"\bmodo (hacia )?adelante\b": "modo directo",
    r"\bmodo reverso\b": "modo inverso",
    r"\bmodo hacia atrás\b": "modo inverso",
    r"\bpasada hacia adelante\b": "pasada hacia delante",
    r"\bpropagación hacia atrás\b": "retropropagación / pasada hacia atrás",
    r"\bretro-propagación\b": "retropropagación",
    r"\b(la|las|una) gradientes?\b": "el gradiente",
    r"\bordenamiento topológico\b": "ordenación topológica",
    r"\bgrafo de cómputo\b": "grafo computacional",
    r"\bgráfico computacional\b": "grafo computacional",
    r"\b(ritmo|velocidad) de aprendizaje\b": "tasa de aprendizaje",
    r"\bcierre \(\*closure\*\)": "clausura (*closure*)",
    r"\bnúmeros dobles\b": "números duales",
    r"\bcomputadora\b": "ordenador (Spain)",
    r"\bustedes\b": "tú (the learner is addressed as tú)",
    r"\blaboratorios?\b": "práctica (lab)",
    r"\bcorrección automática\b|\bse corrigen automáticamente\b": "comprobador (checker)",
}


def _rows(path):
    """The glossary table's rows, in order, as (English, Spanish, note)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and not set(cells[0]) <= set("-: ") and cells[0] != "English":
            rows.append(tuple(cells + [""] * (3 - len(cells))) if len(cells) < 3 else tuple(cells))
    return rows


def glossary_problems(project, shared=None):
    """What is wrong with the project glossary ``project``, checked against ``shared`` if given."""
    rows = _rows(project)
    if not rows:
        return [f"{project.name}: no table found"]
    problems = []
    for row in rows:
        if len(row) != 3 or not row[0] or not row[1]:
            problems.append(f"a row needs English, Spanish and a note (may be empty): {row}")
    english = [row[0] for row in rows]
    problems += [f"'{term}' has two rows: one term, one translation"
                 for term in sorted({t for t in english if english.count(t) > 1})]
    # The shared rows first, then the project's own, each marked.
    first_addition = next((i for i, row in enumerate(rows) if ADDITION in row[2]), len(rows))
    shared_block, additions = rows[:first_addition], rows[first_addition:]
    problems += [f"'{row[0]}' comes after the project's additions but does not say '{ADDITION}'"
                 for row in additions if ADDITION not in row[2]]
    overrides = {row[0]: row for row in shared_block if OVERRIDE in row[2]}
    problems += [f"'{term}' says '{OVERRIDE}' but not which shared rendering («…») it replaces"
                 for term, row in overrides.items() if not re.search(r"«[^»]+»", row[2])]
    if shared is not None:
        shared_rows = _rows(shared)
        kept = [(row[0], row[1]) for row in shared_block]
        for row in shared_rows:
            if row[0] in overrides:
                if f"«{row[1]}»" not in overrides[row[0]][2]:
                    problems.append(f"'{row[0]}': the override does not quote the shared «{row[1]}»")
            elif (row[0], row[1]) not in kept:
                problems.append(f"the shared row {row[0]!r} → {row[1]!r} is missing")
        extra = {term for term, _ in kept} - {row[0] for row in shared_rows}
        problems += [f"'{term}' sits among the shared rows but is not one; mark it '{ADDITION}'"
                     for term in sorted(extra)]
    return problems


def test_the_project_glossary_is_one_table_and_keeps_the_shared_glossary():
    rows = _rows(PROJECT)
    assert len(rows) > 100 and any(OVERRIDE in row[2] for row in rows)
    # Beside the workbook's shared glossary, also check that every shared row is kept.
    problems = glossary_problems(PROJECT, SHARED if SHARED.exists() else None)
    assert not problems, "docs/GLOSSARY.md:\n" + "\n".join(problems)


def test_the_glossary_check_finds_what_it_looks_for(tmp_path):
    shared, project = tmp_path / "shared.md", tmp_path / "project.md"
    head = "| English | Español | note |\n|---|---|---|\n"
    shared.write_text(head + "| loss | pérdida | |\n| batch | lote | |\n| seed | semilla | |\n",
                      encoding="utf-8")
    project.write_text(head + "| loss | pérdida | |\n| batch | tanda | project override |\n"
                       "| slope | pendiente | project addition |\n| loss | coste | |\n", encoding="utf-8")
    assert glossary_problems(project, shared) == [
        "'loss' has two rows: one term, one translation",
        "'loss' comes after the project's additions but does not say 'project addition'",
        "'batch' says 'project override' but not which shared rendering («…») it replaces",
        "'batch': the override does not quote the shared «lote»",
        "the shared row 'seed' → 'semilla' is missing",
    ]
    project.write_text(head + "| loss | pérdida | |\n| batch | tanda | project override of «lote» |\n"
                       "| seed | semilla | |\n| slope | pendiente | project addition |\n", encoding="utf-8")
    assert glossary_problems(project, shared) == glossary_problems(project) == []


def _spanish_texts():
    for folder in ("notebooks/es", "solutions/es", "exercises/es"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                yield f"{folder}/{path.name}", cell.source
    for path in sorted((ROOT / "minigrad").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    yield "README.md", (ROOT / "README.md").read_text(encoding="utf-8")


def test_spanish_uses_the_glossary_terms():
    problems = []
    for where, text in _spanish_texts():
        for pattern, right in RULED_OUT.items():
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                problems.append(f"{where}: '{match.group(0)}' → use '{right}'")
    assert not problems, "\n".join(problems)
