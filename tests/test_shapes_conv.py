"""Conv / pooling arithmetic of layerlint.shapes: hand-checked values, free (None) and unknown
(str) dimensions, and a seeded randomized comparison with Keras' own shape functions."""

import random

import pytest

from layerlint.shapes import (
    UNKNOWN_DIM,
    channel_axis,
    conv_length,
    conv_transpose_length,
    is_known,
    pool_length,
    spatial,
    with_spatial,
)

# --- hand-checked values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, kernel, stride, padding, dilation, expected",
    [
        (28, 3, 1, "valid", 1, 26),
        (28, 3, 2, "valid", 1, 13),
        (28, 3, 2, "same", 1, 14),
        (27, 3, 2, "same", 1, 14),
        (10, 3, 1, "valid", 2, 6),  # effective kernel 5
        (10, 3, 3, "causal", 1, 4),
        (3, 3, 1, "valid", 1, 1),
        (2, 3, 1, "valid", 1, 0),  # the caller reports non-positive sizes
        (4, 3, 1, "valid", 3, -2),
        (0, 3, 3, "same", 1, 0),
    ],
)
def test_conv_length(n, kernel, stride, padding, dilation, expected):
    assert conv_length(n, kernel, stride, padding, dilation) == expected


@pytest.mark.parametrize(
    "n, kernel, stride, padding, output_padding, dilation, expected",
    [
        (4, 3, 1, "valid", None, 1, 6),
        (4, 3, 5, "valid", None, 1, 20),  # stride larger than the kernel fills the gap
        (4, 3, 2, "same", None, 1, 8),
        (4, 3, 2, "same", 1, 1, 8),
        (4, 4, 3, "same", 1, 1, 10),
        (4, 3, 2, "valid", 0, 1, 9),
        (4, 3, 1, "valid", None, 2, 8),
        (0, 2, 1, "same", 0, 1, -1),
    ],
)
def test_conv_transpose_length(n, kernel, stride, padding, output_padding, dilation, expected):
    assert conv_transpose_length(n, kernel, stride, padding, output_padding, dilation) == expected


@pytest.mark.parametrize(
    "n, pool, stride, padding, expected",
    [
        (8, 2, 2, "valid", 4),
        (9, 2, 2, "valid", 4),
        (9, 2, 2, "same", 5),
        (8, 3, 1, "valid", 6),
        (2, 3, 3, "valid", 0),
        (0, 3, 3, "same", 0),
    ],
)
def test_pool_length(n, pool, stride, padding, expected):
    assert pool_length(n, pool, stride, padding) == expected


# --- free and unknown dimensions -------------------------------------------------------------

LENGTH_FUNCTIONS = [
    lambda n: conv_length(n, 3, 2, "valid"),
    lambda n: conv_length(n, 3, 2, "same"),
    lambda n: conv_transpose_length(n, 3, 2, "valid"),
    lambda n: conv_transpose_length(n, 3, 2, "same", 1),
    lambda n: pool_length(n, 2, 2, "valid"),
    lambda n: pool_length(n, 3, 2, "same"),
]


@pytest.mark.parametrize("fn", LENGTH_FUNCTIONS)
def test_free_length_stays_free(fn):
    assert fn(None) is None


@pytest.mark.parametrize("fn", LENGTH_FUNCTIONS)
def test_unknown_length_stays_unknown(fn):
    assert fn("timesteps") == UNKNOWN_DIM
    assert fn(UNKNOWN_DIM) == UNKNOWN_DIM


@pytest.mark.parametrize(
    "fn",
    [
        lambda n: conv_length(n, 1, 1, "valid"),
        lambda n: conv_length(n, 5, 1, "same", 3),
        lambda n: conv_length(n, 4, 1, "causal"),
        lambda n: conv_transpose_length(n, 3, 1, "same"),
        lambda n: pool_length(n, 1, 1, "valid"),
        lambda n: pool_length(n, 3, 1, "same"),
    ],
)
def test_identity_keeps_a_named_length(fn):
    """A length that cannot change keeps its name (and its value when known)."""
    assert fn("timesteps") == "timesteps"
    assert fn(7) == 7


def test_spatial_helpers():
    assert spatial((None, 28, 27, 3), "channels_last") == (28, 27)
    assert spatial((None, 3, 28, 27), "channels_first") == (28, 27)
    assert with_spatial((None, 28, 27, 3), [14, 13], 8, "channels_last") == (None, 14, 13, 8)
    assert with_spatial((None, 3, 28, 27), [14, 13], 8, "channels_first") == (None, 8, 14, 13)
    assert channel_axis("channels_last") == -1 and channel_axis("channels_first") == 1


# --- randomized comparison with Keras' own shape functions ------------------------------------


def _random_input(rng: random.Random, rank: int, data_format: str) -> tuple:
    dims = [rng.choice([None, *range(24)]) for _ in range(rank)]
    channels = rng.choice([1, 3, 8])
    return (None, *dims, channels) if data_format == "channels_last" else (None, channels, *dims)


def _sizes(rng: random.Random, rank: int, low: int, high: int) -> tuple:
    return tuple(rng.randint(low, high) for _ in range(rank))


def test_conv_output_shape_matches_keras():
    from keras.src.ops.operation_utils import compute_conv_output_shape

    rng = random.Random(1234)
    errors = 0
    for _ in range(3000):
        rank = rng.randint(1, 3)
        fmt = rng.choice(["channels_last", "channels_first"])
        x = _random_input(rng, rank, fmt)
        kernel, strides = _sizes(rng, rank, 1, 7), _sizes(rng, rank, 1, 4)
        dilation = _sizes(rng, rank, 1, 3)
        padding = rng.choice(["valid", "same", "causal"])
        lengths = [
            conv_length(n, k, s, padding, d)
            for n, k, s, d in zip(spatial(x, fmt), kernel, strides, dilation)
        ]
        ours_fails = padding == "valid" and any(is_known(n) and n <= 0 for n in lengths)
        try:
            theirs = compute_conv_output_shape(x, 5, kernel, strides, padding, fmt, dilation)
        except ValueError:
            errors += 1
            assert ours_fails, (x, kernel, strides, padding, dilation)
            continue
        assert not ours_fails, (x, kernel, strides, padding, dilation, theirs)
        assert with_spatial(x, lengths, 5, fmt) == tuple(theirs)
    assert 100 < errors < 2900  # both outcomes were exercised


def test_conv_transpose_output_shape_matches_keras():
    from keras.src.backend.common.backend_utils import compute_conv_transpose_output_shape

    rng = random.Random(99)
    for _ in range(3000):
        rank = rng.randint(1, 3)
        fmt = rng.choice(["channels_last", "channels_first"])
        x = _random_input(rng, rank, fmt)
        kernel, strides = _sizes(rng, rank, 1, 7), _sizes(rng, rank, 1, 4)
        dilation = _sizes(rng, rank, 1, 3)
        padding = rng.choice(["valid", "same"])
        output_padding = rng.choice([None, tuple(rng.randint(0, s - 1) for s in strides)])
        theirs = compute_conv_transpose_output_shape(
            x, kernel, 5, strides, padding, output_padding, fmt, dilation
        )
        lengths = [
            conv_transpose_length(n, k, s, padding, None if output_padding is None else op, d)
            for n, k, s, d, op in zip(
                spatial(x, fmt), kernel, strides, dilation, output_padding or (0,) * rank
            )
        ]
        assert with_spatial(x, lengths, 5, fmt) == tuple(theirs)


def test_pooling_output_shape_matches_keras():
    from keras.src.ops.operation_utils import compute_pooling_output_shape

    rng = random.Random(7)
    errors = 0
    for _ in range(3000):
        rank = rng.randint(1, 3)
        fmt = rng.choice(["channels_last", "channels_first"])
        x = _random_input(rng, rank, fmt)
        pool, strides = _sizes(rng, rank, 1, 6), _sizes(rng, rank, 1, 4)
        padding = rng.choice(["valid", "same"])
        lengths = [pool_length(n, p, s, padding) for n, p, s in zip(spatial(x, fmt), pool, strides)]
        ours_fails = padding == "valid" and any(is_known(n) and n <= 0 for n in lengths)
        try:
            theirs = compute_pooling_output_shape(x, pool, strides, padding, fmt)
        except ValueError:
            errors += 1
            assert ours_fails, (x, pool, strides, padding)
            continue
        assert not ours_fails, (x, pool, strides, padding, theirs)
        channels = x[channel_axis(fmt)]
        assert with_spatial(x, lengths, channels, fmt) == tuple(theirs)
    assert 100 < errors < 2900
