"""Buggy Jacobians, pass counts and mode choices for lab 06."""

from . import Mutant


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
    Mutant("pass counts swapped", "06.3", "swapped", '''
def passes(mode, m, n):
    return m if mode == "forward" else n
'''),
    Mutant("one pass per entry of the Jacobian", "06.3", "product", '''
def passes(mode, m, n):
    return m * n
'''),
    Mutant("reverse mode counted with its recording pass", "06.3", "passes", '''
def passes(mode, m, n):
    return n if mode == "forward" else m + 1
'''),
    Mutant("mode choice swapped", "06.4", "swapped", '''
def choose_mode(m, n):
    return "reverse" if n < m else "forward"
'''),
    Mutant("always reverse mode", "06.4", "swapped", '''
def choose_mode(m, n):
    return "reverse"
'''),
    Mutant("mode choice over a passes that fails 06.3", "06.4", "earlier_exercise", '''
def passes(mode, m, n):
    return m if mode == "forward" else n

def choose_mode(m, n):
    return "forward" if passes("forward", m, n) < passes("reverse", m, n) else "reverse"
'''),
    Mutant("mode named differently", "06.4", "name", '''
def choose_mode(m, n):
    return "forward-mode" if n < m else "reverse-mode"
'''),
]
