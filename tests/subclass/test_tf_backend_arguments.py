"""What a subclassed model's call() received, as Keras 3 on TensorFlow lists it when a layer
inside raises on data ("Arguments received by Net.call(): • inputs=tf.Tensor(shape=(None, 10),
dtype=float32)": the batch axis None inside fit's traced step, the real one at predict and
``model(x)``): seeded random subclassed models (generator.py) and hand scripts, run in real
Keras 3 on TensorFlow in one subprocess, the whole message compared where layerlint quotes one.
"""

from __future__ import annotations

import pytest
from differential.keras_tf_runner import tf_backend

from layerlint.pipeline import check_source

from .compare import first_error
from .generator import generate
from .runner import run_batch

pytestmark = pytest.mark.keras3

_NET = """import numpy as np
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(4)
        self.b = layers.LSTM(3)

    def call(self, inputs):
        return self.b(self.a(inputs))


m = Net()
m.compile(optimizer="adam", loss="mse")
x = np.zeros(({batch}, 10), "float32")
{call}
"""
HAND = [_NET.format(batch=batch, call=call.format(batch=batch)) for batch in (8, 6)
        for call in ("m.fit(x, np.zeros(({batch}, 3)), verbose=0)", "m.predict(x, verbose=0)",
                     "m(x)")]
SEEDS = range(160)


def test_arguments_received_read_as_tensorflow_prints_them() -> None:
    sources = HAND + [generate(seed).source for seed in SEEDS]
    runs = run_batch(sources, "keras3", backend="tensorflow")
    compared, problems = 0, []
    with tf_backend():
        for source, run in zip(sources, runs):
            error = run["error"]
            if error is None or "Arguments received by" not in (error.get("message") or ""):
                continue
            result = check_source(source, "net.py")
            mine = [d for d in result.diagnostics if d.severity == "error"]
            if not mine or not mine[0].framework_error:
                continue  # not claimed, or claimed without a quote: other suites' business
            compared += 1
            problems += first_error(result, run, "exact", source)
    assert not problems, "\n".join(problems[:20])
    assert compared >= len(HAND)
