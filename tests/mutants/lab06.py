"""Buggy Jacobians, pass counts and mode choices for lab 06."""

from . import Alternative, Mutant


def _forward(body):
    return "def jacobian_forward(f, x):\n    n = len(x)\n" + body


def _reverse(zero="        for leaf in inputs:\n            leaf.grad = 0.0\n",
             result="rows"):
    return f'''
def jacobian_reverse(f, x):
    inputs = [Value(xk) for xk in x]
    outputs = f(*inputs)
    rows = []
    for y in outputs:
{zero}        y.backward()
        rows.append([leaf.grad for leaf in inputs])
    return {result}
'''


MUTANTS = [
    Mutant("forward mode evaluated on Values", "06.1", "duals", _forward('''
    inputs = [Value(xk) for xk in x]
    outputs = f(*inputs)
    rows = []
    for y in outputs:
        for leaf in inputs:
            leaf.grad = 0.0
        y.backward()
        rows.append([leaf.grad for leaf in inputs])
    return rows
''')),
    Mutant("forward mode with one pass per entry", "06.1", "passes", _forward('''
    m = len(f(*[Dual(xk) for xk in x]))
    rows = [[0.0] * n for _ in range(m)]
    for i in range(m):
        for j in range(n):
            outputs = f(*[Dual(xk, 1.0 if k == j else 0.0) for k, xk in enumerate(x)])
            rows[i][j] = outputs[i].tangent
    return rows
''')),
    Mutant("forward mode seeds every input with 1", "06.1", "seeds", _forward('''
    columns = [[y.tangent for y in f(*[Dual(xk, 1.0) for xk in x])] for j in range(n)]
    return [list(row) for row in zip(*columns)]
''')),
    Mutant("forward mode returns the columns", "06.1", "transposed", _forward('''
    return [[y.tangent for y in f(*[Dual(xk, 1.0 if k == j else 0.0) for k, xk in enumerate(x)])]
            for j in range(n)]
''')),
    Mutant("reverse mode never zeroes the grads", "06.2", "accumulated", _reverse(zero="")),
    Mutant("reverse mode zeroes only the output's graph", "06.2", "stale",
           "from minigrad.scalar import zero_grad\n" + _reverse(zero="        zero_grad(y)\n")),
    Mutant("reverse mode returns the columns", "06.2", "transposed",
           _reverse(result="[list(column) for column in zip(*rows)]")),
    Mutant("reverse mode evaluates f again for every row", "06.2", "record_once", '''
def jacobian_reverse(f, x):
    m = len(f(*[Value(xk) for xk in x]))
    rows = []
    for i in range(m):
        inputs = [Value(xk) for xk in x]
        f(*inputs)[i].backward()
        rows.append([leaf.grad for leaf in inputs])
    return rows
'''),
    Mutant("reverse mode runs backward once from the sum", "06.2", "passes", '''
def jacobian_reverse(f, x):
    inputs = [Value(xk) for xk in x]
    outputs = f(*inputs)
    total = outputs[0]
    for y in outputs[1:]:
        total = total + y
    total.backward()
    return [[leaf.grad for leaf in inputs] for _ in outputs]
'''),
    Mutant("reverse mode evaluated on Duals", "06.2", "values_needed", '''
def jacobian_reverse(f, x):
    n = len(x)
    columns = [[y.tangent for y in f(*[Dual(xk, 1.0 if k == j else 0.0)
                                        for k, xk in enumerate(x)])] for j in range(n)]
    return [list(row) for row in zip(*columns)]
'''),
    Mutant("forward mode calls f with the list", "06.1", "unpack", _forward('''
    columns = [[y.tangent for y in f([Dual(xk, 1.0 if k == j else 0.0) for k, xk in enumerate(x)])]
               for j in range(n)]
    return [list(row) for row in zip(*columns)]
''')),
    Mutant("vjp with one backward pass per output", "06.3", "one_pass", '''
def vjp(f, x, w):
    inputs = [Value(xk) for xk in x]
    outputs = f(*inputs)
    total = [0.0] * len(x)
    for y, wi in zip(outputs, w):
        for leaf in inputs:
            leaf.grad = 0.0
        y.backward()
        total = [t + wi * leaf.grad for t, leaf in zip(total, inputs)]
    return total
'''),
    Mutant("vjp that adds the outputs unweighted", "06.3", "weights", '''
def vjp(f, x, w):
    inputs = [Value(xk) for xk in x]
    outputs = f(*inputs)
    s = outputs[0]
    for y in outputs[1:]:
        s = s + y
    s.backward()
    return [leaf.grad for leaf in inputs]
'''),
    Mutant("vjp in forward mode", "06.3", "values_needed", '''
def vjp(f, x, w):
    outputs = f(*[Dual(xk, wk) for xk, wk in zip(x, w)])
    return [y.tangent for y in outputs]
'''),
    Mutant("vjp evaluates f again for every output", "06.3", "record_once", '''
def vjp(f, x, w):
    m = len(f(*[Value(xk) for xk in x]))
    inputs = [Value(xk) for xk in x]
    s = f(*inputs)[0] * w[0]
    for i in range(1, m):
        s = s + f(*inputs)[i] * w[i]
    s.backward()
    return [leaf.grad for leaf in inputs]
'''),
    Mutant("vjp returns the weighted outputs", "06.3", "shape", '''
def vjp(f, x, w):
    inputs = [Value(xk) for xk in x]
    outputs = f(*inputs)
    return [(y * wi).data for y, wi in zip(outputs, w)]
'''),
    Mutant("reverse work walks the whole graph in every pass", "06.4", "whole_graph", '''
def work(f, x):
    outputs = f(*[Value(xk) for xk in x])
    nodes = len({id(node) for y in outputs for node in topological_order(y)})
    return len(x) * nodes, nodes + len(outputs) * nodes
'''),
    Mutant("reverse work without the recording", "06.4", "recording", '''
def work(f, x):
    outputs = f(*[Value(xk) for xk in x])
    orders = [topological_order(y) for y in outputs]
    nodes = len({id(node) for order in orders for node in order})
    return len(x) * nodes, sum(len(order) for order in orders)
'''),
    Mutant("forward work counts one pass", "06.4", "forward_passes", '''
def work(f, x):
    outputs = f(*[Value(xk) for xk in x])
    orders = [topological_order(y) for y in outputs]
    nodes = len({id(node) for order in orders for node in order})
    return nodes, nodes + sum(len(order) for order in orders)
'''),
    Mutant("graph size counted output by output", "06.4", "shared_nodes", '''
def work(f, x):
    outputs = f(*[Value(xk) for xk in x])
    walked = sum(len(topological_order(y)) for y in outputs)
    return len(x) * walked, walked + walked
'''),
    Mutant("work pair swapped", "06.4", "swapped", '''
def work(f, x):
    outputs = f(*[Value(xk) for xk in x])
    orders = [topological_order(y) for y in outputs]
    nodes = len({id(node) for order in orders for node in order})
    return nodes + sum(len(order) for order in orders), len(x) * nodes
'''),
    Mutant("work returned as a dict", "06.4", "return_pair", '''
def work(f, x):
    return {"forward": 1, "reverse": 1}
'''),
]

ALTERNATIVES = [
    Alternative("forward mode with rows as tuples", "06.1", _forward('''
    columns = []
    for j in range(n):
        seed = [0.0] * n
        seed[j] = 1.0
        columns.append([y.tangent for y in f(*map(Dual, x, seed))])
    return list(zip(*columns))
''')),
    Alternative("reverse mode with rows as tuples", "06.2", '''
def jacobian_reverse(f, x):
    inputs = tuple(Value(xk) for xk in x)
    outputs = f(*inputs)
    rows = []
    for y in outputs:
        for leaf in inputs:
            leaf.grad = 0
        y.backward()
        rows.append(tuple(leaf.grad for leaf in inputs))
    return rows
'''),
    Alternative("vjp with sum() from 0, returning a tuple", "06.3", '''
def vjp(f, x, w):
    inputs = [Value(xk) for xk in x]
    s = sum(y * wi for y, wi in zip(f(*inputs), w))
    s.backward()
    return tuple(leaf.grad for leaf in inputs)
'''),
    Alternative("work with a set of nodes and a dict of orders", "06.4", '''
def work(f, x):
    outputs = f(*[Value(xk) for xk in x])
    orders = {i: topological_order(y) for i, y in enumerate(outputs)}
    graph = set()
    for order in orders.values():
        graph.update(order)
    reverse = len(graph)
    for order in orders.values():
        reverse += len(order)
    return [len(x) * len(graph), reverse]
'''),
]
