"""Spanish uses one translation per term: the glossary's.

The project's glossary (docs/GLOSSARY.md) must keep every row of the shared glossary it follows,
and the Spanish text learners read (notebooks, exercises, minigrad's messages) must not use the
variants the glossary rules out.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "GLOSSARY.md"
PROJECT = ROOT / "docs" / "GLOSSARY.md"

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
}


def _rows(path):
    rows = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and not set(cells[0]) <= set("-: "):
            rows.add((cells[0], cells[1]))
    return rows


def test_project_glossary_keeps_every_shared_term():
    if not SHARED.exists():
        pytest.skip("the shared glossary is not beside this checkout")
    missing = _rows(SHARED) - _rows(PROJECT)
    assert not missing, f"docs/GLOSSARY.md lacks these rows of the shared glossary: {sorted(missing)}"


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
