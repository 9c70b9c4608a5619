"""Seeded scripts for the data stage of Keras 3 on the TensorFlow backend (test_data_tf_backend.py):
every modelled loss against targets of other shapes and ranks at fit / evaluate / train_on_batch
(sample counts and batch sizes that do and do not divide, so the traced batch axis is static or
None), sparse labels out of range, and pools / kernels larger than a free axis of the data at
fit / predict / ``model(x)`` (TensorFlow's eager call runs them silently)."""

from __future__ import annotations

import random
from dataclasses import dataclass

HEAD = "import numpy as np\nfrom tensorflow import keras\nL = keras.layers\n"
LOSSES = ["mse", "mae", "mape", "msle", "huber", "log_cosh", "kld", "poisson", "hinge",
          "squared_hinge", "categorical_hinge", "binary_crossentropy",
          "categorical_crossentropy", "sparse_categorical_crossentropy",
          "binary_focal_crossentropy", "categorical_focal_crossentropy"]
SHRINKING = [("L.AveragePooling1D({k})", 1), ("L.MaxPooling1D({k})", 1), ("L.Conv1D(2, {k})", 1),
             ("L.AveragePooling2D({k})", 2), ("L.Conv2D(2, {k})", 2)]


@dataclass(frozen=True)
class Case:
    seed: int
    intent: str
    source: str


def _loss_case(rng: random.Random, seed: int) -> Case:
    loss = rng.choice(LOSSES)
    units = rng.choice((1, 3, 4))
    sequence = rng.random() < 0.3
    if sequence:
        model = (f"model = keras.Sequential([keras.Input(shape=(5, 6)), "
                 f"L.LSTM(4, return_sequences=True), L.Dense({units})])")
        output = (5, units)
    else:
        model = f"model = keras.Sequential([keras.Input(shape=(6,)), L.Dense({units})])"
        output = (units,)
    n = rng.choice((8, 10, 12, 32, 40, 64))
    size = rng.choice((None, None, 4, 5, 8, 10))
    shape = list(output)
    change = rng.choice(("last", "drop_last", "add_one", "add_axis", "same", "labels"))
    if change == "last":
        shape[-1] = rng.choice((1, 2, 3, 5))
    elif change == "drop_last":
        shape = shape[:-1]
    elif change == "add_one":
        shape = [*shape, 1]
    elif change == "add_axis":
        shape = [*shape, rng.choice((2, 3))]
    x_shape = (n, 5, 6) if sequence else (n, 6)
    if change == "labels":
        y = f"np.full({(n, *shape[:-1])}, {rng.choice((units, units + 1, 0))})"
    else:
        y = f"np.zeros({(n, *shape)})"
    call = rng.choice(("fit", "fit", "evaluate", "train_on_batch"))
    batch = f", batch_size={size}" if size and call != "train_on_batch" else ""
    verbose = ", verbose=0" if call != "train_on_batch" else ""
    line = f"model.{call}(np.zeros({x_shape}), {y}{batch}{verbose})"
    source = f"{HEAD}{model}\nmodel.compile(optimizer='adam', loss='{loss}')\n{line}\n"
    return Case(seed, f"loss {loss} {change} {call}", source)


def _shrink_case(rng: random.Random, seed: int) -> Case:
    layer, rank = rng.choice(SHRINKING)
    k = rng.choice((2, 3, 4))
    length = rng.choice((2, 3, 4, 6))
    free = ", ".join(["None"] * rank)
    x = (8, *([length] * rank), 2)
    pool = f"L.GlobalAveragePooling{rank}D()"
    model = (f"model = keras.Sequential([keras.Input(shape=({free}, 2)), {layer.format(k=k)}, "
             f"{pool}, L.Dense(1)])")
    call = rng.choice(("model.fit(x, np.zeros((8, 1)), verbose=0)", "model.predict(x, verbose=0)",
                       "model(x)", "model.evaluate(x, np.zeros((8, 1)), verbose=0)"))
    source = (f"{HEAD}{model}\nmodel.compile(optimizer='adam', loss='mse')\nx = np.zeros({x})\n"
              f"{call}\n")
    return Case(seed, f"shrink {layer} {call.split('(')[0]}", source)


def generate(seed: int) -> Case:
    rng = random.Random(seed)
    return _shrink_case(rng, seed) if rng.random() < 0.25 else _loss_case(rng, seed)


SEEDS = range(320)
