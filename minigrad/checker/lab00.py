"""Checks of lab 00, the Value skeleton: ``__init__``, ``__repr__``, ``+``, ``*`` and numbers on the left.

Every check receives the learner's ``Value`` class. The operands are built with ``Value(...)``,
except in 00.2, which builds them without ``__init__`` so that ``__repr__`` is checked on its own.
"""

import operator

from .core import (case, default_recursion_limit, exercise, expect, expect_attached,
                   expect_close, fail, is_number, show)

HINTS = {
    "missing_attribute": {
        "en": "a new Value has no attribute {name}: __init__ must set self.{name}, spelled exactly so "
              "({role}).",
        "es": "un Value nuevo no tiene el atributo {name}: __init__ debe asignar self.{name}, escrito "
              "exactamente así ({role})."},
    "misnamed_attribute": {
        "en": "the attribute {name} is missing: your __init__ sets self.{found} instead. Name it "
              "self.{name}, exactly so ({role}); the backward pass and the drawings read {name}.",
        "es": "falta el atributo {name}: tu __init__ asigna self.{found} en su lugar. Llámalo "
              "self.{name}, exactamente así ({role}); la pasada hacia atrás y los dibujos leen "
              "{name}."},
    "data_float": {
        "en": "store the data as a float, so that Value(2) holds 2.0 and every node's data has the "
              "same type.",
        "es": "guarda el dato como float, para que Value(2) contenga 2.0 y el dato de todos los nodos "
              "sea del mismo tipo."},
    "data_value": {
        "en": "self.data must hold the number the Value was created with.",
        "es": "self.data debe contener el número con el que se ha creado el Value."},
    "grad_zero": {
        "en": "every node starts with grad 0.0: nothing has been propagated into it yet.",
        "es": "todo nodo empieza con grad 0.0: todavía no se le ha propagado nada."},
    "leaf_defaults": {
        "en": "a Value made from a number is a leaf: no parents (an empty tuple), op \"\" and label \"\".",
        "es": "un Value creado a partir de un número es una hoja: sin padres (una tupla vacía), op \"\" "
              "y label \"\"."},
    "prev_set": {
        "en": "keep the parents in a tuple, not a set: a set forgets their order and merges a * a's two "
              "parents into one, and then a's gradient would get only one contribution.",
        "es": "guarda los padres en una tupla, no en un conjunto: un conjunto olvida su orden y funde "
              "los dos padres de a * a en uno, y entonces el gradiente de a recibiría una sola "
              "contribución."},
    "prev_tuple": {
        "en": "store the parents as a tuple even when they arrive as a list: a tuple cannot be "
              "changed by accident after the node is made.",
        "es": "guarda los padres como una tupla aunque lleguen en una lista: una tupla no se puede "
              "cambiar por descuido una vez creado el nodo."},
    "prev_nested": {
        "en": "_prev holds one item, the whole tuple of parents: (parents,) wraps the tuple in another "
              "one. Write self._prev = tuple(parents), which also turns a list into a tuple.",
        "es": "_prev contiene un solo elemento, la tupla entera de padres: (parents,) mete la tupla "
              "dentro de otra. Escribe self._prev = tuple(parents), que además convierte una lista en "
              "tupla."},
    "prev_order": {
        "en": "keep the parents in the order they were given: _prev[0] is the first parent.",
        "es": "conserva los padres en el orden en que se dan: _prev[0] es el primer padre."},
    "op_label": {
        "en": "store the operation in self._op and the name in self.label, as given.",
        "es": "guarda la operación en self._op y el nombre en self.label, tal como se reciben."},
    "repr_return": {
        "en": "__repr__ must return a string (return it, don't print it).",
        "es": "__repr__ debe devolver una cadena (devuélvela con return, no la imprimas)."},
    "repr_data": {
        "en": "show data and grad with repr(), as data=... and grad=..., reading them from the node "
              "each time __repr__ runs.",
        "es": "muestra data y grad con repr(), como data=... y grad=..., leyéndolos del nodo cada vez "
              "que se ejecuta __repr__."},
    "repr_label": {
        "en": "add , label='...' only when the node has a label (a non-empty string).",
        "es": "añade , label='...' solo cuando el nodo tiene etiqueta (una cadena no vacía)."},
    "repr_format": {
        "en": "compare your text with the expected one character by character: spaces, commas and "
              "quotes count.",
        "es": "compara tu texto con el esperado carácter a carácter: cuentan los espacios, las comas y "
              "las comillas."},
    "op_return": {
        "en": "{name} must return a new Value (the result node), not a number and not None.",
        "es": "{name} debe devolver un Value nuevo (el nodo resultado), no un número ni None."},
    "op_data": {
        "en": "the result's data combines the two operands' numbers (their .data) with {op}, and is "
              "computed when the node is made: that is the forward pass.",
        "es": "el dato del resultado combina con {op} los números de los dos operandos (sus .data), y "
              "se calcula al crear el nodo: eso es la pasada hacia delante."},
    "op_parents": {
        "en": "the result's parents are (self, other), in this order: the node must remember both "
              "operands, so that the backward pass can reach them.",
        "es": "los padres del resultado son (self, other), en este orden: el nodo debe recordar los "
              "dos operandos para que la pasada hacia atrás pueda llegar a ellos."},
    "op_name": {
        "en": "the result's op is the string \"{op}\": it names the operation, and the backward pass "
              "will need it to know which local derivative applies.",
        "es": "la op del resultado es la cadena \"{op}\": nombra la operación, y la pasada hacia atrás "
              "la necesitará para saber qué derivada local aplicar."},
    "op_number": {
        "en": "the other operand may be a plain number: turn it into a Value (a leaf) first.",
        "es": "el otro operando puede ser un número sin más: conviértelo antes en un Value (una hoja)."},
    "op_mutates": {
        "en": "an operation makes a new node and must leave its operands unchanged.",
        "es": "una operación crea un nodo nuevo y debe dejar sus operandos intactos."},
    "rop_missing": {
        "en": "Python found no way to compute {expr}: attach the method to the class "
              "(Value.{method} = ...) and run that cell.",
        "es": "Python no ha encontrado cómo calcular {expr}: asigna el método a la clase "
              "(Value.{method} = ...) y ejecuta esa celda."},
    "rop_recursion": {
        "en": "{method} calls itself without end: in other {op} self the number is still on the "
              "left, so Python asks the number, which cannot work with a Value (it returns "
              "NotImplemented), and calls a.{method} again. Make the number a Value first: "
              "Value(other) {op} self.",
        "es": "{method} se llama a sí mismo sin fin: en other {op} self el número sigue a la "
              "izquierda, así que Python le pregunta al número, que no sabe operar con un Value "
              "(devuelve NotImplemented), y vuelve a llamar a a.{method}. Convierte antes el número "
              "en un Value: Value(other) {op} self."},
    "rop_order": {
        "en": "in {expr}, Python calls a.{method}({number}): the number is the FIRST operand, so the "
              "parents must be (Value({number}), a), as the expression is written.",
        "es": "en {expr}, Python llama a a.{method}({number}): el número es el PRIMER operando, así que "
              "los padres deben ser (Value({number}), a), tal como está escrita la expresión."},
}

TITLES = {
    "00.1": {"en": "Value.__init__", "es": "Value.__init__"},
    "00.2": {"en": "Value.__repr__", "es": "Value.__repr__"},
    "00.3": {"en": "Value.__add__", "es": "Value.__add__"},
    "00.4": {"en": "Value.__mul__", "es": "Value.__mul__"},
    "00.5": {"en": "numbers on the left: __radd__, __rmul__",
             "es": "números a la izquierda: __radd__, __rmul__"},
}


TIERS = {
    "00.1": [
        {"en": "A node needs five facts about itself: its number, its gradient so far, where it "
               "came from (its parents, in order), which operation made it, and its name. __init__ "
               "stores each one as an attribute of self.",
         "es": "Un nodo necesita cinco datos sobre sí mismo: su número, su gradiente hasta el "
               "momento, de dónde viene (sus padres, en orden), qué operación lo ha creado y su "
               "nombre. __init__ guarda cada uno como un atributo de self."},
        {"en": "Five assignments to self: data as a float (float(data)), grad = 0.0, _prev as a "
               "tuple of the parents (tuple(parents)), and _op and label as they arrive.",
         "es": "Cinco asignaciones a self: data como float (float(data)), grad = 0.0, _prev como "
               "tupla de los padres (tuple(parents)), y _op y label tal como llegan."},
    ],
    "00.2": [
        {"en": "Python calls __repr__ whenever it shows a Value. It must return the text (not print "
               "it), and the text is what you would type to make the Value again: that is why the "
               "numbers go through repr().",
         "es": "Python llama a __repr__ cada vez que muestra un Value. Tiene que devolver el texto "
               "(no imprimirlo), y el texto es lo que escribirías para volver a crear el Value: por "
               "eso los números pasan por repr()."},
        {"en": "Build the text with an f-string and the !r conversion: first data and grad, then "
               "the label part only when self.label is not empty, then the closing parenthesis.",
         "es": "Construye el texto con una f-string y la conversión !r: primero data y grad, después "
               "la parte de la etiqueta solo si self.label no está vacía, y al final el paréntesis "
               "de cierre."},
    ],
    "00.3": [
        {"en": "An operation does two jobs: it computes the result now (the forward pass), and it "
               "makes a node that remembers its operands and its operation, so that the backward "
               "pass can later find its way back.",
         "es": "Una operación hace dos trabajos: calcula ahora el resultado (la pasada hacia "
               "delante) y crea un nodo que recuerda sus operandos y su operación, para que la "
               "pasada hacia atrás pueda encontrar después el camino de vuelta."},
        {"en": "Wrap other in a Value unless it already is one; then return a new Value whose data "
               "is the sum of the two .data, whose parents are (self, other) and whose op is \"+\".",
         "es": "Envuelve other en un Value si no lo es ya; después devuelve un Value nuevo cuyo data "
               "sea la suma de los dos .data, cuyos padres sean (self, other) y cuya op sea \"+\"."},
    ],
    "00.4": [
        {"en": "The pattern of 00.3 once more: only the arithmetic and the operation's name change.",
         "es": "Otra vez el patrón del 00.3: solo cambian la cuenta y el nombre de la operación."},
        {"en": "Start from your value_add and change the sum into a product and \"+\" into \"*\". "
               "a * a needs nothing special: (self, other) is then (a, a).",
         "es": "Parte de tu value_add y cambia la suma por un producto y \"+\" por \"*\". a * a no "
               "necesita nada especial: (self, other) es entonces (a, a)."},
    ],
    "00.5": [
        {"en": "In 2 * a the number is the left operand: Python asks it first, the number cannot "
               "work with a Value (it returns NotImplemented), and then Python calls "
               "a.__rmul__(2). The new node must still list its operands in the order they are "
               "written.",
         "es": "En 2 * a el número es el operando de la izquierda: Python le pregunta primero, el "
               "número no sabe operar con un Value (devuelve NotImplemented) y entonces Python llama "
               "a a.__rmul__(2). El nodo nuevo tiene que guardar igualmente sus operandos en el "
               "orden en que están escritos."},
        {"en": "Make the number a Value and put it first, then reuse the operation you already "
               "have: Value(other) * self (and Value(other) + self in value_radd).",
         "es": "Convierte el número en un Value y ponlo primero; después reutiliza la operación que "
               "ya tienes: Value(other) * self (y Value(other) + self en value_radd)."},
    ],
}

OPERATORS = {"+": operator.add, "*": operator.mul}

# What __init__ must set, with what each attribute is for, and names a learner may use instead.
ATTRIBUTES = {
    "data": ({"en": "the number", "es": "el número"}, ("value", "val")),
    "grad": ({"en": "the gradient, 0 to start", "es": "el gradiente, 0 al principio"},
             ("gradient",)),
    "_prev": ({"en": "the tuple of parents; the leading underscore is part of the name",
               "es": "la tupla de padres; el guion bajo inicial forma parte del nombre"},
              ("parents", "children", "_children")),
    "_op": ({"en": "the operation's name; the leading underscore is part of the name",
             "es": "el nombre de la operación; el guion bajo inicial forma parte del nombre"},
            ("operation",)),
    "label": ({"en": "the node's name", "es": "el nombre del nodo"}, ("name",)),
}
A_VALUE = {"en": "a Value", "es": "un Value"}


def _names(nodes, known):
    """Text for a container of nodes, naming each by the variable it is in the case ("(a, b)")."""
    if not isinstance(nodes, (tuple, list, set, frozenset)):
        return type(nodes).__name__
    names = [next((name for name, node in known.items() if node is item), None) or show(item)
             for item in nodes]
    if isinstance(nodes, (set, frozenset)):
        return "{" + ", ".join(sorted(names)) + "}"
    inner = ", ".join(names) + ("," if len(names) == 1 else "")
    return f"[{inner}]" if isinstance(nodes, list) else f"({inner})"


def _same_nodes(nodes, expected):
    return (isinstance(nodes, (tuple, list)) and len(nodes) == len(expected)
            and all(node is want for node, want in zip(nodes, expected)))


def _check_prev(prev, expected, known):
    """Fail with the hint that matches how ``prev`` differs from the tuple ``expected``."""
    if isinstance(prev, tuple) and _same_nodes(prev, expected):
        return
    shown = dict(expected=_names(tuple(expected), known), got=_names(prev, known))
    if isinstance(prev, tuple) and len(prev) == 1 and isinstance(prev[0], (tuple, list)):
        fail("prev_nested", expected=shown["expected"],
             got="(" + _names(prev[0], known) + ",)")
    sequence = isinstance(prev, (tuple, list))
    if not sequence or len(prev) < len(expected):     # a set, or a tuple made from one
        fail("prev_set" if not sequence or len(set(map(id, expected))) < len(expected) else "prev_order",
             **shown)
    if _same_nodes(prev, expected):
        fail("prev_tuple", **shown)
    fail("prev_order", **shown)


def _similar(name, others, found):
    """The attribute among ``found`` that looks like a misspelling of ``name`` (op for _op), or None."""
    def bare(text):
        return text.strip("_").lower()
    return next((a for a in found if bare(a) == bare(name) or a in others), None)


def _check_attributes(Value):
    """Fail with the first attribute __init__ does not set, naming a near-miss it sets instead."""
    with case("v = Value(2.0); vars(v)"):
        v = Value(2.0)
        found = list(getattr(v, "__dict__", {}))
        for name, (role, others) in ATTRIBUTES.items():
            if hasattr(v, name):
                continue
            near = _similar(name, others, [a for a in found if a not in ATTRIBUTES])
            fields = dict(expected=list(ATTRIBUTES), got=found, name=name, role=show(role))
            if near is not None:
                fail("misnamed_attribute", found=near, **fields)
            fail("missing_attribute", **fields)


@exercise("00.1", TITLES["00.1"], HINTS, tiers=TIERS["00.1"], defines=("Value.__init__",))
def _check_init(Value):
    _check_attributes(Value)
    with case("v = Value(2)"):
        v = Value(2)
        expect_close(getattr(v, "data", None), 2.0, "data_value")
        expect(type(v.data) is float, "data_float", expected=2.0, got=v.data)
    with case("v = Value(-1.5)"):
        expect_close(Value(-1.5).data, -1.5, "data_value")
    with case("v = Value(2.0); v.grad"):
        grad = getattr(Value(2.0), "grad", None)
        expect(is_number(grad) and grad == 0, "grad_zero", expected=0.0, got=grad)
    with case("v = Value(2.0); (v._prev, v._op, v.label)"):
        v = Value(2.0)
        _check_prev(getattr(v, "_prev", None), (), {})
        got = (v._prev, getattr(v, "_op", None), getattr(v, "label", None))
        expect(got == ((), "", "") and isinstance(got[0], tuple), "leaf_defaults", expected=((), "", ""),
               got=got)
    with case("a = Value(2.0); c = Value(4.0, (a, a), '*'); c._prev"):
        a = Value(2.0)
        _check_prev(Value(4.0, (a, a), "*")._prev, (a, a), {"a": a})
    with case("a, b = Value(2.0), Value(3.0); c = Value(5.0, (a, b), '+', label='c')"):
        a, b = Value(2.0), Value(3.0)
        c = Value(5.0, (a, b), "+", label="c")
        _check_prev(c._prev, (a, b), {"a": a, "b": b})
        expect((c._op, c.label) == ("+", "c"), "op_label", expected=("+", "c"), got=(c._op, c.label))
    with case("a, b = Value(2.0), Value(3.0); c = Value(5.0, [a, b], '+'); c._prev"):
        a, b = Value(2.0), Value(3.0)
        _check_prev(Value(5.0, [a, b], "+")._prev, (a, b), {"a": a, "b": b})


def _bare(Value, data, grad=0.0, label=""):
    """A node made without calling the learner's __init__ (00.2 checks __repr__ on its own)."""
    node = object.__new__(Value)
    node.data, node.grad, node._prev, node._op, node.label = data, grad, (), "", label
    return node


@exercise("00.2", TITLES["00.2"], HINTS, tiers=TIERS["00.2"], defines=("value_repr",))
def _check_repr(Value):
    expect_attached(Value, {"__repr__": "value_repr"})
    cases = [
        ("repr(Value(2.0))", dict(data=2.0), "Value(data=2.0, grad=0.0)"),
        ("v = Value(-0.5); v.grad = 1.25; repr(v)", dict(data=-0.5, grad=1.25),
         "Value(data=-0.5, grad=1.25)"),
        ("repr(Value(3.0, label='a'))", dict(data=3.0, label="a"), "Value(data=3.0, grad=0.0, label='a')"),
    ]
    for description, fields, expected in cases:
        with case(description, on_error={TypeError: "repr_return"}):
            got = repr(_bare(Value, **fields))
            if got == expected:
                continue
            expected, got = repr(expected), repr(got)    # quoted, so that spaces show
            if f"data={fields['data']!r}" not in got or f"grad={fields.get('grad', 0.0)!r}" not in got:
                fail("repr_data", expected, got)
            if ("label" in got) != bool(fields.get("label")):
                fail("repr_label", expected, got)
            fail("repr_format", expected, got)


def _check_binary(Value, op, name):
    """00.3 and 00.4: ``a {op} b`` records its data, its parents in order and its op."""
    compute = OPERATORS[op]
    fields = dict(op=op, name=name)
    with case(f"a, b = Value(2.0), Value(-3.0); c = a {op} b"):
        a, b = Value(2.0), Value(-3.0)
        c = compute(a, b)
        expect(isinstance(c, Value), "op_return", expected=A_VALUE, got=c, **fields)
        expect((a.data, b.data) == (2.0, -3.0) and c is not a and c is not b, "op_mutates",
               expected=(2.0, -3.0), got=(a.data, b.data), **fields)
        expect_close(c.data, compute(2.0, -3.0), "op_data", **fields)
        expect(isinstance(c._prev, tuple) and _same_nodes(c._prev, (a, b)), "op_parents",
               expected="(a, b)", got=_names(c._prev, {"a": a, "b": b}), **fields)
        expect(c._op == op, "op_name", expected=repr(op), got=show(c._op, nested=True), **fields)
        expect(c.grad == 0.0, "grad_zero", expected=0.0, got=c.grad)
    with case(f"a = Value(2.0); c = a {op} a"):
        a = Value(2.0)
        c = compute(a, a)
        expect_close(c.data, compute(2.0, 2.0), "op_data", **fields)
        expect(_same_nodes(c._prev, (a, a)), "op_parents", expected="(a, a)",
               got=_names(c._prev, {"a": a}), **fields)
    with case(f"a = Value(2.0); c = a {op} 1.5",
              on_error={AttributeError: "op_number", TypeError: "op_number"}, **fields):
        a = Value(2.0)
        c = compute(a, 1.5)
        expect(isinstance(c, Value), "op_return", expected=A_VALUE, got=c, **fields)
        expect_close(c.data, compute(2.0, 1.5), "op_data", **fields)
        other = c._prev[1] if isinstance(c._prev, tuple) and len(c._prev) == 2 else None
        expect(c._prev[0] is a and isinstance(other, Value) and other.data == 1.5, "op_number",
               expected="(a, Value(1.5))", got=_names(c._prev, {"a": a}), **fields)


@exercise("00.3", TITLES["00.3"], HINTS, tiers=TIERS["00.3"], requires=("00.1",),
          defines=("value_add",))
def _check_add(Value):
    expect_attached(Value, {"__add__": "value_add"})
    _check_binary(Value, "+", "__add__")


@exercise("00.4", TITLES["00.4"], HINTS, tiers=TIERS["00.4"], requires=("00.1",),
          defines=("value_mul",))
def _check_mul(Value):
    expect_attached(Value, {"__mul__": "value_mul"})
    _check_binary(Value, "*", "__mul__")


@exercise("00.5", TITLES["00.5"], HINTS, tiers=TIERS["00.5"], requires=("00.1",),
          defines=("value_radd", "value_rmul"))
def _check_reflected(Value):
    expect_attached(Value, {"__radd__": "value_radd", "__rmul__": "value_rmul"})
    for op, method, number in (("+", "__radd__", 1.5), ("*", "__rmul__", 4.0)):
        expr = f"{number} {op} a"
        fields = dict(op=op, name=method, expr=expr, method=method, number=number)
        with case(f"a = Value(2.0); c = {expr}",
                  on_error={TypeError: "rop_missing", RecursionError: "rop_recursion"}, **fields), \
                default_recursion_limit(blame_a_raised_limit=False):
            a = Value(2.0)
            c = OPERATORS[op](number, a)
            expect(isinstance(c, Value), "op_return", expected=A_VALUE, got=c, **fields)
            expect_close(c.data, OPERATORS[op](number, 2.0), "op_data", **fields)
            expect(c._op == op, "op_name", expected=repr(op), got=show(c._op, nested=True), **fields)
            prev = c._prev
            ordered = isinstance(prev, tuple) and len(prev) == 2 and prev[1] is a \
                and isinstance(prev[0], Value) and prev[0].data == number
            expect(ordered, "rop_order", expected=f"(Value({number}), a)",
                   got=_names(prev, {"a": a}), **fields)
