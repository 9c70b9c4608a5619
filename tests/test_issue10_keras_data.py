"""Issue 10's examples about Keras data (loaders, tf.data, tf.* and keras.ops on data), each a
script that failed to be checked before (layerlint said nothing) and is now reported as real
Keras reports it: the rule, the line, the stage and the framework's message, measured by running
the script in real Keras 3 / tf_keras with the loaders standing in arrays of the documented
shapes at their documented sizes (loader_scripts_runner.py, one subprocess per framework)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache

import pytest
from subclass.compare import _keras2_agree, _without_user_code

from framework_env import framework_env
from layerlint.pipeline import check_source

HEAD = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"
CONV = """model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
"""
CONV_INPUT = """model = keras.Sequential([
    keras.Input(shape=(32, 32, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""
DENSE = """model = keras.Sequential([
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense({classes}, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
"""

# name: (dialect, script, rule)
EXAMPLES = {
    # `(x_train, y_train), _ = keras.datasets.fashion_mnist.load_data()` fed straight to Conv2D
    "fashion_mnist_dataset_to_conv2d": ("keras3", HEAD + (
        "(x_train, y_train), _ = keras.datasets.fashion_mnist.load_data()\n"
        "train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000)"
        ".batch(64).prefetch(tf.data.AUTOTUNE)\n") + CONV + "model.fit(train_ds, epochs=5)\n",
        "LL201"),
    "fashion_mnist_tensor_to_conv2d": ("keras3", HEAD + (
        "(x_train, y_train), _ = keras.datasets.fashion_mnist.load_data()\n"
        "x_train = tf.convert_to_tensor(x_train, dtype=tf.uint8)\n") + CONV +
        "model.fit(x_train, y_train, batch_size=64, epochs=5)\n", "LL201"),
    "fashion_mnist_dataset_to_conv2d_tf_keras": ("keras2", (
        "import tensorflow as tf\nimport tf_keras as keras\nlayers = keras.layers\n"
        "(x_train, y_train), _ = keras.datasets.fashion_mnist.load_data()\n"
        "train_ds = tf.data.Dataset.from_tensor_slices((x_train / 255.0, y_train)).batch(64)\n")
        + CONV + "model.fit(train_ds, epochs=5)\n", "LL201"),
    # `x = x.reshape(-1, 32, 32)` of loader data, then a Conv2D model expecting (32, 32, 1)
    "cifar10_tf_reshape_to_grayscale": ("keras3", HEAD + (
        "(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()\n"
        "x_train = tf.reshape(x_train, (-1, 32, 32))\n") + CONV_INPUT +
        "model.fit(x_train, y_train, epochs=1)\n", "LL203"),
    "cifar10_ops_reshape_to_grayscale": ("keras3", HEAD + (
        "(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()\n"
        "x_train = keras.ops.reshape(x_train, (-1, 32, 32)) / 255.0\n") + CONV_INPUT +
        "model.fit(x_train, y_train, epochs=1)\n", "LL203"),
    # one-hot targets (N, classes) with sparse_categorical_crossentropy
    "reuters_to_categorical_sparse_loss": ("keras3", HEAD + (
        "(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data("
        "num_words=10000)\n"
        "x_train = keras.utils.pad_sequences(x_train, maxlen=100)\n"
        "y_train = keras.utils.to_categorical(y_train)\n"
        "model = keras.Sequential([layers.Embedding(10000, 16), layers.GlobalAveragePooling1D(),"
        " layers.Dense(46, activation='softmax')])\n"
        "model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy')\n"
        "model.fit(x_train, y_train, epochs=1, batch_size=512)\n"), "LL204"),
    "mnist_tf_one_hot_sparse_loss": ("keras3", HEAD + (
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()\n"
        "y_train = tf.one_hot(y_train, depth=10)\n") + DENSE.format(classes=10) +
        "model.fit(x_train / 255.0, y_train, batch_size=128, epochs=1)\n", "LL204"),
    "mnist_ops_one_hot_sparse_loss_dataset": ("keras3", HEAD + (
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()\n"
        "ds = tf.data.Dataset.from_tensor_slices((x_train, keras.ops.one_hot(y_train, 10)))"
        ".batch(32)\n") + DENSE.format(classes=10) + "model.fit(ds, epochs=1)\n", "LL204"),
}


@cache
def real(dialect: str) -> dict[str, dict]:
    names = [n for n, (d, _, _) in EXAMPLES.items() if d == dialect]
    sources = [[EXAMPLES[n][1], True] for n in names]
    done = subprocess.run(
        [sys.executable, os.path.join(os.path.dirname(__file__), "loader_scripts_runner.py"),
         dialect], input=json.dumps(sources), capture_output=True, text=True, timeout=1500,
        env=framework_env(dialect), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(zip(names, json.loads(done.stdout.strip().splitlines()[-1])))


def _joined(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_is_reported_as_keras_raises(name: str) -> None:
    dialect, source, rule = EXAMPLES[name]
    if dialect == "keras2":
        pytest.importorskip("tf_keras")
    error = real(dialect)[name]["error"]
    assert error is not None, "the example must fail in Keras"
    result = check_source(source, f"{name}.py", dialect=dialect)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors, "layerlint reports nothing"
    first = min(errors, key=lambda d: (d.span.line, d.span.col))
    assert (first.code, first.span.line, first.stage) == (rule, error["line"], "fit")
    theirs = f"{error['type']}: {error['message']}"
    mine = _joined(first.framework_error or "")
    if dialect == "keras2":
        assert _keras2_agree(mine, _joined(_without_user_code(theirs))), (mine, theirs)
    else:
        assert mine == _joined(theirs)
