"""Differential tests of the Keras 3 UpSampling, ZeroPadding and Cropping entries
(layerlint/layers/keras/padding.py)."""

import inspect
import random

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

LAYERS = [
    f"{kind}{rank}D" for kind in ("UpSampling", "ZeroPadding", "Cropping") for rank in (1, 2, 3)
]

HAND_PICKED = [
    # UpSampling
    ("UpSampling1D()", (None, 5, 3)),
    ("UpSampling1D(3)", (None, None, 3)),
    ("UpSampling1D(2.0)", (None, 5, 3)),
    ("UpSampling1D(True)", (None, 5, 3)),
    ("UpSampling1D(0)", (None, 5, 3)),
    ("UpSampling1D(2, data_format='channels_first')", (None, 5, 3)),
    ("UpSampling1D(2)", (None, 5, 3, 2)),
    ("UpSampling2D(0)", (None, 8, 8, 3)),
    ("UpSampling2D((2, 3))", (None, 8, 8, 3)),
    ("UpSampling2D((2, 3, 4))", (None, 8, 8, 3)),
    ("UpSampling2D(3, data_format='channels_first')", (None, 8, None, 3)),
    ("UpSampling2D(interpolation='foo')", (None, 8, 8, 3)),  # only checked when run
    ("UpSampling2D(interpolation='BILINEAR')", (None, 8, 8, 3)),
    ("UpSampling2D(interpolation=3)", (None, 8, 8, 3)),
    ("UpSampling2D(data_format='x')", (None, 8, 8, 3)),
    ("UpSampling3D(2, data_format='channels_first')", (None, 8, 2, 3, None)),
    ("UpSampling3D((1, 2, 3))", (None, 4, 4, 4, 1)),
    ("UpSampling3D()", (None, 4, 4, 1)),
    # ZeroPadding
    ("ZeroPadding1D()", (None, 8, 3)),
    ("ZeroPadding1D(-1)", (None, 8, 3)),
    ("ZeroPadding1D((1, 2), data_format='channels_first')", (None, 3, 8)),
    ("ZeroPadding1D((1, 2, 3))", (None, 3, 8)),
    ("ZeroPadding1D(2.5)", (None, 3, 8)),
    ("ZeroPadding2D(-1)", (None, 8, 8, 3)),  # a negative int crops
    ("ZeroPadding2D(-4)", (None, 8, 8, 3)),
    ("ZeroPadding2D(-4)", (None, 8, None, 3)),
    ("ZeroPadding2D(-5)", (None, 8, 8, 3)),
    ("ZeroPadding2D(-5)", (None, 8, None, 3)),
    ("ZeroPadding2D((1, 2))", (None, 8, 8, 3)),
    ("ZeroPadding2D((-1, 2))", (None, 8, 8, 3)),
    ("ZeroPadding2D(((1, 2), (3, 4)), data_format='channels_first')", (None, 3, 8, None)),
    ("ZeroPadding2D((1, 2, 3))", (None, 8, 8, 3)),
    ("ZeroPadding2D(((1, 2, 3), (3, 4)))", (None, 8, 8, 3)),
    ("ZeroPadding2D(((1, 2), 3.0))", (None, 8, 8, 3)),
    ("ZeroPadding2D(2.0)", (None, 8, 8, 3)),
    ("ZeroPadding2D(None)", (None, 8, 8, 3)),
    ("ZeroPadding3D(-1)", (None, 8, 8, 8, 3)),
    ("ZeroPadding3D(-5)", (None, 8, 10, 12, 3)),
    ("ZeroPadding3D((1, 2, (0, 3)))", (None, 8, 10, 12, 3)),
    ("ZeroPadding3D((1, 2))", (None, 8, 10, 12, 3)),
    ("ZeroPadding3D()", (None, 8, 10, 3)),
    # Cropping
    ("Cropping1D()", (None, 2, 8)),
    ("Cropping1D()", (None, 3, 8)),
    ("Cropping1D((3, 3))", (None, 5, 3)),
    ("Cropping1D(2)", (None, 8, 3)),
    ("Cropping1D(-2)", (None, 8, 3)),
    ("Cropping1D((0, 7))", (None, 8, 3)),
    ("Cropping1D(4)", (None, None, 3)),
    ("Cropping1D(1)", (None, 8, 3, 3)),
    ("Cropping2D()", (None, 8, 8, 3)),
    ("Cropping2D(3)", (None, 5, 5, 3)),
    ("Cropping2D(-1)", (None, 5, 5, 3)),
    ("Cropping2D((1, 2))", (None, 8, 8, 3)),
    ("Cropping2D((1, 2, 3))", (None, 8, 8, 3)),
    ("Cropping2D(((1, -2), (0, 0)))", (None, 8, 8, 3)),
    ("Cropping2D(4)", (None, 8, 8, 3)),
    ("Cropping2D(3)", (None, None, 7, 3)),
    ("Cropping2D(4)", (None, None, 7, 3)),
    ("Cropping2D(((0, 0), (3, 4)), data_format='channels_first')", (None, 3, 1, 8)),
    ("Cropping2D(((0, 0), (3, 5)), data_format='channels_first')", (None, 3, 1, 8)),
    ("Cropping2D(1.0)", (None, 8, 8, 3)),
    ("Cropping3D(3)", (None, 5, 5, 5, 3)),
    ("Cropping3D(((1, 2), (0, 0), 3))", (None, 8, 8, 8, 3)),
    ("Cropping3D(((1, 2), (0, 0), 3), data_format='channels_first')", (None, 3, 8, 8, 5)),
    ("Cropping3D(((1, 2), (0, 0), 3), data_format='channels_first')", (None, 3, 8, 8, 7)),
    ("Cropping3D(None)", (None, 8, 8, 8, 3)),
    ("Cropping3D(-1)", (None, 8, 8, 8, 3)),
    ("Cropping3D((1, 1))", (None, 8, 8, 8, 3)),
    ("Cropping3D()", (None, None, None, None, None)),
]


def _amount_arg(rng: random.Random, rank: int, low: int, high: int, pairs: bool) -> str:
    form = rng.random()
    if form < 0.35:
        return str(rng.randint(low, high))
    if rank == 1 or form < 0.65 or not pairs:
        return repr(tuple(rng.randint(low, high) for _ in range(2 if rank == 1 else rank)))
    return repr(
        tuple(
            rng.randint(low, high) if rng.random() < 0.3 else (rng.randint(low, high),) * 2
            for _ in range(rank)
        )
    )


def _input(rng: random.Random, rank: int, fmt: str) -> tuple:
    ndim = rank + 2 if rng.random() < 0.93 else rng.choice([rank + 1, rank + 3])
    dims = [rng.choice([None, *range(1, 11)]) for _ in range(ndim - 2)]
    channels = rng.choice([None, 1, 3])
    return (None, *dims, channels) if fmt == "channels_last" else (None, channels, *dims)


def _random_case(rng: random.Random, layer: str) -> tuple[str, tuple]:
    rank = int(layer[-2])
    has_format = not (rank == 1 and layer != "ZeroPadding1D")
    fmt = (
        rng.choice(["channels_last", "channels_last", "channels_first"])
        if has_format
        else ("channels_last")
    )
    kwargs = {}
    if layer.startswith("UpSampling"):
        kwargs["size"] = (
            str(rng.randint(1, 3)) if rank == 1 else _amount_arg(rng, rank, 1, 3, pairs=False)
        )
    elif layer.startswith("ZeroPadding"):
        kwargs["padding"] = _amount_arg(rng, rank, 0, 3, pairs=True)
    else:
        kwargs["cropping"] = _amount_arg(rng, rank, 0, 4, pairs=True)
    if fmt == "channels_first" or (has_format and rng.random() < 0.2):
        kwargs["data_format"] = repr(fmt)
    src = f"{layer}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
    return src, _input(rng, rank, fmt)


def _grid() -> list[tuple[str, tuple]]:
    rng = random.Random(777)
    cases: dict = {}
    for layer in LAYERS:
        count = 30 if layer.startswith("Cropping") else 18
        while sum(1 for src, _ in cases if src.startswith(layer + "(")) < count:
            cases[_random_case(rng, layer)] = None
    return list(cases)


GRID = _grid()


@pytest.mark.parametrize("src, shape", HAND_PICKED + GRID)
def test_padding_matches_keras(src, shape):
    assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_grid_exercises_every_outcome():
    outcomes = [layerlint_layer(src, shape).error for src, shape in GRID]
    assert outcomes.count(None) > 100
    assert outcomes.count("build") > 15


@pytest.mark.parametrize("name", LAYERS)
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


@pytest.mark.parametrize("name", LAYERS)
def test_supports_masking_matches_keras(name):
    assert lookup("keras", name).supports_masking == real_layer(name)().supports_masking


# --- messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src, shape, code",
    [
        ("Cropping1D((3, 3))", (None, 5, 3), "LL103"),
        ("Cropping2D(3)", (None, 5, 5, 3), "LL103"),
        ("Cropping2D(4)", (None, None, 7, 3), "LL103"),
        (
            "Cropping3D(((1, 2), (0, 0), 3), data_format='channels_first')",
            (None, 3, 8, 8, 5),
            "LL103",
        ),
        ("ZeroPadding2D(-5)", (None, 8, None, 3), "LL103"),
        ("ZeroPadding3D(-5)", (None, 8, 10, 12, 3), "LL103"),
        ("Cropping2D(-1)", (None, 5, 5, 3), "LL105"),
        ("Cropping1D(-2)", (None, 8, 3), "LL105"),
        ("Cropping2D((1, 2, 3))", (None, 8, 8, 3), "LL105"),
        ("Cropping2D(((1, -2), (0, 0)))", (None, 8, 8, 3), "LL105"),
        ("Cropping3D(None)", (None, 8, 8, 8, 3), "LL105"),
        ("Cropping3D((1, 1))", (None, 8, 8, 8, 3), "LL105"),
        ("ZeroPadding2D((1, 2, 3))", (None, 8, 8, 3), "LL105"),
        ("ZeroPadding2D(((1, 2, 3), (3, 4)))", (None, 8, 8, 3), "LL105"),
        ("ZeroPadding2D(2.0)", (None, 8, 8, 3), "LL105"),
        ("ZeroPadding3D((1, 2))", (None, 8, 10, 12, 3), "LL105"),
        ("ZeroPadding1D(-1)", (None, 8, 3), "LL105"),
        ("UpSampling1D(2.0)", (None, 5, 3), "LL105"),
        ("UpSampling1D(0)", (None, 5, 3), "LL105"),
        ("UpSampling2D(0)", (None, 8, 8, 3), "LL105"),
        ("UpSampling2D(interpolation=3)", (None, 8, 8, 3), "LL105"),
    ],
)
def test_framework_message_is_keras_own(src, shape, code):
    error = layerlint_error(src, shape)
    theirs = keras_error(src, shape)
    assert error.code == code
    if "Exception encountered when calling" in error.framework:
        assert theirs.startswith(error.framework), (error.framework, theirs)
    else:
        assert error.framework == theirs


# --- unknown values --------------------------------------------------------------------------


def _run(kind: str, args: tuple, shape: tuple):
    spec = lookup("keras", kind)
    call = Call(kind, f"keras.layers.{kind}", args, {}, Span(1, 1, 1, 1))
    bound = bind(spec, call, snake(kind))
    spec.validate(bound)
    return spec.call(bound, shape)


@pytest.mark.parametrize(
    "kind, args, shape",
    [
        ("Cropping1D", (UNKNOWN,), (None, 2, 3)),
        ("Cropping2D", (((1, 1), UNKNOWN),), (None, 2, 2, 3)),
        ("ZeroPadding2D", (UNKNOWN,), (None, 2, 2, 3)),
        ("UpSampling2D", ((2, UNKNOWN),), (None, 2, 2, 3)),
        ("UpSampling1D", (UNKNOWN,), (None, 2, 3)),
    ],
)
def test_unknown_argument_makes_the_output_unknown(kind, args, shape):
    with pytest.raises(Unmodelled):
        _run(kind, args, shape)


@pytest.mark.parametrize(
    "kind, args, shape, expected",
    [
        ("Cropping1D", (4,), (None, "t", 3), (None, "?", 3)),  # never reported as too small
        ("Cropping2D", (((0, 0), (1, 1)),), (None, "h", 8, 3), (None, "h", 6, 3)),
        ("ZeroPadding2D", ((0, 2),), (None, "h", "w", "c"), (None, "h", "?", "c")),
        ("UpSampling2D", ((1, 2),), (None, "h", "w", 3), (None, "h", "?", 3)),
        ("UpSampling1D", (2,), (None, None, "c"), (None, None, "c")),
    ],
)
def test_unknown_dims_propagate(kind, args, shape, expected):
    out = _run(kind, args, shape)
    assert out.shape == expected and out.params == 0
