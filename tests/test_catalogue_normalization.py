"""Keras normalization layers against real Keras 3: BatchNormalization, LayerNormalization,
GroupNormalization, UnitNormalization, RMSNormalization, Rescaling."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import keras_layer, layerlint_layer
from test_catalogue_core import _run

from layerlint.layers.base import LayerError

pytestmark = pytest.mark.keras3

SHAPES = [(None,), (None, 8), (None, None), (None, 3, 8), (None, None, 8), (None, 8, None),
          (None, 4, 6, 8), (2, 8), (None, 1)]

BATCH_NORM = [
    "BatchNormalization()", "BatchNormalization(axis=1)", "BatchNormalization(axis=-2)",
    "BatchNormalization(axis=2)", "BatchNormalization(axis=3)", "BatchNormalization(axis=-5)",
    "BatchNormalization(center=False)", "BatchNormalization(scale=False)",
    "BatchNormalization(center=False, scale=False)", "BatchNormalization(renorm=True)",
    "BatchNormalization(axis='1')", "BatchNormalization(axis='x')", "BatchNormalization(axis=[1])",
    "BatchNormalization(axis=1.7)", "BatchNormalization(axis=None)",
    "BatchNormalization(momentum=0.9, epsilon=1e-5)", "BatchNormalization(trainable=False)",
    "BatchNormalization(renorm=True, renorm_clipping={'rmax': 3, 'rmin': 0.5, 'dmax': 5})",
    "BatchNormalization(renorm=True, renorm_clipping={'rmax': 1, 'rmin': 3})",
    "BatchNormalization(renorm=True, renorm_clipping={'dmax': -1})",
    "BatchNormalization(renorm=True, renorm_clipping={'foo': 1})",
    "BatchNormalization(renorm_clipping={'foo': 1})", "BatchNormalization(foo=1)",
    "BatchNormalization(gamma_constraint='non_neg')", "BatchNormalization(beta_constraint='x')",
    "BatchNormalization(gamma_regularizer='l2', beta_regularizer='l1')",
    "LayerNormalization(beta_regularizer=3)", "GroupNormalization(2, gamma_regularizer='l2')",
]
LAYER_NORM = [
    "LayerNormalization()", "LayerNormalization(axis=1)", "LayerNormalization(axis=[1, 2])",
    "LayerNormalization(axis=(-2, -1))", "LayerNormalization(axis=[2, 1])",
    "LayerNormalization(axis=3)", "LayerNormalization(axis=[1, 3])", "LayerNormalization(axis=[])",
    "LayerNormalization(axis=[1, 1])", "LayerNormalization(axis='1')",
    "LayerNormalization(axis=1.0)", "LayerNormalization(center=False)",
    "LayerNormalization(scale=False)", "LayerNormalization(center=False, scale=False)",
    "LayerNormalization(rms_scaling=True)", "LayerNormalization(rms_scaling=True, scale=False)",
    "LayerNormalization(epsilon=1e-6, trainable=False)", "LayerNormalization(axis=0)",
]
OTHERS = [
    "RMSNormalization()", "RMSNormalization(axis=1)", "RMSNormalization(axis=[1, 2])",
    "RMSNormalization(axis=4)", "RMSNormalization(epsilon=1e-3)",
    "UnitNormalization()", "UnitNormalization(axis=1)", "UnitNormalization(axis=[1, 2])",
    "UnitNormalization(axis=3)", "UnitNormalization(axis=-4)", "UnitNormalization(axis='1')",
    "UnitNormalization(axis=None)",
    "GroupNormalization()", "GroupNormalization(2)", "GroupNormalization(8)",
    "GroupNormalization(3)", "GroupNormalization(16)", "GroupNormalization(-1)",
    "GroupNormalization(0)", "GroupNormalization(-2)", "GroupNormalization(2.0)",
    "GroupNormalization(4, axis=1)", "GroupNormalization(1, axis=3)",
    "GroupNormalization(2, center=False)", "GroupNormalization(2, scale=False, center=False)",
    "Rescaling(0.00392)", "Rescaling(2.0, offset=-1)", "Rescaling()", "Rescaling('a')",
    "Rescaling(scale=0.5, foo=1)",
]


@pytest.mark.parametrize("src, shape", itertools.product(BATCH_NORM + LAYER_NORM + OTHERS,
                                                         SHAPES))
def test_normalization_layers_match_keras(src, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_batch_norm_counts_moving_statistics_as_non_trainable():
    out = _run("BatchNormalization()", (None, 10, 64))
    assert (out.params, out.non_trainable) == (256, 128)


def test_batch_norm_on_free_axis_is_ll106():
    with pytest.raises(LayerError) as info:
        _run("BatchNormalization()", (None, 3, None))
    assert info.value.code == "LL106"


def test_normalization_on_symbolic_axis_has_unknown_params():
    for src in ("BatchNormalization()", "LayerNormalization()", "GroupNormalization(2)",
                "RMSNormalization()"):
        out = _run(src, (None, 3, "C"))
        assert out.shape == (None, 3, "C") and out.params is None, src
