"""From DOT text to SVG: the one place that knows which Graphviz program draws the pictures.

    >>> from minigrad.render import svg
    >>> svg('digraph { a -> b }')          # the SVG text, or GraphvizMissing with what to install

`minigrad.draw` builds the DOT text of a graph; this module lays it out and draws it. Nothing
else in minigrad runs a Graphviz program, so choosing another renderer (a wheel from the package
index, a WebAssembly build in the browser) changes this file alone.
"""

import shutil
import subprocess
import sys

from .i18n import say

__all__ = ["svg", "GraphvizMissing"]

MESSAGES = {
    "no_dot": {
        "en": "Graphviz's `dot` program is not installed, so the graph cannot be drawn (the "
        "computation itself works). Install it, then run this cell again:\n"
        "  Debian/Ubuntu:     sudo apt-get install graphviz\n"
        "  macOS (Homebrew):  brew install graphviz\n"
        "  conda:             conda install -c conda-forge graphviz",
        "es": "El programa `dot` de Graphviz no está instalado, así que el grafo no se puede "
        "dibujar (el cálculo en sí funciona). Instálalo y vuelve a ejecutar esta celda:\n"
        "  Debian/Ubuntu:     sudo apt-get install graphviz\n"
        "  macOS (Homebrew):  brew install graphviz\n"
        "  conda:             conda install -c conda-forge graphviz",
    },
}


class GraphvizMissing(RuntimeError):
    """No working Graphviz renderer; the message says how to get one."""


def missing_message(lang=None):
    return say(MESSAGES, "no_dot", lang=lang)


def svg(dot_source, lang=None):
    """The SVG text of the graph described by ``dot_source`` (DOT), laid out by Graphviz."""
    if sys.platform == "emscripten":
        # The JupyterLite site (Pyodide): no programs run there, Graphviz is WebAssembly.
        from . import browser
        return browser.svg(dot_source, lang)
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(missing_message(lang))
    try:
        done = subprocess.run([dot, "-Tsvg"], input=dot_source.encode("utf-8"),
                              capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        raise GraphvizMissing(missing_message(lang)) from None
    return done.stdout.decode("utf-8")
