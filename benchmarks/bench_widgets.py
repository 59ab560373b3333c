"""How fast the graph drawing and the stepping widgets are, on a small graph and on a big one.

Run from the repository root:

    python benchmarks/bench_widgets.py

Budgets (a learner clicking through a lesson should never wait):
- XOR MLP (every node drawn): first render (graphviz layout of the whole graph, then the first
  picture) ≤ 1 s; one step (replay, narration, re-drawn SVG, widget updates) ≤ 50 ms, median
  over all steps;
- micrograd's demo MLP (about 65,800 nodes, drawn collapsed): opening a stepper ≤ 2 s; one step
  ≤ 50 ms (slowest of the steps sampled at the start, middle and end of the pass); the HTML a
  step sends to the browser ≤ 50 KB (median), and the order line plus narration ≤ 50 KB at every
  sampled step. A step that changes a drawn node also re-sends the collapsed drawing (its size
  is printed: it depends on draw.MAX_NODES, not on the graph).

Prints each measurement and PASS or FAIL; exits with status 1 when a budget is missed.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_engine import setup, total_loss                # noqa: E402
from minigrad.draw import draw_graph                      # noqa: E402
from minigrad.nn import MLP, xor_data                     # noqa: E402
from minigrad.scalar import topological_order             # noqa: E402
from minigrad.widgets import BackwardStepper, ForwardStepper  # noqa: E402

FIRST_RENDER_BUDGET = 1.0     # seconds
STEP_BUDGET = 0.050           # seconds, median
BIG_OPEN_BUDGET = 2.0         # seconds
STEP_HTML_BUDGET = 50_000     # characters of HTML one step sends
SAMPLE = 200                  # steps timed at each of the start, middle and end of a big pass


def xor_loss():
    """Mean squared error of a 2-4-1 tanh MLP over the four XOR examples: one scalar graph."""
    model = MLP(2, [4, 1], seed=0)
    xs, ys = xor_data()
    terms = [(model(x) - y) ** 2 for x, y in zip(xs, ys)]
    return sum(terms[1:], terms[0]) * 0.25, model


def timed(make):
    start = time.perf_counter()
    result = make()
    return result, time.perf_counter() - start


def step_times(stepper):
    """Seconds taken by each step from the first to the last."""
    times = []
    stepper.first()
    while stepper.position < stepper.n_steps:
        _, seconds = timed(stepper.step)
        times.append(seconds)
    return times


def demo_loss(scale=None):
    """micrograd's demo loss (see bench_engine.py); ``scale``, a Value, multiplies every point."""
    layers, params, inputs, ys = setup("minigrad")
    if scale is not None:
        inputs = [[a * scale, b * scale] for a, b in inputs]
    return total_loss(layers, params, inputs, ys)


def sampled_steps(stepper):
    """Seconds and HTML characters sent, for SAMPLE steps from the start, middle and end.

    What a step sends is every view whose value changed (an unchanged value is not re-sent).
    """
    sent = []
    views = (stepper._narration, stepper._graph, stepper._order)
    for view in views:
        view.observe(lambda change: sent.append((change["owner"], len(change["new"]))),
                     names="value")
    times, sizes, text_sizes = [], [], []
    n = stepper.n_steps
    for start in (0, n // 2, n - SAMPLE):
        stepper.go(start)
        for _ in range(SAMPLE):
            sent.clear()
            _, seconds = timed(stepper.step)
            times.append(seconds)
            sizes.append(sum(size for _, size in sent))
            text_sizes.append(sum(size for view, size in sent if view is not stepper._graph))
    return times, sizes, text_sizes


def report(name, seconds, budget):
    verdict = "PASS" if seconds <= budget else "FAIL"
    print(f"  {name:<44} {seconds * 1000:8.1f} ms   (budget {budget * 1000:.0f} ms)  {verdict}")
    return seconds <= budget


def report_size(name, characters, budget):
    verdict = "PASS" if characters <= budget else "FAIL"
    print(f"  {name:<44} {characters / 1000:8.1f} KB   (budget {budget / 1000:.0f} KB)  {verdict}")
    return characters <= budget


def big_graph():
    """Open and step both steppers on micrograd's demo graph; True when every budget is met."""
    loss = demo_loss()
    print(f"micrograd's demo MLP 2-16-16-1 on 100 points: {len(topological_order(loss))} value "
          "nodes")
    ok = True
    makers = {"BackwardStepper": lambda: BackwardStepper(loss),
              "ForwardStepper": lambda: ForwardStepper(demo_loss, [1.0], [1.0])}
    for name, make in makers.items():
        stepper, seconds = timed(make)
        ok &= report(f"{name}: open", seconds, BIG_OPEN_BUDGET)
        times, sizes, text_sizes = sampled_steps(stepper)
        ok &= report(f"{name} step, slowest of {len(times)}", max(times), STEP_BUDGET)
        print(f"  {'(median step)':<44} {statistics.median(times) * 1000:8.1f} ms")
        ok &= report_size(f"{name} step HTML, median", statistics.median(sizes),
                          STEP_HTML_BUDGET)
        ok &= report_size(f"{name} order + narration, largest", max(text_sizes),
                          STEP_HTML_BUDGET)
        redraws = sum(size > text for size, text in zip(sizes, text_sizes))
        print(f"  {'(largest step, with the collapsed drawing)':<44} {max(sizes) / 1000:8.1f} KB"
              f"   ({redraws} of {len(sizes)} sampled steps re-send the drawing)")
    return ok


def main():
    loss, model = xor_loss()
    n_nodes = len(topological_order(loss))
    print(f"XOR MLP 2-4-1, MSE over 4 examples: {n_nodes} value nodes")
    ok = True

    _, seconds = timed(lambda: draw_graph(loss).svg())
    ok &= report("draw_graph(loss) to SVG", seconds, FIRST_RENDER_BUDGET)

    backward, seconds = timed(lambda: BackwardStepper(loss))
    ok &= report("BackwardStepper(loss): first render", seconds, FIRST_RENDER_BUDGET)
    times = step_times(backward)
    ok &= report(f"BackwardStepper step, median of {len(times)}", statistics.median(times),
                 STEP_BUDGET)
    print(f"  {'(slowest step)':<44} {max(times) * 1000:8.1f} ms")

    forward, seconds = timed(lambda: ForwardStepper(lambda x1, x2: model([x1, x2]),
                                                    [1.0, -1.0], [1.0, 0.0]))
    ok &= report("ForwardStepper(MLP): first render", seconds, FIRST_RENDER_BUDGET)
    times = step_times(forward)
    ok &= report(f"ForwardStepper step, median of {len(times)}", statistics.median(times),
                 STEP_BUDGET)

    ok &= big_graph()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
