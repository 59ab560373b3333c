"""Lab 04 (neuron, layer, MLP, XOR): the checker passes the solution and catches each known bug."""

import time


from lab_checks import mutant_is_rejected, standard_lab_tests
from lab_notebooks import lab_namespace, notebook_path
from minigrad.checker import core
from mutants.lab04 import ALTERNATIVES, MUTANTS

STEMS = {"en": "04-neuron-layer-mlp-xor", "es": "04-neurona-capa-mlp-xor"}
EXERCISES = ["04.1", "04.2", "04.3", "04.4", "04.5", "04.6", "04.7"]
ARGUMENTS = {"04.1": ["Neuron"], "04.2": ["Layer"], "04.3": ["MLP"], "04.4": ["mse"],
             "04.5": ["train_step"], "04.6": ["train"], "04.7": ["fit_xor"]}


TestLab = standard_lab_tests(STEMS, EXERCISES, ARGUMENTS, MUTANTS, ALTERNATIVES)


def test_a_forgotten_zero_grad_is_explained_in_spanish_with_the_moves():
    forgot = next(m for m in MUTANTS if m.name == "step never zeroes the grads")
    lines = mutant_is_rejected(STEMS, forgot, ARGUMENTS, lang="es").message.splitlines()
    assert lines[0] == "✘ 04.5 train_step — todavía no está bien"
    # The learner's own backward() of lab 02 zeroes every grad first; the bug shows when
    # backward() adds into the leaves' grads, as minigrad's does.
    assert lines[1].startswith("  entrada:  model = MLP(2, [3, 1], seed=0), con un backward() que "
                               "suma en los grads de las hojas, como el de minigrad;")
    assert lines[1].endswith(", y después un segundo paso")
    assert lines[2].startswith("  esperado: [") and lines[3].startswith("  obtenido: [")
    assert "pon cada p.grad = 0.0 antes de cada backward()" in lines[4]


def test_a_missing_bias_shows_the_expected_and_obtained_outputs():
    no_bias = next(m for m in MUTANTS if m.name == "neuron without bias")
    lines = mutant_is_rejected(STEMS, no_bias, ARGUMENTS).message.splitlines()
    # w·x + b = 0.5 - 0.6 - 0.4 + 0.2 = -0.3; without the bias, -0.5.
    assert lines[1:4] == ["  input:    n.w = [0.5, -0.3, 0.8]; n.b = 0.2; n([1.0, 2.0, -0.5])",
                          "  expected: -0.291313", "  got:      -0.462117"]


def test_training_on_xor_is_fast_and_deterministic():
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    start = time.perf_counter()
    model, history = namespace["fit_xor"]()
    assert time.perf_counter() - start < 3.0
    assert history == namespace["fit_xor"]()[1]
    assert history[-1] < 0.05 < history[0]
    xs, ys = namespace["XOR_X"], namespace["XOR_Y"]
    assert [1.0 if model(x).data > 0 else -1.0 for x in xs] == ys


def test_the_checker_trains_with_the_learners_own_classes():
    # The network of 04.7 is the learner's MLP: a broken neuron makes fitting fail too.
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    exec("Neuron.__call__ = lambda self, x: sum((wi * xi for wi, xi in zip(self.w, x)), self.b)",
         namespace)
    assert core.run("04.7", namespace["fit_xor"]).status in ("fail", "error")


def test_long_lists_are_clipped_with_a_bare_ellipsis():
    forgot = next(m for m in MUTANTS if m.name == "step never zeroes the grads")
    lines = mutant_is_rejected(STEMS, forgot, ARGUMENTS).message.splitlines()
    expected, got = lines[2], lines[3]
    for line in (expected, got):
        assert "…" in line and "'…'" not in line and "Ellipsis" not in line
    assert expected.startswith("  expected: [") and expected.endswith(", …]")


def test_fit_xor_points_to_the_failing_train():
    mutant = next(m for m in MUTANTS if m.name == "fit over a train that fails 04.6")
    lines = mutant_is_rejected(STEMS, mutant, ARGUMENTS).message.splitlines()
    assert lines[:-1] == ["✘ 04.7 fit_xor — not yet right",
                     "  hint:     fit_xor uses your train, which does not pass 04.6 yet: make 04.6 "
                     "pass first (run its check cell to see why it fails), then check this one again."]
    spanish = mutant_is_rejected(STEMS, mutant, ARGUMENTS, lang="es").message
    assert "fit_xor usa tu train, que todavía no supera el 04.6" in spanish


def test_the_training_checks_use_the_labs_own_network():
    # The review's case: model.zero_grad() passed because the check trained minigrad.nn's MLP.
    zero = next(m for m in MUTANTS if m.name == "step calls the library's model.zero_grad()")
    lines = mutant_is_rejected(STEMS, zero, ARGUMENTS).message.splitlines()
    assert lines[1] == ("  input:    model = MLP(2, [3, 1], seed=0); xs, ys = xor_data(); "
                        "train_step(model, xs, ys, 0.1)")
    assert lines[2].startswith("  hint:     the lab's MLP has no zero_grad method")
    # While the learner's MLP is unfinished, the ready-made one has exactly the lab's methods.
    namespace = lab_namespace(notebook_path("solutions", "en", STEMS["en"]), run_checks=False)
    exec(zero.code + "\ndel MLP.parameters", namespace)
    result = core.run("04.5", namespace["train_step"])
    assert result.hint == "no_zero_grad" and "minigrad.labs.ready.MLP(2, [3, 1]" in result.message


def test_one_random_generator_per_layer_is_caught():
    fresh = next(m for m in MUTANTS if m.name == "a fresh random.Random(seed) for every layer")
    message = mutant_is_rejected(STEMS, fresh, ARGUMENTS).message
    assert "layer 1 draws the same numbers as layer 0" in message
    assert "la capa 1 saca los mismos números que la capa 0" in mutant_is_rejected(
        STEMS, fresh, ARGUMENTS, lang="es").message


def test_an_attribute_slip_names_the_networks_own_attributes():
    slip = next(m for m in MUTANTS if m.name == "neuron reads its weights under another name")
    for lang, words in (("en", "check the spelling (Neuron: w, b; Layer: neurons; MLP: layers; "
                                "Value: data, grad, _prev, _op, _backward)"),
                        ("es", "revisa cómo se escriben (Neuron: w, b; Layer: neurons; MLP: "
                               "layers; Value: data, grad, _prev, _op, _backward)")):
        assert words in mutant_is_rejected(STEMS, slip, ARGUMENTS, lang=lang).message
