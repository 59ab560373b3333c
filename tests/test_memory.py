"""A graph holds no reference cycles: reference counting alone frees it, before and after
backward().

Each test switches the cyclic garbage collector off, so anything still alive after the last
reference goes would be alive because of a cycle (or a leak), not because the collector was late.
"""

import gc
import weakref
from contextlib import contextmanager

from minigrad import Value
from minigrad.nn import MLP, train, xor_data


@contextmanager
def cyclic_gc_disabled():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_graph():
    a, b = Value(1.5, label="a"), Value(-0.5, label="b")
    h = (a * b).tanh()
    out = h * h + (a / b).exp() - a ** 2 + 2 ** b + h.sigmoid() * a.relu()
    return a, h, out


def test_graph_is_freed_by_reference_counting():
    with cyclic_gc_disabled():
        a, h, out = build_graph()
        refs = [weakref.ref(node) for node in (a, h, out)]
        del a, h, out
        assert [ref() for ref in refs] == [None, None, None]


def test_graph_is_freed_after_backward():
    with cyclic_gc_disabled():
        a, h, out = build_graph()
        out.backward()
        assert a.grad != 0.0
        refs = [weakref.ref(node) for node in (a, h, out)]
        del a, h, out
        assert [ref() for ref in refs] == [None, None, None]


def test_output_alone_keeps_its_graph_alive():
    # the reverse pass needs every parent's data, so the output must keep its ancestors
    with cyclic_gc_disabled():
        a, h, out = build_graph()
        leaf = weakref.ref(a)
        del a, h
        assert leaf() is not None
        out.backward()
        assert leaf().grad != 0.0
        del out
        assert leaf() is None


def test_long_chain_is_freed():
    with cyclic_gc_disabled():
        x = Value(1.0)
        y = x
        for _ in range(50_000):
            y = y * 1.0 + x
        y.backward()
        refs = (weakref.ref(x), weakref.ref(y))
        del x, y
        assert refs[0]() is None and refs[1]() is None


def live_values():
    return sum(isinstance(obj, Value) for obj in gc.get_objects())


def test_training_keeps_no_graph_alive():
    with cyclic_gc_disabled():
        model = MLP(2, [4, 1], seed=3)
        xs, ys = xor_data()
        before = live_values()
        assert before >= len(model.parameters())
        history = train(model, xs, ys, steps=5)
        assert len(history) == 5
        assert live_values() == before            # each step's graph went with its loss
        assert all(p._prev == () for p in model.parameters())
