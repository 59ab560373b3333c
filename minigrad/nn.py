"""A small neural-network library on top of `Value`: neurons, layers, a multilayer perceptron (MLP).

Everything is built from scalar `Value` operations, so a network's loss is an ordinary graph:
``loss.backward()`` fills the ``.grad`` of every weight, and :func:`train` runs gradient descent.

Initialisation is deterministic: each network draws its weights from its own
``random.Random(seed)``, never from the global random state, so the same seed gives the same
network, the same loss history and the same drawings in every run.

>>> model = MLP(2, [4, 1], seed=0)
>>> xs, ys = xor_data()
>>> history = train(model, xs, ys)
>>> history[-1] < 0.01
True
"""

import math
import numbers
import random

from . import domains
from .i18n import number, say
from .scalar import Value

__all__ = ["Neuron", "Layer", "MLP", "xor_data", "train", "ACTIVATIONS", "LOSSES"]

ACTIVATIONS = ("tanh", "relu", "linear")
LOSSES = ("mse", "hinge")

MESSAGES = {
    "activation": {
        "en": "{op}: unknown activation {given}; use one of {choices}.",
        "es": "{op}: activación desconocida {given}; usa una de estas: {choices}.",
    },
    "size": {
        "en": "{op}: {what} must be a whole number ≥ 1, got {given}.",
        "es": "{op}: {what} debe ser un número entero ≥ 1, pero se ha recibido {given}.",
    },
    "inputs": {"en": "the number of inputs", "es": "el número de entradas"},
    "outputs": {"en": "the number of outputs", "es": "el número de salidas"},
    "layer_size": {"en": "each layer size", "es": "el tamaño de cada capa"},
    "steps": {"en": "the number of steps", "es": "el número de pasos"},
    "sizes": {
        "en": "MLP: sizes must be a non-empty list of layer sizes, such as [4, 1]; got {given}.",
        "es": "MLP: sizes debe ser una lista no vacía de tamaños de capa, como [4, 1]; se ha "
        "recibido {given}.",
    },
    "input_length": {
        "en": "{op} takes an input of length {n}, got one of length {k}: {given}. Give one number "
        "(or Value) per input.",
        "es": "{op} espera una entrada de longitud {n}, pero ha recibido una de longitud {k}: "
        "{given}. Da un número (o un Value) por cada entrada.",
    },
    "input_sequence": {
        "en": "{op} takes a list of length {n} as input, got {given} of type {kind}.",
        "es": "{op} espera como entrada una lista de longitud {n}, pero ha recibido {given}, de "
        "tipo {kind}.",
    },
    "data_lengths": {
        "en": "train: {n} inputs xs but {k} targets ys; give one target per input.",
        "es": "train: hay {n} entradas en xs pero {k} objetivos en ys; pasa un objetivo por cada entrada.",
    },
    "no_data": {
        "en": "train: xs is empty; give at least one training example.",
        "es": "train: xs está vacía; pasa al menos un ejemplo de entrenamiento.",
    },
    "target_length": {
        "en": "train: example {i} needs one target per output of the model: the model gives {n}, "
        "the example has {k}.",
        "es": "train: el ejemplo {i} necesita un objetivo por cada salida del modelo: el modelo da "
        "{n} y el ejemplo tiene {k}.",
    },
    "loss": {
        "en": "train: unknown loss {given}; use one of {choices}.",
        "es": "train: pérdida desconocida {given}; usa una de estas: {choices}.",
    },
    "seed": {
        "en": "{op}: the seed must be a whole number (or a random.Random); got {given} of type "
        "{kind}.",
        "es": "{op}: la semilla debe ser un número entero (o un random.Random); se ha recibido {given}, "
        "de tipo {kind}.",
    },
    "parameters": {"en": "{n} parameters", "es": "{n} parámetros"},   # in reprs: at least 2
    "learning_rate": {
        "en": "train: the learning rate must be a positive number, got {given}.",
        "es": "train: la tasa de aprendizaje debe ser un número positivo, pero se ha recibido {given}.",
    },
}


class Module:
    """What neurons, layers and networks share: their parameters and resetting their grads."""

    def parameters(self):
        return []

    def zero_grad(self):
        """Set every parameter's ``.grad`` to 0.0 (before the next ``backward()``)."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """``activation(w · x + b)`` for an input ``x`` of ``nin`` numbers.

    Weights start uniform in [-1/√nin, 1/√nin], drawn from ``rng`` (a ``random.Random`` or an
    int seed), and the bias at 0: the weighted sum then stays of order 1 however many inputs the
    neuron has (with weights in [-1, 1] a wide layer would saturate tanh and learn slowly).
    ``activation`` is ``"tanh"``, ``"relu"`` or ``"linear"``.
    """

    def __init__(self, nin, activation="tanh", rng=0, name=""):
        self.nin = _size(nin, "Neuron", "inputs")
        self.activation = _activation(activation, "Neuron")
        rng = _random(rng, "Neuron")
        bound = 1.0 / math.sqrt(self.nin)
        self.w = [Value(rng.uniform(-bound, bound), label=f"{name}w{i}") for i in range(self.nin)]
        self.b = Value(0.0, label=f"{name}b")

    def __call__(self, x):
        x = _inputs(x, self.nin, "Neuron")
        total = self.b
        for w, xi in zip(self.w, x):
            total = total + w * xi
        if self.activation == "tanh":
            return total.tanh()
        if self.activation == "relu":
            return total.relu()
        return total

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({self.nin}, activation={self.activation!r}){_counted(self)}"


class Layer(Module):
    """``nout`` neurons that all read the same ``nin`` inputs; returns a list of ``nout`` Values."""

    def __init__(self, nin, nout, activation="tanh", rng=0, name=""):
        self.nin = _size(nin, "Layer", "inputs")
        nout = _size(nout, "Layer", "outputs")
        rng = _random(rng, "Layer")
        self.neurons = [Neuron(self.nin, activation, rng, name=f"{name}n{j}.")
                        for j in range(nout)]

    def __call__(self, x):
        x = _inputs(x, self.nin, "Layer")
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self):
        return (f"Layer({self.nin}, {len(self.neurons)}, "
                f"activation={self.neurons[0].activation!r}){_counted(self)}")


class MLP(Module):
    """A multilayer perceptron: ``MLP(2, [4, 1])`` maps 2 inputs through 4 hidden neurons to 1
    output.

    Hidden layers use ``activation``; the last layer uses ``output_activation`` (the same unless
    given, e.g. ``"linear"`` for a score). All weights come from ``random.Random(seed)``.
    Calling the network returns one Value when the last layer has one neuron, else a list.
    Parameter labels say where each weight lives: ``L1.n0.w1`` is layer 1, neuron 0, weight 1.
    """

    def __init__(self, nin, sizes, activation="tanh", output_activation=None, seed=0):
        self.nin = _size(nin, "MLP", "inputs")
        if isinstance(sizes, numbers.Number) or not hasattr(sizes, "__len__") or not sizes:
            raise ValueError(say(MESSAGES, "sizes", given=domains.short_repr(sizes)))
        sizes = [_size(size, "MLP", "layer_size") for size in sizes]
        _activation(activation, "MLP")
        output_activation = _activation(output_activation or activation, "MLP")
        rng = _random(seed, "MLP")
        fan_in = [self.nin] + sizes[:-1]
        self.layers = [
            Layer(nin, nout, activation if k < len(sizes) - 1 else output_activation, rng,
                  name=f"L{k + 1}.")
            for k, (nin, nout) in enumerate(zip(fan_in, sizes))]
        self.sizes = sizes

    def __call__(self, x):
        x = _inputs(x, self.nin, "MLP")
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        last = self.layers[-1].neurons[0].activation
        hidden = self.layers[0].neurons[0].activation if len(self.layers) > 1 else last
        return (f"MLP({self.nin}, {self.sizes}, activation={hidden!r}, "
                f"output_activation={last!r}){_counted(self)}")


def _counted(module):
    """The comment after a module's repr: how many parameters it has, in the learner's language."""
    return "  # " + say(MESSAGES, "parameters", n=number(len(module.parameters())))


def xor_data():
    """The four XOR examples, as ``(xs, ys)``.

    Inputs are ±1 rather than 0/1: centred inputs suit tanh neurons, and the task stays the same
    (the output is "the two inputs differ"). Targets are +1 when the inputs differ and -1 when they
    agree, the range of a tanh output.
    """
    xs = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]]
    ys = [-1.0, 1.0, 1.0, -1.0]
    return xs, ys


def train(model, xs, ys, steps=200, learning_rate=0.3, loss="mse", on_step=None):
    """Full-batch gradient descent on ``model``; returns the loss before each step (floats).

    Each step computes the loss over all examples, runs ``backward()``, and moves every parameter
    against its gradient: ``p.data -= learning_rate * p.grad``. ``loss`` is ``"mse"`` (mean of
    ``(output - y)²``) or ``"hinge"`` (mean of ``max(0, 1 - y · output)``, for ±1 targets and a
    ``"linear"`` output).
    ``on_step(step, loss)`` is called after each step, with step = 1, 2, ..., steps (for a
    progress bar). Targets ``ys`` are numbers, or lists of numbers for a model with several outputs.
    """
    xs, ys = list(xs), list(ys)
    if not xs:
        raise ValueError(say(MESSAGES, "no_data"))
    if len(xs) != len(ys):
        raise ValueError(say(MESSAGES, "data_lengths", n=len(xs), k=len(ys)))
    steps = _size(steps, "train", "steps")
    if not (isinstance(learning_rate, numbers.Real) and not isinstance(learning_rate, bool)
            and learning_rate > 0):
        raise ValueError(say(MESSAGES, "learning_rate", given=domains.short_repr(learning_rate)))
    if loss not in LOSSES:
        raise ValueError(say(MESSAGES, "loss", given=domains.short_repr(loss),
                             choices=", ".join(map(repr, LOSSES))))
    params = model.parameters()
    history = []
    for step in range(1, steps + 1):
        total = _loss(model, xs, ys, loss)
        model.zero_grad()
        total.backward()
        for p in params:
            p.data -= learning_rate * p.grad
        history.append(total.data)
        if on_step is not None:
            on_step(step, total.data)
    return history


def _loss(model, xs, ys, kind):
    """The mean loss over all examples (and outputs), as one Value."""
    terms = []
    for i, (x, y) in enumerate(zip(xs, ys)):
        out = model(x)
        outs = out if isinstance(out, list) else [out]
        targets = list(y) if isinstance(y, (list, tuple)) else [y]
        if len(targets) != len(outs):
            raise ValueError(say(MESSAGES, "target_length", i=i, k=len(targets), n=len(outs)))
        for o, t in zip(outs, targets):
            t = domains.to_float(t, "train", what="data")
            terms.append((o - t) ** 2 if kind == "mse" else (1.0 - t * o).relu())
    return sum(terms[1:], terms[0]) * (1.0 / len(terms))


def _inputs(x, n, op):
    if isinstance(x, (Value, numbers.Number, str)) or not hasattr(x, "__len__"):
        raise TypeError(say(MESSAGES, "input_sequence", op=op, n=n,
                            given=domains.short_repr(x), kind=type(x).__name__))
    if len(x) != n:
        raise ValueError(say(MESSAGES, "input_length", op=op, n=n, k=len(x),
                             given=domains.short_repr(list(x))))
    return x


def _size(n, op, what):
    if isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1:
        return int(n)
    raise ValueError(say(MESSAGES, "size", op=op, what=say(MESSAGES, what),
                         given=domains.short_repr(n)))


def _random(rng, op):
    """``rng`` itself when it is a ``random.Random``; else a new one seeded with it."""
    if isinstance(rng, random.Random):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return random.Random(int(rng))
    raise TypeError(say(MESSAGES, "seed", op=op, given=domains.short_repr(rng),
                        kind=type(rng).__name__))


def _activation(name, op):
    if name in ACTIVATIONS:
        return name
    raise ValueError(say(MESSAGES, "activation", op=op, given=domains.short_repr(name),
                         choices=", ".join(map(repr, ACTIVATIONS))))
