"""A learner's own graph, drawn and stepped through, in a real JupyterLab, in English and Spanish.

Lab 01's exercise notebook, as a learner leaves it once every exercise is solved (the exercise
cells hold the solution, nothing else changed), is written into the folder that the session's
JupyterLab serves (conftest.py) and run from the top. Then:

* the drawing of the learner's graph after the learner's own backward() shows the nodes with the
  numbers the learner's closures computed, written in the notebook's language;
* the backward stepper runs the learner's own closures: after each click, its narration and its
  highlighted node are those that the same stepper, built here on the same learner's graph,
  predicts, and it finds no step that differs from the table's rules;
* no output shows an error, a traceback or "Error displaying widget".

Run with:  pytest -m browser tests/browser
"""

import sys
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import nbformat
import pytest
from jupyterlab_session import notebook_page

from minigrad import set_language
from minigrad.i18n import LANGUAGES
from minigrad.scene import format_number
from minigrad.stepping import BackwardSteps

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lab_notebooks import lab_namespace, notebook_path  # noqa: E402

pytestmark = pytest.mark.browser

STEMS = {"en": "01-operations-and-local-derivatives", "es": "01-operaciones-y-derivadas-locales"}
CLICKS = 4
STEP_WORD = {"en": "Step {k}/{n}", "es": "Paso {k}/{n}"}
SVG = "{http://www.w3.org/2000/svg}"


def solved_exercise_notebook(lang):
    """The exercise notebook with each exercise cell replaced by the solution's, as a learner
    who solved them all would have it."""
    exercise = nbformat.read(notebook_path("exercises", lang, STEMS[lang]), as_version=4)
    solution = nbformat.read(notebook_path("solutions", lang, STEMS[lang]), as_version=4)
    solved = 0
    for mine, theirs in zip(exercise.cells, solution.cells):
        if mine.cell_type == "code" and "NotImplementedError" in mine.source:
            mine.source, solved = theirs.source, solved + 1
    assert solved == 8
    return exercise


def learners_graph(path, lang):
    """The graph the notebook draws and steps, built here by running the same notebook's code."""
    namespace = lab_namespace(path, run_checks=False)
    set_language(lang)
    try:
        Value, f = namespace["Value"], namespace["f"]
        root = f(Value(0.7, label="a"), Value(-1.3, label="b"))
        steps = BackwardSteps(root, lang=lang)
        root.backward()
        leaves = {node.label: node for node in steps.scene.order if node.label in ("a", "b")}
        return steps, leaves
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_learners_graph_is_drawn_and_stepped_in_jupyterlab(jupyterlab, browser, lang):
    from playwright.sync_api import expect

    served = jupyterlab[2]
    name = f"lab01_solved_{lang}.ipynb"
    nbformat.write(solved_exercise_notebook(lang), str(served / name))
    expected, leaves = learners_graph(served / name, lang)
    assert expected.learners and expected.verdict is None and expected.unknown_ops == []

    with notebook_page(browser, jupyterlab, name) as (page, page_errors):
        stepper = page.locator(".minigrad-stepper")
        expect(stepper).to_be_visible(timeout=120_000)
        stepper.scroll_into_view_if_needed()

        # The drawing of the learner's graph after the learner's backward(): every node, with the
        # data and the grads the learner's closures gave, in the notebook's language.
        # JupyterLab shows an SVG output as an image whose source is the SVG itself.
        drawing = page.locator('.jp-RenderedSVG[data-mime-type="image/svg+xml"] img').last
        expect(drawing).to_be_visible(timeout=60_000)
        svg = ElementTree.fromstring(unquote(drawing.get_attribute("src").split(",", 1)[1]))
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        for label, leaf in leaves.items():
            assert label in texts
            assert f"data {format_number(leaf.data, lang)}" in texts, texts
            assert f"grad {format_number(leaf.grad, lang)}" in texts, texts
        nodes = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"]
        assert len(nodes) >= len(expected.scene.order)

        # The stepper runs the learner's closures, one node per click.
        narration = stepper.locator(".minigrad-narration")
        highlighted = stepper.locator(".minigrad-graph g.node.mg-highlight > title")
        expect(narration).to_contain_text(STEP_WORD[lang].format(k=0, n=expected.n_steps))
        seen = []
        for k in range(1, CLICKS + 1):
            stepper.locator("button.minigrad-step").click()
            expected.go(k)
            state = expected.state
            expect(narration).to_contain_text(STEP_WORD[lang].format(k=k, n=expected.n_steps),
                                              timeout=15_000)
            expect(narration).to_contain_text(state.narration.splitlines()[0])
            expect(highlighted.first).to_have_text(expected.scene.dot_name(state.current))
            seen.append(narration.inner_text())
        assert len(set(seen)) == CLICKS
        if lang == "es":
            assert "Step " not in "\n".join(seen)

        outputs = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
        assert "Error displaying widget" not in outputs and "Traceback" not in outputs
        assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
        assert page_errors == []
