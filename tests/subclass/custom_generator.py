"""Seeded random scripts with custom ``layers.Layer`` subclasses used as layers of a
``keras.Sequential`` (with an Input, or built by data at fit/predict) or of a functional graph:
blocks of Dense layers (a residual ``x + y`` whose sizes may not match), a recurrent wrapper, a
layer whose ``build(input_shape)`` makes weights (``add_weight``, sized from ``input_shape[-1]``
or not) used by ``x * w + b`` or by ``keras.ops.matmul`` (not followed: an LL903 note), a
convolution block (padding "same": Keras 3 runs a custom layer's call on torch
tensors when it builds, and torch words a too small input its own way, not reproduced) with an
``if training:`` dropout, a block holding another block. Layer
choices are random, so some models break inside the custom ``call`` (wrong rank, mismatched
residual), as users' do."""

from __future__ import annotations

import random

from .generator import Generated, _layer, _rank_after

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"

BLOCKS = {
    "dense": (2, '''class DenseBlock(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(units, activation="relu")
        self.outer = layers.Dense(units)

    def call(self, x):
        y = self.outer(self.inner(x))
        return {ret}
'''),
    "rnn": (3, '''class Recurrent(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.rnn = layers.{rnn}(units{sequences})
        self.norm = layers.LayerNormalization()

    def call(self, inputs, training=None):
        return self.norm(self.rnn(inputs))
'''),
    "conv": (4, '''class ConvBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv = layers.Conv2D(filters, 3, padding="same")
        self.norm = layers.BatchNormalization()
        self.drop = layers.Dropout(0.2)

    def call(self, x, training=False):
        x = self.norm(self.conv(x))
        if training:
            x = self.drop(x)
        return x
'''),
    "nested": (2, '''class Inner(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)

class Outer(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.first = Inner(units)
        self.second = layers.Dense(units)

    def call(self, x):
        return self.second(self.first(x)) {merge} x
'''),
    "scale": (2, '''class Scale(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=({gamma},), initializer="ones", trainable={trainable})
        self.beta = self.add_weight(shape=({beta},), initializer="zeros")

    def call(self, x):
        return x * self.gamma + self.beta
'''),
    "linear": (2, '''class Linear(layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b
'''),
}


def _block(rng: random.Random, kind: str) -> tuple[str, str, int]:
    """The class source, the constructor expression, and its output rank given its input's."""
    rank, template = BLOCKS[kind]
    units = rng.choice([3, 4, 8])
    if kind == "dense":
        residual = rng.random() < 0.5
        source = template.format(ret="x + y" if residual else "y")
        return source, f"DenseBlock({units})", rank
    if kind == "rnn":
        rnn = rng.choice(["LSTM", "GRU", "SimpleRNN"])
        sequences = rng.random() < 0.5
        source = template.format(rnn=rnn, sequences=", return_sequences=True" if sequences
                                 else "")
        return source, f"Recurrent({units})", 3 if sequences else 2
    if kind == "conv":
        source = template
        return source, f"ConvBlock({units})", 4
    if kind == "scale":
        gamma = rng.choice(["input_shape[-1]"] * 3 + ["1", str(units)])
        beta = rng.choice(["input_shape[-1]"] * 3 + ["1", str(units)])
        source = template.format(gamma=gamma, beta=beta,
                                 trainable=rng.choice(["True", "False"]))
        return source, "Scale()", rank
    if kind == "linear":
        return template, f"Linear({units})", 2
    source = template.format(merge=rng.choice(["+", "*"]))
    return source, f"Outer({units})", 2


def generate_custom(seed: int, reshape: bool = True, batch_size: int = 8,
                    ops: bool = True) -> Generated:
    """``batch_size=7`` for tf.keras 2: no sample count is a multiple of it, so the batch axis
    fit traces is free (the tf.keras 2 Sequential replay takes it free; a full-batch static
    size is not followed there). ``ops=False``: no keras.ops (tf.keras 2 has none)."""
    rng = random.Random(seed)
    kind = rng.choice(["dense", "dense", "rnn", "conv", "nested", "scale", "scale", "linear"])
    if kind == "linear" and not ops:  # keras.ops: Keras 3 API, not in tf.keras 2
        kind = "scale"
    rank = BLOCKS[kind][0] if rng.random() < 0.8 else rng.choice([2, 3, 4])
    shape = {2: (rng.choice([4, 8]),),
             3: (rng.choice([5, 8, 12]), rng.choice([3, 4])),
             4: (rng.choice([6, 8, 10]), rng.choice([6, 8]), rng.choice([1, 3]))}[rank]
    source, made, _ = _block(rng, kind)
    styles = [kind]
    chain: list[str] = []
    current = rank
    for _ in range(rng.randint(0, 2)):
        expression = _layer(rng, current, reshape)
        chain.append(expression)
        current = _rank_after(expression, current)
    position = rng.randint(0, len(chain))
    chain.insert(position, made)
    if rng.random() < 0.3:
        chain.insert(rng.randint(0, len(chain)), made)  # a second object of the class
    head = rng.choice([1, 2, 3])
    chain.append(f"layers.Dense({head})")
    usage = rng.choice(["input", "input", "data", "functional"])
    styles.append(usage)
    lines = [source]
    dims = ", ".join(str(d) for d in shape)
    samples = rng.choice([6, 16, 40])
    if usage == "functional":
        lines.append(f"inputs = keras.Input(shape=({dims},))")
        lines.append("x = inputs")
        for expression in chain:
            lines.append(f"x = {expression}(x)")
        lines.append("model = keras.Model(inputs, x)")
    else:
        first = [f"keras.Input(shape=({dims},))"] if usage == "input" else []
        lines.append("model = keras.Sequential([")
        lines += [f"    {expression}," for expression in first + chain]
        lines.append("])")
    method = rng.choice(["fit", "predict", "none"] if usage != "data" else ["fit", "predict"])
    styles.append(method)
    lines.append(f"x_data = np.random.rand({samples}, {dims})")
    if method == "fit":
        lines.append("model.compile(optimizer='adam', loss='mse')")
        lines.append(f"model.fit(x_data, np.random.rand({samples}, {head}), "
                     f"batch_size={batch_size}, "
                     "verbose=0)")
    elif method == "predict":
        lines.append("model.predict(x_data, verbose=0)")
    return Generated(seed, HEAD + "\n".join(lines) + "\n", tuple(styles))
