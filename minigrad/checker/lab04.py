"""Checks of lab 04: a neuron, a layer, an MLP, the loss, a training step, the loop, fitting XOR.

The lab runs on the learner's own `Value` from labs 00–02 when that engine is finished, and on
the library's `minigrad.scalar.Value` otherwise (`minigrad.labs.engine`), so every check works with
the `Value` class the learner's code uses: the one its notebook calls ``Value``.

Forward numbers are compared against a reference computed with **the learner's own weights**: a
check first sets every weight and bias to chosen numbers, so the comparison does not depend on how
the weights were drawn. The training checks train **the lab's own classes**: the learner's `MLP`
once it passes 04.3, otherwise the ready-made `minigrad.labs.ready.MLP`, which has exactly the
lab's methods (a call to a method the lab's network lacks, such as ``zero_grad()``, is caught).
Their expected losses and gradients come from a copy of the same weights computed with the
library's `Value`.
"""

import contextlib
import math
import random

from ..i18n import number
from ..labs import ready
from ..nn import xor_data
from ..scalar import Value as LibraryValue
from .core import (all_close, builds, case, close, exercise, expect, expect_earlier, fail,
                   is_number, namespace_of, passes, phrase)

# The network is the learner's own classes on top of a Value: an attribute hint names all four.
builds("04", "Neuron", "Layer", "MLP", "Value")

T = {
    "list_of_values": {"en": "a list of {n} Values", "es": "una lista de {n} objetos Value"},
    "a_value": {"en": "a Value", "es": "un Value"},
    "a_number": {"en": "a float", "es": "un float"},
    "different": {"en": "weights that differ from each other", "es": "pesos distintos entre sí"},
    "same_weights": {"en": "the same weights for the same seed",
                     "es": "los mismos pesos con la misma semilla"},
    "different_seeds": {"en": "different weights for different seeds",
                        "es": "pesos distintos con semillas distintas"},
    "signs": {"en": "signs {signs}", "es": "signos {signs}"},
    "twice": {"en": "{what}, built twice", "es": "{what}, construido dos veces"},
    "known": {"en": "{what} weights and biases set to known numbers; {call}",
              "es": "pesos y sesgos de {what} fijados a números conocidos; {call}"},
    "second": {"en": "{call}, then a second step", "es": "{call}, y después un segundo paso"},
    "step": {"en": "{made}; xs, ys = xor_data(); train_step(model, xs, ys, {rate})",
             "es": "{made}; xs, ys = xor_data(); train_step(model, xs, ys, {rate})"},
    "adding": {"en": "{call}, with a backward() that adds into the leaves' grads, as minigrad's does",
               "es": "{call}, con un backward() que suma en los grads de las hojas, como el de "
                     "minigrad"},
}


TIERS = {
    "04.1": [
        {"en": "A neuron is a weighted sum of its inputs plus a bias, squashed by tanh. Its weights "
               "start random, drawn from the rng it is given, its bias at 0, and everything it "
               "computes with is a Value, so that backward() can reach the weights.",
         "es": "Una neurona es una suma ponderada de sus entradas más un sesgo, pasada por tanh. "
               "Sus pesos empiezan aleatorios, sacados del rng que recibe, su sesgo en 0, y todo lo "
               "que usa en sus cuentas es un Value, para que backward() pueda llegar a los pesos."},
        {"en": "__init__: self.w = one Value(rng.uniform(-1.0, 1.0)) per input, self.b = Value(0.0). "
               "__call__: start from self.b, add wi * xi for each weight and input, return the "
               "total's .tanh(). parameters(): the weights, then the bias.",
         "es": "__init__: self.w = un Value(rng.uniform(-1.0, 1.0)) por entrada, self.b = "
               "Value(0.0). __call__: empieza en self.b, suma wi * xi por cada peso y su entrada, y "
               "devuelve la .tanh() del total. parameters(): los pesos y después el sesgo."},
    ],
    "04.2": [
        {"en": "A layer is a list of neurons that all read the same input; its outputs and its "
               "parameters are theirs, gathered in order.",
         "es": "Una capa es una lista de neuronas que leen todas la misma entrada; sus salidas y sus "
               "parámetros son los de ellas, reunidos en orden."},
        {"en": "self.neurons = nout neurons Neuron(nin, rng), all with the one rng; calling the "
               "layer returns [neuron(x) for each neuron]; parameters() puts every neuron's "
               "parameters into one flat list.",
         "es": "self.neurons = nout neuronas Neuron(nin, rng), todas con el mismo rng; llamar a la "
               "capa devuelve [neuron(x) por cada neurona]; parameters() reúne los parámetros de "
               "todas las neuronas en una sola lista plana."},
    ],
    "04.3": [
        {"en": "Each layer's outputs are the next layer's inputs, so a layer reads as many inputs as "
               "the one before has neurons. One random generator, made from the seed, feeds every "
               "layer in turn.",
         "es": "Las salidas de cada capa son las entradas de la siguiente, así que una capa lee "
               "tantas entradas como neuronas tiene la anterior. Un único generador aleatorio, "
               "creado a partir de la semilla, alimenta a todas las capas por turno."},
        {"en": "rng = random.Random(seed); the fan-ins are [nin] + sizes[:-1]; self.layers = one "
               "Layer(fan_in, size, rng) per pair. __call__: x = layer(x) for each layer, then x[0] "
               "when there is one output.",
         "es": "rng = random.Random(seed); las entradas de cada capa son [nin] + sizes[:-1]; "
               "self.layers = una Layer(entradas, tamaño, rng) por pareja. __call__: x = layer(x) "
               "para cada capa y, al final, x[0] si hay una sola salida."},
    ],
    "04.4": [
        {"en": "The loss is one Value built from the predictions, so that backward() can start from "
               "it: square each error, then take the mean.",
         "es": "La pérdida es un único Value construido con las predicciones, para que backward() "
               "pueda arrancar desde él: eleva al cuadrado cada error y después toma la media."},
        {"en": "Start from Value(0.0), add (p - y) ** 2 for each prediction p and target y, and "
               "divide the total by len(targets).",
         "es": "Empieza en Value(0.0), suma (p - y) ** 2 por cada predicción p y objetivo y, y divide "
               "el total entre len(targets)."},
    ],
    "04.5": [
        {"en": "One step: clear the old gradients, compute the loss on all the examples, let "
               "backward() fill the gradients, then move every parameter a little against its "
               "gradient. Return the loss as a plain number.",
         "es": "Un paso: borra los gradientes viejos, calcula la pérdida sobre todos los ejemplos, "
               "deja que backward() rellene los gradientes y mueve cada parámetro un poco en contra "
               "de su gradiente. Devuelve la pérdida como un número sin más."},
        {"en": "p.grad = 0.0 for each p of model.parameters(); loss = mse([model(x) for x in xs], "
               "ys); loss.backward(); p.data -= learning_rate * p.grad for each p; return loss.data.",
         "es": "p.grad = 0.0 para cada p de model.parameters(); loss = mse([model(x) for x in xs], "
               "ys); loss.backward(); p.data -= learning_rate * p.grad para cada p; devuelve "
               "loss.data."},
    ],
    "04.6": [
        {"en": "Training is the step, repeated; the losses the steps return, in order, are the "
               "history.",
         "es": "Entrenar es repetir el paso; las pérdidas que devuelven los pasos, en orden, son el "
               "historial."},
        {"en": "A list with the result of train_step(model, xs, ys, learning_rate) for each of the "
               "steps.",
         "es": "Una lista con el resultado de train_step(model, xs, ys, learning_rate) en cada uno "
               "de los pasos."},
    ],
    "04.7": [
        {"en": "Build a fresh network from the seed, train it on XOR_X and XOR_Y, and return the "
               "model and its history; you choose the number of steps and the learning rate.",
         "es": "Construye una red nueva a partir de la semilla, entrénala con XOR_X y XOR_Y y "
               "devuelve el modelo y su historial; tú eliges el número de pasos y la tasa de "
               "aprendizaje."},
        {"en": "model = MLP(2, [4, 1], seed=seed); history = train(model, XOR_X, XOR_Y, 100, 0.2); "
               "return both.",
         "es": "model = MLP(2, [4, 1], seed=seed); history = train(model, XOR_X, XOR_Y, 100, 0.2); "
               "devuelve los dos."},
    ],
}


def _kind(x):
    return type(x).__name__


def _engine(learner_object):
    """The Value class the learner's code computes with: its notebook's ``Value``."""
    namespace = (namespace_of(learner_object) if isinstance(learner_object, type)
                 else getattr(learner_object, "__globals__", {}))
    engine = namespace.get("Value")
    return engine if isinstance(engine, type) else LibraryValue


def _tanh_neuron(weights, bias, x):
    """The reference neuron on plain floats."""
    return math.tanh(sum(w * xi for w, xi in zip(weights, x)) + bias)


def _pattern(count, offset=0):
    """``count`` varied numbers, about -1 to 1, the same every time: weights to set in a check."""
    return [round(0.2 * ((7 * (i + offset) + 3) % 11 - 5) + 0.05 * ((i + offset) % 3), 2)
            for i in range(count)]


def _is_node(x):
    """A Value of any engine: it has .data and .grad."""
    return hasattr(x, "data") and hasattr(x, "grad")


def _brief(xs):
    """A list as its items' numbers (Values shown by their .data), short enough to read."""
    if not isinstance(xs, (list, tuple)):
        return xs
    return [x.data if _is_node(x) else _brief(x) if isinstance(x, list) else x for x in xs]


def _clip(xs, start=0, width=5):
    """At most ``width`` items of a long list from ``start``, with ``...`` where items were left out.

    :func:`~minigrad.checker.core.show` prints that ``...`` (Ellipsis) as a bare ``…``.
    """
    if not isinstance(xs, list) or len(xs) <= width + 1:
        return xs
    start = max(0, min(start, len(xs) - width))
    return (([...] if start else []) + xs[start:start + width]
            + ([...] if start + width < len(xs) else []))


def _expect_all_close(got, expected, hint, **fields):
    """Fail with ``hint``, showing both whole lists, unless they agree number by number."""
    expect(isinstance(got, list) and all_close(got, expected), hint, expected=expected, got=got,
           **fields)


def _is_value_list(xs, n=None):
    return (isinstance(xs, list) and (n is None or len(xs) == n) and all(map(_is_node, xs)))


# ── 04.1 Neuron ────────────────────────────────────────────────────────────────────────────────

NEURON_HINTS = {
    "weights": {
        "en": "self.w should be a list with one Value per input (nin of them).",
        "es": "self.w debe ser una lista con un Value por cada entrada (nin en total).",
    },
    "bias": {
        "en": "self.b should be one Value, the bias, separate from the weights.",
        "es": "self.b debe ser un único Value, el sesgo, aparte de los pesos.",
    },
    "symmetric": {
        "en": "all the weights start equal: draw each one separately with rng.uniform(-1.0, 1.0), "
              "or every neuron computes the same thing and receives the same gradient.",
        "es": "todos los pesos empiezan iguales: saca cada uno por separado con rng.uniform(-1.0, "
              "1.0); si no, todas las neuronas calculan lo mismo y reciben el mismo gradiente.",
    },
    "rng": {
        "en": "the same rng seed gave different weights: draw from the rng you are given, not from "
              "the random module, so that a seed always builds the same network.",
        "es": "la misma semilla del rng ha dado pesos distintos: saca los pesos del rng que "
              "recibes, no del módulo random, para que una semilla construya siempre la misma red.",
    },
    "not_value": {
        "en": "the neuron returned a {kind}; return a Value built from the weights, so that "
              "backward() can reach them.",
        "es": "la neurona ha devuelto un {kind}; devuelve un Value construido con los pesos, para "
              "que backward() pueda llegar hasta ellos.",
    },
    "no_bias": {
        "en": "the output is tanh(w·x) without the bias: add self.b to the weighted sum before "
              "the tanh.",
        "es": "la salida es tanh(w·x) sin el sesgo: suma self.b a la suma ponderada antes de la "
              "tanh.",
    },
    "no_tanh": {
        "en": "the output is w·x + b without the activation: finish with .tanh(); without it, "
              "stacked layers stay linear and cannot learn XOR.",
        "es": "la salida es w·x + b sin la activación: termina con .tanh(); sin ella, las capas "
              "apiladas siguen siendo lineales y no pueden aprender XOR.",
    },
    "activation": {
        "en": "the right sum went through another activation: this lab's neuron uses .tanh().",
        "es": "la suma correcta ha pasado por otra activación: la neurona de esta práctica usa "
              ".tanh().",
    },
    "forward": {
        "en": "the output should be tanh(w0·x0 + w1·x1 + ... + b): one product per weight and "
              "input, all added to the bias.",
        "es": "la salida debe ser tanh(w0·x0 + w1·x1 + ... + b): un producto por cada peso y su "
              "entrada, todos sumados al sesgo.",
    },
    "detached": {
        "en": "after backward() the weights' grads are wrong: compute with the Values themselves "
              "(wi * xi), not with wi.data, or the graph does not reach the weights.",
        "es": "tras backward() los grads de los pesos no son correctos: calcula con los propios "
              "objetos Value (wi * xi), no con wi.data, o el grafo no llega hasta los pesos.",
    },
    "inputs_detached": {
        "en": "when the inputs are Values they should receive grads too (that is how a layer "
              "passes gradients to the layer before): use xi as given, not xi.data.",
        "es": "cuando las entradas son objetos Value también deben recibir grads (así pasa una capa los "
              "gradientes a la anterior): usa xi tal como llega, no xi.data.",
    },
    "params_no_bias": {
        "en": "parameters() leaves out the bias: training must adjust it too.",
        "es": "parameters() deja fuera el sesgo: el entrenamiento también tiene que ajustarlo.",
    },
    "params": {
        "en": "parameters() should return one list with the nin weights and the bias, each "
              "Value once (the very objects in self.w and self.b, not copies).",
        "es": "parameters() debe devolver una lista con los nin pesos y el sesgo, cada Value una "
              "vez (los mismos objetos de self.w y self.b, no copias).",
    },
}


def _check_structure(neuron, nin):
    w, b = getattr(neuron, "w", None), getattr(neuron, "b", None)
    expect(_is_value_list(w, nin), "weights", expected=phrase(T, "list_of_values", n=nin),
           got=_brief(w))
    expect(_is_node(b), "bias", expected=phrase(T, "a_value"), got=b)


def _check_forward(neuron, weights, bias, x, inputs):
    """Set the neuron's weights, run it on ``inputs`` and compare with the reference at ``x``."""
    for wi, value in zip(neuron.w, weights):
        wi.data, wi.grad = value, 0.0
    neuron.b.data, neuron.b.grad = bias, 0.0
    out = neuron(inputs)
    expect(_is_node(out), "not_value", expected=phrase(T, "a_value"), got=out, kind=_kind(out))
    z = sum(w * xi for w, xi in zip(weights, x))
    expected = math.tanh(z + bias)
    if not math.isclose(out.data, expected, rel_tol=1e-6, abs_tol=1e-9):
        diagnosis = [(math.tanh(z), "no_bias"), (z + bias, "no_tanh"),
                     (max(z + bias, 0.0), "activation"),
                     (1 / (1 + math.exp(-(z + bias))), "activation")]
        hint = next((key for value, key in diagnosis if close(out.data, value)), "forward")
        fail(hint, expected=expected, got=out.data)
    return out, expected


@exercise("04.1", {"en": "Neuron", "es": "Neuron"}, NEURON_HINTS, tiers=TIERS["04.1"])
def _check_neuron(Neuron):
    with case("Neuron(3, random.Random(0))"):
        neuron = Neuron(3, random.Random(0))
        _check_structure(neuron, 3)
        drawn = [w.data for w in neuron.w]
        expect(len(set(drawn)) == 3, "symmetric", expected=phrase(T, "different"), got=drawn)
    with case(phrase(T, "twice", what="Neuron(3, random.Random(0))")):
        again = [w.data for w in Neuron(3, random.Random(0)).w]
        expect(again == drawn, "rng", expected=drawn, got=again)

    weights, bias, x = [0.5, -0.3, 0.8], 0.2, [1.0, 2.0, -0.5]
    with case(f"n.w = {weights}; n.b = {bias}; n({x})"):
        out, t = _check_forward(neuron, weights, bias, x, x)
    with case(f"n.w = {weights}; n.b = {bias}; n({x}).backward()"):
        out.backward()
        slope = 1.0 - t * t
        expected_grads = [slope * xi for xi in x] + [slope]
        got_grads = [p.grad for p in neuron.w + [neuron.b]]
        _expect_all_close(got_grads, expected_grads, "detached")

    inputs = [_engine(Neuron)(xi) for xi in x]
    with case(f"xs = [Value(v) for v in {x}]; n(xs).backward()"):
        out, t = _check_forward(neuron, weights, bias, x, inputs)
        out.backward()
        expected_grads = [(1.0 - t * t) * w for w in weights]
        got_grads = [xi.grad for xi in inputs]
        _expect_all_close(got_grads, expected_grads, "inputs_detached")

    with case("n.parameters()"):
        params = neuron.parameters()
        expected = neuron.w + [neuron.b]
        if isinstance(params, (list, tuple)):
            has = [any(p is q for q in params) for p in expected]
            expect(not all(has[:-1]) or has[-1], "params_no_bias", expected=_brief(expected),
                   got=_brief(params))
        expect(isinstance(params, list) and len(params) == 4
               and all(any(p is q for q in params) for p in expected), "params",
               expected=_brief(expected), got=_brief(params))


# ── 04.2 Layer ─────────────────────────────────────────────────────────────────────────────────

LAYER_HINTS = {
    "neurons": {
        "en": "self.neurons should be a list of nout Neurons, each reading nin inputs.",
        "es": "self.neurons debe ser una lista de nout objetos Neuron, cada uno con nin entradas.",
    },
    "identical": {
        "en": "two neurons of the layer start with the same weights, so they would stay copies "
              "forever: pass the one rng you are given to every Neuron, so each draws new numbers.",
        "es": "dos neuronas de la capa empiezan con los mismos pesos, así que seguirían siendo "
              "copias para siempre: pasa el único rng que recibes a cada Neuron, para que cada una "
              "saque números nuevos.",
    },
    "output": {
        "en": "calling the layer should return a list with one Value per neuron ({n} here), "
              "each neuron applied to the same input x.",
        "es": "llamar a la capa debe devolver una lista con un Value por neurona ({n} aquí), "
              "cada neurona aplicada a la misma entrada x.",
    },
    "forward": {
        "en": "output j should be neuron j applied to x, in the order of self.neurons.",
        "es": "la salida j debe ser la neurona j aplicada a x, en el orden de self.neurons.",
    },
    "params_nested": {
        "en": "parameters() returned a list of lists: put every neuron's parameters into one flat "
              "list of Values.",
        "es": "parameters() ha devuelto una lista de listas: pon los parámetros de todas las "
              "neuronas en una sola lista plana de objetos Value.",
    },
    "params": {
        "en": "parameters() should list every parameter of every neuron, each once: {n} Values "
              "for Layer(3, 2).",
        "es": "parameters() debe contener todos los parámetros de todas las neuronas, cada uno una "
              "vez: {n} objetos Value para Layer(3, 2).",
    },
}


def _set_neuron(neuron, offset):
    """Give a neuron known weights and bias; return them."""
    values = _pattern(len(neuron.w) + 1, offset)
    for wi, value in zip(neuron.w, values):
        wi.data = value
    neuron.b.data = values[-1]
    return values[:-1], values[-1]


@exercise("04.2", {"en": "Layer", "es": "Layer"}, LAYER_HINTS, tiers=TIERS["04.2"])
def _check_layer(Layer):
    with case("Layer(3, 2, random.Random(1))"):
        layer = Layer(3, 2, random.Random(1))
        neurons = getattr(layer, "neurons", None)
        shape_ok = (isinstance(neurons, list) and len(neurons) == 2
                    and all(_is_value_list(getattr(n, "w", None), 3)
                            and _is_node(getattr(n, "b", None)) for n in neurons))
        expect(shape_ok, "neurons", expected="[Neuron(3), Neuron(3)]", got=_brief(neurons))
        first, second = ([w.data for w in n.w] for n in neurons)
        expect(first != second, "identical", expected=phrase(T, "different"), got=[first, second])

    x = [0.5, -1.0, 2.0]
    with case(phrase(T, "known", what="layer.neurons[j]", call=f"layer({x})")):
        references = [_tanh_neuron(*_set_neuron(n, 3 * j), x) for j, n in enumerate(neurons)]
        out = layer(x)
        expect(_is_value_list(out, 2), "output", expected=phrase(T, "list_of_values", n=2),
               got=_brief(out), n=2)
        got = [o.data for o in out]
        _expect_all_close(got, references, "forward")

    with case("layer.parameters()"):
        params = layer.parameters()
        if isinstance(params, list) and params and all(isinstance(p, list) for p in params):
            fail("params_nested", expected=phrase(T, "list_of_values", n=8), got=_brief(params))
        wanted = [p for n in neurons for p in n.w + [n.b]]
        expect(isinstance(params, list) and len(params) == 8
               and all(any(p is q for q in params) for p in wanted), "params",
               expected=phrase(T, "list_of_values", n=8), got=_brief(params), n=8)


# ── 04.3 MLP ───────────────────────────────────────────────────────────────────────────────────

MLP_HINTS = {
    "layers": {
        "en": "self.layers should be a list with one Layer per entry of sizes ({n} for {sizes}).",
        "es": "self.layers debe ser una lista con una Layer por cada elemento de sizes ({n} para "
              "{sizes}).",
    },
    "fan_in": {
        "en": "layer {k} has neurons with {count} inputs but should have {want}: each layer reads "
              "as many inputs as the layer before has neurons (the first reads nin).",
        "es": "la capa {k} tiene neuronas con {count} entradas pero debería tener {want}: cada "
              "capa lee tantas entradas como neuronas tiene la anterior (la primera lee nin).",
    },
    "widths": {
        "en": "layer {k} should have {want} neurons (sizes[{k}]), not {count}.",
        "es": "la capa {k} debe tener {want} neuronas (sizes[{k}]), no {count}.",
    },
    "seed": {
        "en": "make one random.Random(seed) in __init__ and hand it to every Layer: the same seed "
              "must rebuild the same network, and another seed another one.",
        "es": "crea un único random.Random(seed) en __init__ y pásaselo a cada Layer: la misma "
              "semilla debe reconstruir la misma red, y otra semilla, otra distinta.",
    },
    "rng_per_layer": {
        "en": "layer {k} draws the same numbers as layer 0: each layer gets a fresh "
              "random.Random(seed), which starts the same sequence again. Make one "
              "random.Random(seed) in MLP.__init__ and pass that one rng to every Layer.",
        "es": "la capa {k} saca los mismos números que la capa 0: cada capa recibe un "
              "random.Random(seed) nuevo, que vuelve a empezar la misma secuencia. Crea un único "
              "random.Random(seed) en MLP.__init__ y pasa ese mismo rng a todas las Layer."},
    "single_output": {
        "en": "with one output neuron, calling the MLP should return that Value itself, not a "
              "list of one (so that model(x) - y works).",
        "es": "con una sola neurona de salida, llamar al MLP debe devolver ese Value, no una "
              "lista de uno (para que model(x) - y funcione).",
    },
    "outputs": {
        "en": "with {n} output neurons, calling the MLP should return the last layer's list of "
              "{n} Values.",
        "es": "con {n} neuronas de salida, llamar al MLP debe devolver la lista de {n} objetos "
              "Value de la última capa.",
    },
    "forward": {
        "en": "feed x to the first layer, its list of outputs to the second, and so on: the last "
              "layer's outputs are the network's.",
        "es": "pasa x a la primera capa, su lista de salidas a la segunda, y así sucesivamente: "
              "las salidas de la última capa son las de la red.",
    },
    "param_count": {
        "en": "MLP({nin}, {sizes}) has {want} parameters (each neuron: its weights and its "
              "bias) but parameters() gave {count}.",
        "es": "MLP({nin}, {sizes}) tiene {want} parámetros (cada neurona: sus pesos y su "
              "sesgo) pero parameters() ha dado {count}.",
    },
    "params": {
        "en": "parameters() should be one flat list with every parameter of every layer, each "
              "once, biases included.",
        "es": "parameters() debe ser una lista plana con todos los parámetros de todas las capas, "
              "cada uno una vez, sesgos incluidos.",
    },
}


def _mlp_reference(model, x):
    """The network's outputs as floats, computed from its neurons' current weights."""
    for layer in model.layers:
        x = [_tanh_neuron([w.data for w in n.w], n.b.data, x) for n in layer.neurons]
    return x


def _weights(model):
    return [w.data for layer in model.layers for n in layer.neurons for w in n.w]


def _check_mlp_shape(model, nin, sizes):
    layers = getattr(model, "layers", None)
    expect(isinstance(layers, list) and len(layers) == len(sizes), "layers",
           expected=len(sizes), got=layers, n=len(sizes), sizes=sizes)
    for k, (layer, fan_in, width) in enumerate(zip(layers, [nin] + sizes[:-1], sizes)):
        neurons = getattr(layer, "neurons", None)
        count = len(neurons) if isinstance(neurons, list) else neurons
        expect(count == width, "widths", expected=width, got=count, k=k, want=width, count=count)
        for neuron in neurons:
            size = len(neuron.w) if isinstance(getattr(neuron, "w", None), list) else None
            expect(size == fan_in, "fan_in", expected=fan_in, got=size, k=k, want=fan_in,
                   count=size)


def _check_mlp_params(model, nin, sizes):
    params = model.parameters()
    count = sum(width * (fan_in + 1) for fan_in, width in zip([nin] + sizes[:-1], sizes))
    got = len(params) if isinstance(params, list) else params
    expect(got == count, "param_count", expected=count, got=got, nin=nin, sizes=sizes, want=count,
           count=got)
    wanted = [p for layer in model.layers for n in layer.neurons for p in n.w + [n.b]]
    ids = {id(p) for p in params}
    expect(len(ids) == count and all(id(p) in ids for p in wanted), "params",
           expected=phrase(T, "list_of_values", n=count), got=_brief(params))


@exercise("04.3", {"en": "MLP", "es": "MLP"}, MLP_HINTS, tiers=TIERS["04.3"])
def _check_mlp(MLP):
    for nin, sizes, seed in ((2, [4, 1], 0), (3, [4, 4, 2], 1)):
        with case(f"MLP({nin}, {sizes}, seed={seed})"):
            model = MLP(nin, sizes, seed=seed)
            _check_mlp_shape(model, nin, sizes)
        with case(f"MLP({nin}, {sizes}, seed={seed}).parameters()"):
            _check_mlp_params(model, nin, sizes)

    for nin, sizes, seed in ((3, [4, 4, 2], 1), (2, [4, 1], 0)):
        with case(f"model = MLP({nin}, {sizes}, seed={seed}); the weights of each layer"):
            layers = [[w.data for n in layer.neurons for w in n.w]
                      for layer in MLP(nin, sizes, seed=seed).layers]
            for k, weights in enumerate(layers[1:], 1):
                shared = min(len(weights), len(layers[0]))
                expect(weights[:shared] != layers[0][:shared], "rng_per_layer",
                       expected=phrase(T, "different"), got=[_clip(layers[0]), _clip(weights)], k=k)

    with case(phrase(T, "twice", what="MLP(2, [4, 1], seed=0)")):
        first, again = _weights(MLP(2, [4, 1], seed=0)), _weights(MLP(2, [4, 1], seed=0))
        expect(first == again, "seed", expected=phrase(T, "same_weights"),
               got=[_clip(first), _clip(again)])
    with case("MLP(2, [4, 1], seed=0), MLP(2, [4, 1], seed=1)"):
        other = _weights(MLP(2, [4, 1], seed=1))
        expect(first != other, "seed", expected=phrase(T, "different_seeds"),
               got=[_clip(first), _clip(other)])

    for nin, sizes, x in ((2, [4, 1], [0.5, -1.0]), (3, [4, 4, 2], [1.0, 0.5, -0.5])):
        with case(phrase(T, "known", what=f"model = MLP({nin}, {sizes}):", call=f"model({x})")):
            model = MLP(nin, sizes, seed=0)
            for j, neuron in enumerate(n for layer in model.layers for n in layer.neurons):
                _set_neuron(neuron, 2 * j)
            reference = _mlp_reference(model, x)
            out = model(x)
            if sizes[-1] == 1:
                expect(_is_node(out), "single_output", expected=phrase(T, "a_value"), got=out)
                got = [out.data]
            else:
                expect(_is_value_list(out, sizes[-1]), "outputs",
                       expected=phrase(T, "list_of_values", n=sizes[-1]), got=_brief(out),
                       n=sizes[-1])
                got = [o.data for o in out]
            _expect_all_close(got, reference, "forward")


# ── 04.4 mse ───────────────────────────────────────────────────────────────────────────────────

MSE_HINTS = {
    "not_value": {
        "en": "mse returned a {kind}; return one Value built from the predictions, so that "
              "loss.backward() can run from it.",
        "es": "mse ha devuelto un {kind}; devuelve un único Value construido con las predicciones, "
              "para que loss.backward() pueda arrancar desde él.",
    },
    "sum": {
        "en": "that is the sum of the squared errors: divide by the number of examples to get "
              "their mean.",
        "es": "eso es la suma de los errores al cuadrado: divide entre el número de ejemplos para "
              "obtener su media.",
    },
    "not_squared": {
        "en": "the errors were not squared: errors of opposite signs cancel out. Square each "
              "(p - y) before averaging.",
        "es": "los errores no se han elevado al cuadrado: los de signo contrario se anulan. Eleva "
              "al cuadrado cada (p - y) antes de promediar.",
    },
    "value": {
        "en": "the loss should be the mean over the examples of (prediction - target) ** 2.",
        "es": "la pérdida debe ser la media, sobre los ejemplos, de (predicción - objetivo) ** 2.",
    },
    "grads": {
        "en": "after loss.backward() each prediction's grad should be 2·(p - y)/N: build the loss "
              "from the prediction Values themselves, not from their .data.",
        "es": "tras loss.backward() el grad de cada predicción debe ser 2·(p - y)/N: construye la "
              "pérdida con los propios objetos Value de las predicciones, no con su .data.",
    },
}


@exercise("04.4", {"en": "mse", "es": "mse"}, MSE_HINTS, tiers=TIERS["04.4"])
def _check_mse(mse):
    numbers, targets = [0.5, -0.2, 0.9], [1.0, -1.0, 1.0]
    with case(f"mse([Value(p) for p in {numbers}], {targets})"):
        predictions = [_engine(mse)(p) for p in numbers]
        loss = mse(predictions, targets)
        expect(_is_node(loss), "not_value", expected=phrase(T, "a_value"), got=loss,
               kind=_kind(loss))
        errors = [p - y for p, y in zip(numbers, targets)]
        expected = sum(e * e for e in errors) / len(errors)
        if not math.isclose(loss.data, expected, rel_tol=1e-9):
            diagnosis = [(sum(e * e for e in errors), "sum"),
                         (sum(errors) / len(errors), "not_squared"), (sum(errors), "not_squared")]
            hint = next((key for value, key in diagnosis if close(loss.data, value)), "value")
            fail(hint, expected=expected, got=loss.data)
    with case(f"mse([Value(p) for p in {numbers}], {targets}).backward()"):
        loss.backward()
        expected_grads = [2 * e / len(errors) for e in errors]
        got_grads = [p.grad for p in predictions]
        _expect_all_close(got_grads, expected_grads, "grads")


# ── 04.5 train_step ────────────────────────────────────────────────────────────────────────────

STEP_HINTS = {
    "returns_value": {
        "en": "return loss.data, a float: a Value would keep the whole graph of this step alive "
              "in the loss history.",
        "es": "devuelve loss.data, un float: un Value mantendría vivo todo el grafo de este paso "
              "en el historial de pérdidas.",
    },
    "loss": {
        "en": "the step should return the loss computed before the update: mse of the model's "
              "predictions on all the examples (check 04.4 first).",
        "es": "el paso debe devolver la pérdida calculada antes de actualizar: el mse de las "
              "predicciones del modelo sobre todos los ejemplos (comprueba antes el 04.4).",
    },
    "no_update": {
        "en": "the parameters did not move: after loss.backward(), change every p.data by "
              "-learning_rate * p.grad (and only zero the grads after that, or before backward).",
        "es": "los parámetros no se han movido: tras loss.backward(), cambia cada p.data en "
              "-learning_rate * p.grad (y pon los grads a cero solo después de eso, o antes de "
              "backward).",
    },
    "uphill": {
        "en": "the parameters moved uphill: the gradient points to where the loss grows, so "
              "subtract learning_rate * p.grad from p.data.",
        "es": "los parámetros se han movido cuesta arriba: el gradiente apunta hacia donde crece "
              "la pérdida, así que resta learning_rate * p.grad a p.data.",
    },
    "no_rate": {
        "en": "the step moved each parameter by the whole gradient: multiply p.grad by "
              "learning_rate.",
        "es": "el paso ha movido cada parámetro el gradiente entero: multiplica p.grad por "
              "learning_rate.",
    },
    "zero_grad": {
        "en": "the second step used the sum of both steps' gradients: backward() adds into .grad, "
              "so set every p.grad = 0.0 before each backward().",
        "es": "el segundo paso ha usado la suma de los gradientes de los dos pasos: backward() "
              "suma en .grad, así que pon cada p.grad = 0.0 antes de cada backward().",
    },
    "no_zero_grad": {
        "en": "the lab's MLP has no zero_grad method (minigrad.nn's has one; yours need not): set "
              "p.grad = 0.0 for every parameter p of model.parameters() instead.",
        "es": "el MLP de la práctica no tiene método zero_grad (el de minigrad.nn sí; el tuyo no tiene "
              "por qué): pon en su lugar p.grad = 0.0 para cada parámetro p de model.parameters()."},
    "update": {
        "en": "each parameter should change by exactly -learning_rate * (its gradient of the loss "
              "at the start of this step), all of them (biases too).",
        "es": "cada parámetro debe cambiar exactamente en -learning_rate * (su gradiente de la "
              "pérdida al empezar este paso), todos ellos (sesgos incluidos).",
    },
}


class _Reference:
    """The learner's network as plain numbers, trained with the library's Value: the expected
    losses, gradients and histories of the training checks."""

    def __init__(self, model):
        self.layers = [[([w.data for w in n.w], n.b.data) for n in layer.neurons]
                       for layer in model.layers]
        # The learner's parameters, in the order of the network's structure.
        self.nodes = [p for layer in model.layers for n in layer.neurons for p in n.w + [n.b]]

    def loss_and_grads(self, xs, ys):
        """The mean squared error and its gradient, one number per parameter (structure order)."""
        leaves = [[([LibraryValue(w) for w in ws], LibraryValue(b)) for ws, b in layer]
                  for layer in self.layers]
        total = LibraryValue(0.0)
        for x, y in zip(xs, ys):
            h = x
            for layer in leaves:
                h = [sum((w * xi for w, xi in zip(ws, h)), b).tanh() for ws, b in layer]
            total = total + (h[0] - y) ** 2
        loss = total / len(ys)
        loss.backward()
        return loss.data, [p.grad for layer in leaves for ws, b in layer for p in ws + [b]]

    def step(self, xs, ys, rate):
        loss, grads = self.loss_and_grads(xs, ys)
        moved = iter([-rate * g for g in grads])
        self.layers = [[([w + next(moved) for w in ws], b + next(moved)) for ws, b in layer]
                       for layer in self.layers]
        return loss

    def in_order_of(self, params, values):
        """``values`` (structure order) rearranged to follow ``params`` (the model's order)."""
        by_node = {id(node): value for node, value in zip(self.nodes, values)}
        return [by_node.get(id(p), 0.0) for p in params]


def _lab_model(function, nin, sizes, seed=0):
    """A network of the lab's own classes: the learner's MLP once it passes 04.3, else the
    ready-made one with the lab's methods only, on the Value the learner's code uses."""
    namespace = getattr(function, "__globals__", {})
    learner_mlp = namespace.get("MLP")
    if isinstance(learner_mlp, type) and passes("04.3", learner_mlp):
        return learner_mlp(nin, sizes, seed=seed), "MLP"
    return ready.MLP(nin, sizes, seed=seed, value=_engine(function)), "minigrad.labs.ready.MLP"


def _calling(function, *args):
    """Call the learner's training function; a method the lab's network lacks gets its own hint."""
    try:
        return function(*args)
    except AttributeError as error:
        if "zero_grad" in str(error):
            fail("no_zero_grad")
        raise


def _diagnose_step(before, after, grads, rate, earlier=None):
    """Fail with the hint that best explains how the parameters moved."""
    moves = [a - b for a, b in zip(after, before)]
    expected = [-rate * g for g in grads]

    def like(target):
        return all(math.isclose(m, t, rel_tol=1e-6, abs_tol=1e-12) for m, t in zip(moves, target))

    if like(expected):
        return
    first = next(i for i, (m, t) in enumerate(zip(moves, expected))
                 if not math.isclose(m, t, rel_tol=1e-6, abs_tol=1e-12))
    if all(m == 0.0 for m in moves):
        hint = "no_update"
    elif like([rate * g for g in grads]):
        hint = "uphill"
    elif like([-g for g in grads]):
        hint = "no_rate"
    elif earlier is not None and like([-rate * (g + e) for g, e in zip(grads, earlier)]):
        hint = "zero_grad"
    else:
        hint = "update"
    fail(hint, expected=_clip(expected, first - 1), got=_clip(moves, first - 1))


def _accumulating_backward(self):
    """backward() as minigrad's Value does it: the leaves' grads grow on every call."""
    order = ready.topological_order(self)
    for node in order:
        if node._prev:
            node.grad = 0.0
    self.grad = 1.0
    for node in reversed(order):
        node._backward()


@contextlib.contextmanager
def _adding_into_leaves(engine):
    """For the block, the engine's backward() adds into the leaves' grads, as minigrad's does."""
    if engine is LibraryValue:
        yield
        return
    original = engine.__dict__.get("backward")
    engine.backward = _accumulating_backward
    try:
        yield
    finally:
        if original is None:
            del engine.backward
        else:
            engine.backward = original


def _step_models(train_step):
    """The runs a training step is tried in: the lab's own network on the notebook's Value as it
    is, and again with a backward() that adds into the leaves' grads, as minigrad's does (the
    learner's of lab 02 starts from zero), so that a step that forgets to zero the grads is caught
    whichever engine the notebook runs on."""
    engine = _engine(train_step)
    model, name = _lab_model(train_step, 2, [3, 1])
    runs = [(model, f"model = {name}(2, [3, 1], seed=0)", contextlib.nullcontext)]
    if engine is not LibraryValue:
        again, _ = _lab_model(train_step, 2, [3, 1])
        runs.append((again, phrase(T, "adding", call=f"model = {name}(2, [3, 1], seed=0)"),
                     lambda: _adding_into_leaves(engine)))
    return runs


@exercise("04.5", {"en": "train_step", "es": "train_step"}, STEP_HINTS, tiers=TIERS["04.5"])
def _check_train_step(train_step):
    expect_earlier(train_step, {"mse": "04.4"})
    xs, ys = xor_data()
    rate = 0.1
    for model, made, engine_mode in _step_models(train_step):
        params = model.parameters()
        earlier = None
        for step in (1, 2):
            call = phrase(T, "step", made=made, rate=rate)
            with case(call if step == 1 else phrase(T, "second", call=call)), engine_mode():
                before = [p.data for p in params]
                reference = _Reference(model)
                loss, grads = reference.loss_and_grads(xs, ys)
                grads = reference.in_order_of(params, grads)
                got = _calling(train_step, model, xs, ys, rate)
                if _is_node(got):
                    fail("returns_value", expected=phrase(T, "a_number"), got=got)
                expect(is_number(got) and close(got, loss), "loss", expected=loss, got=got)
                _diagnose_step(before, [p.data for p in params], grads, rate, earlier)
                earlier = grads


# ── 04.6 train ─────────────────────────────────────────────────────────────────────────────────

TRAIN_HINTS = {
    "not_list": {
        "en": "train should return a list with one loss (a float) per step.",
        "es": "train debe devolver una lista con una pérdida (un float) por paso.",
    },
    "length": {
        "en": "the history has {count} losses for {want} steps: call train_step exactly once per "
              "step and append what it returns.",
        "es": "el historial tiene {count} pérdidas para {want} pasos: llama a train_step "
              "exactamente una vez por paso y añade lo que devuelve.",
    },
    "history": {
        "en": "the history should hold, in order, what each call train_step(model, xs, ys, "
              "learning_rate) returned (check 04.5 first).",
        "es": "el historial debe contener, en orden, lo que devolvió cada llamada "
              "train_step(model, xs, ys, learning_rate) (comprueba antes el 04.5).",
    },
}


@exercise("04.6", {"en": "train", "es": "train"}, TRAIN_HINTS, tiers=TIERS["04.6"])
def _check_train(train):
    expect_earlier(train, {"train_step": "04.5"})
    xs, ys = xor_data()
    steps, rate = 5, 0.3
    model, name = _lab_model(train, 2, [3, 1])
    with case(f"train({name}(2, [3, 1], seed=0), xs, ys, steps={steps}, learning_rate={rate})"):
        reference = _Reference(model)
        expected = [reference.step(xs, ys, rate) for _ in range(steps)]
        history = _calling(train, model, xs, ys, steps, rate)
        expect(isinstance(history, (list, tuple)), "not_list", expected=expected, got=history)
        expect(len(history) == steps, "length", expected=steps, got=len(history), want=steps,
               count=len(history))
        _expect_all_close(list(history), expected, "history")


# ── 04.7 fit_xor ───────────────────────────────────────────────────────────────────────────────

FIT_HINTS = {
    "returns": {
        "en": "fit_xor should return two things: the trained model and its loss history.",
        "es": "fit_xor debe devolver dos cosas: el modelo entrenado y su historial de pérdidas.",
    },
    "not_converged": {
        "en": "the loss went from {first} to {last}, not below {goal}: train for more "
              "steps or with a larger learning rate (0.1 to 0.5 work well); if it stays flat near "
              "1, the network is stuck with that seed: give fit_xor another default seed.",
        "es": "la pérdida ha pasado de {first} a {last}, no por debajo de {goal}: entrena "
              "durante más pasos o con una tasa de aprendizaje mayor (entre 0,1 y 0,5 funciona bien); "
              "si se queda plana cerca de 1, la red se ha atascado con esa semilla: dale a fit_xor "
              "otra semilla por defecto.",
    },
    "history_floats": {
        "en": "the loss history should hold floats, one per step (what train_step returns).",
        "es": "el historial de pérdidas debe contener floats, uno por paso (lo que devuelve "
              "train_step).",
    },
    "signs": {
        "en": "after training, the outputs on the four XOR inputs should have the targets' signs.",
        "es": "tras el entrenamiento, las salidas en las cuatro entradas de XOR deben tener los "
              "signos de los objetivos.",
    },
}

GOAL = 0.05


@exercise("04.7", {"en": "fit_xor", "es": "fit_xor"}, FIT_HINTS, tiers=TIERS["04.7"])
def _check_fit_xor(fit_xor):
    expect_earlier(fit_xor, {"MLP": "04.3", "train_step": "04.5", "train": "04.6"})
    xs, ys = xor_data()
    with case("model, history = fit_xor()"):
        result = fit_xor()
        expect(isinstance(result, (tuple, list)) and len(result) == 2, "returns",
               got=_clip(_brief(result)))
        model, history = result
        expect(isinstance(history, (list, tuple)) and history, "returns",
               got=_clip(_brief(list(history) if isinstance(history, tuple) else history)))
        expect(all(map(is_number, history)),
               "history_floats", got=_clip(history))
        expect(history[-1] < GOAL, "not_converged", expected=f"< {GOAL}", got=history[-1],
               first=number(history[0], ".3g"), last=number(history[-1], ".3g"),
               goal=number(GOAL))
    with case(f"[model(x) for x in {xs}]"):
        outputs = [model(x) for x in xs]
        got = [o.data if _is_node(o) else o for o in outputs]
        signs = [1.0 if v > 0 else -1.0 for v in got if isinstance(v, float)]
        expect(signs == ys, "signs", expected=phrase(T, "signs", signs=ys), got=got)
