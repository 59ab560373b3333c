"""The labs' own pieces: ready-made results of each lab (`minigrad.labs.ready`), so that a lab can
start without the ones before it, and the learner's own engine read back from their saved lab
notebooks (`minigrad.labs.engine`), so that later labs can run on it.

``NOTEBOOKS`` names every lab's notebook in each language (the same names in ``solutions/`` and
``exercises/``); a test keeps it in step with the sources' headers.
"""

NOTEBOOKS = {
    "00": {"en": "00-value-skeleton", "es": "00-esqueleto-de-value"},
    "01": {"en": "01-operations-and-local-derivatives", "es": "01-operaciones-y-derivadas-locales"},
    "02": {"en": "02-topological-order-and-backward", "es": "02-orden-topologico-y-backward"},
    "03": {"en": "03-gradient-checking", "es": "03-comprobacion-de-gradientes"},
    "04": {"en": "04-neuron-layer-mlp-xor", "es": "04-neurona-capa-mlp-xor"},
    "05": {"en": "05-forward-mode-dual-numbers", "es": "05-modo-directo-numeros-duales"},
    "06": {"en": "06-jacobians-both-ways", "es": "06-el-jacobiano-por-los-dos-modos"},
    "07": {"en": "07-a-new-operation-end-to-end", "es": "07-una-operacion-nueva-de-principio-a-fin"},
}
