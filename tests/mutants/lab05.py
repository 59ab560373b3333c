"""Buggy dual-number arithmetic, JVPs and Jacobians for lab 05."""

from . import Alternative, Mutant


def _add(tangent, value="a.value + b.value"):
    return f'''
def dual_add(a, b):
    a, b = as_dual(a), as_dual(b)
    return Dual({value}, {tangent})
Dual.__add__ = dual_add
Dual.__radd__ = dual_add
'''


def _mul(tangent, value="a.value * b.value"):
    return f'''
def dual_mul(a, b):
    a, b = as_dual(a), as_dual(b)
    return Dual({value}, {tangent})
Dual.__mul__ = dual_mul
Dual.__rmul__ = dual_mul
'''


def _unary(name, value, tangent):
    return f'''
def {name}(x):
    x = as_dual(x)
    return Dual({value}, {tangent})
'''


def _jvp(body):
    return "def jvp(f, x, v):\n" + body


def _jacobian(body):
    return "def jacobian(f, x):\n    n = len(x)\n" + body


CONSTANT_TANGENT_ONE = '''
def as_dual(x):
    return x if isinstance(x, Dual) else Dual(x, 1.0)
'''

FROZEN_DUAL = '''
from dataclasses import dataclass


@dataclass(frozen=True)
class Dual:
    value: float
    tangent: float = 0.0
'''

MUTANTS = [
    Mutant("a constant gets tangent 1", "05.1", "tangent", CONSTANT_TANGENT_ONE),
    Mutant("a Dual loses its tangent", "05.1", "passthrough", '''
def as_dual(x):
    return Dual(x.value if isinstance(x, Dual) else x, 0.0)
'''),
    Mutant("a number is returned as it is", "05.1", "not_dual", '''
def as_dual(x):
    return x
'''),
    Mutant("sum multiplies the tangents", "05.2", "tangent_product", _add("a.tangent * b.tangent")),
    Mutant("sum keeps only a's tangent", "05.2", "tangent", _add("a.tangent")),
    Mutant("sum of a constant with tangent 1", "05.2", "constant", CONSTANT_TANGENT_ONE),
    Mutant("sum updates a in place", "05.2", "mutates", '''
def dual_add(a, b):
    a, b = as_dual(a), as_dual(b)
    a.value, a.tangent = a.value + b.value, a.tangent + b.tangent
    return a
Dual.__add__ = dual_add
Dual.__radd__ = dual_add
'''),
    Mutant("product multiplies the tangents", "05.3", "tangents_multiplied",
           _mul("a.tangent * b.tangent")),
    Mutant("product rule without b·ȧ", "05.3", "missing_term", _mul("a.value * b.tangent")),
    Mutant("product rule with each tangent times its own value", "05.3", "swapped",
           _mul("a.value * a.tangent + b.value * b.tangent")),
    Mutant("product with a constant of tangent 1", "05.3", "constant", CONSTANT_TANGENT_ONE),
    Mutant("product's value is a sum", "05.3", "value",
           _mul("b.value * a.tangent + a.value * b.tangent", value="a.value + b.value")),
    Mutant("sin's tangent uses sin", "05.4", "uses_sin",
           _unary("sin", "math.sin(x.value)", "math.sin(x.value) * x.tangent")),
    Mutant("sin's tangent forgets the input's tangent", "05.4", "chain",
           _unary("sin", "math.sin(x.value)", "math.cos(x.value)")),
    Mutant("sin's tangent is -cos", "05.4", "sign",
           _unary("sin", "math.sin(x.value)", "-math.cos(x.value) * x.tangent")),
    Mutant("exp's tangent forgets the input's tangent", "05.5", "chain",
           _unary("exp", "math.exp(x.value)", "math.exp(x.value)")),
    Mutant("exp's tangent by the power rule", "05.5", "tangent",
           _unary("exp", "math.exp(x.value)", "x.value * x.tangent")),
    Mutant("jvp seeds every input with 1", "05.6", "seed_ones", _jvp('''
    return [y.tangent for y in f(*[Dual(xj, 1.0) for xj in x])]
''')),
    Mutant("jvp calls f with plain numbers", "05.6", "not_duals", _jvp('''
    return [y.tangent for y in f(*x)]
''')),
    Mutant("jvp returns the outputs' values", "05.6", "returned_values", _jvp('''
    return [y.value for y in f(*[Dual(xj, vj) for xj, vj in zip(x, v)])]
''')),
    Mutant("jvp moves one input per pass", "05.6", "calls", _jvp('''
    total = None
    for j in range(len(x)):
        seeds = [Dual(xk, v[k] if k == j else 0.0) for k, xk in enumerate(x)]
        tangents = [y.tangent for y in f(*seeds)]
        total = tangents if total is None else [a + b for a, b in zip(total, tangents)]
    return total
''')),
    Mutant("Jacobian returned as columns", "05.7", "transposed", _jacobian('''
    return [jvp(f, x, [1.0 if k == j else 0.0 for k in range(n)]) for j in range(n)]
''')),
    Mutant("Jacobian with one pass per entry", "05.7", "passes", _jacobian('''
    m = len(jvp(f, x, [0.0] * n))
    return [[jvp(f, x, [1.0 if k == j else 0.0 for k in range(n)])[i] for j in range(n)]
            for i in range(m)]
''')),
    Mutant("Jacobian seeds every input in every pass", "05.7", "seeds", _jacobian('''
    columns = [jvp(f, x, [1.0] * n) for j in range(n)]
    return [list(row) for row in zip(*columns)]
''')),
    Mutant("Jacobian over a jvp that fails 05.6", "05.7", "earlier_exercise", _jvp('''
    return [y.value for y in f(*[Dual(xj, vj) for xj, vj in zip(x, v)])]
''') + _jacobian('''
    columns = [jvp(f, x, [1.0 if k == j else 0.0 for k in range(n)]) for j in range(n)]
    return [list(row) for row in zip(*columns)]
''')),
    Mutant("Jacobian with its columns in reverse order", "05.7", "values", _jacobian('''
    columns = [jvp(f, x, [1.0 if k == j else 0.0 for k in range(n)]) for j in range(n)]
    return [list(row)[::-1] for row in zip(*columns)]
''')),
    Mutant("jvp calls f with the list, without *", "05.6", "unpack", _jvp('''
    inputs = [Dual(xj, vj) for xj, vj in zip(x, v)]
    return [y.tangent for y in f(inputs)]
''')),
    Mutant("as_dual changes the Dual it is given", "05.1", "mutates", '''
def as_dual(x):
    if isinstance(x, Dual):
        x.tangent = 0.0
        return x
    return Dual(x, 0.0)
'''),
    Mutant("as_dual sets the tangent of a frozen Dual", "05.1", "error_frozen", FROZEN_DUAL + '''

def as_dual(x):
    if isinstance(x, Dual):
        x.tangent = 0.0
        return x
    return Dual(x, 0.0)
'''),
    Mutant("as_dual misspells the tangent", "05.1", "error_attribute", '''
def as_dual(x):
    if isinstance(x, Dual):
        return Dual(x.value, x.tangnet)
    return Dual(x, 0.0)
'''),
    Mutant("Dual class cell run again after the operations", "05.3", "class_rerun", '''
class Dual:
    def __init__(self, value, tangent=0.0):
        self.value = float(value)
        self.tangent = float(tangent)
'''),
]

ALTERNATIVES = [
    Alternative("a frozen dataclass Dual, returned as it is", "05.1", FROZEN_DUAL + '''

def as_dual(x):
    return x if isinstance(x, Dual) else Dual(float(x), 0.0)
'''),
    Alternative("as_dual returning an equal new Dual", "05.1", '''
def as_dual(x):
    if isinstance(x, Dual):
        return Dual(x.value, x.tangent)
    return Dual(float(x))
'''),
    Alternative("sum written with the constructor's keyword names", "05.2", _add(
        "a.tangent + b.tangent", value="b.value + a.value")),
    Alternative("product rule with the terms the other way round", "05.3",
                _mul("a.tangent * b.value + b.tangent * a.value")),
    Alternative("sin with the value computed once", "05.4", '''
def sin(x):
    x = as_dual(x)
    slope = math.cos(x.value)
    return Dual(math.sin(x.value), x.tangent * slope)
'''),
    Alternative("exp with math.exp called twice", "05.5",
                _unary("exp", "math.exp(x.value)", "math.exp(x.value) * x.tangent")),
    Alternative("jvp returning a tuple", "05.6", _jvp('''
    outputs = f(*map(Dual, x, v))
    return tuple(y.tangent for y in outputs)
''')),
    Alternative("Jacobian rows as tuples", "05.7", _jacobian('''
    columns = [jvp(f, x, [1.0 if k == j else 0.0 for k in range(n)]) for j in range(n)]
    return list(zip(*columns))
''')),
    Alternative("Jacobian built row by row", "05.7", _jacobian('''
    columns = []
    for j in range(n):
        seed = [0.0] * n
        seed[j] = 1.0
        columns.append(jvp(f, x, seed))
    return [[column[i] for column in columns] for i in range(len(columns[0]))]
''')),
]
