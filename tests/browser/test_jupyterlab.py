"""BackwardStepper in a real JupyterLab, driven by headless Chromium through Playwright.

A JupyterLab server is started on 127.0.0.1 with a free port, a random token and its own
temporary config, data, runtime and IPython directories, serving a temporary folder with one
notebook per language. The test opens each notebook, runs all its cells, clicks "step" a few
times and checks, after every click, that the narration and the highlighted node are those the
pure-Python replay (minigrad.stepping) predicts, and that no output shows "Error displaying
widget" or a traceback. A third notebook shows the stepper of lesson 05's 29-node MLP graph, to
check the layout of a graph wider than the page: buttons and narration stay on screen above
the graph, the graph box is at most 60% of the window tall, and the picture is shrunk to the
box but not below the readable minimum.

Chromium comes from the system: MINIGRAD_CHROMIUM, or /usr/bin/chromium (Playwright's own
browser downloads are never used). Run with:  pytest -m browser tests/browser
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from minigrad import Value
from minigrad.stepping import BackwardSteps

pytestmark = pytest.mark.browser

CHECKOUT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("MINIGRAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
CLICKS = 4

# The graph the notebook builds; the test builds the same one to know what each step shows.
GRAPH_CODE = """\
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = a * b
c.label = "c"
L = (c + a * a).tanh()
L.label = "L"
"""


def build_graph():
    namespace = {"Value": Value}
    exec(GRAPH_CODE, namespace)
    return namespace["L"]


# Lesson 05's graph: one example through MLP(2, [2, 1]) and its squared error.
WIDE_GRAPH_CODE = """\
from minigrad.nn import MLP
model = MLP(2, [2, 1], seed=0)
out = model([Value(-1.0, label="x0"), Value(1.0, label="x1")])
L = (out - 1.0) ** 2
"""


def write_notebook(path, lang, graph_code=GRAPH_CODE, stepper_code="BackwardStepper(L)"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from minigrad import Value, set_language\n"
                                  "from minigrad.widgets import BackwardStepper\n"
                                  f"set_language({lang!r})"),
        nbformat.v4.new_code_cell(graph_code.strip()),
        nbformat.v4.new_code_cell(stepper_code),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))


def api(base, token, path, method="GET"):
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A running JupyterLab serving a temporary folder: yields (base url, token, folder)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; set MINIGRAD_CHROMIUM to its path")
    home = tmp_path_factory.mktemp("jupyterlab")
    served = home / "notebooks"
    served.mkdir()
    for lang in ("en", "es"):
        write_notebook(served / f"stepper_{lang}.ipynb", lang)
    for rankdir in ("LR", "TB"):
        write_notebook(served / f"wide_{rankdir}.ipynb", "en", WIDE_GRAPH_CODE,
                       f"BackwardStepper(L, rankdir={rankdir!r})")
    # No "Would you like to get notified about Jupyter news?" toast over the page.
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    token = secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        # Everything Jupyter and IPython write goes to the temporary folder. Kernel specs are
        # still found: Jupyter also looks in the environment's own share/jupyter.
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        PYTHONPATH=os.pathsep.join([str(CHECKOUT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        PYTHONDONTWRITEBYTECODE="1",
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        # Port 0: the server binds a port the system picks and writes it to its runtime file.
        # (A port picked here could be taken by then: kernels bind ports all the time.)
        "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}",
        "--expose-app-in-browser",                     # window.jupyterapp, to run all cells
        "--LabApp.news_url=None",                      # no network: no news, no update check
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",          # and no PyPI queries for extensions
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")                  # CI containers often run as root
    log = open(home / "server.log", "wb")
    server = subprocess.Popen(command, env=env, cwd=served, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    info_file = home / "runtime" / f"jpserver-{server.pid}.json"
    base = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                base = f"http://127.0.0.1:{json.loads(info_file.read_text())['port']}"
                api(base, token, "/api/status")
                break
            except (OSError, ValueError, KeyError):      # not written (whole) yet, not serving yet
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n"
                                + (home / "server.log").read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield base, token, served
    finally:
        try:
            for kernel in (api(base, token, "/api/kernels") if base else None) or []:
                api(base, token, f"/api/kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass                                    # the server is already gone
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


RUN_ALL_CELLS = """
async () => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  let panel = app.shell.currentWidget;
  for (let i = 0; i < 200 && !(panel && panel.sessionContext); i++) {
    await new Promise(resolve => setTimeout(resolve, 100));
    panel = app.shell.currentWidget;
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  await app.commands.execute("notebook:run-all-cells");
}
"""

WORDS = {
    "en": ["Step {k}/{n}", "seed", "chain rule", "local derivative"],
    "es": ["Paso {k}/{n}", "semilla", "regla de la cadena", "derivada local"],
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_backward_stepper_steps_in_jupyterlab(jupyterlab, browser, lang):
    from playwright.sync_api import expect

    base, token, _ = jupyterlab
    expected = BackwardSteps(build_graph(), lang=lang)
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        page.goto(f"{base}/lab/tree/stepper_{lang}.ipynb?reset&token={token}",
                  wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
        page.evaluate(RUN_ALL_CELLS)

        stepper = page.locator(".minigrad-stepper")
        expect(stepper).to_be_visible(timeout=60_000)
        narration = stepper.locator(".minigrad-narration")
        step_button = stepper.locator("button.minigrad-step")
        highlighted = stepper.locator(".minigrad-graph g.node.mg-highlight > title")
        step_word = WORDS[lang][0]
        expect(narration).to_contain_text(step_word.format(k=0, n=expected.n_steps))
        expect(stepper.locator("button.minigrad-back")).to_be_disabled()
        assert highlighted.count() == 0
        # A graph narrower than the box keeps its natural size, at the box's left edge.
        graph_box = stepper.locator(".minigrad-graph").bounding_box()
        svg_box = stepper.locator(".minigrad-graph svg").bounding_box()
        natural_width = stepper.locator(".minigrad-graph svg").evaluate(
            "svg => svg.viewBox.baseVal.width * 4 / 3")
        assert abs(svg_box["x"] - graph_box["x"]) < 1
        assert abs(svg_box["width"] - natural_width) < 1

        seen_narrations, seen_currents = [], []
        for k in range(1, CLICKS + 1):
            step_button.click()
            expected.go(k)
            state = expected.state
            expect(narration).to_contain_text(step_word.format(k=k, n=expected.n_steps),
                                              timeout=15_000)
            first_line = state.narration.splitlines()[0]
            expect(narration).to_contain_text(first_line)
            current = expected.scene.dot_name(state.current)
            expect(highlighted.first).to_have_text(current)
            seen_narrations.append(narration.inner_text())
            seen_currents.append(current)
        assert len(set(seen_narrations)) == CLICKS           # every click told something new
        assert len(set(seen_currents)) >= 2                 # and the highlight moved
        text = "\n".join(seen_narrations)
        for word in WORDS[lang][1:]:
            assert word in text, word
        if lang == "es":
            assert "Step " not in text

        outputs = page.locator(".jp-OutputArea-output")
        assert "Error displaying widget" not in "\n".join(outputs.all_inner_texts())
        assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
        assert page_errors == []
    finally:
        context.close()


MEASURE = """
([stepper, output_id]) => {
  const box = r => { const b = r.getBoundingClientRect();
                     return {top: b.top, bottom: b.bottom, left: b.left, right: b.right,
                             width: b.width, height: b.height}; };
  const graph = stepper.querySelector(".minigrad-graph");
  const svg = graph.querySelector("svg");
  return {
    controls: box(stepper.querySelector("button.minigrad-step")),
    narration: box(stepper.querySelector(".minigrad-narration")),
    graph: box(graph), svg: box(svg),
    natural_width_pt: svg.viewBox.baseVal.width,
    window_height: window.innerHeight,
    scroll: [graph.scrollLeft, graph.scrollTop],
    output: box(svg.querySelector("g.node#" + output_id)),
    positions: Array.from(svg.querySelectorAll("g.node text"))
                    .map(t => t.getAttribute("x") + "," + t.getAttribute("y")),
  };
}
"""


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_a_graph_wider_than_the_page_keeps_the_controls_on_screen(jupyterlab, browser, rankdir):
    from playwright.sync_api import expect

    base, token, _ = jupyterlab
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{base}/lab/tree/wide_{rankdir}.ipynb?reset&token={token}",
                  wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
        page.evaluate(RUN_ALL_CELLS)
        stepper = page.locator(".minigrad-stepper")
        expect(stepper).to_be_visible(timeout=60_000)
        expect(stepper.locator(".minigrad-graph svg")).to_be_visible(timeout=15_000)
        stepper.scroll_into_view_if_needed()
        # The replay's own scene names the output node as the SVG does.
        namespace = {"Value": Value}
        exec(WIDE_GRAPH_CODE, namespace)
        output_id = BackwardSteps(namespace["L"]).scene.dot_name(namespace["L"])
        measure = lambda: page.evaluate(MEASURE, [stepper.element_handle(), output_id])  # noqa: E731
        before = measure()
        narration_heights = []
        for _ in range(3):
            stepper.locator("button.minigrad-step").click()
            page.wait_for_timeout(300)
            after = measure()
            narration_heights.append(after["narration"]["height"])
            # Nothing below the narration moves: same box, same node positions.
            assert after["graph"]["top"] == before["graph"]["top"]
            assert after["positions"] == before["positions"]
        m = before
        assert m["controls"]["bottom"] <= m["narration"]["top"] + 1 <= m["graph"]["top"] + 1
        assert m["controls"]["top"] >= 0 and m["controls"]["bottom"] <= m["window_height"]
        assert m["graph"]["height"] <= 0.6 * m["window_height"] + 1
        assert len(set(narration_heights)) == 1
        # The picture (1 pt = 4/3 px) is wider than the box: shrunk, but not below 0.55.
        natural_px = m["natural_width_pt"] * 4 / 3
        scale = m["svg"]["width"] / natural_px
        assert natural_px > m["graph"]["width"]
        assert 0.55 - 0.01 <= scale < 1
        # The backward pass starts at the output: the box opens scrolled to it.
        out, box = m["output"], m["graph"]
        assert box["left"] <= out["left"] and out["right"] <= box["right"]
        assert box["top"] <= out["top"] and out["bottom"] <= box["bottom"]
    finally:
        context.close()
