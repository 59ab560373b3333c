"""Lesson 04's harness: the functions it differentiates, and how it counts, times and shows them.

Lesson 04 (reverse mode vs forward mode) proves its claims on minigrad itself. Its visible cells
show the idea: a function, one call, an assert. This module holds what would otherwise fill them:

* the functions the lesson differentiates, each written once so that it runs on plain floats,
  `Value`s and `Dual`s alike: a one-neuron loss (`make_loss`, one output and n inputs), a damped
  spring simulation (`make_spring`, three inputs and m outputs that share their history), a helix
  (`make_helix`, three inputs and m independent outputs) and an Euler chain (`euler`);
* exact counters: passes, nodes processed (`count_work`), nodes kept alive, Euler steps;
* a timer (`timed`) and a memory meter (`peak_memory`);
* one ``measure_*`` function per experiment, whose result shows itself as a table in the learner's
  language and can draw its plot;
* pictures of several graphs side by side (`side_by_side`, `draw_spring_and_helix`).

``python -m minigrad.lessons.modes`` runs every experiment and prints the figures the lesson
quotes, with the margin each of the lesson's timed asserts has on this machine.
"""

import ast
import gc
import html
import inspect
import math
import numbers
import os
import random
import re
import textwrap
import time
import tracemalloc
from dataclasses import dataclass

from .. import i18n
from ..draw import GraphvizMissing, draw_graph, message_html
from ..forward import Dual, jvp
from ..i18n import get_language, number, say
from ..jacobian import jacobian_forward, jacobian_reverse
from ..scalar import Value, topological_order

__all__ = [
    "tanh", "cos", "make_loss", "make_spring", "make_helix", "euler", "FINAL_TIME",
    "graph_size", "count_work", "largest_gap", "timed", "timed_once", "peak_memory",
    "measure_decision", "measure_gradient_cost", "measure_many_outputs", "measure_curves",
    "measure_memory", "measure_checkpointing", "reverse_derivative", "forward_derivative",
    "checkpointed_derivative", "show_source",
    "one_table", "spec_table", "side_by_side", "draw_spring_and_helix", "vector",
]


# ── Numbers and tables in the learner's language ───────────────────────────────────────────────

def vector(values, spec=".6f", lang=None):
    """Numbers in parentheses, written with `minigrad.i18n.numbers`: "(10.438277, 5.000000)" in
    English, "(10,438277; 5,000000)" in Spanish, where the comma is the decimal mark and a
    semicolon separates the numbers."""
    return i18n.numbers(tuple(values), spec, lang)


class Table:
    """Rows of text under headers: a Markdown table in a notebook, aligned text elsewhere.

    The first column is aligned left, the others right (they hold numbers), unless ``align``
    says otherwise with one "<" or ">" per column. ``note`` is printed under the table.
    """

    def __init__(self, headers, rows, align=None, note=""):
        self.headers = [str(h) for h in headers]
        self.rows = [[str(cell) for cell in row] for row in rows]
        self.align = align or "<" + ">" * (len(self.headers) - 1)
        self.note = note

    def __str__(self):
        widths = [max(len(line[k]) for line in [self.headers] + self.rows)
                  for k in range(len(self.headers))]
        lines = ["  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(line, self.align, widths))
                 for line in [self.headers] + self.rows]
        return "\n".join(lines + ([self.note] if self.note else []))

    __repr__ = __str__

    def _repr_markdown_(self):
        def line(cells):
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
        rule = "|" + "|".join(":---" if a == "<" else "---:" for a in self.align) + "|"
        lines = [line(self.headers), rule] + [line(row) for row in self.rows]
        return "\n".join(lines) + (f"\n\n{self.note}" if self.note else "")


def words(key, lang=None, **values):
    """One of this module's texts, in the learner's language."""
    return say(MESSAGES, key, lang=lang, **values)


def ms(seconds):
    """Seconds as milliseconds, with about three significant digits (none after 100 ms)."""
    milliseconds = seconds * 1e3
    decimals = 4 if milliseconds < 0.01 else 3 if milliseconds < 1 else 2 if milliseconds < 100 else 0
    return number(milliseconds, f",.{decimals}f")


def times(ratio):
    """A ratio as "1.4×" (a decimal comma in Spanish); one decimal below 10, none above."""
    return number(ratio, ".1f" if ratio < 10 else ",.0f") + "×"


def percent(fraction, sign=True):
    """A fraction as "+47%" in English and "+47 %" in Spanish (without "+" when ``sign`` is False)."""
    return number(fraction, "+.0%" if sign else ".0%")


# ── The functions the lesson differentiates ────────────────────────────────────────────────────
# Each runs on plain floats, Values and Duals: `tanh` and `cos` pick the float function or the
# node's method, so one definition serves the plain evaluation and both modes.

def tanh(x):
    return math.tanh(x) if isinstance(x, numbers.Real) else x.tanh()


def cos(x):
    return math.cos(x) if isinstance(x, numbers.Real) else x.cos()


def make_loss(n, seed=0):
    """(loss, parameters): L(θ) = (tanh(θ₁x₁ + … + θₙxₙ) − 0.5)² on fixed random data x.

    One output, n inputs: the shape of machine learning.
    """
    rng = random.Random(seed)
    data = [rng.uniform(-1.0, 1.0) for _ in range(n)]
    parameters = [rng.uniform(-0.5, 0.5) for _ in range(n)]

    def loss(*theta):
        total = theta[0] * data[0]
        for t, x in zip(theta[1:], data[1:]):
            total = total + t * x
        return (tanh(total) - 0.5) ** 2
    return loss, parameters


def make_spring(m, dt=0.05):
    """(trajectory, inputs): a damped spring simulated for m time steps.

    Inputs: start position, damping and stiffness. Outputs: the m positions. Each step updates
    the velocity from the current position, then the position from the new velocity, so
    position i depends on every step before it: the outputs share their history.
    """
    def trajectory(start, damping, stiffness):
        position, velocity = start, 0.0
        damping_dt, stiffness_dt = damping * dt, stiffness * dt
        positions = []
        for _ in range(m):
            velocity = velocity - (damping_dt * velocity + stiffness_dt * position)
            position = position + velocity * dt
            positions.append(position)
        return positions
    return trajectory, [1.0, 0.3, 4.0]


def make_helix(m):
    """(profile, inputs): m points of a helix-like profile, each computed straight from the inputs.

    Point k is r·cos(ω·tₖ) + p·tₖ for the inputs (r, ω, p): no point depends on another.
    """
    ts = [6.0 * k / m for k in range(m)]

    def profile(radius, frequency, pitch):
        return [cos(frequency * t) * radius + pitch * t for t in ts]
    return profile, [1.0, 2.0, 0.3]


FINAL_TIME = 2.0
"""The Euler chain integrates x' = cos x from t = 0 to this time, whatever its number of steps."""


class Euler:
    """Euler steps x ← x + h·cos x for x' = cos x, on a float, Value or Dual.

    Each step adds 4 nodes to a graph (cos, the constant h, the product, the sum). ``steps_run``
    counts every step evaluated, so that two methods can be compared by the work they do.
    """

    def __init__(self):
        self.steps_run = 0

    def __call__(self, x, steps, h):
        for _ in range(steps):
            x = x + h * cos(x)
        self.steps_run += steps
        return x


euler = Euler()


def reverse_derivative(x0, depth):
    """(dx_end/dx0, nodes kept alive until backward) for `depth` Euler steps, by reverse mode."""
    leaf = Value(x0)
    end = euler(leaf, depth, FINAL_TIME / depth)
    nodes_alive = len(topological_order(end))
    end.backward()
    return leaf.grad, nodes_alive


def forward_derivative(x0, depth):
    """dx_end/dx0 for `depth` Euler steps, by one forward-mode pass (nothing is kept)."""
    return euler(Dual(x0, 1.0), depth, FINAL_TIME / depth).tangent


# ── Counting and timing ────────────────────────────────────────────────────────────────────────

def graph_size(outputs):
    """How many nodes the outputs depend on (leaves and constants included), each counted once."""
    seen, stack = set(), list(outputs)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(node._prev)
    return len(seen)


@dataclass(frozen=True)
class Work:
    """Nodes processed for a whole Jacobian: each forward-mode pass evaluates every node once;
    the reverse pass from output i visits the nodes output i depends on."""

    forward: int
    reverse: int


def count_work(function, inputs):
    """The exact `Work` of both modes for the Jacobian of ``function`` at ``inputs``."""
    outputs = function(*[Value(x) for x in inputs])
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return Work(forward=len(inputs) * graph_size(outputs),
                reverse=sum(len(topological_order(y)) for y in outputs))


def largest_gap(A, B):
    """Largest |a − b| / max(1, |a|, |b|) over matching entries of two matrices."""
    return max(abs(a - b) / max(1.0, abs(a), abs(b))
               for row_a, row_b in zip(A, B) for a, b in zip(row_a, row_b))


MIN_TIMING = 0.002
"""`timed` repeats a call this many seconds at least, so short calls are timed over many runs."""

REPEATS_VARIABLE = "MINIGRAD_TIMING_REPEATS"
"""An environment variable that caps how many timings `timed` takes the best of, for calls of
`LONG_CALL` seconds or more. The test that runs every cell of lesson 04 twice sets it to 1: every
experiment still runs at the sizes the lesson shows and every assert is checked, but a long call is
timed once instead of best of 3 or 5."""

LONG_CALL = 0.02
"""Calls at least this long are the ones `REPEATS_VARIABLE` caps: they cost the time, and a pause
of the process (another program taking the core) stretches them by a small fraction only. Shorter
calls keep their best of several timings, which is what protects them from such a pause."""


def repeats_allowed(repeat):
    """``repeat``, or less if `REPEATS_VARIABLE` asks for fewer timings."""
    cap = os.environ.get(REPEATS_VARIABLE, "").strip()
    if not cap:
        return repeat
    if not cap.isdigit() or int(cap) < 1:
        raise ValueError(words("bad_repeats", variable=REPEATS_VARIABLE, value=cap))
    return min(repeat, int(cap))


def timed(fn, repeat=3):
    """(fn(), seconds per call): the best of ``repeat`` timings, with the garbage collector paused.

    A call shorter than `MIN_TIMING` is run several times per timing and the time divided, as
    Python's ``timeit`` does; a collection that happened to start during one run would otherwise
    be charged to whatever was being timed. `REPEATS_VARIABLE` may cap ``repeat`` for long calls.
    """
    allowed = repeats_allowed(repeat)
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        first = time.perf_counter() - start
        if first >= LONG_CALL:
            repeat = allowed
        number_of_calls = max(1, math.ceil(MIN_TIMING / first)) if first > 0 else 1000
        best = first if number_of_calls == 1 else math.inf
        for _ in range(repeat - (number_of_calls == 1)):
            start = time.perf_counter()
            for _ in range(number_of_calls):
                result = fn()
            best = min(best, (time.perf_counter() - start) / number_of_calls)
    finally:
        if gc_was_on:
            gc.enable()
    return result, best


def timed_once(fn):
    """(fn(), seconds) for exactly one call, with the garbage collector paused: for a call with
    an effect that must not be repeated (a backward pass adds into the leaves' grads)."""
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        return result, time.perf_counter() - start
    finally:
        if gc_was_on:
            gc.enable()


def peak_memory(fn, repeat=1):
    """(fn(), the smallest peak of bytes allocated while fn ran, over ``repeat`` runs).

    tracemalloc also counts what other threads of the process allocate meanwhile; that noise only
    adds, so the smallest peak of a few runs is the cleanest reading.
    """
    peak = math.inf
    for _ in range(repeat):
        tracemalloc.start()
        try:
            result = fn()
            peak = min(peak, tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    return result, peak


# ── §4 The decision: both families, growing ────────────────────────────────────────────────────

FAMILIES = {"ML": make_loss, "spring": make_spring}
SIZES = (2, 4, 8, 16, 32, 64, 128)


@dataclass(frozen=True)
class ShapeRun:
    """Both modes on one function: passes, exact work and wall time, for its whole Jacobian."""

    family: str
    n: int
    m: int
    passes_forward: int
    passes_reverse: int
    work: Work
    seconds_forward: float
    seconds_reverse: float
    gap: float                  # largest_gap between the two Jacobians

    @property
    def winner(self):
        """The faster mode, "forward" or "reverse"."""
        return "reverse" if self.seconds_reverse < self.seconds_forward else "forward"


def run_both_modes(family, function, inputs, repeat=3):
    """Time `jacobian_forward` and `jacobian_reverse` on one function, and count their work."""
    by_forward, seconds_forward = timed(lambda: jacobian_forward(function, inputs), repeat)
    by_reverse, seconds_reverse = timed(lambda: jacobian_reverse(function, inputs), repeat)
    return ShapeRun(family, n=len(inputs), m=len(by_forward.matrix),
                    passes_forward=by_forward.passes, passes_reverse=by_reverse.passes,
                    work=count_work(function, inputs), seconds_forward=seconds_forward,
                    seconds_reverse=seconds_reverse,
                    gap=largest_gap(by_forward.matrix, by_reverse.matrix))


class Decision:
    """`ShapeRun`s of both families at growing sizes; shows itself as a table."""

    def __init__(self, runs):
        self.runs = list(runs)

    def family(self, family):
        return [run for run in self.runs if run.family == family]

    def largest(self, family):
        return self.family(family)[-1]

    def table(self):
        headers = [words(key) for key in ("shape", "n", "m", "passes_forward", "passes_reverse",
                                          "work_forward", "work_reverse", "ms_forward",
                                          "ms_reverse")]
        rows = [[words(run.family), run.n, run.m, run.passes_forward, run.passes_reverse,
                 number(run.work.forward, ","), number(run.work.reverse, ","),
                 ms(run.seconds_forward), ms(run.seconds_reverse)] for run in self.runs]
        return Table(headers, rows)

    def _repr_markdown_(self):
        return self.table()._repr_markdown_()

    def __repr__(self):
        return str(self.table())

    def plot(self, plt):
        """Passes (left) and wall time (right) against the large dimension, for both families.

        ``plt`` is the notebook's ``matplotlib.pyplot``: imported by a cell, it is what the
        browser version of the workbook knows to fetch (or to explain when it cannot).
        """
        fig, (ax_passes, ax_time) = plt.subplots(1, 2, figsize=(11, 4))
        for family, style in (("ML", "-"), ("spring", "--")):
            runs = self.family(family)
            sizes = [run.n if family == "ML" else run.m for run in runs]
            for mode in ("forward", "reverse"):
                label = f"{words(mode)}, {words(family)}"
                passes = [getattr(run, f"passes_{mode}") for run in runs]
                seconds = [getattr(run, f"seconds_{mode}") for run in runs]
                look = dict(color=COLOURS[mode], linewidth=WIDTHS[mode], alpha=0.8, marker="o",
                            label=label)
                ax_passes.plot(sizes, passes, style, **look)
                ax_time.plot(sizes, seconds, style, **look)
        for ax, ylabel in ((ax_passes, words("plot_passes")), (ax_time, words("plot_seconds"))):
            ax.set_xscale("log", base=2)
            ax.set_yscale("log")
            sizes = sorted({run.n if run.family == "ML" else run.m for run in self.runs})
            ax.set_xticks(sizes, [str(size) for size in sizes])
            ax.set_xlabel(words("plot_large_dimension"))
            ax.set_ylabel(ylabel)
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
        ax_passes.set_title(words("plot_passes_title"))
        ax_time.set_title(words("plot_time_title"))
        fig.tight_layout()
        plt.show()


def measure_decision(sizes=SIZES, repeat=3):
    """Both modes on both families at every size: the ML shape has n = size inputs and one
    output, the spring three inputs and m = size outputs."""
    runs = []
    for family, make in FAMILIES.items():
        for size in sizes:
            function, inputs = make(size)
            runs.append(run_both_modes(family, function, inputs, repeat))
    return Decision(runs)


# ── §5 The machine-learning case: what a gradient costs ────────────────────────────────────────

PARAMETER_COUNTS = (10, 100, 1_000, 10_000)


@dataclass(frozen=True)
class GradientCost:
    """Seconds for one loss with n parameters: on plain floats, on Values (recording the graph),
    one backward() on that graph, and one forward-mode pass (a JVP with Duals)."""

    n: int
    plain: float
    taped: float
    backward: float
    jvp: float

    @property
    def gradient(self):
        """Reverse mode's whole gradient: the recorded forward plus one backward pass."""
        return self.taped + self.backward

    @property
    def forward_mode(self):
        """Forward mode's whole gradient, estimated: n JVPs, n times one measured pass."""
        return self.n * self.jvp

    @property
    def speedup(self):
        """How many times cheaper reverse mode's gradient is than forward mode's."""
        return self.forward_mode / self.gradient


def measure_one_gradient_cost(n, repeat=5):
    loss, parameters = make_loss(n)

    def record():
        leaves = [Value(p) for p in parameters]
        return loss(*leaves)

    direction = [1.0] + [0.0] * (n - 1)
    _, plain = timed(lambda: loss(*parameters), repeat)
    L, taped = timed(record, repeat)
    _, backward = timed(L.backward, repeat)
    _, one_jvp = timed(lambda: jvp(loss, parameters, direction), repeat)
    return GradientCost(n, plain, taped, backward, one_jvp)


class GradientCosts:
    """`GradientCost` at growing n; shows itself as a table of seconds and ratios."""

    def __init__(self, rows):
        self.rows = list(rows)

    @property
    def largest(self):
        return self.rows[-1]

    def table(self):
        headers = [words(key) for key in ("n", "ms_plain", "ms_taped", "ms_backward", "ms_jvp",
                                          "gradient_over_plain", "gradient_over_taped",
                                          "jvp_over_taped", "speedup")]
        rows = [[number(row.n, ","), ms(row.plain), ms(row.taped), ms(row.backward), ms(row.jvp),
                 times(row.gradient / row.plain), times(row.gradient / row.taped),
                 times(row.jvp / row.taped), times(row.speedup)] for row in self.rows]
        return Table(headers, rows, note=words("speedup_note"))

    def _repr_markdown_(self):
        return self.table()._repr_markdown_()

    def __repr__(self):
        return str(self.table())

    def plot(self, plt):
        """Each cost divided by one taped forward, against n; the rule of thumb as a band.

        ``plt`` is the notebook's ``matplotlib.pyplot`` (see `Decision.plot`).
        """
        fig, ax = plt.subplots(figsize=(7.5, 4.2))
        ns = [row.n for row in self.rows]
        ax.plot(ns, [row.forward_mode / row.taped for row in self.rows], "o-",
                color=COLOURS["forward"], label=words("plot_forward_mode_gradient"))
        ax.plot(ns, [row.gradient / row.taped for row in self.rows], "o-",
                color=COLOURS["reverse"], label=words("plot_reverse_mode_gradient"))
        ax.plot(ns, [row.plain / row.taped for row in self.rows], "o:", color="grey",
                label=words("plot_plain_evaluation"))
        ax.axhspan(2.0, 3.0, color=COLOURS["reverse"], alpha=0.12, label=words("plot_rule"))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(words("plot_parameters"))
        ax.set_ylabel(words("plot_cost_over_taped"))
        ax.set_title(words("plot_ml_title"))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        plt.show()


def measure_gradient_cost(counts=PARAMETER_COUNTS, repeat=5):
    """`GradientCost` for each number of parameters in ``counts``."""
    return GradientCosts(measure_one_gradient_cost(n, repeat) for n in counts)


# ── §6 When forward mode wins ──────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class ManyOutputs:
    """The spring's whole Jacobian with n = 3 and m outputs: forward mode timed in full, reverse
    mode estimated from a few of its backward passes."""

    n: int
    m: int
    passes_forward: int
    passes_reverse: int
    seconds_forward: float
    seconds_reverse_estimate: float
    samples: int
    gap: float                  # sampled reverse rows against the forward-mode Jacobian

    def table(self):
        headers = [words(key) for key in ("mode", "passes", "seconds")]
        rows = [[words("forward"), number(self.passes_forward, ","),
                 number(self.seconds_forward, ".2f")],
                [words("reverse"), number(self.passes_reverse, ","),
                 "≈ " + number(self.seconds_reverse_estimate, ",.0f")]]
        return Table(headers, rows, note=words("estimate_note", samples=self.samples))

    def _repr_markdown_(self):
        return self.table()._repr_markdown_()

    def __repr__(self):
        return str(self.table())


def reverse_seconds_estimate(function, inputs, reference, samples=5):
    """(estimated seconds of jacobian_reverse, largest gap of the sampled rows).

    Records the graph once (timed), then times one backward pass from the middle of each of
    ``samples`` equal slices of the outputs and checks its row against ``reference`` (the
    Jacobian found by forward mode). When a pass's length grows in step with its output's place,
    as in the spring, the mean of these passes is the mean of all m of them.
    """
    def record():
        leaves = [Value(x) for x in inputs]
        return leaves, function(*leaves)

    (leaves, outputs), record_seconds = timed_once(record)
    m = len(outputs)
    pass_seconds, gap = 0.0, 0.0
    for i in (m * (2 * k + 1) // (2 * samples) for k in range(samples)):
        for leaf in leaves:
            leaf.grad = 0.0
        _, seconds = timed_once(outputs[i].backward)
        pass_seconds += seconds
        gap = max(gap, largest_gap([[leaf.grad for leaf in leaves]], [reference[i]]))
    return record_seconds + m * pass_seconds / samples, gap


def measure_many_outputs(m=10_000, samples=5):
    """The spring with m outputs: forward mode in full, reverse mode estimated."""
    trajectory, inputs = make_spring(m)
    by_forward, seconds_forward = timed_once(lambda: jacobian_forward(trajectory, inputs))
    estimate, gap = reverse_seconds_estimate(trajectory, inputs, by_forward.matrix, samples)
    return ManyOutputs(n=len(inputs), m=len(by_forward.matrix), passes_forward=by_forward.passes,
                       passes_reverse=len(by_forward.matrix), seconds_forward=seconds_forward,
                       seconds_reverse_estimate=estimate, samples=samples, gap=gap)


class Curves:
    """Exact work of both modes on the spring and the helix, and the helix's wall times."""

    def __init__(self, works, helix):
        self.works = works          # [(curve name, m, Work)]
        self.helix = helix          # a ShapeRun of the helix at its largest m

    def work(self, curve, m):
        return next(work for name, size, work in self.works if (name, size) == (curve, m))

    def table(self):
        headers = [words(key) for key in ("curve", "n", "m", "work_forward", "work_reverse",
                                          "reverse_over_forward")]
        rows = [[words(name), 3, number(m, ","), number(work.forward, ","),
                 number(work.reverse, ","), number(work.reverse / work.forward, ".2f")]
                for name, m, work in self.works]
        helix = self.helix
        note = words("helix_times", m=number(helix.m, ","), forward=ms(helix.seconds_forward),
                     reverse=ms(helix.seconds_reverse))
        return Table(headers, rows, note=note)

    def _repr_markdown_(self):
        return self.table()._repr_markdown_()

    def __repr__(self):
        return str(self.table())


def measure_curves(spring_m=128, helix_ms=(128, 2_000), repeat=3):
    """Work of both modes for the spring and the helix; both modes timed on the largest helix."""
    works = [("spring", spring_m, count_work(*make_spring(spring_m)))]
    works += [("helix", m, count_work(*make_helix(m))) for m in helix_ms]
    helix = run_both_modes("helix", *make_helix(helix_ms[-1]), repeat=repeat)
    return Curves(works, helix)


# ── §7 What reverse mode pays for: memory, and checkpointing ───────────────────────────────────

DEPTHS = (100, 200, 400, 800, 1_600)


@dataclass(frozen=True)
class MemoryRun:
    depth: int
    nodes_alive: int            # nodes the output keeps alive until backward (exact)
    grad: float                 # dx_end/dx0 by reverse mode
    tangent: float              # the same by forward mode
    reverse_peak: int           # bytes, tracemalloc
    forward_peak: int


class Memory:
    def __init__(self, runs):
        self.runs = list(runs)

    def table(self):
        headers = [words(key) for key in ("depth", "nodes_alive", "derivative", "kib_reverse",
                                          "kib_forward")]
        rows = [[number(run.depth, ","), number(run.nodes_alive, ","), number(run.grad, ".6f"),
                 number(run.reverse_peak / 1024, ",.1f"), number(run.forward_peak / 1024, ",.2f")]
                for run in self.runs]
        return Table(headers, rows)

    def _repr_markdown_(self):
        return self.table()._repr_markdown_()

    def __repr__(self):
        return str(self.table())


def measure_memory(depths=DEPTHS, x0=0.3):
    """For each depth: nodes kept alive, the derivative both ways and each mode's peak memory."""
    runs = []
    for depth in depths:
        (grad, nodes_alive), reverse_peak = peak_memory(lambda: reverse_derivative(x0, depth))
        tangent, forward_peak = peak_memory(lambda: forward_derivative(x0, depth), repeat=3)
        runs.append(MemoryRun(depth, nodes_alive, grad, tangent, reverse_peak, forward_peak))
    return Memory(runs)


@dataclass(frozen=True)
class GradientRun:
    """One way of getting dx_end/dx0 on the Euler chain, and what it cost."""

    grad: float
    largest_graph: int          # most nodes alive at any moment (exact)
    euler_steps: int            # Euler steps evaluated (exact)
    peak: int                   # bytes, tracemalloc
    seconds: float


class Checkpointing:
    """The Euler chain's derivative without and with checkpointing, side by side."""

    def __init__(self, plain, checkpointed, extra_forward_share):
        self.plain = plain
        self.checkpointed = checkpointed
        # forward / (forward + backward): the time one extra forward is predicted to add
        self.extra_forward_share = extra_forward_share

    @property
    def memory_saved(self):
        return 1 - self.checkpointed.peak / self.plain.peak

    @property
    def time_added(self):
        return self.checkpointed.seconds / self.plain.seconds - 1

    def table(self):
        headers = [words(key) for key in ("method", "derivative", "largest_graph", "euler_steps",
                                          "kib_peak", "ms_time")]
        rows = [[words(name), number(run.grad, ".8f"), number(run.largest_graph, ","),
                 number(run.euler_steps, ","), number(run.peak / 1024, ",.0f"), ms(run.seconds)]
                for name, run in (("plain", self.plain), ("checkpointed", self.checkpointed))]
        note = words("checkpoint_note", saved=percent(self.memory_saved, sign=False),
                     added=percent(self.time_added), predicted=percent(self.extra_forward_share))
        return Table(headers, rows, note=note)

    def _repr_markdown_(self):
        return self.table()._repr_markdown_()

    def __repr__(self):
        return str(self.table())


def checkpointed_derivative(x0, depth, segment):
    """(dx_end/dx0, largest graph alive) for the Euler chain, with activation checkpointing."""
    h = FINAL_TIME / depth
    checkpoints, x = [], x0
    for first in range(0, depth, segment):
        length = min(segment, depth - first)
        checkpoints.append((x, length))
        x = euler(Value(x), length, h).data
    incoming, largest_graph = 1.0, 0
    for start, length in reversed(checkpoints):
        leaf = Value(start)
        seeded = euler(leaf, length, h) * incoming
        largest_graph = max(largest_graph, len(topological_order(seeded)))
        seeded.backward()
        incoming = leaf.grad
    return incoming, largest_graph


def _gradient_run(method, x0, depth, *args):
    euler.steps_run = 0
    (grad, largest_graph), peak = peak_memory(lambda: method(x0, depth, *args))
    steps = euler.steps_run
    _, seconds = timed(lambda: method(x0, depth, *args), repeat=5)
    return GradientRun(grad, largest_graph, steps, peak, seconds)


def _extra_forward_share(x0, depth):
    """What one extra recorded forward adds to forward + backward: forward / (forward + backward),
    both timed on the plain Euler chain."""
    h = FINAL_TIME / depth
    end, forward = timed(lambda: euler(Value(x0), depth, h), repeat=5)
    _, backward = timed(end.backward, repeat=5)
    return forward / (forward + backward)


def measure_checkpointing(depth=2_000, segment=50, x0=0.3):
    """The Euler chain's derivative by the plain reverse pass and by `checkpointed_derivative`."""
    plain = _gradient_run(reverse_derivative, x0, depth)
    kept = _gradient_run(checkpointed_derivative, x0, depth, segment)
    return Checkpointing(plain, kept, _extra_forward_share(x0, depth))


# ── §8 The whole choice in one table, and the spec's figures ───────────────────────────────────

def one_table(decision, many, curves):
    """Every measured shape with its passes, seconds and the faster mode."""
    headers = [words(key) for key in ("shape", "n", "m", "passes_forward", "passes_reverse",
                                      "s_forward", "s_reverse", "winner")]
    rows = []
    for run in (decision.largest("ML"), decision.largest("spring"), curves.helix):
        rows.append([words(run.family), number(run.n, ","), number(run.m, ","), run.passes_forward,
                     number(run.passes_reverse, ","), number(run.seconds_forward, ".3f"),
                     number(run.seconds_reverse, ".3f"), words(run.winner)])
    rows.append([words("spring"), many.n, number(many.m, ","), many.passes_forward,
                 number(many.passes_reverse, ","), number(many.seconds_forward, ".3f"),
                 "≈ " + number(many.seconds_reverse_estimate, ",.1f"), words("forward")])
    return Table(headers, rows, align="<>>>>>><", note=words("estimate_note",
                                                              samples=many.samples))


def spec_table(cost, checkpointing):
    """The spec's five figures next to this machine's measurements, and why they differ."""
    row = cost.largest
    n = number(row.n, ",")
    lines = [
        ("spec_jvp", words("measured_jvp", n=n, taped=times(row.jvp / row.taped),
                           plain=times(row.jvp / row.plain)), "why_jvp"),
        ("spec_gradient", words("measured_gradient", n=n, taped=times(row.gradient / row.taped),
                                plain=times(row.gradient / row.plain),
                                backward=number(row.backward / row.taped, ".2f")),
         "why_gradient"),
        ("spec_n_over_2", words("measured_n_over_2", n=n, speedup=number(row.speedup, ",.0f"),
                                half=number(row.n // 2, ",")), "why_n_over_2"),
        ("spec_checkpoint_time", words("measured_checkpoint_time",
                                       steps=number(checkpointing.checkpointed.euler_steps
                                                    / checkpointing.plain.euler_steps, ".0f"),
                                       added=percent(checkpointing.time_added),
                                       predicted=percent(checkpointing.extra_forward_share)),
         "why_checkpoint_time"),
        ("spec_checkpoint_memory", words("measured_checkpoint_memory",
                                         saved=percent(checkpointing.memory_saved, sign=False),
                                         plain=number(checkpointing.plain.largest_graph, ","),
                                         kept=number(checkpointing.checkpointed.largest_graph,
                                                     ",")),
         "why_checkpoint_memory"),
    ]
    headers = [words("spec_says"), words("we_measure"), words("why")]
    return Table(headers, [[words(said), measured, words(why)] for said, measured, why in lines],
                 align="<<<")


# ── Pictures: several graphs side by side ──────────────────────────────────────────────────────

_SVG_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
CAPTION_HEIGHT = 22         # points above each graph for its caption
GAP = 24                    # points between two graphs
MAX_WIDTH = 640             # points: a wider picture is scaled down to this width


class Picture:
    """Graphs drawn next to each other, each under its caption: shows itself as one SVG."""

    def __init__(self, drawings, captions):
        self.drawings = list(drawings)
        self.captions = list(captions)

    def svg(self):
        parts, x, height = [], 0.0, 0.0
        for drawing, caption in zip(self.drawings, self.captions):
            inner = drawing.svg()
            size = _SVG_SIZE.search(inner)
            width_pt, height_pt = float(size.group(1)), float(size.group(2))
            # Width and height come first after "<svg " (the notebook tests blank layout sizes
            # written there); the graph sits below its caption.
            # Inside the picture, sizes are in the picture's units (points): drop "pt".
            body = (f'<svg width="{width_pt:g}" height="{height_pt:g}" x="{x:.0f}" '
                    f'y="{CAPTION_HEIGHT}"' + inner[size.end():])
            parts.append(f'<text x="{x + 4:.0f}" y="15" font-family="Helvetica" '
                         f'font-size="13">{html.escape(caption)}</text>')
            parts.append(body)
            x += width_pt + GAP
            height = max(height, height_pt)
        width, total_height = x - GAP, height + CAPTION_HEIGHT
        scale = min(1.0, MAX_WIDTH / width)        # wider than a notebook's column: shrink it
        return (f'<svg width="{width * scale:.0f}pt" height="{total_height * scale:.0f}pt" '
                f'viewBox="0 0 {width:.0f} {total_height:.0f}" xmlns="http://www.w3.org/2000/svg" '
                'xmlns:xlink="http://www.w3.org/1999/xlink">' + "".join(parts) + "</svg>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            svg = self.svg()
        except GraphvizMissing as missing:
            return {"text/plain": str(missing), "text/html": message_html(str(missing))}
        return {"image/svg+xml": svg, "text/plain": repr(self)}

    def __repr__(self):
        sizes = " + ".join(str(drawing.n_nodes) for drawing in self.drawings)
        return words("picture_repr", sizes=sizes)


def side_by_side(*pairs):
    """One picture of ``(drawing, caption)`` pairs, left to right (drawings from `draw_graph`)."""
    drawings, captions = zip(*pairs)
    return Picture(drawings, captions)


def draw_spring_and_helix(m=3, pass_from=1):
    """The spring and the helix with m outputs each, side by side; in red, the nodes the reverse
    pass from output ``pass_from`` (counted from 0) visits."""
    pictures = []
    for name, make in (("spring", make_spring), ("helix", make_helix)):
        function, inputs = make(m)
        labels = words(f"inputs_{name}").split()
        leaves = [Value(x, label=label) for x, label in zip(inputs, labels)]
        outputs = function(*leaves)
        for k, output in enumerate(outputs):
            output.label = f"{words('output')}{k}"
        visited = topological_order(outputs[pass_from])
        edges = [(parent, node) for node in visited for parent in node._prev]
        drawing = draw_graph(outputs, show_grad=False, show_data=False, rankdir="TB",
                             highlight=visited + edges)       # names only: the structure
        pictures.append((drawing, words(f"caption_{name}", k=pass_from, visited=len(visited))))
    return side_by_side(*pictures)


# ── Odds and ends ──────────────────────────────────────────────────────────────────────────────

COLOURS = {"forward": "tab:blue", "reverse": "tab:orange"}
WIDTHS = {"forward": 4, "reverse": 2}   # forward mode drawn wider, so a line on top leaves it visible


MESSAGES = {
    "bad_repeats": {
        "en": "{variable}={value!r} is not a number of timings: set it to a whole number from 1 up, "
              "or unset it to time as the lesson does",
        "es": "{variable}={value!r} no es un número de mediciones: asígnale un número entero mayor o "
              "igual que 1, o elimínala para medir como lo hace la lección",
    },
    # Names
    "forward": {"en": "forward mode", "es": "modo directo"},
    "reverse": {"en": "reverse mode", "es": "modo inverso"},
    "ML": {"en": "ML loss", "es": "pérdida"},
    "spring": {"en": "spring", "es": "muelle"},
    "helix": {"en": "helix", "es": "hélice"},
    "plain": {"en": "plain", "es": "normal"},
    "checkpointed": {"en": "checkpointed", "es": "con checkpointing"},
    "output": {"en": "out", "es": "sal"},
    # Column headers
    "shape": {"en": "function", "es": "función"},
    "curve": {"en": "curve", "es": "curva"},
    "mode": {"en": "mode", "es": "modo"},
    "method": {"en": "method", "es": "método"},
    "n": {"en": "n", "es": "n"},
    "m": {"en": "m", "es": "m"},
    "passes": {"en": "passes", "es": "pasadas"},
    "seconds": {"en": "seconds", "es": "segundos"},
    "passes_forward": {"en": "passes fwd", "es": "pasadas dir."},
    "passes_reverse": {"en": "passes rev", "es": "pasadas inv."},
    "work_forward": {"en": "work fwd", "es": "trabajo dir."},
    "work_reverse": {"en": "work rev", "es": "trabajo inv."},
    "reverse_over_forward": {"en": "rev / fwd", "es": "inv. / dir."},
    "ms_forward": {"en": "fwd (ms)", "es": "dir. (ms)"},
    "ms_reverse": {"en": "rev (ms)", "es": "inv. (ms)"},
    "s_forward": {"en": "fwd (s)", "es": "dir. (s)"},
    "s_reverse": {"en": "rev (s)", "es": "inv. (s)"},
    "winner": {"en": "faster", "es": "más rápido"},
    "ms_plain": {"en": "plain floats (ms)", "es": "con `float` (ms)"},
    "ms_taped": {"en": "taped forward (ms)", "es": "ida con grafo (ms)"},
    "ms_backward": {"en": "backward (ms)", "es": "vuelta (ms)"},
    "ms_jvp": {"en": "one JVP (ms)", "es": "un JVP (ms)"},
    "gradient_over_plain": {"en": "gradient / plain", "es": "gradiente / `float`"},
    "gradient_over_taped": {"en": "gradient / taped", "es": "gradiente / ida"},
    "jvp_over_taped": {"en": "JVP / taped", "es": "JVP / ida"},
    "speedup": {"en": "n JVPs / gradient", "es": "n JVP / gradiente"},
    "depth": {"en": "depth", "es": "profundidad"},
    "nodes_alive": {"en": "nodes alive", "es": "nodos vivos"},
    "derivative": {"en": "dx(2)/dx(0)", "es": "dx(2)/dx(0)"},
    "kib_reverse": {"en": "reverse peak (KiB)", "es": "pico inverso (KiB)"},
    "kib_forward": {"en": "forward peak (KiB)", "es": "pico directo (KiB)"},
    "largest_graph": {"en": "largest graph", "es": "mayor grafo"},
    "euler_steps": {"en": "Euler steps", "es": "pasos de Euler"},
    "kib_peak": {"en": "peak (KiB)", "es": "pico (KiB)"},
    "ms_time": {"en": "time (ms)", "es": "tiempo (ms)"},
    # Notes
    "speedup_note": {
        "en": "taped forward: the loss on Values, recording the graph; gradient = taped forward "
        "+ backward; forward mode's gradient = n JVPs, n times the one measured.",
        "es": "ida con grafo: la pérdida con Values, que registra el grafo; gradiente = ida con "
        "grafo + vuelta; el gradiente del modo directo son n JVP, n veces el medido.",
    },
    "estimate_note": {
        "en": "≈ reverse mode estimated from {samples} of its backward passes",
        "es": "≈ modo inverso estimado a partir de {samples} de sus pasadas hacia atrás",
    },
    "helix_times": {
        "en": "helix, m = {m}, whole Jacobian: forward mode {forward} ms, reverse mode {reverse} ms",
        "es": "hélice, m = {m}, jacobiano entero: modo directo {forward} ms, modo inverso "
        "{reverse} ms",
    },
    "checkpoint_note": {
        "en": "memory saved: {saved}; time added: {added} measured, {predicted} predicted by one "
        "extra forward",
        "es": "memoria ahorrada: {saved}; tiempo añadido: {added} medido, {predicted} previsto por "
        "una ida adicional",
    },
    "picture_repr": {
        "en": "<graphs side by side, {sizes} nodes>",
        "es": "<grafos uno junto a otro, {sizes} nodos>",
    },
    "inputs_spring": {"en": "start damping stiffness", "es": "inicio amortiguamiento rigidez"},
    "inputs_helix": {"en": "radius frequency pitch", "es": "radio frecuencia paso"},
    "caption_spring": {
        "en": "spring: the pass from out{k} visits {visited} nodes",
        "es": "muelle: la pasada desde sal{k} visita {visited} nodos",
    },
    "caption_helix": {
        "en": "helix: the pass from out{k} visits {visited} nodes",
        "es": "hélice: la pasada desde sal{k} visita {visited} nodos",
    },
    # Plots
    "plot_passes": {"en": "passes for the whole Jacobian", "es": "pasadas para el jacobiano entero"},
    "plot_seconds": {"en": "wall time (s)", "es": "tiempo real (s)"},
    "plot_large_dimension": {
        "en": "large dimension k   (ML loss: n = k, m = 1;  spring: n = 3, m = k)",
        "es": "dimensión grande k   (pérdida: n = k, m = 1;  muelle: n = 3, m = k)",
    },
    "plot_passes_title": {
        "en": "Passes: forward mode pays n, reverse mode pays m",
        "es": "Pasadas: el modo directo paga n; el inverso, m",
    },
    "plot_time_title": {"en": "Wall time follows the passes",
                        "es": "El tiempo real sigue a las pasadas"},
    "plot_forward_mode_gradient": {"en": "forward mode: n JVPs", "es": "modo directo: n JVP"},
    "plot_reverse_mode_gradient": {"en": "reverse mode: taped forward + backward",
                                   "es": "modo inverso: ida con grafo + vuelta"},
    "plot_plain_evaluation": {"en": "the loss on plain floats", "es": "la pérdida con float"},
    "plot_rule": {"en": "rule of thumb: a gradient costs 2–3 forwards",
                  "es": "regla práctica: un gradiente cuesta 2–3 idas"},
    "plot_parameters": {"en": "number of parameters n (m = 1)",
                        "es": "número de parámetros n (m = 1)"},
    "plot_cost_over_taped": {"en": "cost / one taped forward", "es": "coste / una ida con grafo"},
    "plot_ml_title": {"en": "The ML case: reverse mode's cost does not grow with n",
                      "es": "Aprendizaje automático: el coste del modo inverso no crece con n"},
    # The spec's figures
    "spec_says": {"en": "the spec says", "es": "la especificación dice"},
    "we_measure": {"en": "we measure", "es": "medimos"},
    "why": {"en": "why", "es": "por qué"},
    "spec_jvp": {"en": "a JVP costs ≈ 1 forward pass", "es": "un JVP cuesta ≈ 1 pasada hacia delante"},
    "measured_jvp": {
        "en": "n = {n}: one JVP = {taped} the taped forward, {plain} the loss on plain floats",
        "es": "n = {n}: un JVP = {taped} la ida con grafo, {plain} la pérdida con `float`",
    },
    "why_jvp": {
        "en": "one pass, yes; in time, a JVP does each operation's forward work plus its tangent's "
        "arithmetic, the arithmetic reverse mode leaves for its backward pass: about a gradient's "
        "cost. Dual and Value both make one Python object per operation, hence the plain-float gap",
        "es": "una pasada, sí; en tiempo, un JVP hace el trabajo de ida de cada operación más la "
        "aritmética de su tangente, la que el modo inverso deja para la vuelta: más o menos lo "
        "que un gradiente. Dual y Value crean un objeto de Python por operación; de ahí la "
        "distancia con los `float`",
    },
    "spec_gradient": {"en": "a gradient costs ≈ 2× the forward",
                      "es": "un gradiente cuesta ≈ 2 veces la ida"},
    "measured_gradient": {
        "en": "n = {n}: {taped} the taped forward (backward = {backward} of it), {plain} the "
        "loss on plain floats; flat in n",
        "es": "n = {n}: {taped} la ida con grafo (la vuelta es {backward} de ella), {plain} la "
        "pérdida con `float`; no cambia con n",
    },
    "why_gradient": {
        "en": "one backward visits each node once; in minigrad, recording the graph is the "
        "expensive part. Rule of thumb: backward = 1–2 forwards, so 2–3×; theory bounds it by "
        "about 5×, whatever n",
        "es": "la vuelta visita cada nodo una vez; en minigrad lo caro es registrar el grafo. "
        "Regla práctica: vuelta = 1–2 idas, así que 2–3 veces; la teoría lo acota en unas "
        "5 veces, sea cual sea n",
    },
    "spec_n_over_2": {"en": "reverse mode wins by n/2", "es": "el modo inverso gana por n/2"},
    "measured_n_over_2": {
        "en": "n = {n}: {speedup}× (n/2 = {half})",
        "es": "n = {n}: {speedup} veces (n/2 = {half})",
    },
    "why_n_over_2": {
        "en": "the gain is n × (JVP / forward) ÷ (gradient / forward); n/2 takes a JVP as 1 "
        "forward and a gradient as 2",
        "es": "la ganancia es n × (JVP / ida) ÷ (gradiente / ida); n/2 supone que un JVP cuesta "
        "1 ida y un gradiente 2",
    },
    "spec_checkpoint_time": {"en": "checkpointing costs ≈ 30 % more compute",
                             "es": "el checkpointing cuesta ≈ 30 % más de cálculo"},
    "measured_checkpoint_time": {
        "en": "Euler steps ×{steps} (exact); time {added} ({predicted} predicted)",
        "es": "pasos de Euler ×{steps} (exacto); tiempo {added} ({predicted} previsto)",
    },
    "why_checkpoint_time": {
        "en": "one extra forward adds forward / (forward + backward) = 1 / (1 + backward/forward): "
        "33 % when backward = 2 forwards, as in dense layers; minigrad's backward is cheaper than "
        "its forward, so the share is larger",
        "es": "una ida adicional añade ida / (ida + vuelta) = 1 / (1 + vuelta/ida): un 33 % si la "
        "vuelta cuesta 2 idas, como en las capas densas; en minigrad la vuelta es más barata que "
        "la ida, así que la proporción es mayor",
    },
    "spec_checkpoint_memory": {"en": "it saves 50 %+ of the memory",
                               "es": "ahorra un 50 % de memoria o más"},
    "measured_checkpoint_memory": {
        "en": "{saved} of the peak saved; largest live graph {plain} → {kept} nodes",
        "es": "{saved} del pico ahorrado; mayor grafo vivo: {plain} → {kept} nodos",
    },
    "why_checkpoint_memory": {
        "en": "alive at once: one float per segment and one segment's graph, not the whole chain",
        "es": "vivos a la vez: un `float` por tramo y el grafo de un tramo, no la cadena entera",
    },
}


# ── Showing code, and running everything ───────────────────────────────────────────────────────

class Source:
    """A function's code without its docstring: shows itself as a Python block in a notebook."""

    def __init__(self, function):
        lines = inspect.getsource(function).splitlines()
        body = ast.parse(textwrap.dedent("\n".join(lines))).body[0].body
        first = body[0]
        if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant):
            del lines[first.lineno - 1:first.end_lineno]       # the docstring's lines
        self.code = "\n".join(lines)

    def __repr__(self):
        return self.code

    def _repr_markdown_(self):
        return f"```python\n{self.code}\n```"


def show_source(function):
    """The code of one of this module's functions, as the lesson shows it."""
    return Source(function)


# The lesson's asserts that rest on timings or memory readings, each as written in the lesson, with
# how many times over the measurement clears it (a margin of at least 5 is wanted on a loaded
# machine). tests/test_lessons_modes.py checks that the lesson still has each of them.
def timed_assert_margins(decision, cost, many, memory, checkpointing):
    """[(the assert as the lesson writes it, measured / asserted)] for this machine's results."""
    ml = decision.largest("ML")
    ratios = [row.gradient / row.taped for row in cost.rows]
    peaks = [run.forward_peak for run in memory.runs]
    return [
        ("ml.seconds_forward > 10 * ml.seconds_reverse",
         ml.seconds_forward / ml.seconds_reverse / 10),
        ("cost.largest.speedup > cost.largest.n / 20", cost.largest.speedup / (cost.largest.n / 20)),
        ("max(ratios) < 10", 10 / max(ratios)),
        ("max(ratios) < 6 * min(ratios)", 6 * min(ratios) / max(ratios)),
        ("many.seconds_reverse_estimate > 10 * many.seconds_forward",
         many.seconds_reverse_estimate / many.seconds_forward / 10),
        ("memory.runs[-1].reverse_peak > 3 * memory.runs[0].reverse_peak",
         memory.runs[-1].reverse_peak / memory.runs[0].reverse_peak / 3),
        ("max(run.forward_peak for run in memory.runs) < 16 * 1024", 16 * 1024 / max(peaks)),
        ("kept.peak < plain.peak / 2",
         checkpointing.plain.peak / 2 / checkpointing.checkpointed.peak),
    ]


def main():
    """Run every experiment; print its table, then the margin of each timed assert."""
    decision = measure_decision()
    cost = measure_gradient_cost()
    many = measure_many_outputs()
    curves = measure_curves()
    memory = measure_memory()
    checkpointing = measure_checkpointing()
    for result in (decision, cost, many, curves, memory, checkpointing,
                   one_table(decision, many, curves), spec_table(cost, checkpointing)):
        print(result, end="\n\n")
    print("The lesson's asserts on timings and memory: measured / asserted (5 or more is wanted)")
    for assertion, margin in timed_assert_margins(decision, cost, many, memory,
                                                        checkpointing):
        print(f"  {assertion:<62} {margin:8.1f}")


if __name__ == "__main__":
    main()
