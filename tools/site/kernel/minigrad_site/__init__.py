"""The workbook site's own kernel package: Graphviz as WebAssembly, and the kernel's start.

tools/build_site.py packs this folder into the wheel ``minigrad-site`` together with
``graphviz.mjs``, the ES module of npm's ``@hpcc-js/wasm-graphviz`` (Apache-2.0, its licence
beside it). The site's kernel runs ``startup.py`` (PYTHONSTARTUP) before the first cell.
"""

from pathlib import Path

GRAPHVIZ_MODULE = Path(__file__).with_name("graphviz.mjs")


def start():
    """Start loading Graphviz and prepare the notebooks' messages (see minigrad.browser)."""
    from minigrad import browser

    browser.start(GRAPHVIZ_MODULE)
