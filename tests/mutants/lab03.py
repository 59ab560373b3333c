"""Buggy finite differences, relative errors and gradient checks for lab 03."""

from . import Alternative, Mutant


def _gradcheck(errors_line, verdict_line="return worst_error <= tolerance, worst_error, worst_index",
               pick="worst_index = max(range(len(errors)), key=lambda i: errors[i])\n"
                    "    worst_error = errors[worst_index]",
               numeric="numerical_gradient(f, xs, h)"):
    return f'''
def gradcheck(f, xs, h=1e-6, tolerance=1e-4):
    analytic = autodiff_gradient(f, xs)
    numeric = {numeric}
    {errors_line}
    {pick}
    {verdict_line}
'''


RELATIVE = "errors = [relative_error(a, n) for a, n in zip(analytic, numeric)]"


def _softsign(*body):
    """softsign_fixed with the given closure body (03.5)."""
    lines = "\n".join(f"        {line}" for line in body)
    return ("def softsign_fixed(x):\n"
            "    out = Value(x.data / (1.0 + abs(x.data)), (x,), 'softsign')\n\n"
            f"    def _backward():\n{lines}\n\n"
            "    out._backward = _backward\n    return out\n")

ONE_SIDED = '''
def numerical_gradient(f, xs, h=1e-6):
    grads = []
    for i in range(len(xs)):
        up = list(xs)
        up[i] += h
        grads.append((evaluate(f, up) - evaluate(f, xs)) / h)
    return grads
'''

MUTANTS = [
    Mutant("forward difference", "03.1", "forward_difference", '''
def central_difference(g, x, h=1e-5):
    return (g(x + h) - g(x)) / h
'''),
    Mutant("central difference without the /2", "03.1", "missing_half", '''
def central_difference(g, x, h=1e-5):
    return (g(x + h) - g(x - h)) / h
'''),
    Mutant("central difference divided by 2 only", "03.1", "missing_h", '''
def central_difference(g, x, h=1e-5):
    return (g(x + h) - g(x - h)) / 2
'''),
    Mutant("a fixed step instead of h", "03.1", "ignores_h", '''
def central_difference(g, x, h=1e-5):
    step = 1e-6
    return (g(x + step) - g(x - step)) / (2 * step)
'''),
    Mutant("precedence slip: / 2 * h", "03.1", "central_formula", '''
def central_difference(g, x, h=1e-5):
    return (g(x + h) - g(x - h)) / 2 * h
'''),
    Mutant("estimate printed, not returned", "03.1", "return_number", '''
def central_difference(g, x, h=1e-5):
    print((g(x + h) - g(x - h)) / (2 * h))
'''),
    Mutant("every input nudged at once", "03.2", "one_at_a_time", '''
def numerical_gradient(f, xs, h=1e-6):
    up = [x + h for x in xs]
    down = [x - h for x in xs]
    return [(evaluate(f, up) - evaluate(f, down)) / (2 * h) for _ in xs]
'''),
    Mutant("xs nudged in place and not restored", "03.2", "restore_input", '''
def numerical_gradient(f, xs, h=1e-6):
    grads = []
    for i in range(len(xs)):
        xs[i] += h
        up = evaluate(f, xs)
        xs[i] -= 2 * h
        down = evaluate(f, xs)
        grads.append((up - down) / (2 * h))
    return grads
'''),
    Mutant("one-sided differences per input", "03.2", "forward_difference", ONE_SIDED),
    Mutant("numerical gradient over a central_difference that fails 03.1", "03.2",
           "earlier_exercise", '''
def central_difference(g, x, h=1e-5):
    return (g(x + h) - g(x)) / h

def numerical_gradient(f, xs, h=1e-6):
    def along(i):
        return lambda t: evaluate(f, xs[:i] + [t] + xs[i + 1:])
    return [central_difference(along(i), xs[i], h) for i in range(len(xs))]
'''),
    Mutant("f called with a list of floats", "03.2", "call_f", '''
def numerical_gradient(f, xs, h=1e-6):
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((f(up) - f(down)) / (2 * h))
    return grads
'''),
    Mutant("no absolute value", "03.3", "negative", '''
def relative_error(a, n, floor=1e-3):
    return (a - n) / max(abs(a), abs(n), floor)
'''),
    Mutant("divided by |n| only", "03.3", "symmetric", '''
def relative_error(a, n, floor=1e-3):
    return abs(a - n) / max(abs(n), floor)
'''),
    Mutant("no floor", "03.3", "floor", '''
def relative_error(a, n, floor=1e-3):
    return abs(a - n) / max(abs(a), abs(n))
'''),
    Mutant("absolute difference only", "03.3", "divide", '''
def relative_error(a, n, floor=1e-3):
    return abs(a - n)
'''),
    Mutant("divided by the sum of magnitudes", "03.3", "relative_formula", '''
def relative_error(a, n, floor=1e-3):
    return abs(a - n) / max(abs(a) + abs(n), floor)
'''),
    Mutant("only the first input compared", "03.4", "missed_bug",
           _gradcheck("errors = [relative_error(analytic[0], numeric[0])]")),
    Mutant("verdict the wrong way round", "03.4", "false_alarm",
           _gradcheck(RELATIVE, "return worst_error > tolerance, worst_error, worst_index")),
    Mutant("absolute differences instead of relative errors", "03.4", "use_relative",
           _gradcheck("errors = [abs(a - n) for a, n in zip(analytic, numeric)]")),
    Mutant("mean error instead of the worst", "03.4", "worst",
           _gradcheck(RELATIVE, pick="worst_error = sum(errors) / len(errors)\n"
                                     "    worst_index = errors.index(max(errors))")),
    Mutant("index of the best entry", "03.4", "worst_index",
           _gradcheck(RELATIVE, pick="worst_error = max(errors)\n"
                                     "    worst_index = errors.index(min(errors))")),
    Mutant("gradcheck over a one-sided numerical_gradient", "03.4", "earlier_exercise",
           ONE_SIDED + _gradcheck(RELATIVE)),
    Mutant("gradcheck over a relative_error without floor", "03.4", "earlier_exercise", '''
def relative_error(a, n, floor=1e-3):
    return abs(a - n) / max(abs(a), abs(n))
''' + _gradcheck(RELATIVE)),
    Mutant("h not passed on to numerical_gradient", "03.4", "pass_h",
           _gradcheck(RELATIVE, numeric="numerical_gradient(f, xs)")),
    Mutant("returns only ok", "03.4", "return_triple",
           _gradcheck(RELATIVE, "return worst_error <= tolerance")),
    Mutant("gradcheck with its own relative error and no floor", "03.4", "floor_in_gradcheck",
           _gradcheck("errors = [abs(a - n) / max(abs(a), abs(n)) for a, n in zip(analytic, numeric)]")),
    Mutant("softsign fixed with the planted derivative kept", "03.5", "still_planted",
           _softsign("x.grad += 1.0 / (1.0 + abs(x.data)) * out.grad")),
    Mutant("softsign derivative with x in place of |x|", "03.5", "abs_sign",
           _softsign("x.grad += 1.0 / (1.0 + x.data) ** 2 * out.grad")),
    Mutant("softsign derivative taking |x|'s slope as 1", "03.5", "abs_sign",
           _softsign("x.grad += (1.0 + abs(x.data) - x.data) / (1.0 + abs(x.data)) ** 2 * out.grad")),
    Mutant("softsign closure forgets out.grad", "03.5", "softsign_chain",
           _softsign("x.grad += 1.0 / (1.0 + abs(x.data)) ** 2")),
    Mutant("softsign closure overwrites x.grad", "03.5", "softsign_accumulate",
           _softsign("x.grad = 1.0 / (1.0 + abs(x.data)) ** 2 * out.grad")),
    Mutant("softsign forward changed", "03.5", "softsign_forward", '''
def softsign_fixed(x):
    out = Value(x.data / (1.0 + x.data * x.data), (x,), "softsign")
    def _backward():
        x.grad += 1.0 / (1.0 + abs(x.data)) ** 2 * out.grad
    out._backward = _backward
    return out
'''),
]

ALTERNATIVES = [
    Alternative("central difference as two halves", "03.1", '''
def central_difference(g, x, h=1e-5):
    return 0.5 * (g(x + h) - g(x - h)) / h
'''),
    Alternative("central difference divided by h, then by 2", "03.1", '''
def central_difference(g, x, h=1e-5):
    return (g(x + h) - g(x - h)) / h / 2
'''),
    Alternative("numerical gradient through central_difference, as a tuple", "03.2", '''
def numerical_gradient(f, xs, h=1e-6):
    def along(i):
        return lambda t: evaluate(f, xs[:i] + [t] + xs[i + 1:])
    return tuple(central_difference(along(i), xs[i], h) for i in range(len(xs)))
'''),
    Alternative("numerical gradient with slices", "03.2", '''
def numerical_gradient(f, xs, h=1e-6):
    grads = []
    for i, x in enumerate(xs):
        up = xs[:i] + [x + h] + xs[i + 1:]
        down = xs[:i] + [x - h] + xs[i + 1:]
        grads.append((evaluate(f, up) - evaluate(f, down)) / (2 * h))
    return grads
'''),
    Alternative("relative error with nested max", "03.3", '''
def relative_error(a, n, floor=1e-3):
    return abs(n - a) / max(max(abs(a), abs(n)), floor)
'''),
    Alternative("gradcheck returning a list, with an explicit loop", "03.4", '''
def gradcheck(f, xs, h=1e-6, tolerance=1e-4):
    analytic = autodiff_gradient(f, xs)
    numeric = numerical_gradient(f, xs, h=h)
    worst_error, worst_index = -1.0, None
    for i in range(len(xs)):
        error = relative_error(analytic[i], numeric[i])
        if error > worst_error:
            worst_error, worst_index = error, i
    return [worst_error <= tolerance, worst_error, worst_index]
'''),
    Alternative("softsign fixed through the quotient rule with the sign", "03.5", _softsign(
        "s = 1.0 if x.data > 0 else -1.0 if x.data < 0 else 0.0",
        "d = 1.0 + abs(x.data)",
        "x.grad = x.grad + (d - x.data * s) / (d * d) * out.grad")),
]
