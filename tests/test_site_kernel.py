"""minigrad's in-browser branch (minigrad.browser) and the site's package lock, on the desktop.

The browser itself is tested in tests/site/. Here the same code runs under CPython:

- Graphviz as WebAssembly: a stand-in for Pyodide's ``pyodide.ffi`` and for the loaded Graphviz
  (which runs the desktop's ``dot``) checks the three states a drawing can meet — loaded, still
  loading (with and without JavaScript Promise Integration), failed — and that drawings and
  steppers under Pyodide show what they show on the desktop;
- numpy and matplotlib without the CDN: a real IPython shell runs notebook cells that import a
  package that cannot be installed, and must print the notice in the notebook's language, with
  no traceback, while other errors keep theirs;
- the kernel's lock (tools/build_site.py): wheels served by the site, everything else by the
  CDN, and minigrad without its desktop dependencies.
"""

import hashlib
import io
import json
import sys
import types
import urllib.request
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from tasks_module import load_build_site

from minigrad import Value, browser, render, set_language
from minigrad.draw import draw_graph
from minigrad.i18n import LANGUAGES
from minigrad.render import GraphvizMissing
from minigrad.widgets import BackwardStepper

CHECKOUT = Path(__file__).resolve().parents[1]

build_site = load_build_site()


# ── Graphviz as WebAssembly ───────────────────────────────────────────────────────────────────

class FakeGraphviz:
    """What ``Graphviz.load()`` resolves to: ``layout(dot, "svg", "dot")``, here by the desktop's
    renderer."""

    def __init__(self):
        self.calls = []

    def layout(self, dot_source, fmt, engine):
        self.calls.append((fmt, engine))
        saved, sys.platform = sys.platform, "linux"
        try:
            return render.svg(dot_source)
        finally:
            sys.platform = saved


class FakePromise:
    def __init__(self):
        self.callbacks = None

    def then(self, loaded, failed):
        self.callbacks = (loaded, failed)


class FakePyodide:
    """The parts of Pyodide that minigrad.browser uses, with JSPI on or off."""

    def __init__(self, jspi, outcome):
        self.jspi = jspi
        self.outcome = outcome           # what run_sync gives: a Graphviz, or an exception
        self.promise = FakePromise()
        self.loaded_source = None

        ffi = types.ModuleType("pyodide.ffi")
        ffi.can_run_sync = lambda: self.jspi
        ffi.run_sync = self.run_sync
        ffi.create_once_callable = lambda f: f
        ffi.JsException = type("JsException", (Exception,), {})
        code = types.ModuleType("pyodide.code")
        code.run_js = lambda source: self.load_module
        package = types.ModuleType("pyodide")
        package.ffi, package.code = ffi, code
        self.modules = {"pyodide": package, "pyodide.ffi": ffi, "pyodide.code": code}

    def load_module(self, source):
        self.loaded_source = source
        return self.promise

    def run_sync(self, awaitable):
        assert awaitable is self.promise
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


@pytest.fixture
def in_browser(monkeypatch, tmp_path):
    """A function that switches to running as under Pyodide and starts a fake Graphviz."""
    monkeypatch.setattr(browser, "_Graphviz", type("_Graphviz", (browser._Graphviz,), {}))
    module = tmp_path / "graphviz.mjs"
    module.write_text("export const Graphviz = {};")

    def start(jspi=True, outcome=None):
        monkeypatch.setattr(sys, "platform", "emscripten")
        fake = FakePyodide(jspi, FakeGraphviz() if outcome is None else outcome)
        for name, value in fake.modules.items():
            monkeypatch.setitem(sys.modules, name, value)
        browser.start_graphviz(str(module))
        return fake

    return start


def test_under_pyodide_the_svg_comes_from_the_webassembly_graphviz(in_browser):
    fake = in_browser(jspi=True)
    assert fake.loaded_source == "export const Graphviz = {};"
    source = 'digraph { a -> b }'
    svg = render.svg(source)
    assert fake.outcome.calls == [("svg", "dot")]
    assert "<svg" in svg and "<title>a</title>" in svg


def test_drawings_and_steppers_show_the_same_under_pyodide_as_on_the_desktop(in_browser):
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b + a).tanh()
    L.label = "L"
    desktop_drawing = draw_graph(L).svg()
    desktop_stepper = BackwardStepper(L)
    desktop_stepper.go(3)
    graphviz = in_browser(jspi=True).outcome
    assert draw_graph(L).svg() == desktop_drawing
    stepper = BackwardStepper(L)
    stepper.go(3)
    assert stepper.svg() == desktop_stepper.svg()
    assert len(graphviz.calls) == 2                  # both laid out by the browser's Graphviz
    assert stepper.state.narration == desktop_stepper.state.narration


def test_without_jspi_a_drawing_before_graphviz_has_loaded_says_to_run_the_cell_again(in_browser):
    in_browser(jspi=False)
    set_language("es")
    with pytest.raises(GraphvizMissing, match="todavía se está cargando"):
        render.svg("digraph { a }")
    drawing = draw_graph(Value(1.0, label="x") * 2)
    bundle = drawing._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "vuelve a ejecutar esta celda" in bundle["text/html"]
    stepper = BackwardStepper(Value(1.0) * 2)
    assert stepper.svg() == ""
    assert "todavía se está cargando" in stepper._graph.value


def test_once_the_promise_has_resolved_drawings_work_without_jspi(in_browser):
    fake = in_browser(jspi=False)
    loaded, _failed = fake.promise.callbacks
    loaded(FakeGraphviz())
    assert "<svg" in render.svg("digraph { a }")


def test_a_graphviz_that_failed_to_load_is_named_in_the_message(in_browser):
    in_browser(jspi=True, outcome=RuntimeError("wasm compile error"))
    with pytest.raises(GraphvizMissing, match="could not be loaded: wasm compile error"):
        render.svg("digraph { a }")
    with pytest.raises(GraphvizMissing, match="reload the page"):     # and it stays so
        render.svg("digraph { a }")


def test_a_kernel_that_never_started_graphviz_says_where_to_get_it(monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(browser, "_Graphviz", type("_Graphviz", (browser._Graphviz,), {}))
    fake = FakePyodide(jspi=True, outcome=FakeGraphviz())
    for name, value in fake.modules.items():
        monkeypatch.setitem(sys.modules, name, value)
    with pytest.raises(GraphvizMissing, match="tasks.py site"):
        render.svg("digraph { a }")


# ── numpy and matplotlib without the CDN ──────────────────────────────────────────────────────

MISSING = "minigrad_cdn_package_that_is_not_installed"


class FakeCdn:
    """Pyodide's package loader for the missing package: loadPackage succeeds or not, JSPI or not."""

    def __init__(self, monkeypatch, folder, reachable=False, jspi=True):
        self.folder, self.reachable, self.jspi, self.asked = folder, reachable, jspi, []
        ffi = types.ModuleType("pyodide.ffi")
        ffi.can_run_sync = lambda: self.jspi
        ffi.run_sync = lambda awaitable: awaitable
        pyodide_js = types.ModuleType("pyodide_js")
        pyodide_js.loadPackage = self.load_package
        package = types.ModuleType("pyodide")
        package.ffi = ffi
        for name, module in (("pyodide", package), ("pyodide.ffi", ffi), ("pyodide_js", pyodide_js)):
            monkeypatch.setitem(sys.modules, name, module)
        monkeypatch.syspath_prepend(str(folder))

    def load_package(self, name):
        self.asked.append(name)
        if self.reachable:                     # "install" it where the path finder looks
            (self.folder / name).mkdir(exist_ok=True)
            (self.folder / name / "__init__.py").write_text("ANSWER = 42\n")


@pytest.fixture
def cdn(monkeypatch, tmp_path):
    return FakeCdn(monkeypatch, tmp_path)


@pytest.fixture
def shell(monkeypatch, cdn):
    """A real IPython shell with the site kernel's notices; CDN_PACKAGES names a missing one."""
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setattr(browser, "CDN_PACKAGES", (MISSING, "json"))
    shell = InteractiveShell.instance()
    before = list(sys.meta_path)
    notices = browser._install_notices(shell)
    try:
        yield shell
    finally:
        sys.meta_path[:] = before
        shell.events.unregister("pre_run_cell", notices.pre_run_cell)
        shell.events.unregister("post_run_cell", notices.post_run_cell)
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
        for name in [name for name in sys.modules if name.startswith(MISSING)]:
            del sys.modules[name]


LIBRARY = f"""
def plot():
    import {MISSING}                   # imported only when needed, as lesson 04's harness does
    return {MISSING}.ANSWER


def probe():
    try:
        import {MISSING}.sub
    except ImportError:
        return 'ImportError'
"""


@pytest.fixture
def library(shell):
    module = types.ModuleType("some_library")
    exec(LIBRARY, module.__dict__)
    shell.user_ns["some_library"] = module
    return module


def run(shell, cell):
    """Run ``cell`` as a notebook cell; (what it printed, the exception it ended with)."""
    out = io.StringIO()
    with redirect_stdout(out):
        result = shell.run_cell(cell, store_history=True)
    return out.getvalue(), result.error_in_exec


def test_a_missing_cdn_package_is_explained_in_the_notebooks_language(shell):
    set_language("es")
    printed, error = run(shell, f"import math\nimport {MISSING}.pyplot as plt\n"
                                f"import {MISSING} as np\nafter_the_import = 1")
    assert error is None
    assert printed.count("Aviso: no ha sido posible cargar") == 1       # once per cell
    assert MISSING in printed
    assert "Traceback" not in printed
    assert shell.user_ns["after_the_import"] == 1                       # the cell went on

    printed, error = run(shell, "ok = 2\ngrid = np.linspace(0, 1, 5)\nfig = plt.figure()")
    assert isinstance(error, browser.PackageUnavailable)
    assert printed.startswith(f"Esta celda necesita {MISSING}")
    assert "Traceback" not in printed
    assert shell.user_ns["ok"] == 2

    printed, error = run(shell, "print(len(grid))")          # computed by the cell that failed
    assert isinstance(error, NameError)
    assert printed.startswith("Esta celda usa `grid`")
    assert "Traceback" not in printed


def test_other_errors_keep_their_traceback(shell):
    run(shell, f"import {MISSING} as np")
    printed, error = run(shell, "print(a_name_never_assigned)")
    assert isinstance(error, NameError)
    assert "NameError" in printed and "CDN" not in printed
    printed, error = run(shell, "1 / 0")
    assert isinstance(error, ZeroDivisionError)
    assert "ZeroDivisionError" in printed


def test_installed_packages_and_library_probes_are_left_alone(shell, library, cdn):
    printed, error = run(shell, "import json\nvalue = json.dumps([1])")
    assert error is None and printed == "" and shell.user_ns["value"] == "[1]"
    # A library that probes for the package gets its ImportError.
    printed, error = run(shell, f"import {MISSING}\nprobed = some_library.probe()")
    assert shell.user_ns["probed"] == "ImportError"
    assert cdn.asked == [MISSING]                     # it was tried once
    # The stand-ins are forgotten after each cell: the next import tries the CDN again.
    assert not [name for name in sys.modules if name.startswith(MISSING)]


def test_a_library_that_imports_a_cdn_package_when_needed_gets_it_fetched(shell, library, cdn):
    cdn.reachable = True
    printed, error = run(shell, "answer = some_library.plot()")
    assert error is None and shell.user_ns["answer"] == 42
    assert cdn.asked == [MISSING]


def test_a_library_import_without_the_cdn_is_explained(shell, library, cdn):
    set_language("es")
    printed, error = run(shell, "ok = 1\nanswer = some_library.plot()")
    assert isinstance(error, browser.CdnPackageMissing)
    assert printed.startswith(f"Esta celda necesita {MISSING}, que no se ha podido cargar")
    assert "Traceback" not in printed
    printed, error = run(shell, "print(answer)")
    assert printed.startswith("Esta celda usa `answer`")


def test_without_jspi_a_library_import_says_to_import_the_package_in_a_cell_first(shell, library,
                                                                                   cdn):
    cdn.jspi = False
    printed, error = run(shell, "answer = some_library.plot()")
    assert isinstance(error, browser.CdnPackageMissing)
    assert f"Add `import {MISSING}` to a cell above" in printed
    assert cdn.asked == []


def test_the_notices_speak_both_languages_with_the_same_fields():
    for key, texts in browser.MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        fields = [sorted(__import__("string").Formatter().parse(texts[lang]),
                         key=str) for lang in LANGUAGES]
        names = [{field for _, field, _, _ in parsed if field} for parsed in fields]
        assert all(each == names[0] for each in names), key


# ── The kernel's package lock (tools/build_site.py) ──────────────────────────────────────────

def test_minigrad_in_the_kernel_needs_only_ipywidgets_and_graphviz():
    try:
        import tomllib
    except ModuleNotFoundError:                                # Python 3.10
        import tomli as tomllib
    pyproject = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())
    depends = build_site.kernel_depends(pyproject["project"]["dependencies"])
    assert depends == ["graphviz", "ipywidgets"]


def make_wheel(folder, name, version, requires=(), module=None):
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    module = module or name.replace("-", "_")
    build_site.write_wheel(path, name, version, {f"{module}/__init__.py": b""}, requires)
    return path


def test_the_kernel_lock_serves_local_wheels_and_sends_the_rest_to_the_cdn(tmp_path):
    pyodide_lock = {"info": {"python": "3.14.2"}, "packages": {
        "numpy": {"name": "numpy", "version": "2.4.6", "file_name": "numpy-2.4.6-cp314.whl",
                  "sha256": "0" * 64, "imports": ["numpy"], "depends": [],
                  "install_dir": "site", "package_type": "package"},
        "traitlets": {"name": "traitlets", "version": "5.14.3",
                      "file_name": "traitlets-5.14.3-py3-none-any.whl", "sha256": "1" * 64,
                      "imports": ["traitlets"], "depends": [], "install_dir": "site",
                      "package_type": "package", "unvendored_tests": True},
    }}
    local = {
        "traitlets": make_wheel(tmp_path, "traitlets", "5.14.3"),
        "demo-widgets": make_wheel(tmp_path, "demo-widgets", "1.0",
                                   ["traitlets>=5", "pytest; extra == 'test'",
                                    "jupyterlab>=4", "numpy", "colorama; sys_platform == 'win32'"],
                                   module="demo_widgets"),
    }
    lock = build_site.kernel_lock(pyodide_lock, local)
    packages = lock["packages"]
    assert packages["numpy"]["file_name"] == build_site.PYODIDE_CDN + "numpy-2.4.6-cp314.whl"
    assert pyodide_lock["packages"]["numpy"]["file_name"] == "numpy-2.4.6-cp314.whl"  # a copy
    traitlets = packages["traitlets"]
    assert traitlets["file_name"] == local["traitlets"].name
    assert traitlets["sha256"] == hashlib.sha256(local["traitlets"].read_bytes()).hexdigest()
    assert traitlets["unvendored_tests"] is False
    demo = packages["demo-widgets"]
    assert demo["imports"] == ["demo_widgets"]
    assert demo["depends"] == ["traitlets"]          # no extras, no desktop-only or CDN packages
    json.dumps(lock)


def test_a_local_wheel_needing_a_package_the_lock_lacks_stops_the_build(tmp_path):
    lock = {"info": {}, "packages": {}}
    wheel = make_wheel(tmp_path, "needs-more", "1.0", ["not-in-the-lock"])
    with pytest.raises(SystemExit):
        build_site.kernel_lock(lock, {"needs-more": wheel})


def test_the_written_wheels_record_matches_their_files(tmp_path):
    import base64
    import csv
    import zipfile

    wheel = make_wheel(tmp_path, "demo", "2.0", ["traitlets"])
    with zipfile.ZipFile(wheel) as archive:
        (record_name,) = [n for n in archive.namelist() if n.endswith("RECORD")]
        rows = list(csv.reader(io.StringIO(archive.read(record_name).decode())))
        for member, digest, size in rows:
            if member == record_name:
                continue
            data = archive.read(member)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + expected.decode() and int(size) == len(data)
    assert build_site.wheel_metadata(wheel)[:2] == ("demo", "2.0")


def test_the_server_gives_webassembly_and_modules_their_types(tmp_path):
    (tmp_path / "core.wasm").write_bytes(b"\0asm")
    (tmp_path / "kernel.mjs").write_text("export {};")
    with build_site.serving(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        for name, kind in (("core.wasm", "application/wasm"), ("kernel.mjs", "text/javascript")):
            with urllib.request.urlopen(url + name, timeout=10) as response:
                assert response.headers["Content-Type"].startswith(kind)


def test_the_landing_page_opens_each_languages_index():
    page = (CHECKOUT / "tools" / "site" / "index.html").read_text(encoding="utf-8")
    for lang, path in build_site.INDEX.items():
        assert f'href="lab/index.html?path={path}"' in page
        assert (CHECKOUT / path).is_file()
