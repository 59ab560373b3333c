"""How fast the graph drawing and the stepping widgets are on an XOR-MLP-sized graph.

Run from the repository root:

    python benchmarks/bench_widgets.py

Budgets (a learner clicking through a lesson should never wait):
- first render (graphviz layout of the whole graph, then the first picture) ≤ 1 s;
- one step (replay, narration, re-drawn SVG, widget updates) ≤ 50 ms, median over all steps.

Prints each measurement and PASS or FAIL; exits with status 1 when a budget is missed.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minigrad.draw import draw_graph                      # noqa: E402
from minigrad.nn import MLP, xor_data                     # noqa: E402
from minigrad.scalar import topological_order             # noqa: E402
from minigrad.widgets import BackwardStepper, ForwardStepper  # noqa: E402

FIRST_RENDER_BUDGET = 1.0     # seconds
STEP_BUDGET = 0.050           # seconds, median


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


def report(name, seconds, budget):
    verdict = "PASS" if seconds <= budget else "FAIL"
    print(f"  {name:<44} {seconds * 1000:8.1f} ms   (budget {budget * 1000:.0f} ms)  {verdict}")
    return seconds <= budget


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

    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
