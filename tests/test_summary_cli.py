"""Differential, end to end: `layerlint summary` on a script == that script's `model.summary()`
in real Keras 3 (torch backend), run in a fresh process so Keras' names start from zero."""

from __future__ import annotations

import functools
import io
import subprocess
import sys

import pytest

from framework_env import framework_env

from layerlint.cli import main

pytestmark = pytest.mark.keras3

SCRIPTS = {
    "lstm_dense.py": """\
import keras
model = keras.Sequential([keras.Input((None, 10)), keras.layers.LSTM(64), keras.layers.Dense(1)])
""",
    "unbuilt.py": """\
from tensorflow import keras
model = keras.Sequential()
model.add(keras.layers.LSTM(64))
model.add(keras.layers.Dense(1))
""",
    "cnn.py": """\
import keras
from keras import layers
model = keras.Sequential([
    keras.Input((28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(),
    layers.Conv2D(64, (3, 3), padding="same"),
    layers.BatchNormalization(),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
], name="a_convolutional_network_with_a_long_name")
""",
    "many.py": """\
import keras
from keras import layers
n_features = 12
model = keras.Sequential([keras.Input((n_features,))])
model.add(layers.Dense(256, name="first_dense_layer_with_a_very_long_descriptive_name"))
model.add(layers.Dropout(0.5))
model.add(layers.Dense(128))
model.add(layers.BatchNormalization())
model.add(layers.Dense(64))
model.add(layers.Dense(32))
model.add(layers.Dense(16))
model.add(layers.Dense(8))
model.add(layers.Dense(4))
model.add(layers.Dense(1, activation="sigmoid"))
""",
    "stacked_lstm.py": """\
from tensorflow import keras
model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),
    keras.layers.LSTM(32, return_sequences=True),
    keras.layers.LSTM(16),
    keras.layers.Dense(1),
])
""",
    "subclass_trained.py": """\
import numpy as np
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv1D(8, 3, activation="relu")
        self.pool = layers.GlobalMaxPooling1D()
        self.drop = layers.Dropout(0.5)
        self.out = layers.Dense(3, activation="softmax")

    def call(self, x, training=False):
        x = self.pool(self.conv(x))
        if training:
            x = self.drop(x)
        return self.out(x)


model = Net()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(40, 20, 4), np.random.randint(0, 3, size=(40,)), batch_size=16, verbose=0)
""",
}


WIDTHS = (120, 72)
SEPARATOR = "\n=====8<=====\n"


@functools.cache
def keras_summaries(name: str) -> dict[int, str]:
    """Run the script with real Keras once; its summary at each terminal width."""
    code = (
        "import os, warnings; warnings.filterwarnings('ignore')\n"
        + SCRIPTS[name].replace("from tensorflow import keras", "import keras")
        + "".join(
            f"\nos.environ['COLUMNS'] = '{w}'"
            f"\nmodel.summary(print_fn=lambda s, **k: print(s, end=''))"
            f"\nprint({SEPARATOR!r}, end='')"
            for w in WIDTHS
        )
    )
    env = framework_env()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return dict(zip(WIDTHS, proc.stdout.split(SEPARATOR)))


@pytest.mark.parametrize("name", sorted(SCRIPTS))
@pytest.mark.parametrize("columns", WIDTHS)
def test_summary_equals_keras(tmp_path, monkeypatch, name, columns):
    (tmp_path / name).write_text(SCRIPTS[name])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", str(columns))
    out, err = io.StringIO(), io.StringIO()
    assert main(["summary", name], out=out, err=err) == 0
    header, _, table = out.getvalue().partition("\n")
    assert header.startswith(f"{name}:") and header.endswith(": model")
    assert table == keras_summaries(name)[columns] + "\n"
