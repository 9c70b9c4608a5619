"""Keras reshaping layers against real Keras 3: Flatten, Reshape, Permute, RepeatVector."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import keras_layer, layerlint_layer
from test_catalogue_core import _run

from layerlint.layers.base import LayerError

pytestmark = pytest.mark.keras3

SHAPES = [(None,), (None, 12), (None, None), (None, 3, 4), (None, None, 4), (None, 3, None),
          (None, 2, 3, 2), (4, 6, 2), (None, 0, 3), (None, 1, 12)]

FLATTEN = ["Flatten()", "Flatten('channels_first')", "Flatten(data_format='channels_last')",
           "Flatten(data_format='NCHW')", "Flatten(data_format=None)", "Flatten(1)",
           "Flatten(input_shape=(3, 4))"]
RESHAPE = [
    "Reshape((12,))", "Reshape((3, 4))", "Reshape((4, 3))", "Reshape((-1,))", "Reshape((-1, 4))",
    "Reshape((2, -1))", "Reshape((5, -1))", "Reshape((-1, -1))", "Reshape((-2, 6))",
    "Reshape((2, 2, 3))", "Reshape((24,))", "Reshape([6, 2])", "Reshape((0,))", "Reshape((0, -1))",
    "Reshape((2, None))", "Reshape((2.0, 6))", "Reshape(12)", "Reshape(None)", "Reshape(())",
    "Reshape(target_shape=(3, -1))", "Reshape()", "Reshape((12,), foo=1)", "Reshape((1, 12))",
    "Reshape((True, 12))",
]
PERMUTE = ["Permute((1,))", "Permute((2, 1))", "Permute((1, 2))", "Permute([3, 1, 2])",
           "Permute((1, 3))", "Permute((0, 1))", "Permute((2, 2))", "Permute(1)", "Permute(())",
           "Permute((3, 2, 1))", "Permute(dims=(2, 1))"]
REPEAT = ["RepeatVector(3)", "RepeatVector(1)", "RepeatVector(0)", "RepeatVector(-2)",
          "RepeatVector(2.0)", "RepeatVector(True)", "RepeatVector('3')", "RepeatVector(n=2)",
          "RepeatVector()"]


@pytest.mark.parametrize("src, shape", itertools.product(FLATTEN + RESHAPE + PERMUTE + REPEAT,
                                                         SHAPES))
def test_reshaping_layers_match_keras(src, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_flatten_of_a_free_axis_is_free():
    # Keras builds it: (None, None, 10) -> (None, None); a Dense after it then fails (LL106).
    assert _run("Flatten()", (None, None, 10)).shape == (None, None)


def test_flatten_of_symbolic_axis_is_unknown_but_fixed():
    assert _run("Flatten()", (None, "T", 10)).shape == (None, "?")


def test_reshape_size_mismatch_is_ll104():
    with pytest.raises(LayerError) as info:
        _run("Reshape((4, 3))", (None, 4))
    assert info.value.code == "LL104"
    assert "The total size of the tensor must be unchanged" in info.value.framework


def test_reshape_with_symbolic_input_is_not_checked():
    assert _run("Reshape((4, 3))", (None, "T", 5)).shape == (None, 4, 3)
    assert _run("Reshape((-1, 5))", (None, "T", 5)).shape == (None, "?", 5)
    assert _run("Reshape((-1, 5))", (None, None, "F")).shape == (None, None, 5)


def test_permute_and_repeat_keep_symbolic_dims():
    assert _run("Permute((2, 1))", (None, "T", 5)).shape == (None, 5, "T")
    assert _run("RepeatVector(3)", (None, "F")).shape == (None, 3, "F")


def test_bad_permute_dims_is_ll105():
    with pytest.raises(LayerError) as info:
        _run("Permute((0, 1))", (None, 3, 4))
    assert info.value.code == "LL105"
    assert "Invalid permutation argument `dims`" in info.value.framework
