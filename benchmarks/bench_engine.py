"""How fast and how small minigrad's engine is, next to micrograd's, and forward mode next to reverse.

Run from the repository root (``python3 tasks.py bench`` does):

    python benchmarks/bench_engine.py [--repeat 7]

Workloads:
- **mlp**, micrograd's demo: a 2-16-16-1 MLP (relu hidden layers, linear output) scored on 100
  points, hinge loss ``(1 + -y·score).relu()`` averaged, plus L2 regularisation 1e-4·Σp² (about
  65,000 nodes); forward (building the graph) and backward are timed separately;
- **tree**, a pairwise-sum tree of 10⁵ products ``x_i·y_i``: wide and shallow, the opposite of a
  chain (about 400,000 nodes);
- **chain**, 1,000,000 additions, forward and backward (micrograd's recursive sort cannot);
- **memory**: bytes retained per node (tracemalloc) and garbage-collector-tracked objects per node,
  on the MLP graph;
- **dual**: the MLP loss evaluated once with `Dual` numbers (one forward-mode pass, a JVP) next to
  the same loss built with `Value` (the taped forward pass), on the same function.

Every measurement runs in a fresh interpreter (this script with ``--one LIBRARY WORKLOAD``), so
one library's live graph or collector history cannot slow the other down; runs of the two
libraries alternate, and each timing is the median over ``--repeat`` processes. The cyclic
garbage collector stays on and no interpreter setting is changed: the numbers are what a
learner's notebook sees. The workloads are written once and take the number class as a parameter.

Prints each target with PASS or FAIL (micrograd comes with the ``bench`` extra); exits with
status 1 when one is missed. The targets are for an idle machine: on a busy one the ratios move.
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

FORWARD_BACKWARD_TARGET = 5.0     # micrograd's forward + backward time / minigrad's, on the MLP
BACKWARD_TARGET = 1.3             # micrograd's backward time / minigrad's, on the MLP and the tree
BYTES_PER_NODE_TARGET = 130       # retained per node of the MLP graph
DUAL_TARGET = 1.2                 # one Dual pass / the Value forward on the same function
TREE_PRODUCTS = 100_000
CHAIN_LENGTH = 1_000_000
MICROGRAD_CHAIN_LENGTH = 10_000   # already ten times Python's default recursion limit


def number_class(library):
    if library == "minigrad":
        from minigrad.scalar import Value
    elif library == "dual":
        from minigrad.forward import Dual as Value
    else:
        from micrograd.engine import Value
    return Value


# ── The workloads, written once for any number class ───────────────────────────────────────────

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
    Value = number_class(library)
    layers = build_mlp(Value)
    params = [p for layer in layers for weights, bias in layer for p in weights + [bias]]
    if library == "dual":                       # one direction: the first weight
        params[0] = Value(params[0].value, 1.0)
        layers[0][0][0][0] = params[0]
    xs, ys = two_moons()
    inputs = [[Value(a), Value(b)] for a, b in xs]
    return layers, params, inputs, ys


def total_loss(layers, params, inputs, ys):
    losses = [(1 + -y * score(layers, x)).relu() for x, y in zip(inputs, ys)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + 1e-4 * sum(p * p for p in params)


def tree_leaves(Value, n=TREE_PRODUCTS, seed=0):
    rng = random.Random(seed)
    return [(Value(rng.uniform(-1, 1)), Value(rng.uniform(-1, 1))) for _ in range(n)]


def tree(pairs):
    """Σ x_i·y_i, summed pairwise: the level above holds the sums of neighbours."""
    level = [x * y for x, y in pairs]
    while len(level) > 1:
        pairs_up = [level[i] + level[i + 1] for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            pairs_up.append(level[-1])
        level = pairs_up
    return level[0]


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
    if library == "dual":
        return {"forward": built - start}
    loss.backward()
    done = time.perf_counter()
    return {"forward": built - start, "backward": done - built, "nodes": count_nodes(loss)}


def measure_tree(library):
    pairs = tree_leaves(number_class(library))
    start = time.perf_counter()
    root = tree(pairs)
    built = time.perf_counter()
    root.backward()
    done = time.perf_counter()
    x, y = pairs[0]
    assert math.isclose(x.grad, y.data) and math.isclose(y.grad, x.data)
    return {"forward": built - start, "backward": done - built, "nodes": count_nodes(root)}


def measure_chain(library):
    Value = number_class(library)
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


WORKLOADS = {"mlp": measure_mlp, "tree": measure_tree, "chain": measure_chain,
             "memory": measure_memory}


# ── The driver: fresh processes, alternating, medians ──────────────────────────────────────────

def run_one(library, workload):
    """Run one measurement in a fresh interpreter and return its result."""
    completed = subprocess.run([sys.executable, __file__, "--one", library, workload],
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def medians(libraries, workload, repeat):
    """{library: result with medians of its timings}, the libraries' runs alternating."""
    runs = {lib: [] for lib in libraries}
    for _ in range(repeat):
        for lib in libraries:
            runs[lib].append(run_one(lib, workload))
    result = {}
    for lib, lib_runs in runs.items():
        keys = [k for k, v in lib_runs[0].items() if isinstance(v, float)]
        result[lib] = {**lib_runs[0], **{k: statistics.median(r[k] for r in lib_runs) for k in keys}}
    return result


def micrograd_available():
    try:
        import micrograd.engine  # noqa: F401
    except ImportError:
        return False
    return True


def table(title, results, libraries):
    print(title)
    print(f"  {'':20}{'forward':>10}{'backward':>10}{'fwd+bwd':>10}")
    for lib in libraries:
        m = results[lib]
        print(f"  {lib:20}{m['forward']:>9.3f}s{m['backward']:>9.3f}s"
              f"{m['forward'] + m['backward']:>9.3f}s")
    if "micrograd" in results:
        ours, theirs = results["minigrad"], results["micrograd"]
        ratios = [theirs["forward"] / ours["forward"], theirs["backward"] / ours["backward"],
                  (theirs["forward"] + theirs["backward"]) / (ours["forward"] + ours["backward"])]
        print(f"  {'micrograd/minigrad':20}" + "".join(f"{r:>9.1f}×" for r in ratios))


def report(repeat):
    compare = micrograd_available()
    libraries = ["minigrad"] + (["micrograd"] if compare else [])
    print(f"minigrad engine benchmark: Python {sys.version.split()[0]}, median of {repeat} runs, "
          "each in a fresh process, cyclic GC on\n")
    mlp = medians(libraries, "mlp", repeat)
    table(f"MLP 2-16-16-1 (relu, linear output), 100 points, hinge loss + L2: "
          f"{mlp['minigrad']['nodes']:,} nodes", mlp, libraries)
    trees = medians(libraries, "tree", max(3, repeat // 2))
    table(f"\nPairwise-sum tree of {TREE_PRODUCTS:,} products: {trees['minigrad']['nodes']:,} nodes",
          trees, libraries)
    memory = {lib: run_one(lib, "memory") for lib in libraries}
    print(f"\nMemory on the MLP graph{'':14}{'bytes/node':>12}{'GC objects/node':>17}")
    for lib in libraries:
        print(f"  {lib:34}{memory[lib]['bytes_per_node']:>12.0f}"
              f"{memory[lib]['gc_objects_per_node']:>17.2f}")
    dual = medians(["minigrad", "dual"], "mlp", repeat)
    dual_ratio = dual["dual"]["forward"] / dual["minigrad"]["forward"]
    print(f"\nForward mode on the MLP loss: one Dual pass {dual['dual']['forward']:.3f} s, the Value "
          f"forward {dual['minigrad']['forward']:.3f} s: {dual_ratio:.2f}×")
    chain = medians(["minigrad"], "chain", max(1, repeat // 3))["minigrad"]
    print(f"\nChain of {chain['length']:,} additions, minigrad: forward {chain['forward']:.2f} s, "
          f"backward {chain['backward']:.2f} s")
    if compare:
        theirs = run_one("micrograd", "chain")
        outcome = theirs.get("error") or f"backward {theirs['backward']:.2f} s"
        print(f"Chain of {theirs['length']:,} additions, micrograd: {outcome}")

    checks = [(memory["minigrad"]["bytes_per_node"] <= BYTES_PER_NODE_TARGET,
               f"at most {BYTES_PER_NODE_TARGET} bytes per node: "
               f"{memory['minigrad']['bytes_per_node']:.0f}"),
              (dual_ratio <= DUAL_TARGET,
               f"one Dual pass at most {DUAL_TARGET:g}× the Value forward: {dual_ratio:.2f}×")]
    if compare:
        both = (mlp["micrograd"]["forward"] + mlp["micrograd"]["backward"]) / \
            (mlp["minigrad"]["forward"] + mlp["minigrad"]["backward"])
        checks.append((both >= FORWARD_BACKWARD_TARGET,
                       f"forward + backward at least {FORWARD_BACKWARD_TARGET:g}× micrograd's "
                       f"speed (MLP): {both:.1f}×"))
        for name, results in (("MLP", mlp), ("tree", trees)):
            ratio = results["micrograd"]["backward"] / results["minigrad"]["backward"]
            checks.append((ratio >= BACKWARD_TARGET,
                           f"backward alone at least {BACKWARD_TARGET:g}× micrograd's speed "
                           f"({name}): {ratio:.2f}×"))
    else:
        print("\nmicrograd is not installed (the `bench` extra): no comparison")
    print("\nTargets")
    for passed, text in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {text}")
    return all(passed for passed, _ in checks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="processes per timing (median)")
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
