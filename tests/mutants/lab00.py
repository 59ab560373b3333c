"""Buggy Value skeletons for lab 00."""

from . import Alternative, Mutant

INIT = '''
class Value:
    def __init__(self, data, parents=(), op="", label=""):
        self.data = {data}
        self.grad = {grad}
        self._prev = {prev}
        {op_line}
        {label_line}
'''


def _init(data="float(data)", grad="0.0", prev="tuple(parents)", op_line="self._op = op",
          label_line="self.label = label"):
    # Check 00.1 uses only __init__, so a class with nothing else is enough.
    return INIT.format(data=data, grad=grad, prev=prev, op_line=op_line, label_line=label_line)


MUTANTS = [
    Mutant("data kept as an int", "00.1", "data_float", _init(data="data")),
    Mutant("parents in a set", "00.1", "prev_set", _init(prev="set(parents)")),
    Mutant("parents deduplicated into a tuple", "00.1", "prev_set", _init(prev="tuple(set(parents))")),
    Mutant("parents kept as the list given", "00.1", "prev_tuple", _init(prev="parents")),
    Mutant("grad starts at None", "00.1", "grad_zero", _init(grad="None")),
    Mutant("op stored as self.op", "00.1", "misnamed_attribute", _init(op_line="self.op = op")),
    Mutant("label never stored", "00.1", "missing_attribute", _init(label_line="pass")),
    Mutant("repr without the label", "00.2", "repr_label", '''
def value_repr(self):
    return f"Value(data={self.data!r}, grad={self.grad!r})"
Value.__repr__ = value_repr
'''),
    Mutant("repr prints instead of returning", "00.2", "repr_return", '''
def value_repr(self):
    print(f"Value(data={self.data!r}, grad={self.grad!r})")
Value.__repr__ = value_repr
'''),
    Mutant("repr formats numbers with :g", "00.2", "repr_data", '''
def value_repr(self):
    label = f", label={self.label!r}" if self.label else ""
    return f"Value(data={self.data:g}, grad={self.grad:g}{label})"
Value.__repr__ = value_repr
'''),
    Mutant("repr with spaces around =", "00.2", "repr_format", '''
def value_repr(self):
    label = f", label = {self.label!r}" if self.label else ""
    return f"Value(data={self.data!r}, grad={self.grad!r}{label})"
Value.__repr__ = value_repr
'''),
    Mutant("add does not wrap numbers", "00.3", "op_number", '''
def value_add(self, other):
    return Value(self.data + other.data, (self, other), "+")
Value.__add__ = value_add
'''),
    Mutant("add names its op 'add'", "00.3", "op_name", '''
def value_add(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data + other.data, (self, other), "add")
Value.__add__ = value_add
'''),
    Mutant("add forgets the parents", "00.3", "op_parents", '''
def value_add(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data + other.data, op="+")
Value.__add__ = value_add
'''),
    Mutant("add updates self in place", "00.3", "op_mutates", '''
def value_add(self, other):
    other = other if isinstance(other, Value) else Value(other)
    self.data += other.data
    return self
Value.__add__ = value_add
'''),
    Mutant("mul copied from add", "00.4", "op_data", '''
def value_mul(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data + other.data, (self, other), "*")
Value.__mul__ = value_mul
'''),
    Mutant("mul returns a float", "00.4", "op_return", '''
def value_mul(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return self.data * other.data
Value.__mul__ = value_mul
'''),
    Mutant("mul parents swapped", "00.4", "op_parents", '''
def value_mul(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data * other.data, (other, self), "*")
Value.__mul__ = value_mul
'''),
    Mutant("radd puts the number second", "00.5", "rop_order", '''
def value_radd(self, other):
    return self + other
Value.__radd__ = value_radd
'''),
    Mutant("rmul never attached to the class", "00.5", "not_attached", '''
del Value.__rmul__
'''),
    Mutant("parents wrapped in another tuple", "00.1", "prev_nested", _init(prev="(parents,)")),
    Mutant("rmul written as other * self", "00.5", "rop_recursion", '''
def value_rmul(self, other):
    return other * self
Value.__rmul__ = value_rmul
'''),
    Mutant("radd written as other + self", "00.5", "rop_recursion", '''
def value_radd(self, other):
    return other + self
Value.__radd__ = value_radd
'''),
    # The class cell run again after the cells below it attached their methods.
    Mutant("class cell run again after the methods", "00.3", "class_rerun", _init()),
    Mutant("class cell run again, then repr checked", "00.2", "class_rerun", _init()),
    Mutant("add written but never attached", "00.3", "not_attached", '''
del Value.__add__
'''),
]

ALTERNATIVES = [
    Alternative("parents unpacked into a tuple, data times 1.0", "00.1", '''
class Value:
    def __init__(self, data, parents=(), op="", label=""):
        self.data = data * 1.0
        self.grad = 0
        self._prev = (*parents,)
        self._op, self.label = op, label
'''),
    Alternative("init that converts only what is not a tuple yet", "00.1", '''
class Value:
    def __init__(self, data, parents=(), op="", label=""):
        self.label = label
        self._op = op
        self._prev = parents if isinstance(parents, tuple) else tuple(parents)
        self.grad = 0.0
        self.data = float(data)
'''),
    Alternative("repr with the % operator", "00.2", '''
def value_repr(self):
    text = "Value(data=%r, grad=%r" % (self.data, self.grad)
    if self.label:
        text += ", label=%r" % (self.label,)
    return text + ")"
Value.__repr__ = value_repr
'''),
    Alternative("repr by concatenation", "00.2", '''
def value_repr(self):
    parts = ["data=" + repr(self.data), "grad=" + repr(self.grad)]
    if self.label != "":
        parts.append("label=" + repr(self.label))
    return "Value(" + ", ".join(parts) + ")"
Value.__repr__ = value_repr
'''),
    Alternative("add that wraps ints and floats explicitly, through type(self)", "00.3", '''
def value_add(self, other):
    if isinstance(other, (int, float)):
        other = type(self)(other)
    return type(self)(self.data + other.data, (self, other), "+")
Value.__add__ = value_add
'''),
    Alternative("mul with a conditional expression and a list of parents", "00.4", '''
def value_mul(self, other):
    other = Value(other) if not isinstance(other, Value) else other
    return Value(self.data * other.data, [self, other], "*")
Value.__mul__ = value_mul
'''),
    Alternative("reflected operations through the dunder methods", "00.5", '''
def value_radd(self, other):
    return self.__class__(other).__add__(self)

def value_rmul(self, other):
    return Value(other).__mul__(self)

Value.__radd__ = value_radd
Value.__rmul__ = value_rmul
'''),
    Alternative("reflected operations that build the node directly", "00.5", '''
def value_radd(self, other):
    return Value(other + self.data, (Value(other), self), "+")

def value_rmul(self, other):
    return Value(other * self.data, (Value(other), self), "*")

Value.__radd__ = value_radd
Value.__rmul__ = value_rmul
'''),
]
