"""minigrad in the browser: the workbook's JupyterLite site, where Python is Pyodide.

The site's kernel calls `start` once, before the first cell runs (see tools/build_site.py).
Two things differ from a desktop JupyterLab, and both are handled here:

- There is no ``dot`` program. Graphviz compiled to WebAssembly (``@hpcc-js/wasm-graphviz``,
  shipped with the site) lays the graphs out instead; `svg` is what `minigrad.render.svg` calls.
  The WebAssembly module loads asynchronously, in about a second; a drawing asked for before it
  is ready waits for it where the browser can block on a promise (JavaScript Promise
  Integration, in Chromium-based browsers), and otherwise says to run the cell again.
- numpy and matplotlib are not shipped with the site: Pyodide fetches them from its CDN the
  first time a cell imports them (a library that imports them later, as lesson 04's harness
  does, gets them fetched then, where the browser can wait). Without a connection, that import
  would fail and every later cell that uses them would print a traceback. Instead, a notebook's
  ``import numpy as np`` binds a stand-in that says, in the notebook's language, why the cell
  cannot run; the cells that do not need the packages work as usual.

Nothing here runs outside Pyodide: on the desktop, `minigrad.render` runs its own renderer.
"""

import ast
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

from .i18n import say

__all__ = ["IN_BROWSER", "start", "ready", "svg", "PackageUnavailable", "CdnPackageMissing"]

IN_BROWSER = sys.platform == "emscripten"

# Packages the site leaves on Pyodide's CDN, and the names under which notebooks import them.
CDN_PACKAGES = ("numpy", "matplotlib")

MESSAGES = {
    "graphviz_loading": {
        "en": "Graphviz (the WebAssembly build that draws the graphs in this browser) is still "
        "loading. Wait a moment, then run this cell again (or put "
        "`await minigrad.browser.ready()` on a line before the drawing).",
        "es": "Graphviz (la versión en WebAssembly que dibuja los grafos en este navegador) "
        "todavía se está cargando. Espera un momento y vuelve a ejecutar esta celda (o pon "
        "`await minigrad.browser.ready()` en una línea antes del dibujo).",
    },
    "graphviz_failed": {
        "en": "Graphviz (the WebAssembly build that draws the graphs in this browser) could not "
        "be loaded: {error}. The computation itself works; reload the page to try again.",
        "es": "No se ha podido cargar Graphviz (la versión en WebAssembly que dibuja los grafos "
        "en este navegador): {error}. El cálculo en sí funciona; recarga la página para "
        "volver a intentarlo.",
    },
    "graphviz_absent": {
        "en": "This Python runs in a browser, where Graphviz's `dot` program cannot run, and the "
        "WebAssembly build of Graphviz was not started. Open the workbook from its site "
        "(python3 tasks.py site), which provides it.",
        "es": "Este Python se ejecuta en un navegador, donde el programa `dot` de Graphviz no "
        "puede funcionar, y no se ha puesto en marcha la versión en WebAssembly de Graphviz. "
        "Abre el cuaderno de trabajo desde su sitio web (python3 tasks.py site), que la incluye.",
    },
    "graphviz_error": {
        "en": "Graphviz (WebAssembly) could not lay out this graph: {error}",
        "es": "Graphviz (WebAssembly) no ha podido dibujar este grafo: {error}",
    },
    "cdn_notice": {
        "en": "Note: {packages} could not be loaded. In the browser version of the workbook, "
        "numpy and matplotlib come from Pyodide's CDN on the internet, and this browser cannot "
        "reach it now. The cells that need {packages} will say so instead of running; "
        "everything else in this notebook works. To load {packages}, connect to the internet "
        "and run this cell again.",
        "es": "Aviso: no ha sido posible cargar {packages}. En la versión del cuaderno de trabajo "
        "para el navegador, numpy y matplotlib vienen de la CDN de Pyodide, en internet, y "
        "ahora este navegador no llega a ella. Las celdas que necesitan {packages} lo dirán en "
        "lugar de ejecutarse; todo lo demás de este cuaderno funciona. Para cargar "
        "{packages}, conéctate a internet y vuelve a ejecutar esta celda.",
    },
    "and": {"en": " and ", "es": " y "},
    "cdn_cell": {
        "en": "This cell needs {package}, which could not be loaded (no connection to Pyodide's "
        "CDN), so it did not run. The rest of the notebook works. To run it, connect to the "
        "internet, run the cell that imports {package} again, then this one.",
        "es": "Esta celda necesita {package}, que no se ha podido cargar (no hay conexión con la "
        "CDN de Pyodide), así que no se ha ejecutado. El resto del cuaderno funciona. Para "
        "ejecutarla, conéctate a internet, vuelve a ejecutar la celda que importa {package} "
        "y después esta.",
    },
    "cdn_not_fetched": {
        "en": "This cell needs {package}, which this browser has not loaded: here a notebook cell "
        "has to import it first. Add `import {package}` to a cell above, run that cell, then "
        "run this one again.",
        "es": "Esta celda necesita {package}, que este navegador no ha cargado: aquí tiene que "
        "importarlo antes una celda del cuaderno. Añade `import {package}` a una celda de más "
        "arriba, ejecútala y vuelve a ejecutar esta.",
    },
    "cdn_name": {
        "en": "This cell uses `{name}`, which an earlier cell could not compute because {package} "
        "could not be loaded (no connection to Pyodide's CDN), so it did not run. Connect to "
        "the internet and run the notebook again from the cell that imports {package}.",
        "es": "Esta celda usa `{name}`, que una celda anterior no ha podido calcular porque no se "
        "ha podido cargar {package} (no hay conexión con la CDN de Pyodide), así que no se ha "
        "ejecutado. Conéctate a internet y vuelve a ejecutar el cuaderno desde la celda que "
        "importa {package}.",
    },
}


# ── Graphviz as WebAssembly ───────────────────────────────────────────────────────────────────

class _Graphviz:
    """The state of the one WebAssembly Graphviz of this kernel."""

    module_source = None    # the path of the ES module that holds the WebAssembly
    promise = None          # the JavaScript promise of the loaded module
    instance = None         # the loaded Graphviz, once the promise has resolved
    error = None            # why loading failed


_LOAD_MODULE = """
(source) => import(URL.createObjectURL(new Blob([source], {type: "text/javascript"})))
    .then((module) => module.Graphviz.load())
"""


def start_graphviz(module_source):
    """Begin loading Graphviz from the ES module file ``module_source`` (returns at once)."""
    from pyodide.code import run_js
    from pyodide.ffi import create_once_callable

    if _Graphviz.promise is not None:
        return
    _Graphviz.module_source = module_source
    with open(module_source, encoding="utf-8") as file:
        source = file.read()
    # The module is read from the kernel's own files and imported from a blob: URL, so the
    # kernel does not need to know where the site is served from.
    _Graphviz.promise = run_js(_LOAD_MODULE)(source)

    def loaded(instance):
        _Graphviz.instance = instance

    def failed(error):
        _Graphviz.error = str(error)

    _Graphviz.promise.then(create_once_callable(loaded), create_once_callable(failed))


async def ready():
    """Wait until Graphviz has loaded (``await minigrad.browser.ready()`` in a cell).

    Needed only in a browser without JavaScript Promise Integration, and only right after the
    kernel starts: elsewhere a drawing waits by itself.
    """
    if _Graphviz.promise is not None and _Graphviz.instance is None and _Graphviz.error is None:
        try:
            _Graphviz.instance = await _Graphviz.promise
        except Exception as error:  # the promise's rejection, as a JsException
            _Graphviz.error = str(error)


def _loaded_graphviz(lang):
    """The loaded Graphviz, waiting for it where the browser can; else GraphvizMissing."""
    from pyodide.ffi import can_run_sync, run_sync

    from .render import GraphvizMissing

    if _Graphviz.instance is None and _Graphviz.error is None:
        if _Graphviz.promise is None:
            raise GraphvizMissing(say(MESSAGES, "graphviz_absent", lang=lang))
        if can_run_sync():
            try:
                _Graphviz.instance = run_sync(_Graphviz.promise)
            except Exception as error:  # the promise's rejection, as a JsException
                _Graphviz.error = str(error)
    if _Graphviz.error is not None:
        raise GraphvizMissing(say(MESSAGES, "graphviz_failed", lang=lang, error=_Graphviz.error))
    if _Graphviz.instance is None:
        raise GraphvizMissing(say(MESSAGES, "graphviz_loading", lang=lang))
    return _Graphviz.instance


def svg(dot_source, lang=None):
    """The SVG text of the DOT graph ``dot_source``, laid out by Graphviz compiled to WebAssembly."""
    from pyodide.ffi import JsException

    graphviz = _loaded_graphviz(lang)
    try:
        return str(graphviz.layout(dot_source, "svg", "dot"))
    except JsException as error:
        raise RuntimeError(say(MESSAGES, "graphviz_error", lang=lang, error=error)) from None


# ── numpy and matplotlib without a connection ─────────────────────────────────────────────────

class PackageUnavailable(AttributeError):
    """A notebook used a CDN package (numpy, matplotlib) that could not be loaded.

    An AttributeError, so that ``hasattr`` and ``getattr(..., default)`` see a missing name.
    """

    def __init__(self, package):
        super().__init__(package)
        self.package = package


class UnavailableModule(types.ModuleType):
    """What ``import numpy`` binds when numpy could not be fetched: every use says why."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise PackageUnavailable(self.__name__.partition(".")[0])

    def __call__(self, *args, **kwargs):
        raise PackageUnavailable(self.__name__.partition(".")[0])


def _imported_by_notebook():
    """True when the import statement being run is in a notebook cell (not inside a library)."""
    frame = sys._getframe(1)
    while frame is not None and (frame.f_code.co_filename.startswith("<frozen importlib")
                                 or frame.f_globals.get("__name__") in (__name__, "importlib")):
        frame = frame.f_back
    return frame is not None and frame.f_globals.get("__name__") == "__main__"


class CdnPackageMissing(ModuleNotFoundError):
    """A library asked for a CDN package (numpy, matplotlib) that the kernel could not fetch."""

    def __init__(self, package, key):
        super().__init__(package, name=package)
        self.package = package
        self.key = key              # which message explains it: "cdn_cell" or "cdn_not_fetched"


def _fetch(package):
    """Fetch ``package`` from Pyodide's CDN, waiting for it; True once it can be imported.

    The kernel fetches what a cell's own import statements name before the cell runs; a library
    that imports numpy or matplotlib only when it needs them (lesson 04's harness draws its plots
    so) is served here. Waiting needs JavaScript Promise Integration.
    """
    from pyodide.ffi import can_run_sync, run_sync

    import pyodide_js

    if not can_run_sync():
        return False
    run_sync(pyodide_js.loadPackage(package))
    importlib.invalidate_caches()
    return importlib.machinery.PathFinder.find_spec(package) is not None


class _UnavailableFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """numpy and matplotlib, when they are not installed.

    A notebook cell that imports them gets an `UnavailableModule` (the kernel already tried the
    CDN before the cell ran). A library that imports them gets them fetched now, or else a
    `CdnPackageMissing` that says why; a library that probes for them (``try: import numpy``)
    catches it as the ImportError it is.
    """

    def __init__(self, notices):
        self.notices = notices

    def find_spec(self, fullname, path, target=None):
        root = fullname.partition(".")[0]
        if root not in CDN_PACKAGES:
            return None
        loaded = sys.modules.get(root)
        if loaded is not None and not isinstance(loaded, UnavailableModule):
            return None                                   # the real package is loaded
        if importlib.machinery.PathFinder.find_spec(root) is not None:
            return None                                   # installed: import it normally
        if _imported_by_notebook():
            if root not in self.notices.cell_imports:
                return None                               # importlib from a cell: plain error
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        if root in self.notices.failed:
            raise CdnPackageMissing(root, self.notices.failed[root])
        if _fetch(root):
            return None                                   # installed now: import it normally
        # Tried and failed (no connection), or the browser cannot wait for the download.
        self.notices.failed[root] = "cdn_cell" if self.notices.can_wait() else "cdn_not_fetched"
        raise CdnPackageMissing(root, self.notices.failed[root])

    def create_module(self, spec):
        return UnavailableModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []
        self.notices.announce()


class _Notices:
    """What the notebook is told when CDN packages are missing, once per cell and package."""

    def __init__(self, shell):
        self.shell = shell
        self.cell = ""
        self.cell_imports = set()   # the CDN packages the running cell imports
        self.announced = False
        self.failed = {}            # package → message key: fetched in vain during this cell
        self.lost = {}              # name → package: assigned in a cell that a package stopped

    def pre_run_cell(self, info):
        self.cell = info.raw_cell or ""
        self.cell_imports = _imported_roots(self.cell) & set(CDN_PACKAGES)
        self.announced = False
        self.failed = {}

    def post_run_cell(self, result):
        # Forget the stand-ins: the next import tries the CDN again, and libraries never see them.
        for name in [name for name, module in sys.modules.items()
                     if isinstance(module, UnavailableModule)]:
            del sys.modules[name]

    @staticmethod
    def can_wait():
        from pyodide.ffi import can_run_sync

        return can_run_sync()

    def announce(self):
        """Say once per cell which of its CDN packages could not be loaded."""
        if self.announced:
            return
        self.announced = True
        missing = sorted(root for root in self.cell_imports
                         if importlib.machinery.PathFinder.find_spec(root) is None)
        packages = say(MESSAGES, "and").join(missing)
        print(say(MESSAGES, "cdn_notice", packages=packages))

    def handle(self, shell, etype, value, tb, tb_offset=None):
        """IPython's handler for PackageUnavailable and NameError (others: a normal traceback)."""
        if isinstance(value, (PackageUnavailable, CdnPackageMissing)):
            for name in _assigned_names(self.cell):
                self.lost.setdefault(name, value.package)
            print(say(MESSAGES, getattr(value, "key", "cdn_cell"), package=value.package))
            return None
        name = getattr(value, "name", None)
        if isinstance(value, NameError) and name in self.lost:
            print(say(MESSAGES, "cdn_name", name=name, package=self.lost[name]))
            return None
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None


def _imported_roots(cell):
    """The top-level packages that a cell's import statements name."""
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        return set()
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.partition(".")[0])
    return roots


def _assigned_names(cell):
    """The names a cell binds (assignments, loops, definitions, imports)."""
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).partition(".")[0] for alias in node.names)
    return names


def _install_notices(shell):
    notices = _Notices(shell)
    sys.meta_path.insert(0, _UnavailableFinder(notices))
    shell.events.register("pre_run_cell", notices.pre_run_cell)
    shell.events.register("post_run_cell", notices.post_run_cell)
    shell.set_custom_exc((PackageUnavailable, CdnPackageMissing, NameError), notices.handle)
    return notices


def start(graphviz_module):
    """Prepare the site's kernel: start loading Graphviz, and explain missing CDN packages."""
    from IPython import get_ipython

    start_graphviz(graphviz_module)
    shell = get_ipython()
    if shell is not None:
        _install_notices(shell)
