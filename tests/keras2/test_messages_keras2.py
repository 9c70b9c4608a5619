"""tf.keras 2's exception texts (keras2_model.keras2_message) against tf_keras 2.21: a layer
that fails in ``Sequential([Input(shape), layer])`` gives layerlint's LayerError.framework equal
to tf_keras' message, or, for TensorFlow's "Negative dimension size" (whose node definition
layerlint does not reproduce), a prefix of it that names the layer and both sizes."""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

EXACT = [
    # Conv1D/2D/3D check a negative output length when built (base_conv.compute_output_shape).
    ("Conv1D(2, 4, dilation_rate=2)", (5, 1)), ("Conv1D(2, 3, dilation_rate=3)", (5, 1)),
    ("Conv2D(2, 5)", (2, 2, 1)), ("Conv3D(2, 4)", (2, 2, 2, 1)),
    ("Reshape((3, 4))", (13,)), ("Reshape((-1, 5))", (12,)), ("Reshape((2, 2, 2))", (4, 3)),
    ("Dense(3)", (None,)), ("Dense(3)", (4, None)),
    ("LSTM(4)", (3,)), ("GRU(4)", (2, 3, 4)), ("Conv2D(4, 3)", (8,)), ("Dense(3)", ()),
    ("GlobalAveragePooling2D()", (4, 3)), ("MaxPooling2D(2)", (4, 3)), ("Conv1D(3, 2)", (8,)),
    ("UpSampling1D(2)", (4,)), ("SimpleRNN(2)", (4,)),
    ("Cropping1D((3, 3))", (4, 3)), ("Cropping1D(2)", (4, 3)),
    ("Cropping2D(((2, 2), (0, 0)))", (4, 4, 3)),
    ("BatchNormalization(axis=2)", (3,)), ("BatchNormalization(axis=-3)", (3,)),
    ("LayerNormalization(axis=2)", (3,)),
]
PREFIX = [
    ("MaxPooling1D(2)", (1, 3)), ("Conv1D(3, 2)", (1, 3)), ("Conv2D(4, 3)", (2, 2, 3)),
    ("AveragePooling2D(3)", (2, 2, 3)), ("MaxPooling2D(3)", (2, 2, 3)),
    ("MaxPooling2D((1, 3))", (4, 2, 1)), ("Conv2D(2, (1, 3))", (4, 2, 1)),
    ("Conv2D(2, 3, data_format='channels_first')", (1, 2, 4)),
    ("Conv1D(3, 5, strides=2)", (4, 3)), ("Conv2D(4, 3, dilation_rate=2)", (4, 4, 3)),
    ("SeparableConv1D(4, 3)", (2, 3)), ("SeparableConv2D(2, 3, dilation_rate=2)", (4, 4, 1)),
    ("DepthwiseConv2D(3)", (2, 2, 3)), ("DepthwiseConv1D(3)", (2, 1)),
    ("Conv3D(2, 3)", (2, 2, 2, 1)), ("MaxPooling3D(3)", (2, 2, 2, 1)),
    ("AveragePooling1D(4, strides=1)", (3, 2)),
    # ConvLSTM: the window runs over the axes after time (a time axis shorter than it is fine).
    ("ConvLSTM1D(2, 3)", (2, 2, 1)), ("ConvLSTM1D(2, 5)", (2, 2, 1)),
    ("ConvLSTM2D(2, 3)", (1, 4, 2, 1)),
]


def both(src: str, shape: tuple) -> tuple[str, str | None, str | None]:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input(shape="
              f"{shape!r}), keras.layers.{src}])\n")
    real = run_script(script).error
    assert real is not None, "tf_keras accepts it: the case tests nothing"
    errors = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
              if d.severity == "error"]
    assert [(d.span.line, d.stage) for d in errors] == [(real.line, real.stage)]
    return f"{real.type}: {real.message}", errors[0].framework_error, errors[0].code


@pytest.mark.parametrize(("src", "shape"), EXACT, ids=[f"{s}-{sh}" for s, sh in EXACT])
def test_message_is_tf_keras(src: str, shape: tuple) -> None:
    real, mine, _ = both(src, shape)
    assert mine == real


@pytest.mark.parametrize(("src", "shape"), PREFIX, ids=[f"{s}-{sh}" for s, sh in PREFIX])
def test_negative_dimension_message_is_a_prefix(src: str, shape: tuple) -> None:
    real, mine, code = both(src, shape)
    assert code == "LL103"
    assert mine is not None and "Negative dimension size caused by subtracting" in mine
    assert real.startswith(mine) and real[len(mine):].startswith(" for '{{node ")
