"""Lesson 04's harness (minigrad.lessons.modes): exact counts, agreeing modes, tables, pictures.

Every count the lesson asserts is checked here against a hand count or a second method; the
measuring functions are run on small sizes and checked for what they promise (passes, shapes,
agreement between the modes), never for how long they took.
"""

import math
import re
import string
from pathlib import Path

import pytest

from minigrad import Value, set_language, topological_order
from minigrad import render
from minigrad.draw import draw_graph
from minigrad.forward import Dual, jvp
from minigrad.gradcheck import numerical_grad
from minigrad.i18n import LANGUAGES
from minigrad.jacobian import jacobian_forward, jacobian_reverse
from minigrad.lessons import modes

LESSON = Path(__file__).resolve().parent.parent / "notebooks" / "src" / "04-modes.md"
NNBSP = "\u202f"


# ── Numbers in the learner's language ──────────────────────────────────────────────────────────

def test_ratios_and_percentages_follow_the_current_language():
    set_language("es")
    assert modes.percent(0.97, sign=False) == "97\u00a0%"
    assert modes.times(1.44) == "1,4×"
    assert modes.times(17_332.4) == f"17{NNBSP}332×"
    assert modes.ms(0.0123456) == "12,35"
    set_language("en")
    assert modes.percent(-0.04) == "-4%"
    assert modes.times(17_332.4) == "17,332×"
    assert modes.ms(0.25) == "250"


def test_vector_separates_numbers_by_language():
    assert modes.vector([10.4382771, 5.0], lang="en") == "(10.438277, 5.000000)"
    assert modes.vector([10.4382771, 5.0], lang="es") == "(10,438277; 5,000000)"


def test_table_text_and_markdown():
    table = modes.Table(["name", "n"], [["spring", 3], ["helix | x", 12]], note="a note")
    lines = str(table).splitlines()
    assert lines[0] == "name        n"
    assert lines[1] == "spring      3"
    assert lines[-1] == "a note"
    markdown = table._repr_markdown_()
    assert markdown.splitlines()[1] == "|:---|---:|"
    assert "helix \\| x" in markdown          # a pipe in a cell does not open a column


def test_every_message_has_both_languages_with_the_same_fields():
    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, texts in modes.MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert fields(texts["en"]) == fields(texts["es"]), key


# ── The functions: one definition for floats, Values and Duals ─────────────────────────────────

@pytest.mark.parametrize("make, size", [(modes.make_loss, 7), (modes.make_spring, 5),
                                        (modes.make_helix, 6)])
def test_families_agree_on_floats_values_and_duals(make, size):
    function, inputs = make(size)
    plain = function(*inputs)
    taped = function(*[Value(x) for x in inputs])
    dual = function(*[Dual(x) for x in inputs])
    as_list = (lambda out: out if isinstance(out, list) else [out])
    assert [float(x) for x in as_list(plain)] == [y.data for y in as_list(taped)] \
        == [y.value for y in as_list(dual)]


def test_loss_shape_and_gradient():
    loss, parameters = modes.make_loss(12, seed=3)
    assert len(parameters) == 12
    by_reverse = jacobian_reverse(loss, parameters)
    assert by_reverse.shape == (1, 12)
    by_differences = numerical_grad(loss, parameters)
    assert modes.largest_gap(by_reverse.matrix, [by_differences]) < 1e-7


def test_spring_position_depends_on_every_earlier_step_and_helix_points_do_not():
    trajectory, inputs = modes.make_spring(6)
    positions = trajectory(*[Value(x) for x in inputs])
    sizes = [len(topological_order(p)) for p in positions]
    assert sizes == sorted(sizes) and len(set(sizes)) == 6         # each pass longer than the last
    profile, inputs = modes.make_helix(6)
    points = profile(*[Value(x) for x in inputs])
    assert len({len(topological_order(p)) for p in points}) == 1   # every point alike


def test_spring_jacobian_against_central_differences():
    trajectory, inputs = modes.make_spring(4)
    J = jacobian_forward(trajectory, inputs).matrix
    rows = [numerical_grad(lambda *x, i=i: trajectory(*x)[i], inputs) for i in range(4)]
    assert modes.largest_gap(J, rows) < 1e-7


# ── Exact counts ───────────────────────────────────────────────────────────────────────────────

def test_work_counts_by_hand():
    # f(a, b) = [a·b, a·b + a]: nodes a, b, a·b, and the sum: 4; output 0 depends on 3 of them.
    def f(a, b):
        product = a * b
        return [product, product + a]

    work = modes.count_work(f, [2.0, 3.0])
    assert work == modes.Work(forward=2 * 4, reverse=3 + 4)


@pytest.mark.parametrize("n", [2, 5, 30])
def test_ml_loss_forward_work_is_n_times_reverse(n):
    work = modes.count_work(*modes.make_loss(n))
    assert work.forward == n * work.reverse


def test_spring_and_helix_work_as_the_lesson_quotes():
    assert modes.count_work(*modes.make_spring(3)) == modes.Work(90, 69)
    assert modes.count_work(*modes.make_spring(128)) == modes.Work(2_715, 58_944)
    assert modes.count_work(*modes.make_spring(256)) == modes.Work(5_403, 232_576)
    helix = modes.count_work(*modes.make_helix(2_000))
    assert helix == modes.Work(42_009, 20_000)
    # the crossing point the lesson names: forward mode does less work from m = 5 on
    assert [m for m in range(2, 9) if modes.count_work(*modes.make_spring(m)).forward
            < modes.count_work(*modes.make_spring(m)).reverse] == [5, 6, 7, 8]


def test_graph_size_counts_shared_nodes_once():
    a = Value(1.0)
    b = a * a
    assert modes.graph_size([b, b + a]) == 3


def test_euler_counts_steps_and_keeps_four_nodes_per_step():
    modes.euler.steps_run = 0
    grad, nodes_alive = modes.reverse_derivative(0.3, 40)
    assert (nodes_alive, modes.euler.steps_run) == (4 * 40 + 1, 40)
    assert math.isclose(grad, modes.forward_derivative(0.3, 40), rel_tol=1e-12)
    h = modes.FINAL_TIME / 40
    by_differences = (modes.euler(0.3 + 1e-6, 40, h) - modes.euler(0.3 - 1e-6, 40, h)) / 2e-6
    assert math.isclose(grad, by_differences, rel_tol=1e-8)


@pytest.mark.parametrize("depth, segment", [(2_000, 50), (100, 7), (30, 30), (30, 1)])
def test_checkpointing_same_gradient_one_segment_alive_every_step_twice(depth, segment):
    plain, _ = modes.reverse_derivative(0.3, depth)
    modes.euler.steps_run = 0
    grad, largest_graph = modes.checkpointed_derivative(0.3, depth, segment)
    assert math.isclose(grad, plain, rel_tol=1e-12)
    assert largest_graph == 4 * segment + 3          # the segment, its leaf, the seed, the product
    assert modes.euler.steps_run == 2 * depth


def test_segment_sweep_of_the_lesson():
    totals = {s: math.ceil(2_000 / s) + modes.checkpointed_derivative(0.3, 2_000, s)[1]
              for s in (10, 22, 50, 200)}
    assert totals == {10: 243, 22: 182, 50: 243, 200: 813}
    assert min(range(5, 60), key=lambda s: math.ceil(2_000 / s) + 4 * s + 3) == 22


# ── Measurements: what they promise, never how long they took ──────────────────────────────────

def test_measure_decision_counts_passes_and_agrees():
    decision = modes.measure_decision(sizes=(2, 8), repeat=1)
    assert [(r.family, r.n, r.m) for r in decision.runs] == [
        ("ML", 2, 1), ("ML", 8, 1), ("spring", 3, 2), ("spring", 3, 8)]
    for run in decision.runs:
        assert (run.passes_forward, run.passes_reverse) == (run.n, run.m)
        assert run.gap < 1e-9
        assert run.seconds_forward > 0 and run.seconds_reverse > 0
        assert run.winner in ("forward", "reverse")
    assert decision.largest("spring").m == 8
    table = decision.table()
    assert len(table.rows) == 4 and table.headers[0] == "function"


def test_measure_gradient_cost_rows():
    cost = modes.measure_gradient_cost(counts=(10, 50), repeat=1)
    assert [row.n for row in cost.rows] == [10, 50]
    row = cost.largest
    assert min(row.plain, row.taped, row.backward, row.jvp) > 0
    assert row.gradient == row.taped + row.backward
    assert row.speedup == pytest.approx(50 * row.jvp / row.gradient)
    assert len(cost.table().rows) == 2


def test_reverse_estimate_samples_middle_outputs_and_checks_rows():
    trajectory, inputs = modes.make_spring(50)
    reference = jacobian_forward(trajectory, inputs).matrix
    estimate, gap = modes.reverse_seconds_estimate(trajectory, inputs, reference, samples=5)
    assert estimate > 0 and gap < 1e-9
    wrong = [[x + 1.0 for x in row] for row in reference]
    _, gap = modes.reverse_seconds_estimate(trajectory, inputs, wrong, samples=5)
    assert gap > 0.1                                  # a wrong reference is noticed


def test_measure_many_outputs():
    many = modes.measure_many_outputs(m=200, samples=4)
    assert (many.n, many.m, many.passes_forward, many.passes_reverse) == (3, 200, 3, 200)
    assert many.gap < 1e-9 and many.samples == 4
    assert "≈" in many.table().rows[1][2]


def test_measure_curves():
    curves = modes.measure_curves(spring_m=16, helix_ms=(16, 40), repeat=1)
    assert curves.work("spring", 16) == modes.count_work(*modes.make_spring(16))
    assert curves.work("helix", 40).reverse < curves.work("helix", 40).forward
    assert (curves.helix.n, curves.helix.m, curves.helix.passes_reverse) == (3, 40, 40)
    assert curves.helix.gap < 1e-9


def test_measure_memory_counts_exactly():
    memory = modes.measure_memory(depths=(10, 80))
    assert [run.nodes_alive for run in memory.runs] == [41, 321]
    for run in memory.runs:
        assert math.isclose(run.grad, run.tangent, rel_tol=1e-12)
        assert run.reverse_peak > 0 and run.forward_peak > 0


def test_measure_checkpointing():
    result = modes.measure_checkpointing(depth=200, segment=10)
    assert result.checkpointed.euler_steps == 2 * result.plain.euler_steps == 400
    assert (result.plain.largest_graph, result.checkpointed.largest_graph) == (801, 43)
    assert math.isclose(result.plain.grad, result.checkpointed.grad, rel_tol=1e-12)
    assert 0 < result.extra_forward_share < 1
    assert "saved" in result.table().note


def test_summary_tables_in_both_languages():
    decision = modes.measure_decision(sizes=(2, 4), repeat=1)
    cost = modes.measure_gradient_cost(counts=(10, 20), repeat=1)
    many = modes.measure_many_outputs(m=30)
    curves = modes.measure_curves(spring_m=8, helix_ms=(8, 20), repeat=1)
    checkpointing = modes.measure_checkpointing(depth=100, segment=10)
    for lang, first in (("en", "the spec says"), ("es", "la especificación dice")):
        set_language(lang)
        one = modes.one_table(decision, many, curves)
        assert [row[0] for row in one.rows] == [modes.words(k) for k in
                                                ("ML", "spring", "helix", "spring")]
        spec = modes.spec_table(cost, checkpointing)
        assert spec.headers[0] == first and len(spec.rows) == 5
        assert all(cell for row in spec.rows for cell in row)


# ── Timing helpers ─────────────────────────────────────────────────────────────────────────────

def test_timed_returns_the_result_and_runs_short_calls_many_times():
    calls = []
    result, seconds = modes.timed(lambda: calls.append(1) or "done", repeat=3)
    assert result == "done" and seconds > 0
    assert len(calls) > 3                      # a call far shorter than MIN_TIMING is repeated


def _slow_call(calls, seconds=modes.MIN_TIMING * 2):
    """A call longer than MIN_TIMING, which `timed` runs once per timing."""
    def slow():
        calls.append(1)
        end = __import__("time").perf_counter() + seconds
        while __import__("time").perf_counter() < end:
            pass
    return slow


def test_timed_runs_a_long_call_once_per_repeat(monkeypatch):
    monkeypatch.delenv(modes.REPEATS_VARIABLE, raising=False)
    calls = []
    modes.timed(_slow_call(calls), repeat=3)
    assert len(calls) == 3


def test_the_environment_caps_the_timings_of_long_calls_only(monkeypatch):
    long_calls, short_calls = [], []
    monkeypatch.setenv(modes.REPEATS_VARIABLE, "1")
    modes.timed(_slow_call(long_calls, modes.LONG_CALL * 1.2), repeat=5)
    assert len(long_calls) == 1
    modes.timed(_slow_call(short_calls), repeat=5)       # cheap, and a pause would distort it
    assert len(short_calls) == 5
    monkeypatch.setenv(modes.REPEATS_VARIABLE, "9")      # a cap, never more than asked for
    modes.timed(_slow_call(long_calls, modes.LONG_CALL * 1.2), repeat=2)
    assert len(long_calls) == 1 + 2


@pytest.mark.parametrize("value", ["0", "one", "-2", "1.5"])
def test_a_bad_timing_cap_is_named_in_the_learners_language(monkeypatch, value):
    monkeypatch.setenv(modes.REPEATS_VARIABLE, value)
    with pytest.raises(ValueError, match=f"MINIGRAD_TIMING_REPEATS='{re.escape(value)}' is not a number"):
        modes.timed(lambda: None)
    set_language("es")
    with pytest.raises(ValueError, match="no es un número de mediciones"):
        modes.timed(lambda: None)


def test_peak_memory_sees_an_allocation():
    _, peak = modes.peak_memory(lambda: [0.0] * 100_000)
    assert peak >= 8 * 100_000


# ── Pictures and shown code ────────────────────────────────────────────────────────────────────

def test_spring_and_helix_picture():
    picture = modes.draw_spring_and_helix(m=3, pass_from=1)
    svg = picture.svg()
    assert "spring: the pass from out1 visits 23 nodes" in svg
    assert "helix: the pass from out1 visits 10 nodes" in svg
    assert svg.count("<svg") == 3                       # the picture and its two graphs
    width = int(re.match(r'<svg width="(\d+)pt" height="\d+pt"', svg).group(1))
    assert width <= modes.MAX_WIDTH                     # fits a notebook's column
    assert ">stiffness<" in svg and ">pitch<" in svg
    assert repr(picture) == "<graphs side by side, 30 + 24 nodes>"
    set_language("es")
    svg = modes.draw_spring_and_helix(m=3, pass_from=1).svg()
    assert "muelle: la pasada desde sal1 visita 23 nodos" in svg and ">rigidez<" in svg


def test_side_by_side_places_graphs_left_to_right():
    x = Value(2.0, label="x")
    picture = modes.side_by_side((draw_graph(x * x), "left"), (draw_graph(x + 1.0), "right"))
    svg = picture.svg()
    positions = [int(v) for v in re.findall(r'<svg width="[\d.]+" height="[\d.]+" x="(\d+)"', svg)]
    assert positions[0] == 0 and positions[1] > 0
    assert svg.index("left") < svg.index("right")


def test_side_by_side_without_graphviz_says_how_to_install(monkeypatch):
    def missing(source, lang=None):
        raise render.GraphvizMissing("The graph cannot be drawn: graphviz-pure is not installed.")

    monkeypatch.setattr(render, "svg", missing)
    x = Value(2.0)
    bundle = modes.side_by_side((draw_graph(x * x), "a"))._repr_mimebundle_()
    assert "image/svg+xml" not in bundle and "graphviz" in bundle["text/plain"].lower()


def test_show_source_drops_the_docstring():
    shown = modes.show_source(modes.checkpointed_derivative)
    assert shown.code.startswith("def checkpointed_derivative(x0, depth, segment):\n    h = ")
    assert '"""' not in shown.code
    assert shown._repr_markdown_().startswith("```python\n")


# ── The lesson and its harness stay in step ────────────────────────────────────────────────────

def test_every_timed_assert_is_still_in_the_lesson():
    decision = modes.measure_decision(sizes=(2, 4), repeat=1)
    cost = modes.measure_gradient_cost(counts=(10, 20), repeat=1)
    many = modes.measure_many_outputs(m=30)
    memory = modes.measure_memory(depths=(10, 20))
    checkpointing = modes.measure_checkpointing(depth=100, segment=10)
    source = LESSON.read_text(encoding="utf-8")
    margins = modes.timed_assert_margins(decision, cost, many, memory, checkpointing)
    assert len(margins) == 8
    for assertion, margin in margins:
        assert f"assert {assertion}" in source, assertion
        assert margin > 0


def test_lesson_sections_have_the_same_headings_in_both_languages():
    blocks = re.split(r"^\+\+\+ ", LESSON.read_text(encoding="utf-8"), flags=re.MULTILINE)
    headings = {lang: [line.split(" ", 1)[0] + " " + (re.match(r"#+ (\d+\.)?", line).group(1) or "")
                       for block in blocks if block.startswith(f"markdown {lang}")
                       for line in block.splitlines() if line.startswith("#")]
                for lang in ("en", "es")}
    assert headings["en"] == headings["es"]
    assert [h for h in headings["en"] if h.startswith("## ") and h[3:]] == \
        [f"## {k}." for k in range(1, 11)]


def test_plots_draw_every_mode_and_family_in_the_learners_language():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    decision = modes.measure_decision(sizes=(2, 4), repeat=1)
    cost = modes.measure_gradient_cost(counts=(10, 20), repeat=1)
    for lang in LANGUAGES:
        set_language(lang)
        decision.plot(plt)
        passes, seconds = plt.gcf().axes
        labels = [line.get_label() for line in passes.get_lines()]
        assert labels == [f"{modes.words(mode)}, {modes.words(family)}"
                          for family in ("ML", "spring") for mode in ("forward", "reverse")]
        assert [list(line.get_ydata()) for line in passes.get_lines()] == [[2, 4], [1, 1], [3, 3], [2, 4]]
        assert seconds.get_ylabel() == modes.words("plot_seconds")
        plt.close("all")
        cost.plot(plt)
        (ax,) = plt.gcf().axes
        assert ax.get_title() == modes.words("plot_ml_title")
        assert len(ax.get_lines()) == 3
        plt.close("all")
