"""Differential tests of the Keras 3 convolution entries (layerlint/layers/keras/conv.py):
error stage, output shape and parameter count against real Keras, plus signatures, masking
flags, the framework messages layerlint quotes, and unknown values."""

import inspect
import random
import re

import pytest
from catalogue_harness import (
    keras_error,
    keras_layer,
    layerlint_error,
    layerlint_layer,
    real_layer,
    snake,
    sorted_sets,
)

from layerlint.ir import UNKNOWN, Call, Span
from layerlint.layers.base import LayerError, Unmodelled, bind, lookup

pytestmark = pytest.mark.keras3

CONV_LAYERS = [
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "Conv1DTranspose",
    "Conv2DTranspose",
    "Conv3DTranspose",
    "SeparableConv1D",
    "SeparableConv2D",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
]
ALIASES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
}

# --- hand-picked cases: every check Keras makes, each measured on Keras 3.15 ---------------------

HAND_PICKED = [
    # rank: fewer axes (InputSpec min_ndim) and more axes (kernel shape check / IndexError)
    ("Conv1D(4, 3)", (None, 10)),
    ("Conv1D(4, 3)", (None, 10, 3, 2)),
    ("Conv2D(4, 3)", (None, 8, 3)),
    ("Conv3D(4, 3)", (None, 8, 8, 8, 8, 3)),
    ("Conv2DTranspose(4, 3)", (None, 8, 8, 8, 3)),
    ("Conv2DTranspose(4, 3)", (None, 8, 3)),
    ("Conv1DTranspose(4, 3)", (None, 8, 8, 3)),
    ("DepthwiseConv2D(3)", (None, 8, 8, 8, 3)),
    ("DepthwiseConv1D(3)", (None, 8, 8, 3)),
    ("SeparableConv1D(4, 3)", (None, 8, 8, 3)),
    ("SeparableConv2D(4, 3)", (None, 8)),
    # undefined channels
    ("Conv2D(4, 3)", (None, 28, 28, None)),
    ("Conv2D(4, 3, data_format='channels_first')", (None, None, 8, 8)),
    ("Conv2DTranspose(4, 3)", (None, 8, 8, None)),
    ("DepthwiseConv2D(3)", (None, 8, 8, None)),
    ("SeparableConv2D(4, 3)", (None, 8, 8, None)),
    ("Conv1D(4, 3)", (None, None, 5)),
    # too small
    ("Conv2D(4, 3)", (None, 2, 2, 3)),
    ("Conv2D(4, 3)", (None, 2, None, 3)),
    ("Conv2D(4, 3)", (None, 0, 4, 3)),
    ("Conv1D(4, 3)", (None, 3, 3)),
    ("Conv1D(4, 3, dilation_rate=2)", (None, 5, 3)),
    ("Conv1D(4, 3, dilation_rate=2)", (None, 4, 3)),
    ("Conv2D(4, 3, padding='same', strides=3)", (None, 0, 5, 3)),
    ("DepthwiseConv2D(5)", (None, 4, 9, 2)),
    ("SeparableConv1D(2, 4, dilation_rate=3)", (None, 9, 2)),
    ("Conv2DTranspose(4, 3)", (None, 0, 4, 3)),
    ("Conv2DTranspose(4, 2, padding='same', output_padding=0)", (None, 0, 4, 3)),
    ("Conv2DTranspose(4, 1, strides=3, output_padding=0)", (None, 0, 4, 3)),
    # padding forms
    ("Conv2D(4, 3, padding='causal')", (None, 8, 8, 3)),
    ("Conv2D(4, 3, padding='SAME')", (None, 8, 8, 3)),
    ("Conv2D(4, 3, padding='foo')", (None, 8, 8, 3)),
    ("Conv2D(4, 3, padding=5)", (None, 8, 8, 3)),
    ("Conv1D(4, 3, padding='causal', strides=2)", (None, 9, 3)),
    ("Conv1D(4, 3, padding='CAUSAL', strides=2)", (None, 9, 3)),
    ("Conv1D(4, 3, padding=[1, 1])", (None, 9, 3)),
    ("Conv1D(4, 3, padding='causal', data_format='channels_first')", (None, 3, 9)),
    ("Conv1DTranspose(4, 3, padding='causal')", (None, 8, 3)),
    ("Conv2DTranspose(4, 3, padding='causal')", (None, 8, 8, 3)),
    ("Conv2DTranspose(4, 3, padding='SAME')", (None, 4, 4, 3)),
    ("Conv2DTranspose(4, 3, padding=[1, 1])", (None, 8, 8, 3)),
    ("Conv2DTranspose(4, 3, padding=[1, 1])", (None, None, None, 3)),
    ("DepthwiseConv2D(3, padding=[1, 1])", (None, 8, 8, 3)),
    ("SeparableConv2D(4, 3, padding=[1, 1])", (None, 8, 8, 3)),
    ("SeparableConv1D(4, 3, padding='causal')", (None, 8, 3)),
    ("DepthwiseConv1D(3, padding='causal')", (None, 8, 3)),
    # argument values rejected by __init__
    ("Conv2D(4, 3, strides=2, dilation_rate=2)", (None, 8, 8, 3)),
    ("Conv2D(4, 3, strides=(2, 1), dilation_rate=(1, 2))", (None, 8, 8, 3)),
    ("Conv2DTranspose(4, 3, strides=2, dilation_rate=2)", (None, 4, 4, 3)),
    ("Conv2D(4, 3, groups=3)", (None, 8, 8, 3)),
    ("Conv2D(6, 3, groups=4)", (None, 8, 8, 3)),
    ("Conv2D(6, 3, groups=0)", (None, 8, 8, 3)),
    ("Conv2D(0, 3)", (None, 8, 8, 4)),
    ("Conv2D(-2, 3, groups=0)", (None, 8, 8, 4)),
    ("Conv2D(4, 0)", (None, 8, 8, 4)),
    ("Conv2D(4, (3, 3, 3))", (None, 8, 8, 4)),
    ("Conv2D(4, 3.0)", (None, 8, 8, 4)),
    ("Conv2D(4, 3, strides=0)", (None, 8, 8, 4)),
    ("Conv2D(4, 3, strides=(1, -1))", (None, 8, 8, 4)),
    ("Conv2D(4, 3, dilation_rate=0)", (None, 8, 8, 3)),
    ("Conv2D(4, 3, data_format='foo')", (None, 3, 8, 8)),
    ("Conv2D(4, 3, data_format='CHANNELS_FIRST')", (None, 3, 8, 8)),
    ("Conv2DTranspose(4, 3, strides=2, output_padding=2)", (None, 8, 8, 3)),
    ("Conv2DTranspose(4, 3, output_padding=-1)", (None, 4, 4, 3)),
    ("Conv2DTranspose(4, 3, output_padding=(0, 1))", (None, 4, 4, 3)),
    ("Conv2DTranspose(4, 3, output_padding=0)", (None, 4, 4, 3)),
    ("Conv2DTranspose(0, 3)", (None, 4, 4, 3)),
    ("DepthwiseConv2D(3, depth_multiplier=0)", (None, 8, 8, 3)),
    ("SeparableConv2D(4, 3, depth_multiplier=0)", (None, 8, 8, 3)),
    ("SeparableConv2D(0, 3)", (None, 8, 8, 3)),
    ("SeparableConv2D(4, 3, strides=0)", (None, 8, 8, 3)),
    # accepted by Keras (no strides/dilation check in depthwise and separable convs)
    ("DepthwiseConv2D(3, strides=2, dilation_rate=2)", (None, 8, 8, 3)),
    ("SeparableConv2D(4, 3, strides=2, dilation_rate=2)", (None, 8, 8, 3)),
    # build-time group check
    ("Conv2D(6, 3, groups=3)", (None, 8, 8, 4)),
    ("Conv2D(6, 3, groups=3)", (None, 8, 8, 6)),
    ("Conv1D(8, 3, groups=4, data_format='channels_first')", (None, 8, 10)),
    # keyword arguments each class takes or refuses
    ("Conv2D(4, 3, lora_rank=2)", (None, 8, 8, 3)),
    ("Conv2D(4, 3, lora_rank=2, lora_alpha=3, groups=1)", (None, 8, 8, 3)),
    ("Conv2DTranspose(4, 3, lora_rank=2)", (None, 8, 8, 3)),
    ("Conv2DTranspose(4, 3, groups=2)", (None, 4, 4, 3)),
    ("DepthwiseConv2D(3, groups=2)", (None, 4, 4, 3)),
    ("Conv2D(4, 3, name='c', trainable=False, dtype='float32')", (None, 8, 8, 3)),
    ("Conv2D(4, 3, kernel_size=3)", (None, 8, 8, 3)),
    ("Conv2D(4)", (None, 8, 8, 3)),
    ("Convolution2D(4, 3, use_bias=False)", (None, 8, 8, 3)),
    ("SeparableConvolution1D(4, 3, depth_multiplier=2)", (None, 8, 3)),
    ("Conv3DTranspose(2, 3, 2, 'same', 'channels_first')", (None, 3, 4, 5, 6)),
    ("Conv2DTranspose(2, 3, 2, 'same', 1)", (None, 4, 5, 3)),
    ("DepthwiseConv1D(3, 1, 'valid', 3)", (None, 8, 2)),
    ("Conv2D(4, 3)", (None, None, None, 3)),
]


# --- seeded random grid ------------------------------------------------------------------------


def _spatial_arg(rng: random.Random, rank: int, low: int, high: int) -> str:
    if rank == 1 or rng.random() < 0.5:
        return str(rng.randint(low, high))
    return repr(tuple(rng.randint(low, high) for _ in range(rank)))


def _input(rng: random.Random, rank: int, fmt: str, min_len: int = 1) -> tuple:
    ndim = rank + 2 if rng.random() < 0.93 else rng.choice([rank + 1, rank + 3])
    dims = [rng.choice([None, *range(min_len, 13)]) for _ in range(ndim - 2)]
    channels = rng.choice([1, 2, 3, 4, 6]) if rng.random() < 0.97 else None
    return (None, *dims, channels) if fmt == "channels_last" else (None, channels, *dims)


def _random_case(rng: random.Random, layer: str) -> tuple[str, tuple]:
    rank = int(re.search(r"(\d)D", layer).group(1))
    fmt = rng.choice(["channels_last", "channels_last", "channels_first"])
    args = []
    if not layer.startswith("Depthwise"):
        args.append(str(rng.choice([1, 2, 4, 6])))
    args.append(_spatial_arg(rng, rank, 1, 5))
    kwargs = {}
    if rng.random() < 0.6:
        kwargs["strides"] = _spatial_arg(rng, rank, 1, 3)
    paddings = ["'valid'", "'same'"] + (["'causal'"] if rank == 1 else [])
    kwargs["padding"] = rng.choice(paddings)
    if rng.random() < 0.4:
        kwargs["dilation_rate"] = _spatial_arg(rng, rank, 1, 3)
    if fmt == "channels_first" or rng.random() < 0.2:
        kwargs["data_format"] = repr(fmt)
    if rng.random() < 0.3:
        kwargs["use_bias"] = "False"
    plain_conv = layer.startswith(("Conv1D", "Conv2D", "Conv3D")) and "Transpose" not in layer
    if plain_conv and rng.random() < 0.3:
        kwargs["groups"] = str(rng.choice([1, 2, 3]))
    if layer.startswith(("Separable", "Depthwise")) and rng.random() < 0.5:
        kwargs["depth_multiplier"] = str(rng.choice([1, 2, 3]))
    if "Transpose" in layer and rng.random() < 0.4:
        kwargs["output_padding"] = str(rng.choice([0, 1]))
    src = f"{layer}({', '.join(args + [f'{k}={v}' for k, v in kwargs.items()])})"
    return src, _input(rng, rank, fmt)


def _grid() -> list[tuple[str, tuple]]:
    rng = random.Random(20260)
    per_layer = {
        "Conv1D": 45,
        "Conv2D": 50,
        "Conv3D": 20,
        "Conv1DTranspose": 25,
        "Conv2DTranspose": 35,
        "Conv3DTranspose": 15,
        "SeparableConv1D": 25,
        "SeparableConv2D": 30,
        "DepthwiseConv1D": 25,
        "DepthwiseConv2D": 30,
    }
    cases = {}
    for layer, count in per_layer.items():
        while sum(1 for src in cases if src[0].startswith(layer + "(")) < count:
            case = _random_case(rng, layer)
            cases[case] = None
    return list(cases)


GRID = _grid()


@pytest.mark.parametrize("src, shape", HAND_PICKED + GRID)
def test_conv_matches_keras(src, shape):
    assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_grid_exercises_every_outcome():
    """The random grid is only useful if it hits valid layers and both kinds of error."""
    outcomes = [layerlint_layer(src, shape).error for src, shape in GRID]
    assert outcomes.count(None) > 150
    assert outcomes.count("init") > 10
    assert outcomes.count("build") > 30


# --- signatures, aliases, masking ----------------------------------------------------------------


@pytest.mark.parametrize("name", CONV_LAYERS)
def test_signature_matches_keras(name):
    real = [
        (p.name, p.default)
        for p in inspect.signature(real_layer(name)).parameters.values()
        if p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    ours = [
        (p.name, inspect.Parameter.empty if p.required else p.default)
        for p in lookup("keras", name).signature
    ]
    assert ours == real


@pytest.mark.parametrize("alias, name", ALIASES.items())
def test_aliases_are_the_same_class(alias, name):
    assert real_layer(alias) is real_layer(name)
    assert lookup("keras", alias) is lookup("keras", name)


@pytest.mark.parametrize("name", CONV_LAYERS)
def test_supports_masking_matches_keras(name):
    layer = real_layer(name)(3) if name.startswith("Depthwise") else real_layer(name)(2, 3)
    assert lookup("keras", name).supports_masking == layer.supports_masking


# --- the messages layerlint quotes are Keras' own ----------------------------------------------


def assert_same_message(ours: str, theirs: str) -> None:
    ours, theirs = sorted_sets(ours), sorted_sets(theirs)
    if "Exception encountered when calling" in ours:  # Keras adds the call arguments after it
        assert theirs.startswith(ours), (ours, theirs)
    else:
        assert ours == theirs


MESSAGE_CASES = [
    ("Conv1D(4, 3)", (None, 10, 3, 2), "LL101"),
    ("Conv2DTranspose(4, 3)", (None, 8, 8, 8, 3), "LL101"),
    ("Conv2D(4, 3)", (None, 28, 28, None), "LL106"),
    ("DepthwiseConv2D(3)", (None, 8, 8, None), "LL106"),
    ("SeparableConv2D(4, 3)", (None, 8, 8, None), "LL106"),
    ("Conv2D(4, 3)", (None, 2, None, 3), "LL103"),
    ("Conv1D(4, 3, dilation_rate=2)", (None, 4, 3), "LL103"),
    ("DepthwiseConv2D(5, depth_multiplier=2)", (None, 4, 9, 2), "LL103"),
    ("Conv2D(4, 3, data_format='channels_first')", (None, 3, 2, 9), "LL103"),
    ("Conv2DTranspose(4, 1, strides=3, output_padding=0)", (None, 0, 4, 3), "LL103"),
    ("Conv2D(6, 3, groups=3)", (None, 8, 8, 4), "LL102"),
    ("Conv1D(4, 3, padding=[1, 1])", (None, 9, 3), "LL105"),
    ("Conv2DTranspose(4, 3, padding=[1, 1])", (None, 8, 8, 3), "LL105"),
    ("Conv2D(4, 3, padding='causal')", (None, 8, 8, 3), "LL105"),
    ("Conv2D(4, 3, padding=5)", (None, 8, 8, 3), "LL105"),
    ("Conv2D(4, 3, strides=2, dilation_rate=2)", (None, 8, 8, 3), "LL105"),
    ("Conv2D(4, 3, groups=3)", (None, 8, 8, 3), "LL105"),
    ("Conv2D(4, 3, groups=0)", (None, 8, 8, 3), "LL105"),
    ("Conv2D(0, 3)", (None, 8, 8, 4), "LL105"),
    ("Conv2D(4, (3, 3, 3))", (None, 8, 8, 4), "LL105"),
    ("Conv2D(4, 3.0)", (None, 8, 8, 4), "LL105"),
    ("Conv2D(4, 3, strides=0)", (None, 8, 8, 4), "LL105"),
    ("Conv2D(4, 3, data_format='foo')", (None, 3, 8, 8), "LL105"),
    ("Conv2DTranspose(4, 3, strides=2, output_padding=2)", (None, 8, 8, 3), "LL105"),
    ("Conv2DTranspose(4, 3, output_padding=-1)", (None, 4, 4, 3), "LL105"),
    ("SeparableConv2D(4, 3, depth_multiplier=0)", (None, 8, 8, 3), "LL105"),
]


@pytest.mark.parametrize("src, shape, code", MESSAGE_CASES)
def test_framework_message_is_keras_own(src, shape, code):
    error = layerlint_error(src, shape)
    assert error.code == code
    assert_same_message(error.framework, keras_error(src, shape))


def test_transpose_undefined_channels_message():
    """Keras names the variable by its model path, which the catalogue does not know."""
    src, shape = "Conv2DTranspose(4, 3)", (None, 8, 8, None)
    error = layerlint_error(src, shape)
    assert error.code == "LL106"
    prefix = error.framework.split(" for variable path=")[0]
    assert keras_error(src, shape).startswith(prefix + " for variable path=")


# --- values layerlint does not know --------------------------------------------------------------


def _run(kind: str, args: tuple, kwargs: dict, shape: tuple):
    spec = lookup("keras", kind)
    call = Call(kind, f"keras.layers.{kind}", args, kwargs, Span(1, 1, 1, 1))
    bound = bind(spec, call, snake(kind))
    spec.validate(bound)
    return spec.call(bound, shape)


@pytest.mark.parametrize(
    "kind, args, kwargs",
    [
        ("Conv2D", (UNKNOWN, 3), {}),
        ("Conv2D", (4, UNKNOWN), {}),
        ("Conv2D", (4, (3, UNKNOWN)), {}),
        ("Conv2D", (4, 3), {"padding": UNKNOWN}),
        ("Conv2D", (4, 3), {"strides": UNKNOWN}),
        ("Conv2D", (4, 3), {"data_format": UNKNOWN}),
        ("Conv2DTranspose", (4, 3), {"output_padding": UNKNOWN}),
        ("DepthwiseConv2D", (3,), {"depth_multiplier": UNKNOWN}),
        ("SeparableConv1D", (4, 3), {"dilation_rate": UNKNOWN}),
    ],
)
def test_unknown_argument_makes_the_output_unknown(kind, args, kwargs):
    shape = (None, 2, 8, 3) if kind.endswith("2D") or "2D" in kind else (None, 2, 3)
    with pytest.raises(Unmodelled):
        _run(kind, args, kwargs, shape)


def test_unknown_argument_does_not_hide_a_certain_init_error():
    with pytest.raises(LayerError) as info:
        _run("Conv2D", (UNKNOWN, 3), {"strides": 2, "dilation_rate": 2}, (None, 8, 8, 3))
    assert info.value.code == "LL105" and "dilation_rate > 1" in info.value.framework


def test_unknown_activation_is_irrelevant():
    out = _run("Conv2D", (4, 3), {"activation": UNKNOWN}, (None, 8, 8, 3))
    assert out.shape == (None, 6, 6, 4) and out.params == 112


@pytest.mark.parametrize(
    "kind, args, kwargs, shape, expected_shape, expected_params",
    [
        # an unknown spatial length is never too small, and the output is unknown
        ("Conv2D", (4, 3), {}, (None, "h", 28, 3), (None, "?", 26, 4), 112),
        ("Conv2D", (4, 3), {"padding": "same"}, (None, "h", 28, 3), (None, "h", 28, 4), 112),
        ("Conv1D", (4, 9), {}, (None, "t", 3), (None, "?", 4), 112),
        # unknown channels: the shape is known, the weights are not
        ("Conv2D", (4, 3), {}, (None, 8, 8, "c"), (None, 6, 6, 4), None),
        ("Conv2D", (4, 3), {"groups": 2}, (None, 8, 8, "c"), (None, 6, 6, 4), None),
        ("DepthwiseConv2D", (3,), {}, (None, 8, 8, "c"), (None, 6, 6, "?"), None),
        ("Conv2DTranspose", (4, 3), {}, (None, "h", 8, "c"), (None, "?", 10, 4), None),
        ("SeparableConv2D", (4, 3), {}, (None, 8, 8, "c"), (None, 6, 6, 4), None),
    ],
)
def test_unknown_dims_propagate(kind, args, kwargs, shape, expected_shape, expected_params):
    out = _run(kind, args, kwargs, shape)
    assert out.shape == expected_shape
    assert out.params == expected_params
