"""Each catalogue entry's effective tf.keras 2 signature (keras2_model.KERAS2_ARGUMENTS applied
to the Keras 3 entry) against the real tf_keras 2.21 class: the same positional order as
``inspect.signature``, every keyword layerlint accepts accepted by the real constructor, every
keyword of the real signature accepted by layerlint, and a Keras 3-only argument rejected by
both with tf.keras' own message."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from layerlint.layers.base import all_specs
from layerlint.pipeline import check_source
from layerlint.replay.keras.keras2 import KERAS3_ONLY, Keras2Replay

from .tf_keras_harness import layerlint_keras2_layer, tf_keras_layer
from .tf_keras_runner import run_script, tf_keras

pytestmark = pytest.mark.keras2

ENTRIES = sorted(spec.name for spec in all_specs("keras") if spec.name not in KERAS3_ONLY)
# Values for the required arguments, to construct each layer.
REQUIRED = {"units": 2, "filters": 2, "kernel_size": 2, "input_dim": 10, "output_dim": 4,
            "target_shape": (2,), "dims": (1,), "n": 2, "rate": 0.5, "pool_size": 2,
            "activation": "relu", "scale": 2.0, "stddev": 0.1,
            "factor": 0.1, "height_factor": 0.1, "width_factor": 0.1, "height": 2, "width": 2,
            "num_bins": 3, "axes": 1}
# Per layer: arguments with a default the layer still needs to be constructed.
NEEDED_FOR = {"CategoryEncoding": {"num_tokens": 4}}
# Values for the arguments whose default (None) is not a value one would pass.
GIVEN = {"batch_input_shape": (None, 4), "input_shape": (4,)}
# Per layer: tf_keras' TextVectorization takes only dtype="string" (it rejects dtype=None).
GIVEN_FOR = {("TextVectorization", "dtype"): "string",
             # the lookups' int output rejects an explicit dtype=None (measured)
             ("StringLookup", "dtype"): "int64", ("IntegerLookup", "dtype"): "int64"}


def keras2_spec(kind: str) -> Any:
    return Keras2Replay.layer_spec(None, kind)  # type: ignore[arg-type]


def required(spec: Any) -> dict[str, Any]:
    keras = tf_keras()
    values = dict(NEEDED_FOR.get(spec.name, {}))
    for param in spec.signature:
        if param.required:
            values[param.name] = (keras.layers.LSTM(2) if param.name == "layer"
                                  else REQUIRED[param.name])
    return values


def rejection(cls: Any, kwargs: dict[str, Any]) -> str | None:
    try:
        cls(**kwargs)
    except Exception as e:  # noqa: BLE001 - the rejection is what is measured
        return f"{type(e).__name__}: {e}"
    return None


@pytest.mark.parametrize("kind", ENTRIES)
def test_positional_order_is_tf_keras(kind: str) -> None:
    real = inspect.signature(getattr(tf_keras().layers, kind).__init__).parameters.values()
    theirs = [p.name for p in real if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD]
    ours = [p.name for p in keras2_spec(kind).signature if not p.keyword_only]
    assert ours == theirs


@pytest.mark.parametrize("kind", ENTRIES)
def test_keywords_are_tf_keras(kind: str) -> None:
    spec = keras2_spec(kind)
    cls = getattr(tf_keras().layers, kind)
    args = required(spec)
    assert rejection(cls, args) is None
    ours = {p.name: p.default for p in spec.signature if not p.required}
    ours.update({k: v for k, v in spec.base_kwargs.items() if k not in ours})
    rejected = {name: r for name, value in ours.items() if name not in args
                and (r := rejection(cls, {**args, name: GIVEN_FOR.get(
                    (kind, name), GIVEN.get(name, value))}))}
    assert rejected == {}
    real = inspect.signature(cls.__init__).parameters.values()
    named = {p.name for p in real if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)} - {"self"}
    assert named - ours.keys() - args.keys() == set()


KERAS3_ONLY_ARGUMENTS = [
    "Dense(3, lora_rank=2)", "Dense(3, quantization_config=None)",
    "Embedding(10, 4, lora_rank=2)", "Conv2D(4, 3, lora_rank=2)", "SimpleRNN(3, seed=1)",
    "ConvLSTM2D(2, 3, seed=1)", "LSTM(4, use_cudnn=False)", "GRU(4, use_cudnn='auto')",
    "LayerNormalization(rms_scaling=True)", "ZeroPadding1D(2, data_format='channels_last')",
    "LeakyReLU(negative_slope=0.1)",
]
KERAS2_ONLY_ARGUMENTS = {
    "Embedding(10, 4, sparse=False)": (None, 5), "LSTM(4, time_major=False)": (None, 5, 3),
    "GRU(4, time_major=False)": (None, 5, 3), "Softmax(robust_masking=True)": (None, 4),
    "LSTM(4, seed=3)": (None, 5, 3), "SpatialDropout1D(0.5, seed=3)": (None, 5, 3),
    "MaxPooling1D(2, name='p')": (None, 6, 3),
    "GlobalAveragePooling1D(keepdims=True)": (None, 5, 3),
    "BatchNormalization(renorm=True)": (None, 4),
    "Conv3DTranspose(2, 2, 1, 'valid', (0, 0, 0))": (None, 3, 3, 3, 1),
}


@pytest.mark.parametrize("src", KERAS3_ONLY_ARGUMENTS)
def test_keras3_only_argument_rejected_with_tf_keras_message(src: str) -> None:
    assert layerlint_keras2_layer(src, (None, 5, 3)).error == "init"
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((5, 3)), "
              f"keras.layers.{src}])\n")
    real = run_script(script).error
    found = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
             if d.severity == "error"]
    assert real is not None and real.stage == "construct" and real.line == 2
    assert [(d.code, d.stage, d.span.line, d.framework_error) for d in found] == [
        ("LL105", "construct", 2, f"{real.type}: {real.message}")]


@pytest.mark.parametrize("src", KERAS2_ONLY_ARGUMENTS)
def test_keras2_only_argument_matches_tf_keras(src: str) -> None:
    shape = KERAS2_ONLY_ARGUMENTS[src]
    assert layerlint_keras2_layer(src, shape) == tf_keras_layer(src, shape)


@pytest.mark.parametrize("src", ["LSTM(4, time_major=True)", "Embedding(10, 4, sparse=True)"])
def test_keras2_only_argument_changing_shapes_is_unknown(src: str) -> None:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((5, 3)), "
              f"keras.layers.{src}])\n")
    found = check_source(script, "k2.py", dialect="keras2")
    assert not [d for d in found.diagnostics if d.severity == "error"]
    assert found.models[0].layers[-1].output_shape is None
