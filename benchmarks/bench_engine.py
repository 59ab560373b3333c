"""How fast and how small minigrad's reverse-mode engine is, next to micrograd's.

Run from the repository root:

    python benchmarks/bench_engine.py [--repeat 5]

Workloads:
- micrograd's demo: a 2-16-16-1 MLP (relu hidden layers, linear output) scored on 100 points,
  hinge loss ``(1 + -y·score).relu()`` averaged, plus L2 regularisation 1e-4·Σp² (about 65,000
  nodes); forward (building the graph) and backward are timed separately;
- a chain of 1,000,000 additions, forward and backward;
- bytes per node (tracemalloc) and garbage-collector-tracked objects per node, on the MLP graph.

Every measurement runs in a fresh interpreter (this script with ``--one LIBRARY WORKLOAD``), so
one library's live graph or collector history cannot slow the other down; timings are the median
over ``--repeat`` processes. The cyclic garbage collector stays on and no interpreter setting is
changed: the numbers are what a learner's notebook sees. Both libraries get the same network:
the builder below takes the Value class as a parameter and draws the same seeded weights.

With micrograd installed (the ``bench`` extra) the two are compared side by side. Prints PASS or
FAIL for each target; exits with status 1 when one is missed.
"""

import argparse
import gc
import json
import math
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SPEEDUP_TARGET = 2.0          # micrograd time / minigrad time, forward + backward (aim: 3)
SPEEDUP_AIM = 3.0
BYTES_PER_NODE_TARGET = 300
CHAIN_LENGTH = 1_000_000
MICROGRAD_CHAIN_LENGTH = 10_000   # already ten times Python's default recursion limit


def value_class(library):
    if library == "minigrad":
        from minigrad.scalar import Value
    else:
        from micrograd.engine import Value
    return Value


# ── The workload, written once for either Value class ──────────────────────────────────────────

def build_mlp(Value, sizes=(2, 16, 16, 1), seed=1337):
    """Layers of (weights, bias) per neuron, uniform in [-1, 1] from random.Random(seed)."""
    rng = random.Random(seed)
    return [[([Value(rng.uniform(-1, 1)) for _ in range(nin)], Value(0.0)) for _ in range(nout)]
            for nin, nout in zip(sizes, sizes[1:])]


def score(layers, x):
    for k, layer in enumerate(layers):
        sums = [sum((w * xi for w, xi in zip(weights, x)), bias) for weights, bias in layer]
        x = sums if k == len(layers) - 1 else [s.relu() for s in sums]
    return x[0]


def two_moons(n=100, seed=0):
    """n points in two interleaved half circles, labelled -1 and +1, with a little noise."""
    rng = random.Random(seed)
    xs, ys = [], []
    for i in range(n):
        t = math.pi * rng.random()
        if i % 2:
            point, label = (math.cos(t), math.sin(t)), 1.0
        else:
            point, label = (1.0 - math.cos(t), 0.5 - math.sin(t)), -1.0
        xs.append([point[0] + rng.gauss(0, 0.1), point[1] + rng.gauss(0, 0.1)])
        ys.append(label)
    return xs, ys


def setup(library):
    Value = value_class(library)
    layers = build_mlp(Value)
    params = [p for layer in layers for weights, bias in layer for p in weights + [bias]]
    xs, ys = two_moons()
    inputs = [[Value(a), Value(b)] for a, b in xs]
    return layers, params, inputs, ys


def total_loss(layers, params, inputs, ys):
    losses = [(1 + -y * score(layers, x)).relu() for x, y in zip(inputs, ys)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + 1e-4 * sum(p * p for p in params)


def count_nodes(root):
    """Nodes reachable from root (works for both libraries: parents are in ._prev)."""
    seen, stack = {id(root)}, [root]
    while stack:
        for parent in stack.pop()._prev:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


# ── One measurement, in this process ───────────────────────────────────────────────────────────

def measure_mlp(library):
    layers, params, inputs, ys = setup(library)
    start = time.perf_counter()
    loss = total_loss(layers, params, inputs, ys)
    built = time.perf_counter()
    loss.backward()
    done = time.perf_counter()
    return {"forward": built - start, "backward": done - built, "nodes": count_nodes(loss)}


def measure_chain(library):
    Value = value_class(library)
    n = CHAIN_LENGTH if library == "minigrad" else MICROGRAD_CHAIN_LENGTH
    x = Value(1.0)
    start = time.perf_counter()
    y = x
    for _ in range(n):
        y = y + x
    built = time.perf_counter()
    try:
        y.backward()
    except RecursionError as error:
        return {"length": n, "forward": built - start, "error": f"RecursionError ({error})"}
    done = time.perf_counter()
    assert x.grad == n + 1
    return {"length": n, "forward": built - start, "backward": done - built}


def measure_memory(library):
    layers, params, inputs, ys = setup(library)
    existing = len(params) + sum(len(x) for x in inputs)    # leaves made before the forward pass
    tracked_before = len(gc.get_objects())
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loss = total_loss(layers, params, inputs, ys)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    new_nodes = count_nodes(loss) - existing
    tracked = len(gc.get_objects()) - tracked_before
    return {"bytes_per_node": (after - before) / new_nodes,
            "gc_objects_per_node": tracked / new_nodes}


WORKLOADS = {"mlp": measure_mlp, "chain": measure_chain, "memory": measure_memory}


# ── The driver: fresh processes, medians, the table ────────────────────────────────────────────

def run_one(library, workload):
    """Run one measurement in a fresh interpreter and return its result."""
    completed = subprocess.run([sys.executable, __file__, "--one", library, workload],
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def median_of(library, workload, repeat):
    runs = [run_one(library, workload) for _ in range(repeat)]
    keys = [k for k, v in runs[0].items() if isinstance(v, float)]
    return {**runs[0], **{k: statistics.median(run[k] for run in runs) for k in keys}}


def micrograd_available():
    try:
        import micrograd.engine  # noqa: F401
    except ImportError:
        return False
    return True


def report(repeat):
    libraries = ["minigrad"] + (["micrograd"] if micrograd_available() else [])
    mlp = {lib: median_of(lib, "mlp", repeat) for lib in libraries}
    memory = {lib: run_one(lib, "memory") for lib in libraries}
    chain = median_of("minigrad", "chain", max(1, repeat // 2))

    print(f"minigrad engine benchmark: Python {sys.version.split()[0]}, median of {repeat} runs, "
          "each in a fresh process, cyclic GC on\n")
    print(f"MLP 2-16-16-1 (relu, linear output), 100 points, hinge loss + L2: "
          f"{mlp['minigrad']['nodes']:,} nodes")
    print(f"  {'':20}{'forward':>10}{'backward':>10}{'fwd+bwd':>10}{'bytes/node':>12}"
          f"{'GC objects/node':>17}")
    for lib in libraries:
        m, mem = mlp[lib], memory[lib]
        print(f"  {lib:20}{m['forward']:>9.3f}s{m['backward']:>9.3f}s"
              f"{m['forward'] + m['backward']:>9.3f}s{mem['bytes_per_node']:>12.0f}"
              f"{mem['gc_objects_per_node']:>17.2f}")
    speedup = None
    if "micrograd" in mlp:
        ours, theirs = mlp["minigrad"], mlp["micrograd"]
        speedup = (theirs["forward"] + theirs["backward"]) / (ours["forward"] + ours["backward"])
        per_node = [memory["micrograd"][k] / memory["minigrad"][k]
                    for k in ("bytes_per_node", "gc_objects_per_node")]
        ratios = [theirs["forward"] / ours["forward"], theirs["backward"] / ours["backward"],
                  speedup, *per_node]
        print(f"  {'micrograd/minigrad':20}" + "".join(
            f"{r:>{w - 1}.1f}×" for r, w in zip(ratios, (10, 10, 10, 12, 17))))
        if theirs["nodes"] != ours["nodes"]:
            print(f"  (micrograd's graph has {theirs['nodes']:,} nodes)")
    else:
        print("  micrograd is not installed (the `bench` extra): no comparison")

    print(f"\nChain of {chain['length']:,} additions, minigrad: forward {chain['forward']:.2f} s, "
          f"backward {chain['backward']:.2f} s")
    if "micrograd" in libraries:
        theirs = run_one("micrograd", "chain")
        outcome = theirs.get("error") or f"backward {theirs['backward']:.2f} s"
        print(f"Chain of {theirs['length']:,} additions, micrograd: {outcome}")

    ours = mlp["minigrad"]
    checks = [
        (speedup is not None and speedup >= SPEEDUP_TARGET,
         f"forward+backward at least {SPEEDUP_TARGET:g}× faster than micrograd "
         f"(aim {SPEEDUP_AIM:g}×): " + (f"{speedup:.1f}×" if speedup else "not measured")),
        (memory["minigrad"]["bytes_per_node"] <= BYTES_PER_NODE_TARGET,
         f"at most {BYTES_PER_NODE_TARGET} bytes per node: "
         f"{memory['minigrad']['bytes_per_node']:.0f}"),
        (ours["backward"] <= ours["forward"],
         f"backward no slower than forward (MLP): {ours['backward']:.3f} s vs "
         f"{ours['forward']:.3f} s"),
    ]
    print("\nTargets")
    for passed, text in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {text}")
    return all(passed for passed, _ in checks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="processes per timing (median)")
    parser.add_argument("--one", nargs=2, metavar=("LIBRARY", "WORKLOAD"),
                        help="internal: run one measurement and print it as JSON")
    args = parser.parse_args()
    if args.one:
        library, workload = args.one
        print(json.dumps(WORKLOADS[workload](library)))
        return 0
    return 0 if report(args.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
