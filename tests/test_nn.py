"""minigrad.nn: neurons, layers, MLPs, XOR, and the training loop."""

import math
import random
import time

import pytest

from minigrad import Value, set_language
from minigrad.gradcheck import compare
from minigrad.i18n import LANGUAGES
from minigrad.nn import MLP, Layer, Neuron, train, xor_data


@pytest.fixture(params=list(LANGUAGES))
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("en")


# ── Building blocks ────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("activation, squash", [("tanh", math.tanh),
                                                ("relu", lambda s: max(s, 0.0)),
                                                ("linear", lambda s: s)])
def test_neuron_computes_activation_of_weighted_sum(activation, squash):
    neuron = Neuron(3, activation, rng=7)
    neuron.b.data = 0.25
    x = [0.5, -1.0, 2.0]
    weighted = sum(w.data * xi for w, xi in zip(neuron.w, x)) + 0.25
    assert neuron(x).data == pytest.approx(squash(weighted), rel=1e-14, abs=1e-15)
    assert neuron([Value(xi) for xi in x]).data == neuron(x).data      # Values work as inputs


def test_neuron_initialisation():
    neuron = Neuron(16, rng=random.Random(1))
    assert all(abs(w.data) <= 1 / math.sqrt(16) for w in neuron.w)
    assert neuron.b.data == 0.0
    assert len({w.data for w in neuron.w}) == 16
    assert [w.data for w in Neuron(16, rng=1).w] == [w.data for w in neuron.w]  # seed or Random


def test_layer_and_mlp_shapes():
    layer = Layer(3, 5, rng=0)
    assert len(layer([1.0, 2.0, 3.0])) == 5
    assert len(layer.parameters()) == 5 * (3 + 1)
    model = MLP(2, [4, 1])
    assert isinstance(model([1.0, -1.0]), Value)                 # one output: a Value
    assert len(MLP(2, [4, 3])([1.0, -1.0])) == 3                 # several: a list
    assert len(model.parameters()) == 4 * 3 + 1 * 5 == 17
    assert [p.label for p in model.parameters()][:3] == ["L1.n0.w0", "L1.n0.w1", "L1.n0.b"]
    assert model.parameters()[-1].label == "L2.n0.b"
    assert repr(model) == ("MLP(2, [4, 1], activation='tanh', output_activation='tanh')"
                           "  # 17 parameters")


def test_output_activation():
    model = MLP(2, [8, 8, 1], activation="relu", output_activation="linear", seed=2)
    kinds = [layer.neurons[0].activation for layer in model.layers]
    assert kinds == ["relu", "relu", "linear"]
    assert model([3.0, -2.0])._op == "+"                         # linear: the sum itself


def test_same_seed_same_network_and_global_random_untouched():
    random.seed(123)
    state = random.getstate()
    first = [p.data for p in MLP(3, [4, 4, 1], seed=5).parameters()]
    second = [p.data for p in MLP(3, [4, 4, 1], seed=5).parameters()]
    other = [p.data for p in MLP(3, [4, 4, 1], seed=6).parameters()]
    assert first == second and first != other
    assert random.getstate() == state


def test_zero_grad_resets_parameters():
    model = MLP(2, [3, 1], seed=0)
    model([0.5, -0.5]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_backward_through_the_network_matches_central_differences():
    model = MLP(2, [3, 3, 1], seed=4)
    xs, ys = xor_data()

    def loss():
        return sum((model(x) - y) ** 2 for x, y in zip(xs, ys))

    loss().backward()
    analytic = [p.grad for p in model.parameters()]
    numeric, h = [], 1e-6
    for p in model.parameters():
        p.data += h
        up = loss().data
        p.data -= 2 * h
        down = loss().data
        p.data += h
        numeric.append((up - down) / (2 * h))
    result = compare(analytic, numeric, names=[p.label for p in model.parameters()])
    assert result.ok, str(result)


# ── XOR and training ───────────────────────────────────────────────────────────────────────────

def test_xor_data():
    xs, ys = xor_data()
    assert len(xs) == len(ys) == 4
    for (a, b), y in zip(xs, ys):
        assert a in (-1.0, 1.0) and b in (-1.0, 1.0)
        assert y == (1.0 if a != b else -1.0)


def test_xor_converges_deterministically():
    xs, ys = xor_data()
    start = time.perf_counter()
    history = train(MLP(2, [4, 1], seed=0), xs, ys)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert len(history) == 200 and all(isinstance(loss, float) for loss in history)
    assert history[0] > 0.5 and history[-1] < 0.01
    assert history[-1] < history[100] < history[10]

    model = MLP(2, [4, 1], seed=0)
    again = train(model, xs, ys)
    assert again == history                                       # same seed, same history
    assert all((model(x).data > 0) == (y > 0) for x, y in zip(xs, ys))


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("hidden", [[3, 1], [4, 1], [8, 1], [4, 4, 1]], ids=str)
def test_xor_converges_for_other_seeds_and_sizes(seed, hidden):
    xs, ys = xor_data()
    assert train(MLP(2, hidden, seed=seed), xs, ys)[-1] < 0.02


def test_on_step_reports_every_step():
    xs, ys = xor_data()
    seen = []
    history = train(MLP(2, [4, 1], seed=1), xs, ys, steps=7,
                    on_step=lambda step, loss: seen.append((step, loss)))
    assert seen == list(zip(range(1, 8), history))


def test_one_step_is_gradient_descent():
    xs, ys = xor_data()
    model = MLP(2, [2, 1], seed=3)
    expected = MLP(2, [2, 1], seed=3)
    loss = sum((expected(x) - y) ** 2 for x, y in zip(xs, ys)) * 0.25
    loss.backward()
    [first] = train(model, xs, ys, steps=1, learning_rate=0.5)
    assert first == loss.data
    assert [p.data for p in model.parameters()] == [p.data - 0.5 * p.grad
                                                    for p in expected.parameters()]


def test_hinge_loss_on_a_linear_output():
    xs, ys = xor_data()
    model = MLP(2, [8, 1], activation="relu", output_activation="linear", seed=0)
    history = train(model, xs, ys, loss="hinge", learning_rate=0.1)
    assert history[0] > 0.5 and history[-1] == 0.0               # every margin is at least 1
    assert all(model(x).data * y >= 1.0 for x, y in zip(xs, ys))


def test_several_outputs_with_list_targets():
    xs, ys = xor_data()
    targets = [[y, -y] for y in ys]                              # XOR and its negation
    history = train(MLP(2, [4, 2], seed=0), xs, targets)
    assert history[-1] < 0.02


# ── Bad input ──────────────────────────────────────────────────────────────────────────────────

def test_wrong_input_length_names_the_expected_length(lang):
    with pytest.raises(ValueError) as error:
        MLP(2, [4, 1])([1.0, 2.0, 3.0])
    assert str(error.value) == {
        "en": "MLP takes an input of length 2, got one of length 3: [1.0, 2.0, 3.0]. Give one "
              "number (or Value) per input.",
        "es": "MLP espera una entrada de longitud 2, pero ha recibido una de longitud 3: "
              "[1.0, 2.0, 3.0]. Da un número (o un Value) por cada entrada.",
    }[lang]
    with pytest.raises(ValueError, match={"en": "Neuron takes an input of length 3, got one of "
                                                "length 1",
                                          "es": "Neuron espera una entrada de longitud 3, pero "
                                                "ha recibido una de longitud 1"}[lang]):
        Neuron(3)([1.0])
    with pytest.raises(ValueError, match="Layer"):
        Layer(2, 2)([1.0])


def test_input_must_be_a_list(lang):
    with pytest.raises(TypeError) as error:
        MLP(1, [1])(0.5)
    assert str(error.value) == {
        "en": "MLP takes a list of length 1 as input, got 0.5 of type float.",
        "es": "MLP espera como entrada una lista de longitud 1, pero ha recibido 0.5, de tipo "
              "float.",
    }[lang]


def test_construction_errors(lang):
    en = lang == "en"
    with pytest.raises(ValueError, match="unknown activation 'sigmoid'" if en
                       else "activación desconocida 'sigmoid'"):
        Neuron(2, "sigmoid")
    with pytest.raises(ValueError, match="'tanh', 'relu', 'linear'"):
        MLP(2, [4, 1], output_activation="softmax")
    with pytest.raises(ValueError, match="the number of inputs must be a whole number ≥ 1, got 0"
                       if en else "el número de entradas debe ser un número entero ≥ 1"):
        MLP(0, [1])
    with pytest.raises(ValueError, match="each layer size" if en else "el tamaño de cada capa"):
        MLP(2, [4, 2.5])
    with pytest.raises(ValueError, match=r"sizes must be a non-empty list" if en
                       else "sizes debe ser una lista no vacía"):
        MLP(2, 4)
    with pytest.raises(ValueError, match="sizes"):
        MLP(2, [])


def test_training_errors(lang):
    en = lang == "en"
    model = MLP(2, [4, 1])
    xs, ys = xor_data()
    with pytest.raises(ValueError, match="4 inputs xs but 3 targets ys" if en
                       else "hay 4 entradas en xs pero 3 objetivos en ys"):
        train(model, xs, ys[:3])
    with pytest.raises(ValueError, match="xs is empty" if en else "xs está vacía"):
        train(model, [], [])
    with pytest.raises(ValueError, match="unknown loss 'mae'; use one of 'mse', 'hinge'" if en
                       else "pérdida desconocida 'mae'"):
        train(model, xs, ys, loss="mae")
    with pytest.raises(ValueError, match="learning rate must be a positive number, got -0.1" if en
                       else "tasa de aprendizaje debe ser un número positivo"):
        train(model, xs, ys, learning_rate=-0.1)
    with pytest.raises(ValueError, match="the number of steps" if en else "el número de pasos"):
        train(model, xs, ys, steps=0)
    with pytest.raises(ValueError, match="example 0 needs one target per output of the model: "
                       "the model gives 1, the example has 2" if en else "el ejemplo 0 necesita "
                       "un objetivo por cada salida del modelo: el modelo da 1 y el ejemplo "
                       "tiene 2"):
        train(model, xs, [[1.0, 2.0]] * 4)
    with pytest.raises(TypeError, match="train: got 'a'" if en else "train: se ha recibido 'a'"):
        train(model, xs, ["a"] * 4)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_seed_that_is_not_a_whole_number_is_refused_clearly(lang):
    set_language(lang)
    try:
        for make in (lambda: MLP(2, [2, 1], seed=[1, 2]), lambda: Neuron(2, rng="abc"),
                     lambda: Layer(2, 2, rng=1.5)):
            with pytest.raises(TypeError, match="seed must be a whole number" if lang == "en"
                               else "la semilla debe ser un número entero"):
                make()
    finally:
        set_language("en")
    assert MLP(2, [2, 1], seed=3).parameters()[0].data == MLP(2, [2, 1], seed=3).parameters()[0].data
