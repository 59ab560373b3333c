"""Buggy topological orders, zero_grads and backward passes for lab 02."""

from . import Alternative, Mutant

RECURSIVE_ORDER = '''
def topological_order(root):
    order, seen = [], set()
    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node._prev:
                visit(parent)
            order.append(node)
    visit(root)
    return order
'''

BFS_ORDER = '''
def topological_order(root):
    order, seen, queue = [], {root}, [root]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node._prev:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order[::-1]
'''

MUTANTS = [
    Mutant("recursive depth-first search", "02.1", "recursion", RECURSIVE_ORDER),
    Mutant("no set of visited nodes", "02.1", "duplicates", '''
def topological_order(root):
    order, stack = [], [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in node._prev)
    return order
'''),
    Mutant("output first (the reverse order)", "02.1", "order_reversed", '''
def topological_order(root):
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((p, False) for p in node._prev if p not in seen)
    return order[::-1]
'''),
    Mutant("breadth-first from the output, reversed", "02.1", "order", BFS_ORDER),
    Mutant("only the first parent is followed", "02.1", "missing_nodes", '''
def topological_order(root):
    chain = [root]
    while chain[-1]._prev:
        chain.append(chain[-1]._prev[0])
    return chain[::-1]
'''),
    Mutant("the list is never returned", "02.1", "return_list", '''
def topological_order(root):
    order = []
    for node in [root]:
        order.append(node)
'''),
    Mutant("zero_grad on the leaves only", "02.2", "zero_all", '''
def zero_grad(root):
    for node in topological_order(root):
        if not node._prev:
            node.grad = 0.0
'''),
    Mutant("zero_grad on the output only", "02.2", "zero_all", '''
def zero_grad(root):
    root.grad = 0.0
'''),
    Mutant("zero_grad also clears data", "02.2", "zero_data", '''
def zero_grad(root):
    for node in topological_order(root):
        node.grad = node.data = 0.0
'''),
    Mutant("recursive zero_grad", "02.2", "recursion", '''
def zero_grad(root):
    root.grad = 0.0
    for parent in root._prev:
        zero_grad(parent)
'''),
    Mutant("no seed", "02.3", "seed", '''
def backward(root):
    zero_grad(root)
    for node in reversed(topological_order(root)):
        node._backward()
'''),
    Mutant("seed set before zero_grad", "02.3", "seed", '''
def backward(root):
    root.grad = 1.0
    zero_grad(root)
    for node in reversed(topological_order(root)):
        node._backward()
'''),
    Mutant("closures in topological order, not reversed", "02.3", "backward_order", '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    for node in topological_order(root):
        node._backward()
'''),
    Mutant("forgotten zero_grad", "02.3", "zero_grad", '''
def backward(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()
'''),
    Mutant("breadth-first walk from the output", "02.3", "backward_order", '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    queue, seen = [root], {root}
    while queue:
        node = queue.pop(0)
        node._backward()
        for parent in node._prev:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
'''),
    Mutant("backward over a topological_order that fails 02.1", "02.3", "earlier_exercise",
           BFS_ORDER + '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()
'''),
    Mutant("zero_grad over a topological_order that fails 02.1", "02.2", "earlier_exercise",
           BFS_ORDER + '''
def zero_grad(root):
    for node in topological_order(root):
        node.grad = 0.0
'''),
    Mutant("closures named but not called", "02.3", "no_calls", '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward
'''),
    Mutant("only the output's closure", "02.3", "missing_calls", '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    root._backward()
'''),
    Mutant("an order that repeats reused nodes", "02.3", "twice", '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    stack = [root]
    while stack:
        node = stack.pop()
        node._backward()
        stack.extend(node._prev)
'''),
    Mutant("backward over a recursive order", "02.3", "recursion", RECURSIVE_ORDER.replace(
        "def topological_order", "def recursive_order") + '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    for node in reversed(recursive_order(root)):
        node._backward()
'''),
    Mutant("recursive walk that visits reused nodes twice", "02.3", "twice", '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    def visit(node):
        node._backward()
        for parent in node._prev:
            visit(parent)
    visit(root)
'''),
    Mutant("zero_grad called after the loop", "02.3", "zeroed_after", '''
def backward(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()
    zero_grad(root)
'''),
    Mutant("recursion under a limit raised inside the function", "02.1", "recursion_limit", '''
import sys as _sys

def topological_order(root):
    _sys.setrecursionlimit(100_000)
    order, seen = [], set()
    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node._prev:
                visit(parent)
            order.append(node)
    visit(root)
    return order
'''),
    Mutant("recursive zero_grad under a raised limit", "02.2", "recursion_limit", '''
import sys as _sys

def zero_grad(root):
    _sys.setrecursionlimit(100_000)
    root.grad = 0.0
    for parent in root._prev:
        zero_grad(parent)
'''),
]


# Other correct ways to write the three functions: the checks must accept them all.
KAHN_ORDER = '''
def topological_order(root):
    """Kahn's algorithm from the output: a node is placed once all of its users are placed."""
    users, stack, seen = {}, [root], {root}
    while stack:
        node = stack.pop()
        for parent in node._prev:
            users[parent] = users.get(parent, 0) + 1
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    order, ready = [], [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for parent in node._prev:
            users[parent] -= 1
            if users[parent] == 0:
                ready.append(parent)
    return order[::-1]
'''

ITERATOR_ORDER = '''
def topological_order(root):
    order, seen, stack = [], {root}, [(root, iter(root._prev))]
    while stack:
        node, parents = stack[-1]
        parent = next(parents, None)
        if parent is None:
            order.append(node)
            stack.pop()
        elif parent not in seen:
            seen.add(parent)
            stack.append((parent, iter(parent._prev)))
    return order
'''

PENDING_USERS_BACKWARD = '''
def backward(root):
    """A node passes its grad back once every node that uses it has done so."""
    zero_grad(root)
    root.grad = 1.0
    pending = {}
    for node in topological_order(root):
        for parent in node._prev:
            pending[parent] = pending.get(parent, 0) + 1
    ready = [root]
    while ready:
        node = ready.pop()
        node._backward()
        for parent in node._prev:
            pending[parent] -= 1
            if pending[parent] == 0:
                ready.append(parent)
'''

ALTERNATIVES = [
    Alternative("Kahn's algorithm", "02.1", KAHN_ORDER),
    Alternative("depth-first search with an iterator per node", "02.1", ITERATOR_ORDER),
    Alternative("zero_grad over Kahn's order, with an int 0", "02.2", KAHN_ORDER + '''
def zero_grad(root):
    for node in topological_order(root):
        node.grad = 0
'''),
    Alternative("zero_grad with its own walk", "02.2", '''
def zero_grad(root):
    stack, seen = [root], {id(root)}
    while stack:
        node = stack.pop()
        node.grad = 0.0
        for parent in node._prev:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
'''),
    Alternative("backward over Kahn's order", "02.3", KAHN_ORDER + '''
def backward(root):
    zero_grad(root)
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()
'''),
    Alternative("backward counting each node's pending users", "02.3", PENDING_USERS_BACKWARD),
    Alternative("backward over an iterator order, built in place", "02.3", ITERATOR_ORDER + '''
def backward(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    order[-1].grad = 1.0
    while order:
        order.pop()._backward()
'''),
    Alternative("backward with an index loop and an int seed", "02.3", '''
def backward(root):
    order = topological_order(root)
    zero_grad(root)
    root.grad = 1
    i = len(order) - 1
    while i >= 0:
        order[i]._backward()
        i -= 1
'''),
]
