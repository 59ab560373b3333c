"""The workbook's JupyterLite site, built and served here, driven in headless Chromium.

`python3 tasks.py site` builds the site into a temporary folder (tools/build_site.py; the first
build also sets up build/site-tools/), which is served on 127.0.0.1. Chromium may reach nothing
else: every host name but loopback fails to resolve, and every request elsewhere is aborted and
recorded. Each test opens the site the way a learner does, runs every cell of a notebook and reads
the outputs from JupyterLab's own notebook model:

- lesson 03 in English and in Spanish, reached from the landing page and the index of its
  language: no error output, graphs drawn by the WebAssembly Graphviz, and a BackwardStepper
  whose narration changes with each click, in the notebook's language;
- lab 02 in both languages: no error output, the checker's feedback shown;
- every notebook that plots (lessons 00, 04 and 05, lab 04), in both languages: with Pyodide's CDN
  out of reach, the cells that need numpy or matplotlib print a clear notice in the notebook's
  language and no cell shows an error (lesson 04 is run up to its first plot: the rest takes
  minutes in a browser);
- the built lock: minigrad without its desktop dependencies, every local wheel with its hash.

Chromium comes from the system (MINIGRAD_CHROMIUM or /usr/bin/chromium). These tests are part
of ``python3 tasks.py test``; on their own: ``.venv/bin/python -m pytest tests/site``.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from chromium import chromium_is_there, launched_chromium
from tasks_module import load_build_site

from minigrad.browser import CDN_PACKAGES, _imported_roots
from minigrad.i18n import LANGUAGES

pytestmark = pytest.mark.browser

CHECKOUT = Path(__file__).resolve().parents[2]
# No name resolves but loopback: nothing leaves this machine.
ONLY_LOOPBACK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


build_site = load_build_site()

LESSON_03 = {"en": "notebooks/en/03-backpropagation.ipynb",
             "es": "notebooks/es/03-retropropagacion.ipynb"}
LAB_02 = {"en": "exercises/en/02-topological-order-and-backward.ipynb",
          "es": "exercises/es/02-orden-topologico-y-backward.ipynb"}
PLOTTING = {
    "en": ["notebooks/en/00-derivatives-and-the-chain-rule.ipynb",
           "notebooks/en/04-reverse-vs-forward-mode.ipynb",
           "notebooks/en/05-an-mlp-for-xor.ipynb",
           "exercises/en/04-neuron-layer-mlp-xor.ipynb"],
    "es": ["notebooks/es/00-derivadas-y-regla-de-la-cadena.ipynb",
           "notebooks/es/04-modo-inverso-frente-a-modo-directo.ipynb",
           "notebooks/es/05-un-mlp-para-xor.ipynb",
           "exercises/es/04-neurona-capa-mlp-xor.ipynb"],
}
WORDS = {  # what the landing page's button, the stepper and the notices say, per language
    "en": {"open": "Open the workbook", "step": "Step {k}/",
           "notice": "In the browser version of the workbook, numpy and matplotlib come from",
           "skipped": ("This cell needs", "This cell uses"), "checker": "not yet implemented"},
    "es": {"open": "Abrir el cuaderno de trabajo", "step": "Paso {k}/",
           "notice": "para el navegador, numpy y matplotlib vienen de la CDN",
           "skipped": ("Esta celda necesita", "Esta celda usa"), "checker": "aún sin implementar"},
}

# The notebook panel in front, once its kernel has started (JupyterLab's own API).
KERNEL_READY = """
async (path) => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  let panel = null;
  for (let i = 0; i < 1200; i++) {
    panel = app.shell.currentWidget;
    if (panel && panel.sessionContext && panel.context.path === path) break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  if (!panel || panel.context.path !== path) throw new Error("not opened: " + path);
  await panel.context.ready;
  await panel.sessionContext.ready;
  await panel.sessionContext.session.kernel.info;
}
"""

# Run the code cells one by one, until the last or until every word of ``until`` (if given) has
# appeared in the outputs; return each run cell's source and outputs as nbformat JSON.
RUN_CELLS = """
async ([until, seconds]) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  const deadline = Date.now() + seconds * 1000;
  const cells = [];
  let shown = "";
  for (let i = 0; i < notebook.widgets.length; i++) {
    const model = notebook.widgets[i].model;
    if (model.type !== "code") continue;
    notebook.activeCellIndex = i;
    const ran = app.commands.execute("notebook:run-cell");
    const late = new Promise((_, reject) => setTimeout(
      () => reject(new Error("cell " + i + " still running after " + seconds + " s")),
      Math.max(0, deadline - Date.now())));
    await Promise.race([ran, late]);
    const outputs = [];
    for (let k = 0; k < model.outputs.length; k++) outputs.push(model.outputs.get(k).toJSON());
    cells.push({source: model.sharedModel.getSource(), outputs});
    shown += JSON.stringify(outputs);
    if (until && until.every(group => group.some(word => shown.includes(word)))) break;
  }
  return cells;
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site, built from this checkout into a temporary folder."""
    chromium_is_there()
    out = tmp_path_factory.mktemp("site") / "site"
    done = subprocess.run([sys.executable, str(CHECKOUT / "tools" / "build_site.py"),
                           "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def url(site):
    with build_site.serving(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with launched_chromium([ONLY_LOOPBACK]) as chromium:
        yield chromium


class Visit:
    """One learner's visit: a fresh browser profile in which only the site can be reached."""

    def __init__(self, browser, url, locale):
        self.url = url
        self.outside = []              # every request that tried to leave the machine
        self.page_errors = []
        self.context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _route(self, route):
        address = route.request.url
        if address.split("?")[0].endswith("/jupyter-lite.json"):
            # The test's only change to the site: JupyterLab's object on window, to run cells.
            response = route.fetch()
            config = response.json()
            config["jupyter-config-data"]["exposeAppInBrowser"] = "true"
            return route.fulfill(response=response, json=config)
        if address.startswith((self.url, "blob:", "data:")):
            return route.continue_()
        self.outside.append(address)
        return route.abort()

    def open(self, path):
        """Open ``path`` in JupyterLab directly and wait for its kernel."""
        self.page.goto(f"{self.url}lab/index.html?path={path}", wait_until="domcontentloaded")
        return self.wait_for(path)

    def wait_for(self, path):
        self.page.wait_for_function("() => window.jupyterapp !== undefined", timeout=120_000)
        self.page.evaluate(KERNEL_READY, path)

    def run_all(self, seconds=300):
        """Run every code cell, in order."""
        return self.page.evaluate(RUN_CELLS, [None, seconds])

    def run_until(self, groups, seconds=300):
        """Run code cells in order until a word of each group has been shown (or all are run)."""
        return self.page.evaluate(RUN_CELLS, [groups, seconds])

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, url):
    visits = []

    def make(locale="en-US"):
        visits.append(Visit(browser, url, locale))
        return visits[-1]

    yield make
    for one in visits:
        one.close()


def outputs(cells, kind):
    return [output for cell in cells for output in cell["outputs"] if output["output_type"] == kind]


def texts(cells):
    return "\n".join("".join(output["text"]) for output in outputs(cells, "stream"))


def assert_no_errors(cells):
    errors = outputs(cells, "error")
    assert not errors, [f"{e['ename']}: {e['evalue']}" for e in errors]
    stderr = [o for o in outputs(cells, "stream") if o["name"] == "stderr"]
    assert not stderr, stderr


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_lesson_03_from_the_landing_page_draws_and_steps(visit, lang):
    from playwright.sync_api import expect

    words = WORDS[lang]
    one = visit("es-ES" if lang == "es" else "en-US")
    one.page.goto(one.url, wait_until="domcontentloaded")
    one.page.get_by_role("link", name=words["open"]).click()
    one.wait_for(build_site.INDEX[lang])
    index = one.run_all()
    assert_no_errors(index)
    assert any("image/svg+xml" in o["data"] for o in outputs(index, "display_data")
               + outputs(index, "execute_result")), "the index draws no graph"

    # The index's link to lesson 03 opens the lesson in the same language.
    one.page.locator(".jp-RenderedMarkdown a", has_text="03 —").first.click()
    one.wait_for(LESSON_03[lang])
    cells = one.run_all()
    assert_no_errors(cells)
    drawn = [o for o in outputs(cells, "display_data") + outputs(cells, "execute_result")
             if "image/svg+xml" in o["data"]]
    assert drawn, "no graph drawn"
    assert all('class="node"' in o["data"]["image/svg+xml"] for o in drawn)

    stepper = one.page.locator(".minigrad-stepper").first
    stepper.scroll_into_view_if_needed()
    narration = stepper.locator(".minigrad-narration")
    expect(stepper.locator(".minigrad-graph svg g.node").first).to_be_attached(timeout=30_000)
    seen = [narration.inner_text()]
    for k in (1, 2):
        stepper.locator("button.minigrad-step").click()
        expect(narration).to_contain_text(words["step"].format(k=k), timeout=15_000)
        seen.append(narration.inner_text())
    assert len(set(seen)) == 3, seen
    assert stepper.locator(".minigrad-graph svg g.node.mg-highlight").count() >= 1
    assert one.outside == [], one.outside
    assert one.page_errors == []


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_lab_02_runs_in_the_browser(visit, lang):
    one = visit()
    one.open(LAB_02[lang])
    cells = one.run_all()
    assert_no_errors(cells)
    shown = texts(cells)
    assert "RecursionError" in shown          # the lab's deep graph, caught as on the desktop
    assert WORDS[lang]["checker"] in shown    # the checker's feedback on the empty exercises
    assert one.outside == [], one.outside


# Lesson 04 runs for minutes in the browser after its first plot (it times work up to n =
# 10,000 and measures memory), so it is run up to that plot; the others are run to the end.
def runs_to_the_end(path):
    return not (path.startswith("notebooks/") and Path(path).name.startswith("04-"))


@pytest.mark.parametrize("lang, path", [
    pytest.param(lang, path, id=Path(path).stem) for lang in LANGUAGES for path in PLOTTING[lang]])
def test_plotting_notebooks_without_the_cdn_explain_instead_of_failing(visit, lang, path):
    words = WORDS[lang]
    one = visit()
    one.open(path)
    if runs_to_the_end(path):
        cells = one.run_all()
    else:
        cells = one.run_until([list(words["skipped"])])
    assert_no_errors(cells)
    shown = texts(cells)
    # The notice where a cell imports numpy or matplotlib; where a lesson plots (a lab plots
    # once solved), that the cell could not run and why.
    imports_them = any(_imported_roots(cell["source"]) & set(CDN_PACKAGES) for cell in cells)
    assert (words["notice"] in shown) == imports_them
    if path.startswith("notebooks/"):
        assert any(phrase in shown for phrase in words["skipped"])
    other = "en" if lang == "es" else "es"
    assert not any(phrase in shown for phrase in (WORDS[other]["notice"], *WORDS[other]["skipped"]))
    # The only requests that tried to leave: Pyodide's CDN, for numpy or matplotlib.
    assert one.outside, "the notebook never asked for numpy or matplotlib"
    assert all(address.startswith(build_site.PYODIDE_CDN) for address in one.outside), one.outside
    assert {Path(a).name.split("-")[0] for a in one.outside} & {"numpy", "matplotlib"}


def test_the_kernel_lock_serves_minigrad_and_leaves_only_cdn_packages_outside(site):
    """The built lock: minigrad without its desktop dependencies; local wheels present, hashed."""
    import hashlib
    import json

    folder = site / "static" / "pyodide"
    packages = json.loads((folder / "pyodide-lock.json").read_text())["packages"]
    minigrad = packages["minigrad-workbook"]
    assert minigrad["imports"] == ["minigrad"]
    assert set(minigrad["depends"]) == {"graphviz", "ipywidgets"}
    for name in build_site.PRELOAD:
        package = packages[name]
        wheel = folder / package["file_name"]
        assert wheel.is_file(), name
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == package["sha256"], name
    for name in ("numpy", "matplotlib"):
        assert packages[name]["file_name"].startswith(build_site.PYODIDE_CDN)
    local = {name for name, package in packages.items() if "://" not in package["file_name"]}
    assert local == (set(build_site.KERNEL_WHEELS) | build_site.KERNEL_SHIMS
                     | {"minigrad-workbook", "minigrad-site"})
