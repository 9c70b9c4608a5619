"""Replay details of the Keras 2 dialect against tf_keras 2.21, whole scripts: layers whose
build fixes the input rank (BatchNormalization, GroupNormalization, PReLU, TimeDistributed) reject data of
another rank that the Keras 3 entry would take, Cropping3D and UpSampling3D, binary
cross-entropy after a squeezed sigmoid output; found by seeds of the generated suite."""

from __future__ import annotations

import pytest
from differential.compare import compare

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

HEAD = "import numpy as np\nimport tensorflow as tf\nlayers = tf.keras.layers\n"
SCRIPTS = {
    "batchnorm-rank5": "model = tf.keras.Sequential([layers.BatchNormalization(input_shape=(9, 3, "
    "3))])\nmodel.predict(np.zeros((4, 9, 3, 3, 3)), verbose=0)\n",
    "groupnorm-after-embedding": "model = tf.keras.Sequential([layers.Embedding(5, 3, "
    "input_length=7), layers.GroupNormalization(groups=3)])\n"
    "model.predict(np.zeros((4, 7, 3)), verbose=0)\n",
    "prelu-rank4": "model = tf.keras.Sequential([layers.PReLU(input_shape=(4, 3))])\n"
    "model.predict(np.zeros((2, 4, 3, 3)), verbose=0)\n",
    "timedistributed-rank4": "model = tf.keras.Sequential([tf.keras.Input(batch_shape=(None, None)"
    "), layers.Embedding(18, 5), layers.TimeDistributed(layers.Dense(4))])\n"
    "outputs = model(np.zeros((4, 7, 5)))\n",
    "batchnorm-same-rank": "model = tf.keras.Sequential([layers.BatchNormalization(input_shape="
    "(4, 3))])\nmodel.predict(np.zeros((2, 5, 3)), verbose=0)\n",
    "upsampling3d-rank4": "model = tf.keras.Sequential([layers.UpSampling3D(input_shape=(2, 4, "
    "2)), layers.Flatten(), layers.Dense(2)])\nmodel.predict(np.zeros((2, 2, 4, 2)), verbose=0)\n",
    # binary_crossentropy after a sigmoid: on the logits (equal shapes) unless the output is
    # squeezed first, which drops the logits and broadcasts (seed 1635 of the generated suite).
    "bce-squeezed-output": "model = tf.keras.Sequential([layers.Dense(1, activation='sigmoid', "
    "input_shape=(8, 3))])\nmodel.compile(loss='binary_crossentropy')\n"
    "model.fit(np.zeros((4, 8, 3)), np.zeros((4, 1)), verbose=0)\n",
    "bce-squeezed-mismatch": "model = tf.keras.Sequential([layers.Dense(1, activation='sigmoid',"
    " input_shape=(8, 3))])\nmodel.compile(loss='binary_crossentropy')\n"
    "model.fit(np.zeros((4, 8, 3)), np.zeros((4, 3)), verbose=0)\n",
    "bce-logits-mismatch": "model = tf.keras.Sequential([layers.Dense(1, activation='sigmoid', "
    "input_shape=(3,))])\nmodel.compile(loss='binary_crossentropy')\n"
    "model.fit(np.zeros((4, 3)), np.zeros((4, 2)), verbose=0)\n",
    "cropping3d-to-zero": "model = tf.keras.Sequential([layers.Cropping3D(2, input_shape=(4, 4, "
    "4, 1)), layers.Flatten()])\n",
}


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_agrees_with_tf_keras(name: str) -> None:
    source = HEAD + SCRIPTS[name]
    run = run_script(source)
    result = check_source(source, f"{name}.py", dialect="keras2")
    assert compare(result, run) == []
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert bool(errors) == (run.error is not None)
    if run.error is None:  # the shapes are claimed, and compare() checked them
        assert all(layer.output_shape is not None for layer in result.models[0].layers)
