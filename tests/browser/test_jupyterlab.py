"""BackwardStepper in a real JupyterLab, driven by headless Chromium through Playwright.

The session's JupyterLab (conftest.py) serves one notebook per language, written here. The test
opens each, runs all its cells, clicks "step" a few times and checks, after every click, that the
narration and the highlighted node are those the pure-Python replay (minigrad.stepping) predicts,
and that no output shows "Error displaying widget" or a traceback. A third notebook shows the
stepper of lesson 05's 29-node MLP graph, to check the layout of a graph wider than the page:
buttons and narration stay on screen above the graph, the graph box is at most 60% of the window
tall, and the picture is shrunk to the box but not below the readable minimum.

Run with:  pytest -m browser tests/browser
"""


import nbformat
import pytest
from jupyterlab_session import notebook_page

from minigrad import Value
from minigrad.i18n import LANGUAGES
from minigrad.stepping import BackwardSteps

pytestmark = pytest.mark.browser

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


WORDS = {
    "en": ["Step {k}/{n}", "seed", "chain rule", "local derivative"],
    "es": ["Paso {k}/{n}", "semilla", "regla de la cadena", "derivada local"],
}


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_backward_stepper_steps_in_jupyterlab(jupyterlab, browser, lang):
    from playwright.sync_api import expect

    write_notebook(jupyterlab[2] / f"stepper_{lang}.ipynb", lang)
    expected = BackwardSteps(build_graph(), lang=lang)
    with notebook_page(browser, jupyterlab, f"stepper_{lang}.ipynb") as (page, page_errors):
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

    write_notebook(jupyterlab[2] / f"wide_{rankdir}.ipynb", "en", WIDE_GRAPH_CODE,
                   f"BackwardStepper(L, rankdir={rankdir!r})")
    with notebook_page(browser, jupyterlab, f"wide_{rankdir}.ipynb", 1280, 800) as (page, _):
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
