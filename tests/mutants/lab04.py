"""Buggy neurons, layers, networks, losses and training steps for lab 04."""

from . import Alternative, Mutant

NEURON = '''
class Neuron:
    def __init__(self, nin, rng):
        self.w = {weights}
        self.b = Value(0.0)

    def __call__(self, x):
        total = {start}
        for wi, xi in zip(self.w, x):
            total = total + {term}
        return {out}

    def parameters(self):
        return {params}
'''


def _neuron(weights="[Value(rng.uniform(-1.0, 1.0)) for _ in range(nin)]", start="self.b",
            term="wi * xi", out="total.tanh()", params="self.w + [self.b]"):
    return NEURON.format(weights=weights, start=start, term=term, out=out, params=params)


STEP = '''
def train_step(model, xs, ys, learning_rate):
    params = model.parameters()
{zero}
    loss = mse([model(x) for x in xs], ys)
    loss.backward()
    for p in params:
        p.data {update}
    return {result}
'''

ZERO = "    for p in params:\n        p.grad = 0.0"


def _step(zero=ZERO, update="-= learning_rate * p.grad", result="loss.data"):
    return STEP.format(zero=zero, update=update, result=result)


MUTANTS = [
    Mutant("neuron without bias", "04.1", "no_bias", _neuron(start="Value(0.0)")),
    Mutant("neuron without tanh", "04.1", "no_tanh", _neuron(out="total")),
    Mutant("neuron with relu", "04.1", "activation", _neuron(out="total.relu()")),
    Mutant("neuron reads its weights under another name", "04.1", "error_attribute",
           _neuron(term="wi * xi", start="self.bias")),
    Mutant("all weights start at zero", "04.1", "symmetric",
           _neuron(weights="[Value(0.0) for _ in range(nin)]")),
    Mutant("weights from the global random module", "04.1", "rng",
           "import random as _random\n" + _neuron(
               weights="[Value(_random.uniform(-1.0, 1.0)) for _ in range(nin)]")),
    Mutant("neuron computes with the weights' .data", "04.1", "detached",
           _neuron(term="wi.data * xi")),
    Mutant("neuron computes with the inputs' .data", "04.1", "inputs_detached",
           _neuron(term="wi * (xi.data if isinstance(xi, Value) else xi)")),
    Mutant("neuron returns a float", "04.1", "not_value", _neuron(out="total.tanh().data")),
    Mutant("parameters without the bias", "04.1", "params_no_bias", _neuron(params="self.w")),
    Mutant("parameters as copies", "04.1", "params",
           _neuron(params="[Value(p.data) for p in self.w + [self.b]]")),
    Mutant("a fresh rng for every neuron", "04.2", "identical", '''
class Layer:
    def __init__(self, nin, nout, rng):
        self.neurons = [Neuron(nin, random.Random(0)) for _ in range(nout)]

    def __call__(self, x):
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]
'''),
    Mutant("layer parameters as a list of lists", "04.2", "params_nested", '''
def layer_parameters(self):
    return [neuron.parameters() for neuron in self.neurons]
Layer.parameters = layer_parameters
'''),
    Mutant("layer parameters of the first neuron only", "04.2", "params", '''
def layer_parameters(self):
    return self.neurons[0].parameters()
Layer.parameters = layer_parameters
'''),
    Mutant("layer feeds each neuron the previous neuron's output", "04.2", "forward", '''
def layer_call(self, x):
    outputs = [self.neurons[0](x)]
    for neuron in self.neurons[1:]:
        outputs.append(neuron([outputs[-1]] * len(x)))
    return outputs
Layer.__call__ = layer_call
'''),
    Mutant("every layer reads nin inputs", "04.3", "fan_in", '''
def mlp_init(self, nin, sizes, seed=0):
    rng = random.Random(seed)
    self.layers = [Layer(nin, n_out, rng) for n_out in sizes]
MLP.__init__ = mlp_init
'''),
    Mutant("network seeded from the global random module", "04.3", "seed", '''
import random as _random
def mlp_init(self, nin, sizes, seed=0):
    fan_in = [nin] + list(sizes[:-1])
    self.layers = [Layer(a, b, _random) for a, b in zip(fan_in, sizes)]
MLP.__init__ = mlp_init
'''),
    Mutant("network returns a list of one", "04.3", "single_output", '''
def mlp_call(self, x):
    for layer in self.layers:
        x = layer(x)
    return x
MLP.__call__ = mlp_call
'''),
    Mutant("network skips its last layer", "04.3", "forward", '''
def mlp_call(self, x):
    for layer in self.layers[:-1]:
        x = layer(x)
    outputs = self.layers[-1](x) if len(self.layers) == 1 else x[:len(self.layers[-1].neurons)]
    return outputs[0] if len(outputs) == 1 else outputs
MLP.__call__ = mlp_call
'''),
    Mutant("network parameters without the last layer", "04.3", "param_count", '''
def mlp_parameters(self):
    return [p for layer in self.layers[:-1] for p in layer.parameters()]
MLP.parameters = mlp_parameters
'''),
    Mutant("loss sums instead of averaging", "04.4", "sum", '''
def mse(predictions, targets):
    total = Value(0.0)
    for p, y in zip(predictions, targets):
        total = total + (p - y) ** 2
    return total
'''),
    Mutant("loss without the square", "04.4", "not_squared", '''
def mse(predictions, targets):
    total = Value(0.0)
    for p, y in zip(predictions, targets):
        total = total + (p - y)
    return total / len(targets)
'''),
    Mutant("loss from the predictions' .data", "04.4", "grads", '''
def mse(predictions, targets):
    return Value(sum((p.data - y) ** 2 for p, y in zip(predictions, targets)) / len(targets))
'''),
    Mutant("loss returned as a float", "04.4", "not_value", '''
def mse(predictions, targets):
    return sum((p.data - y) ** 2 for p, y in zip(predictions, targets)) / len(targets)
'''),
    Mutant("step never zeroes the grads", "04.5", "zero_grad", _step(zero="")),
    Mutant("step goes uphill", "04.5", "uphill", _step(update="+= learning_rate * p.grad")),
    Mutant("step forgets the learning rate", "04.5", "no_rate", _step(update="-= p.grad")),
    Mutant("step zeroes the grads before the update", "04.5", "no_update", '''
def train_step(model, xs, ys, learning_rate):
    params = model.parameters()
    loss = mse([model(x) for x in xs], ys)
    loss.backward()
    for p in params:
        p.grad = 0.0
        p.data -= learning_rate * p.grad
    return loss.data
'''),
    Mutant("step returns the loss Value", "04.5", "returns_value", _step(result="loss")),
    Mutant("step returns the loss after the update", "04.5", "loss",
           _step(result="mse([model(x) for x in xs], ys).data")),
    Mutant("step updates only the weights of the first layer", "04.5", "update", '''
def train_step(model, xs, ys, learning_rate):
    params = model.parameters()
    for p in params:
        p.grad = 0.0
    loss = mse([model(x) for x in xs], ys)
    loss.backward()
    for p in model.layers[0].parameters():
        p.data -= learning_rate * p.grad
    return loss.data
'''),
    Mutant("loop runs one step too few", "04.6", "length", '''
def train(model, xs, ys, steps, learning_rate):
    return [train_step(model, xs, ys, learning_rate) for _ in range(steps - 1)]
'''),
    Mutant("loop ignores the learning rate it is given", "04.6", "history", '''
def train(model, xs, ys, steps, learning_rate):
    return [train_step(model, xs, ys, 0.1) for _ in range(steps)]
'''),
    Mutant("loop returns only the last loss", "04.6", "not_list", '''
def train(model, xs, ys, steps, learning_rate):
    for _ in range(steps):
        loss = train_step(model, xs, ys, learning_rate)
    return loss
'''),
    Mutant("fit trains for too few steps", "04.7", "not_converged", '''
def fit_xor(seed=0):
    model = MLP(2, [4, 1], seed=seed)
    return model, train(model, XOR_X, XOR_Y, steps=10, learning_rate=0.2)
'''),
    Mutant("fit keeps the losses as Values", "04.7", "history_floats", '''
def fit_xor(seed=0):
    model = MLP(2, [4, 1], seed=seed)
    return model, [Value(loss) for loss in train(model, XOR_X, XOR_Y, steps=100, learning_rate=0.2)]
'''),
    Mutant("fit over a train that fails 04.6", "04.7", "earlier_exercise", '''
def train(model, xs, ys, steps, learning_rate):
    return [train_step(model, xs, ys, learning_rate) for _ in range(steps - 1)]
'''),
    Mutant("train over a train_step that fails 04.5", "04.6", "earlier_exercise", _step(zero="") + '''
def train(model, xs, ys, steps, learning_rate):
    return [train_step(model, xs, ys, learning_rate) for _ in range(steps)]
'''),
    Mutant("fit returns only the history", "04.7", "returns", '''
def fit_xor(seed=0):
    model = MLP(2, [4, 1], seed=seed)
    return train(model, XOR_X, XOR_Y, steps=100, learning_rate=0.2)
'''),
    Mutant("step calls the library's model.zero_grad()", "04.5", "no_zero_grad", '''
def train_step(model, xs, ys, learning_rate):
    model.zero_grad()
    loss = mse([model(x) for x in xs], ys)
    loss.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return loss.data
'''),
    Mutant("a fresh random.Random(seed) for every layer", "04.3", "rng_per_layer", '''
def mlp_init(self, nin, sizes, seed=0):
    fan_in = [nin] + list(sizes[:-1])
    self.layers = [Layer(a, b, random.Random(seed)) for a, b in zip(fan_in, sizes)]
MLP.__init__ = mlp_init
'''),
]

ALTERNATIVES = [
    Alternative("neuron with sum() and an unpacked parameter list", "04.1", '''
class Neuron:
    def __init__(self, nin, rng):
        self.w = []
        for _ in range(nin):
            self.w.append(Value(rng.uniform(-1.0, 1.0)))
        self.b = Value(0)

    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()

    def parameters(self):
        return [*self.w, self.b]
'''),
    Alternative("layer that gathers its parameters with extend", "04.2", '''
class Layer:
    def __init__(self, nin, nout, rng):
        self.neurons = []
        while len(self.neurons) < nout:
            self.neurons.append(Neuron(nin, rng))

    def __call__(self, x):
        return list(map(lambda neuron: neuron(x), self.neurons))

    def parameters(self):
        params = []
        for neuron in self.neurons:
            params.extend(neuron.parameters())
        return params
'''),
    Alternative("network that recurses over its layers", "04.3", '''
class MLP:
    def __init__(self, nin, sizes, seed=0):
        rng = random.Random(seed)
        self.layers = []
        for size in sizes:
            self.layers.append(Layer(nin, size, rng))
            nin = size

    def _through(self, layers, x):
        return x if not layers else self._through(layers[1:], layers[0](x))

    def __call__(self, x):
        out = self._through(self.layers, x)
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return sum((layer.parameters() for layer in self.layers), [])
'''),
    Alternative("loss with sum() and a product instead of a square", "04.4", '''
def mse(predictions, targets):
    squares = [(p - y) * (p - y) for p, y in zip(predictions, targets)]
    return sum(squares, Value(0.0)) * (1.0 / len(squares))
'''),
    Alternative("step with p.data = p.data - ... and an int zero", "04.5", '''
def train_step(model, xs, ys, learning_rate):
    for p in model.parameters():
        p.grad = 0
    loss = mse([model(x) for x in xs], ys)
    loss.backward()
    for p in model.parameters():
        p.data = p.data - learning_rate * p.grad
    return loss.data
'''),
    Alternative("step over a network that has its own zero_grad", "04.5", '''
def mlp_zero_grad(self):
    for p in self.parameters():
        p.grad = 0.0
MLP.zero_grad = mlp_zero_grad

def train_step(model, xs, ys, learning_rate):
    model.zero_grad()
    loss = mse([model(x) for x in xs], ys)
    loss.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return float(loss.data)
'''),
    Alternative("loop with append", "04.6", '''
def train(model, xs, ys, steps, learning_rate):
    history = []
    for _ in range(steps):
        history.append(train_step(model, xs, ys, learning_rate))
    return history
'''),
    Alternative("loop written as a recursion", "04.6", '''
def train(model, xs, ys, steps, learning_rate):
    if steps == 0:
        return []
    first = train_step(model, xs, ys, learning_rate)
    return [first] + train(model, xs, ys, steps - 1, learning_rate)
'''),
    Alternative("fit with 300 steps at learning rate 0.1", "04.7", '''
def fit_xor(seed=0):
    model = MLP(2, [4, 1], seed=seed)
    return model, train(model, XOR_X, XOR_Y, 300, 0.1)
'''),
    Alternative("fit with 60 steps at learning rate 0.5, as a list", "04.7", '''
def fit_xor(seed=0):
    model = MLP(2, [4, 1], seed=seed)
    history = train(model, XOR_X, XOR_Y, steps=60, learning_rate=0.5)
    return [model, history]
'''),
]
