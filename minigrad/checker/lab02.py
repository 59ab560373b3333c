"""Checks of lab 02, topological order and backward(): ``topological_order``, ``zero_grad``, ``backward``.

The graphs are built from :class:`minigrad.labs.ready.Value` (one ``_backward`` closure per node).
To see *how* the learner's ``backward`` walks a graph, the check wraps every node's closure with a
recorder: which closures ran, how often, in which order, and with which ``grad`` on the node. That is
what tells a missing seed, a node visited twice and an order that is not reverse-topological apart.
One graph gives a node a user next to the output and another far from it: a breadth-first walk from
the output, which runs every closure once and looks plausible, reaches that node too early there.
Each function is also run on a chain 5000 nodes deep, which a recursive walk cannot handle under
Python's default recursion limit: the deep cases run under that default, whatever the notebook
set, and code that raises the limit is told to leave it alone (the limit is restored afterwards).
"""

from ..labs.ready import Value
from .core import (all_close, case, close, default_recursion_limit, exercise, expect,
                   expect_earlier, fail, phrase)

DEPTH = 5000

HINTS = {
    "return_list": {
        "en": "topological_order must return a list of the nodes (return it at the end).",
        "es": "topological_order debe devolver una lista con los nodos (devuélvela al final)."},
    "missing_nodes": {
        "en": "some nodes of the graph are missing: follow every parent in node._prev, not only the "
              "first, until you reach the leaves.",
        "es": "faltan nodos del grafo: sigue todos los padres de node._prev, no solo el primero, "
              "hasta llegar a las hojas."},
    "duplicates": {
        "en": "a node appears more than once: a node reused by several others must be placed once; "
              "remember the nodes you have already visited (a set) and skip them.",
        "es": "un nodo aparece más de una vez: un nodo que usan varios otros debe colocarse una sola "
              "vez; recuerda los nodos que ya has visitado (en un conjunto) y sáltalos."},
    "order": {
        "en": "nodes out of topological order: a node may be placed only after ALL of its parents, so "
              "append it when you come back to it with every parent done, not when you first meet it.",
        "es": "nodos fuera del orden topológico: un nodo solo puede colocarse después de TODOS sus "
              "padres, así que añádelo cuando vuelvas a él con todos sus padres ya colocados, no la "
              "primera vez que lo encuentres."},
    "order_reversed": {
        "en": "the order is reversed: the output came first. topological_order puts every node after "
              "its parents, leaves first and the output last; backward() walks it in reverse.",
        "es": "el orden está invertido: la salida aparece la primera. topological_order pone cada "
              "nodo después de sus padres, primero las hojas y la salida al final; backward() lo "
              "recorre al revés."},
    "recursion": {
        "en": "a graph {depth} nodes deep is too deep for recursion (RecursionError): walk it with a "
              "loop and your own stack (a list you append to and pop from) instead of calling the "
              "function from itself.",
        "es": "un grafo de {depth} nodos de profundidad es demasiado para la recursión "
              "(RecursionError): recórrelo con un bucle y tu propia pila (una lista a la que añades "
              "elementos y de la que los sacas) en lugar de llamar a la función desde sí misma."},
    "zero_all": {
        "en": "every node's grad must be 0.0 afterwards, the leaves, the intermediate nodes and the "
              "output: loop over the whole topological order.",
        "es": "después, el grad de todos los nodos debe valer 0.0, las hojas, los nodos intermedios y "
              "la salida: recorre todo el orden topológico."},
    "zero_data": {
        "en": "zero_grad must change only .grad; the nodes' data (.data) stays as it is.",
        "es": "zero_grad solo debe cambiar .grad; los datos (.data) de los nodos se quedan como "
              "están."},
    "no_calls": {
        "en": "backward() called no node's _backward: loop over the nodes and call node._backward() "
              "(with the parentheses) on each.",
        "es": "backward() no ha llamado al _backward de ningún nodo: recorre los nodos y llama a "
              "node._backward() (con los paréntesis) en cada uno."},
    "seed": {
        "en": "the output's grad was {seen} when its _backward ran: seed it with 1.0 (∂L/∂L = 1) after "
              "zeroing the grads and before the loop, or every gradient stays 0.",
        "es": "el grad de la salida valía {seen} cuando se ha ejecutado su _backward: pon la semilla "
              "1.0 en la salida (∂L/∂L = 1) después de poner los grad a cero y antes del bucle; si "
              "no, todos los gradientes se quedan a 0."},
    "zeroed_after": {
        "en": "your backward pass ran right (seeded, every closure once, in reverse order), but "
              "afterwards every grad was 0: zero_grad(root) ran after the loop and wiped the result. "
              "Call it first, before the seed.",
        "es": "tu pasada hacia atrás ha ido bien (con semilla, cada clausura una vez, en orden "
              "inverso), pero al final todos los grad valían 0: zero_grad(root) se ha ejecutado "
              "después del bucle y ha borrado el resultado. Llámala al principio, antes de poner la "
              "semilla."},
    "twice": {
        "en": "the _backward of {node} ran {times} times: each node must pass its gradient back exactly "
              "once, or its parents receive it more than once. Does your topological_order (02.1) pass?",
        "es": "el _backward de {node} se ha ejecutado {times} veces: cada nodo debe pasar su gradiente "
              "hacia atrás exactamente una vez, o sus padres lo reciben más de una vez. ¿Supera la "
              "comprobación tu topological_order (02.1)?"},
    "missing_calls": {
        "en": "the _backward of {node} never ran: call it for every node of the topological order.",
        "es": "el _backward de {node} no se ha ejecutado nunca: llámalo para todos los nodos del orden "
              "topológico."},
    "backward_order": {
        "en": "{node}'s _backward ran before {child}'s, which uses {node}: its grad was not complete yet. "
              "Walk the topological order in reverse, from the output to the leaves.",
        "es": "el _backward de {node} se ha ejecutado antes que el de {child}, que usa {node}: su grad "
              "aún no estaba completo. Recorre el orden topológico al revés, de la salida a las hojas."},
    "zero_grad": {
        "en": "a second backward() on the same graph gave different grads: the first call's grads were "
              "still there. Call zero_grad(root) before seeding, so that each call starts from 0.",
        "es": "un segundo backward() sobre el mismo grafo ha dado otros grad: seguían ahí los de la "
              "primera llamada. Llama a zero_grad(root) antes de poner la semilla en la salida, para "
              "que cada llamada empiece desde 0."},
    "backward_grads": {
        "en": "the grads are wrong although every closure ran once, in order: backward() should only "
              "zero the grads, seed the output and call the closures; don't change grads in the loop.",
        "es": "los grad están mal aunque cada clausura se ha ejecutado una vez y en orden: backward() "
              "solo debe poner los grad a cero, poner la semilla en la salida y llamar a las "
              "clausuras; no cambies los grad dentro del bucle."},
}

TIERS = {
    "02.1": [
        {"en": "A node may be placed only after all of its parents. Go down from the root to the "
               "leaves, and place a node on the way back up, once every parent is placed; remember "
               "which nodes you have met, so that a shared node is placed once.",
         "es": "Un nodo solo puede colocarse después de todos sus padres. Baja desde la raíz hasta "
               "las hojas y coloca cada nodo a la vuelta, cuando todos sus padres ya están "
               "colocados; recuerda qué nodos has visto, para que un nodo compartido se coloque una "
               "sola vez."},
        {"en": "Keep a stack of (node, parents_placed) pairs, starting with (root, False). Pop one: "
               "if the flag is True, append the node to the order; otherwise, if you have not seen "
               "it yet, mark it seen and push (node, True) and then (parent, False) for each parent.",
         "es": "Usa una pila de parejas (node, parents_placed), empezando por (root, False). "
               "Desapila una: si la marca es True, añade el nodo al orden; si no, y aún no lo has "
               "visitado, márcalo como visto y apila (node, True) y después (parent, False) por cada "
               "padre."},
    ],
    "02.2": [
        {"en": "Every node of the graph must start the next pass from nothing, the leaves, the "
               "inner nodes and the output alike; your topological order already lists them all.",
         "es": "Todos los nodos del grafo deben empezar la siguiente pasada desde cero, tanto las "
               "hojas como los nodos interiores y la salida; tu orden topológico ya los enumera "
               "todos."},
        {"en": "One loop over topological_order(root), setting each node's grad to 0.0.",
         "es": "Un bucle sobre topological_order(root) que pone el grad de cada nodo a 0.0."},
    ],
    "02.3": [
        {"en": "Each node may pass its grad back only after everything that uses it has passed "
               "its own. Start from nothing, and remember that the output's gradient with respect "
               "to itself is 1.",
         "es": "Cada nodo solo puede pasar su grad hacia atrás cuando todo lo que lo usa ya le ha "
               "pasado el suyo. Empieza desde cero, y recuerda que el gradiente de la salida "
               "respecto de sí misma es 1."},
        {"en": "Three steps: zero_grad(root); root.grad = 1.0; then call node._backward() for each "
               "node of reversed(topological_order(root)).",
         "es": "Tres etapas: zero_grad(root); root.grad = 1.0; y después llama a node._backward() "
               "para cada nodo de reversed(topological_order(root))."},
    ],
}

CASES = {
    "walk": {"en": "{code}; backward(L); the nodes whose _backward ran, in order",
             "es": "{code}; backward(L); los nodos cuyo _backward se ha ejecutado, en orden"},
    "seed": {"en": "{code}; backward(L); L.grad when L's _backward ran",
             "es": "{code}; backward(L); L.grad cuando se ha ejecutado el _backward de L"},
}

TITLES = {
    "02.1": {"en": "topological_order(root)", "es": "topological_order(root)"},
    "02.2": {"en": "zero_grad(root)", "es": "zero_grad(root)"},
    "02.3": {"en": "backward(root)", "es": "backward(root)"},
}

ON_RECURSION = {RecursionError: "recursion"}


# ── Graphs to try ──────────────────────────────────────────────────────────────────────────────

def _small_graph():
    """L = (a·b + a)·(a·b): a and the inner node e = a·b are used twice.

    L = a²b² + a²b, so ∂L/∂a = 2ab² + 2ab and ∂L/∂b = 2a²b + a².
    """
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    e = a * b
    d = e + a
    L = d * e
    for node, name in ((e, "e"), (d, "d"), (L, "L")):
        node.label = name
    code = "a, b = Value(2.0), Value(-3.0); e = a * b; d = e + a; L = d * e"
    return L, code, {"a": a, "b": b, "e": e, "d": d, "L": L}


def _side_graph():
    """L = x + g with g = tanh(x): reversing a breadth-first walk puts g before its parent x."""
    x = Value(0.5, label="x")
    g = x.tanh()
    L = x + g
    g.label, L.label = "g", "L"
    return L, "x = Value(0.5); g = x.tanh(); L = x + g", {"x": x, "g": g, "L": L}


def _shared_graph():
    """L = y + tanh(tanh(y)) with y = 2x: y has two users, one near the output and one far from it.

    A breadth-first walk from the output reaches y (a parent of L) before t (y's other user, two
    levels down), so y would pass back a grad still missing t's part. ∂L/∂x = 2·(1 + (1 − u²)(1 − t²)).
    """
    x = Value(0.5, label="x")
    y = x * 2
    t = y.tanh()
    u = t.tanh()
    L = y + u
    for node, name in ((y, "y"), (t, "t"), (u, "u"), (L, "L")):
        node.label = name
    code = "x = Value(0.5); y = x * 2; t = y.tanh(); u = t.tanh(); L = y + u"
    return L, code, {"x": x, "2": y._prev[1], "y": y, "t": t, "u": u, "L": L}


def _deep_chain():
    x = Value(0.3)
    node = x
    for _ in range(DEPTH):
        node = node.tanh()
    return node, x


DEEP = {"en": f"a chain of {DEPTH} tanh nodes: L = x.tanh().tanh()...tanh()",
        "es": f"una cadena de {DEPTH} nodos tanh: L = x.tanh().tanh()...tanh()"}


def _name(node, names):
    return next((n for n, v in names.items() if v is node), "?")


def _names(nodes, names):
    return "[" + ", ".join(_name(n, names) for n in nodes) + "]"


# ── 02.1 topological_order ─────────────────────────────────────────────────────────────────────

def _expect_list(order, expected):
    """Fail unless ``order`` is a list (a tuple or a set is named by its type, not listed)."""
    expect(isinstance(order, list), "return_list", expected=expected,
           got=type(order).__name__ if isinstance(order, (tuple, set)) else order)


def _check_order(order, names, root):
    nodes = _reference(root)
    _expect_list(order, expected={"en": "a list", "es": "una lista"})
    shown = _names(order, names)
    ids = [id(n) for n in order]
    if len(set(ids)) < len(ids):
        fail("duplicates", got=shown)
    if {id(n) for n in nodes} - set(ids) or set(ids) - {id(n) for n in nodes}:
        fail("missing_nodes", expected=_names(_reference(root), names), got=shown)
    if not _is_topological(order):
        expected = _names(_reference(root), names)
        fail("order_reversed" if _is_topological(order[::-1]) else "order", expected=expected, got=shown)


def _is_topological(order):
    """Every node after all of its parents."""
    position = {id(n): i for i, n in enumerate(order)}
    return all(position[id(p)] < position[id(node)] for node in order for p in node._prev)


def _reference(root):
    from ..labs.ready import topological_order
    return topological_order(root)


@exercise("02.1", TITLES["02.1"], HINTS, tiers=TIERS["02.1"])
def _check_topological_order(topological_order):
    with case("a = Value(2.0); topological_order(a)"):
        a = Value(2.0)
        order = topological_order(a)
        _expect_list(order, expected="[a]")
        expect(len(order) == 1 and order[0] is a, "missing_nodes", expected="[a]",
               got=_names(order, {"a": a}))
    for build in (_small_graph, _side_graph, _shared_graph):
        root, code, names = build()
        with case(f"{code}; topological_order(L)"):
            _check_order(topological_order(root), names, root)
    with case(DEEP, on_error=ON_RECURSION, depth=DEPTH), default_recursion_limit():
        root, leaf = _deep_chain()
        order = topological_order(root)
        expect(isinstance(order, list) and len(order) == DEPTH + 1 and order[0] is leaf
               and order[-1] is root, "order", expected=f"[x, ..., L] ({DEPTH + 1})",
               got=f"{len(order)}" if isinstance(order, list) else order)


# ── 02.2 zero_grad ─────────────────────────────────────────────────────────────────────────────

@exercise("02.2", TITLES["02.2"], HINTS, tiers=TIERS["02.2"])
def _check_zero_grad(zero_grad):
    expect_earlier(zero_grad, {"topological_order": "02.1"})
    root, code, names = _small_graph()
    with case(f"{code}; L.backward(); zero_grad(L); [a.grad, b.grad, e.grad, d.grad, L.grad]"):
        root.backward()
        data = {n: v.data for n, v in names.items()}
        zero_grad(root)
        grads = [names[n].grad for n in ("a", "b", "e", "d", "L")]
        expect(all(g == 0 for g in grads), "zero_all", expected=[0.0] * 5, got=grads)
        expect(all(names[n].data == data[n] for n in names), "zero_data",
               expected=[data[n] for n in names], got=[v.data for v in names.values()])
    with case(DEEP, on_error=ON_RECURSION, depth=DEPTH), default_recursion_limit():
        root, leaf = _deep_chain()
        root.backward()
        zero_grad(root)
        expect(leaf.grad == 0 and root.grad == 0, "zero_all", expected=(0.0, 0.0),
               got=(leaf.grad, root.grad))


# ── 02.3 backward ──────────────────────────────────────────────────────────────────────────────

def _record(root):
    """Wrap every non-leaf node's closure to log (node, its grad at the call) in ``calls``."""
    calls = []
    for node in _reference(root):
        if node._prev:
            def recorded(node=node, closure=node._backward):
                calls.append((node, node.grad))
                closure()
            node._backward = recorded
    return calls


def _children(root):
    """For each node, the nodes that use it as a parent."""
    users = {}
    for node in _reference(root):
        for parent in node._prev:
            users.setdefault(id(parent), []).append(node)
    return users


def _diagnose_walk(calls, root, names, code):
    """Fail with the hint for the first structural problem of the recorded walk.

    Each failure names what it compares: the output's grad when its closure ran, or the order
    in which the closures ran.
    """
    inner = [n for n in _reference(root) if n._prev]
    walk = phrase(CASES, "walk", code=code)
    ran = _names([n for n, _ in calls], names)
    with case(walk):
        if not calls:
            fail("no_calls", expected=_names(reversed(inner), names), got=ran)
    seed = next((grad for node, grad in calls if node is root), None)
    with case(phrase(CASES, "seed", code=code)):
        if seed is not None and not close(seed, 1.0):
            fail("seed", expected=1.0, got=seed, seen=seed)
    counts = {}
    for node, _ in calls:
        counts[id(node)] = counts.get(id(node), 0) + 1
    with case(walk):
        for node in inner:
            times = counts.get(id(node), 0)
            if times > 1:
                fail("twice", expected=_names(reversed(inner), names), got=ran,
                     node=_name(node, names), times=times)
            if times == 0:
                fail("missing_calls", expected=_names(reversed(inner), names), got=ran,
                     node=_name(node, names))
        order = {id(node): i for i, (node, _) in enumerate(calls)}
        users = _children(root)
        for node, _ in calls:
            for child in users.get(id(node), []):
                if order[id(child)] > order[id(node)]:
                    fail("backward_order", expected=_names(reversed(inner), names), got=ran,
                         node=_name(node, names), child=_name(child, names))
    return seed


@exercise("02.3", TITLES["02.3"], HINTS, tiers=TIERS["02.3"])
def _check_backward(backward):
    expect_earlier(backward, {"topological_order": "02.1", "zero_grad": "02.2"})
    root, code, names = _small_graph()
    a, b = names["a"], names["b"]
    x, y = a.data, b.data
    want = (2 * x * y ** 2 + 2 * x * y, 2 * x ** 2 * y + x ** 2, 1.0)
    calls = _record(root)
    with case(f"{code}; backward(L)"):
        backward(root)
    seed = _diagnose_walk(calls, root, names, code)
    with case(f"{code}; backward(L); (a.grad, b.grad, L.grad)"):
        got = (a.grad, b.grad, root.grad)
        if not all_close(got, want):
            if all(g == 0 for g in got):
                fail("zeroed_after" if seed is not None and close(seed, 1.0) else "seed", want, got,
                     seen=root.grad)
            fail("backward_grads", want, got)
    with case(f"{code}; backward(L); backward(L); (a.grad, b.grad, L.grad)"):
        backward(root)
        got = (a.grad, b.grad, root.grad)
        expect(all_close(got, want), "zero_grad", want, got)
    root, code, names = _side_graph()
    calls = _record(root)
    with case(f"{code}; backward(L)"):
        backward(root)
    _diagnose_walk(calls, root, names, code)
    with case(f"{code}; backward(L); x.grad"):
        x = names["x"]
        want_x = 1.0 + (1.0 - names["g"].data ** 2)
        expect(close(x.grad, want_x), "backward_grads", want_x, x.grad)
    root, code, names = _shared_graph()
    calls = _record(root)
    with case(f"{code}; backward(L)"):
        backward(root)
    _diagnose_walk(calls, root, names, code)
    with case(f"{code}; backward(L); x.grad"):
        t, u = names["t"].data, names["u"].data
        want_x = 2.0 * (1.0 + (1.0 - u ** 2) * (1.0 - t ** 2))
        expect(close(names["x"].grad, want_x), "backward_grads", want_x, names["x"].grad)
    with case(DEEP, on_error=ON_RECURSION, depth=DEPTH), default_recursion_limit():
        root, leaf = _deep_chain()
        root.backward()
        want_leaf = leaf.grad
        backward(root)
        expect(close(leaf.grad, want_leaf), "backward_grads", want_leaf, leaf.grad)
