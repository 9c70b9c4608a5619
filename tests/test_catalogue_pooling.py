"""Differential tests of the Keras 3 pooling entries (layerlint/layers/keras/pooling.py)."""

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
)

from layerlint.ir import UNKNOWN, Call, Span
from layerlint.layers.base import Unmodelled, bind, lookup

pytestmark = pytest.mark.keras3

POOLING = [f"{kind}Pooling{rank}D" for kind in ("Max", "Average") for rank in (1, 2, 3)]
GLOBAL_POOLING = [f"Global{name}" for name in POOLING]
ALIASES = {
    **{f"MaxPool{r}D": f"MaxPooling{r}D" for r in (1, 2, 3)},
    **{f"AvgPool{r}D": f"AveragePooling{r}D" for r in (1, 2, 3)},
    **{f"GlobalMaxPool{r}D": f"GlobalMaxPooling{r}D" for r in (1, 2, 3)},
    **{f"GlobalAvgPool{r}D": f"GlobalAveragePooling{r}D" for r in (1, 2, 3)},
}

HAND_PICKED = [
    ("MaxPooling2D()", (None, 8, 8, 3)),
    ("AveragePooling2D()", (None, 8, 8, 3)),  # pool_size is required
    ("MaxPooling2D(padding='SAME')", (None, 8, 8, 3)),  # case-sensitive, unlike conv
    ("MaxPooling2D(padding='causal')", (None, 8, 8, 3)),
    ("MaxPooling2D(2, padding=[1, 1])", (None, 8, 8, 3)),
    ("AveragePooling1D(2, strides=0, padding='foo')", (None, 8, 3)),
    ("MaxPooling2D(3)", (None, 2, 2, 3)),
    ("MaxPooling2D(3)", (None, 3, 3, 3)),
    ("MaxPooling2D(3, padding='valid')", (None, 2, None, 3)),
    ("MaxPooling2D(3, padding='same')", (None, 0, 5, 3)),
    ("MaxPooling2D(2, strides=0)", (None, 8, 8, 3)),
    ("MaxPooling2D(2, strides=0)", (None, None, None, 3)),
    ("MaxPooling2D(2, strides=0, padding='same')", (None, 8, 8, 3)),
    ("MaxPooling2D(2, strides=(0, 1), padding='same')", (None, None, None, 3)),
    ("MaxPooling2D(0)", (None, 8, 8, 3)),
    ("MaxPooling2D((2, 2, 2))", (None, 8, 8, 3)),
    ("MaxPooling2D(2.0)", (None, 8, 8, 3)),
    ("MaxPooling2D(2, strides=-1)", (None, 8, 8, 3)),
    ("MaxPooling2D(2, strides=(1, 2, 3))", (None, 8, 8, 3)),
    ("MaxPooling2D(2, data_format='foo')", (None, 8, 8, 3)),
    ("MaxPooling2D(2, data_format='Channels_First')", (None, 3, 8, 8)),
    ("MaxPooling2D(2, 1, 'same')", (None, 8, 8, 3)),
    ("MaxPool2D((3, 2), (1, 2), data_format='channels_first')", (None, 3, 8, 9)),
    ("AvgPool1D(4, data_format='channels_first')", (None, 3, 8)),
    ("MaxPooling1D(2)", (None, 8, 8, 3)),
    ("MaxPooling1D(2)", (None, 8)),
    ("MaxPooling3D()", (None, 8, 8, 3)),
    ("AveragePooling3D(3, padding='valid')", (None, 2, None, 3)),
    ("MaxPooling1D(2)", (None, None, None)),
    ("MaxPooling2D(2, name='p', dtype='float32')", (None, 8, 8, 3)),
    ("MaxPooling2D(2, groups=2)", (None, 8, 8, 3)),
    ("GlobalAveragePooling2D()", (None, 8, 3)),
    ("GlobalAveragePooling2D()", (None, 8, 8, 8, 3)),
    ("GlobalAveragePooling1D(keepdims=True, data_format='channels_first')", (None, 4, 7)),
    ("GlobalMaxPooling3D(keepdims=True)", (None, 4, 7, 5, 2)),
    ("GlobalMaxPooling1D()", (None, 4, 7)),
    ("GlobalMaxPooling1D()", (None, None, None)),
    ("GlobalAveragePooling2D(keepdims=1)", (None, 8, 8, 3)),
    ("GlobalAveragePooling2D(data_format='channels_first')", (None, 8, 8, 3)),
    ("GlobalAveragePooling2D(data_format='bad')", (None, 8, 8, 3)),
    ("GlobalMaxPool2D(keepdims=True, data_format='channels_first')", (None, 3, 8, 8)),
    ("GlobalAvgPool3D()", (None, 3, 8, 8, 2)),
]


def _spatial_arg(rng: random.Random, rank: int, low: int, high: int) -> str:
    if rank == 1 or rng.random() < 0.5:
        return str(rng.randint(low, high))
    return repr(tuple(rng.randint(low, high) for _ in range(rank)))


def _input(rng: random.Random, rank: int, fmt: str) -> tuple:
    ndim = rank + 2 if rng.random() < 0.93 else rng.choice([rank + 1, rank + 3])
    dims = [rng.choice([None, *range(1, 13)]) for _ in range(ndim - 2)]
    channels = rng.choice([None, 1, 3, 8])
    return (None, *dims, channels) if fmt == "channels_last" else (None, channels, *dims)


def _random_case(rng: random.Random, layer: str) -> tuple[str, tuple]:
    rank = int(re.search(r"(\d)D", layer).group(1))
    fmt = rng.choice(["channels_last", "channels_last", "channels_first"])
    kwargs = {}
    if layer.startswith("Global"):
        if rng.random() < 0.5:
            kwargs["keepdims"] = rng.choice(["True", "False"])
    else:
        if layer.startswith("Average") or rng.random() < 0.7:
            kwargs["pool_size"] = _spatial_arg(rng, rank, 1, 4)
        if rng.random() < 0.5:
            kwargs["strides"] = _spatial_arg(rng, rank, 1, 3)
        kwargs["padding"] = rng.choice(["'valid'", "'same'"])
    if fmt == "channels_first" or rng.random() < 0.2:
        kwargs["data_format"] = repr(fmt)
    src = f"{layer}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
    return src, _input(rng, rank, fmt)


def _grid() -> list[tuple[str, tuple]]:
    rng = random.Random(4242)
    cases: dict = {}
    for layer in POOLING:
        while sum(1 for src, _ in cases if src.startswith(layer + "(")) < 22:
            cases[_random_case(rng, layer)] = None
    for layer in GLOBAL_POOLING:
        while sum(1 for src, _ in cases if src.startswith(layer + "(")) < 8:
            cases[_random_case(rng, layer)] = None
    return list(cases)


GRID = _grid()


@pytest.mark.parametrize("src, shape", HAND_PICKED + GRID)
def test_pooling_matches_keras(src, shape):
    assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_grid_exercises_every_outcome():
    outcomes = [layerlint_layer(src, shape).error for src, shape in GRID]
    assert outcomes.count(None) > 100
    assert outcomes.count("build") > 15


@pytest.mark.parametrize("name", POOLING + GLOBAL_POOLING)
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


@pytest.mark.parametrize("name", POOLING + GLOBAL_POOLING)
def test_supports_masking_matches_keras(name):
    layer = real_layer(name)(2) if name in POOLING else real_layer(name)()
    assert lookup("keras", name).supports_masking == layer.supports_masking


# --- messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src, shape, code",
    [
        ("MaxPooling2D(3)", (None, 2, 2, 3), "LL103"),
        ("MaxPooling2D(3, padding='valid')", (None, 2, None, 3), "LL103"),
        ("AveragePooling1D(4, data_format='channels_first')", (None, None, 3), "LL103"),
        ("MaxPooling3D((1, 2, 5), data_format='channels_first')", (None, 2, None, 9, 4), "LL103"),
        ("MaxPooling2D(padding='SAME')", (None, 8, 8, 3), "LL105"),
        ("MaxPooling2D(2, padding=[1, 1])", (None, 8, 8, 3), "LL105"),
        ("MaxPooling2D(2, strides=0)", (None, 8, 8, 3), "LL105"),
        ("MaxPooling2D(0)", (None, 8, 8, 3), "LL105"),
        ("MaxPooling2D(2, strides=-1)", (None, 8, 8, 3), "LL105"),
        ("MaxPooling2D(2, data_format='foo')", (None, 8, 8, 3), "LL105"),
        ("MaxPooling1D(2)", (None, 8, 8, 3), "LL101"),
        ("GlobalAveragePooling2D()", (None, 8, 3), "LL101"),
    ],
)
def test_framework_message_is_keras_own(src, shape, code):
    error = layerlint_error(src, shape)
    theirs = keras_error(src, shape)
    assert error.code == code
    if "Exception encountered when calling" in error.framework:
        assert theirs.startswith(error.framework), (error.framework, theirs)
    elif code != "LL101":  # the rank message is base.require_ndim's (shared by all entries)
        assert error.framework == theirs


# --- unknown values --------------------------------------------------------------------------


def _run(kind: str, kwargs: dict, shape: tuple):
    spec = lookup("keras", kind)
    call = Call(kind, f"keras.layers.{kind}", (), kwargs, Span(1, 1, 1, 1))
    bound = bind(spec, call, snake(kind))
    spec.validate(bound)
    return spec.call(bound, shape)


@pytest.mark.parametrize(
    "kind, kwargs",
    [
        ("MaxPooling2D", {"pool_size": UNKNOWN}),
        ("MaxPooling2D", {"strides": UNKNOWN}),
        ("MaxPooling2D", {"padding": UNKNOWN}),
        ("AveragePooling2D", {"pool_size": 2, "data_format": UNKNOWN}),
        ("GlobalMaxPooling2D", {"keepdims": UNKNOWN}),
    ],
)
def test_unknown_argument_makes_the_output_unknown(kind, kwargs):
    with pytest.raises(Unmodelled):
        _run(kind, kwargs, (None, 1, 8, 3))


@pytest.mark.parametrize(
    "kind, kwargs, shape, expected",
    [
        ("MaxPooling2D", {}, (None, "h", 8, 3), (None, "?", 4, 3)),
        ("MaxPooling2D", {"pool_size": 1}, (None, "h", 8, "c"), (None, "h", 8, "c")),
        ("MaxPooling1D", {"pool_size": 9}, (None, "t", 3), (None, "?", 3)),
        (
            "AveragePooling2D",
            {"pool_size": 3, "strides": 1, "padding": "same"},
            (None, "h", "w", 3),
            (None, "h", "w", 3),
        ),
        ("GlobalMaxPooling2D", {}, (None, "h", "w", "c"), (None, "c")),
    ],
)
def test_unknown_dims_propagate(kind, kwargs, shape, expected):
    out = _run(kind, kwargs, shape)
    assert out.shape == expected and out.params == 0
