"""The seed's three examples, and variations of example 3 that break it, in the Keras 2 dialect:
layerlint must agree with real tf.keras 2 (differential.compare) and name its error."""

from __future__ import annotations

import pathlib

import pytest
from differential.compare import compare

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def both(source: str, name: str = "example.py"):
    result = check_source(source, name, dialect="keras2")
    run = run_script(source)
    assert compare(result, run) == []
    return result, run


def errors(result):
    return [d for d in result.diagnostics if d.severity == "error"]


def test_example_1_fails_at_fit_with_the_keras2_message_and_the_reshape_fix():
    result, run = both((EXAMPLES / "seed_1_input_shape.py").read_text())
    assert run.error is not None and run.error.stage == "fit"
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL201", 12, "fit")
    assert 'Input 0 of layer "lstm" is incompatible with the layer: expected ndim=3, found ' \
        "ndim=2. Full shape received: (None, 10)" in d.framework_error
    assert 'Input 0 of layer "lstm"' in run.error.message
    assert any("(100, 1, 10)" in f.title for f in d.fixes)


def test_example_2_fails_at_the_second_lstm_with_the_keras2_message():
    result, run = both((EXAMPLES / "seed_2_layer_stack.py").read_text())
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL101", 7, "construct")
    assert d.framework_error == run.error.type + ": " + run.error.message
    assert {f.title for f in d.fixes} == {"Remove the Flatten layer (flatten)",
                                          "Replace LSTM (lstm_1) by keras.layers.Dense(32)"}


def test_example_3_is_clean_and_built_at_construction():
    result, run = both((EXAMPLES / "seed_3_padded_sequences.py").read_text())
    assert run.error is None and not errors(result)
    assert not [d for d in result.diagnostics if d.code == "LL404"]  # Keras 2 reads it
    [model] = result.models
    assert model.dialect == "keras2" and model.built and model.input_shape == (None, 4)
    assert [layer.output_shape for layer in model.layers] == [m.output_shape for m in
                                                              run.models[0].layers]


def test_example_3_padded_to_5_for_input_length_4_fails_at_fit():
    source = (EXAMPLES / "seed_3_padded_sequences.py").read_text().replace(
        "padding='post')", "padding='post', maxlen=5)")
    result, run = both(source)
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL304", 18, "fit")  # tests/keras2/test_sequences
    assert d.framework_error == ('ValueError: Input 0 of layer "sequential" is incompatible '
                                 "with the layer: expected shape=(None, 4), found shape=(None, 5)")
    assert "expected shape=(None, 4), found shape=(None, 5)" in run.error.message


def test_embedding_without_input_length_builds_and_fails_at_construction_in_keras2():
    """FRAMEWORK_FACTS: Embedding -> Flatten -> Dense fails at construction in Keras 2."""
    source = ("from tensorflow import keras\n"
              "model = keras.Sequential([keras.layers.Embedding(10, 5), keras.layers.Flatten(),"
              " keras.layers.Dense(1)])\n")
    result, run = both(source)
    [d] = errors(result)
    assert (d.code, d.stage) == ("LL106", "construct")
    assert d.framework_error == ("ValueError: " + run.error.message)
    assert not errors(check_source(source, dialect="keras3"))  # Keras 3 waits for data


@pytest.mark.parametrize("source", [
    # trailing axis of size 1 added / dropped at fit, as Keras 3 does
    ("m = keras.Sequential([keras.layers.Dense(4, input_shape=(20,)), keras.layers.Dense(1)])\n"
    "m.compile('adam', 'mse')\nm.fit(np.zeros((8, 20, 1)), np.zeros((8, 1)), verbose=0)\n"),
    ("m = keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=(28, 28, 1)), "
    "keras.layers.Flatten(), keras.layers.Dense(1)])\n"
    "m.compile('adam', 'mse')\nm.fit(np.zeros((8, 28, 28)), np.zeros((8, 1)), verbose=0)\n"),
    # a different length on a declared axis: Keras 2 checks the whole shape
    ("m = keras.Sequential([keras.layers.Dense(4, input_shape=(20,)), keras.layers.Dense(1)])\n"
    "m.compile('adam', 'mse')\nm.fit(np.zeros((8, 21)), np.zeros((8, 1)), verbose=0)\n"),
    # LeakyReLU: Keras 2 takes alpha and rejects negative_slope
    ("m = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), "
    "keras.layers.LeakyReLU(alpha=0.2)])\n"),
    ("m = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), "
    "keras.layers.LeakyReLU(negative_slope=0.2)])\n"),
    # model.build with another shape after input_shape: Keras 2 ignores it
    "m = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])\nm.build((None, 4))\n",
    # an RNN's input_dim declares (None, None, input_dim)
    "m = keras.Sequential([keras.layers.LSTM(3, input_dim=6)])\nm(np.zeros((4, 6)))\n",
    # a layer returning several tensors: Keras 2's Sequential rejects it when it is added
    "m = keras.Sequential([keras.layers.GRU(4, return_state=True, input_shape=(5, 3))])\n",
    ("m = keras.Sequential([keras.layers.GRU(4, return_state=True), keras.layers.Dense(1)])\n"
    "m.predict(np.zeros((2, 5, 3)), verbose=0)\n"),
    ("m = keras.Sequential()\nm.add(keras.layers.Dense(4, input_shape=(5, 3)))\n"
    "m.add(keras.layers.LSTM(4, return_state=True))\nm.add(keras.layers.Dense(1))\n"),
    # data of another width than the Input (1,): Dense's weights reject it, LayerNormalization's
    # broadcast in TF (layerlint then claims nothing)
    ("m = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(3)])\n"
    "m.predict(np.zeros((4, 4)), verbose=0)\n"),
    ("m = keras.Sequential([keras.Input(shape=(1,)), keras.layers.LayerNormalization()])\n"
    "m.predict(np.zeros((4, 4)), verbose=0)\n"),
    # Conv1D on a 4-D input: extra leading axes are batch axes in Keras 2
    "m = keras.Sequential([keras.layers.Conv1D(3, 3, input_shape=(4, 8, 3))])\n",
    # losses: categorical needs equal shapes, binary after a sigmoid too, mse broadcasts
    ("m = keras.Sequential([keras.layers.Dense(2, activation='softmax', input_shape=(4,))])\n"
    "m.compile('adam', 'categorical_crossentropy')\n"
    "m.fit(np.zeros((16, 4)), np.zeros((16, 1)), verbose=0)\n"),
    ("m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(4,))])\n"
    "m.compile('adam', 'binary_crossentropy')\n"
    "m.fit(np.zeros((16, 4)), np.zeros((16, 2)), verbose=0)\n"),
    ("m = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])\n"
    "m.compile('adam', 'mse')\nm.fit(np.zeros((16, 4)), np.zeros((16, 2)), verbose=0)\n"),
    ("m = keras.Sequential([keras.layers.Dense(3, input_shape=(4,))])\n"
    "m.compile('adam', 'sparse_categorical_crossentropy')\n"
    "m.fit(np.zeros((16, 4)), np.zeros((16, 2)), verbose=0)\n"),
])
def test_keras2_differences_agree_with_tf_keras(source: str):
    both("import numpy as np\nfrom tensorflow import keras\n" + source)
