"""From DOT text to SVG: the one place that knows which program draws the pictures.

    >>> from minigrad.render import svg
    >>> svg('digraph { a -> b }')          # the SVG text, or GraphvizMissing saying what to do

`minigrad.draw` builds the DOT text of a graph; this module lays it out and draws it. Nothing
else in minigrad runs a Graphviz program.

The renderer is graphviz-pure, a self-contained port of Graphviz that pip installs with the
workbook: one program, ``graphviz-pure``, with the flags of Graphviz's ``dot``. It needs nothing
from the system, and it writes the same bytes on every platform, so the drawings stored in the
notebooks can be compared exactly. A system Graphviz is used only when asked for: set the
environment variable ``MINIGRAD_DOT`` to its ``dot`` program (a path, or a name on PATH).
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from .i18n import say

__all__ = ["svg", "GraphvizMissing", "RENDERER", "FALLBACK_VARIABLE"]

RENDERER = "graphviz-pure"
FALLBACK_VARIABLE = "MINIGRAD_DOT"

MESSAGES = {
    "broken": {
        "en": "The graph cannot be drawn: graphviz-pure, the program that draws it, {problem}. "
        "The computation itself works. Install it into the Python this notebook runs on, then run "
        "this cell again:\n"
        "  %pip install graphviz-pure       (in a cell of this notebook)\n"
        "or start the workbook with `python3 tasks.py start`, which installs it.",
        "es": "El grafo no se puede dibujar: graphviz-pure, el programa que lo dibuja, {problem}. "
        "El cálculo en sí funciona. Instálalo en el Python con el que se ejecuta este cuaderno y "
        "vuelve a ejecutar esta celda:\n"
        "  %pip install graphviz-pure       (en una celda de este cuaderno)\n"
        "o abre el cuaderno de trabajo con `python3 tasks.py start`, que lo instala.",
    },
    "broken_fallback": {
        "en": "The graph cannot be drawn: {variable}={chosen} asks for that Graphviz `dot` "
        "program, and it {problem}. The computation itself works. Point {variable} at a working "
        "`dot`, or unset it to draw with graphviz-pure, which comes with the workbook.",
        "es": "El grafo no se puede dibujar: {variable}={chosen} pide el programa `dot` de "
        "Graphviz, y {problem}. El cálculo en sí funciona. Haz que {variable} apunte a un `dot` "
        "que funcione, o quítala para dibujar con graphviz-pure, que viene con el cuaderno de "
        "trabajo.",
    },
    "not_found": {
        "en": "is not installed",
        "es": "no está instalado",
    },
    "cannot_start": {
        "en": "cannot be started ({error})",
        "es": "no se puede arrancar ({error})",
    },
    "failed": {
        "en": "is installed but does not work (it stopped with exit status {code}: {said})",
        "es": "está instalado pero no funciona (terminó con el código {code}: {said})",
    },
    "no_svg": {
        "en": "is installed but does not work (it wrote no SVG)",
        "es": "está instalado pero no funciona (no ha escrito ningún SVG)",
    },
}


class GraphvizMissing(RuntimeError):
    """No working renderer; the message says what is wrong and how to fix it."""


def svg(dot_source, lang=None):
    """The SVG text of the graph described by ``dot_source`` (DOT), laid out by Graphviz's dot."""
    if sys.platform == "emscripten":
        # The JupyterLite site (Pyodide): no programs run there, Graphviz is WebAssembly.
        from . import browser
        try:
            return browser.svg(dot_source, lang)
        except browser.GraphvizNotReady as problem:
            raise GraphvizMissing(str(problem)) from None
    chosen = os.environ.get(FALLBACK_VARIABLE, "").strip()
    if chosen:
        program = shutil.which(chosen)
        key, fields = "broken_fallback", {"variable": FALLBACK_VARIABLE, "chosen": chosen}
    else:
        program = graphviz_pure()
        key, fields = "broken", {}
    if program is None:
        raise GraphvizMissing(say(MESSAGES, key, lang=lang,
                                  problem=say(MESSAGES, "not_found", lang=lang), **fields))
    problem, drawn = run(program, dot_source, lang)
    if problem:
        raise GraphvizMissing(say(MESSAGES, key, lang=lang, problem=problem, **fields))
    return drawn


def graphviz_pure():
    """The path of the graphviz-pure program installed with this Python, or None.

    It is looked for beside this Python's other scripts first (the virtual environment's bin/,
    conda's bin/, Scripts\\ on Windows), then among the user's scripts (pip install --user), then on
    PATH: a notebook kernel started from a virtual environment need not have its bin/ on PATH.
    """
    name = RENDERER + (".exe" if os.name == "nt" else "")
    folders = [sysconfig.get_path("scripts")]
    try:
        folders.append(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user")))
    except (KeyError, AttributeError):
        pass
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(RENDERER)


def run(program, dot_source, lang=None):
    """Run ``program -Tsvg`` on the DOT text: (None, svg text), or (what went wrong, None)."""
    try:
        done = subprocess.run([program, "-Tsvg"], input=dot_source.encode("utf-8"),
                              capture_output=True)
    except OSError as error:
        return say(MESSAGES, "cannot_start", lang=lang, error=error.strerror or error), None
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", errors="replace").split())[:300] or "-"
        return say(MESSAGES, "failed", lang=lang, code=done.returncode, said=said), None
    if "<svg" not in text:
        return say(MESSAGES, "no_svg", lang=lang), None
    return None, text
