"""Keras regularization layers against real Keras 3: Dropout and its variants, GaussianNoise,
ActivityRegularization."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import keras_layer, layerlint_layer

pytestmark = pytest.mark.keras3

SHAPES = [(None,), (None, 4), (None, None), (None, 3, 4), (None, None, 4), (None, 2, 3, 4),
          (None, 2, 3, 4, 5), (2, 3, 4)]

RATES = ["0.5", "0", "1", "1.5", "-0.1", "'a'", "None", "True", "[0.5]"]

LAYERS = (
    [f"Dropout({r})" for r in RATES]
    + [f"GaussianDropout({r})" for r in RATES]
    + [f"GaussianNoise({r})" for r in RATES]
    + [f"AlphaDropout({r})" for r in RATES]
    + [f"SpatialDropout{n}D({r})" for n in (1, 2, 3) for r in ("0.5", "2", "'x'")]
    + [
        "Dropout(0.5, noise_shape=(None, 1))", "Dropout(0.5, noise_shape=(None, 7))",
        "Dropout(0.5, noise_shape=(None, 1, 4))", "Dropout(0.5, noise_shape='abc')",
        "Dropout(0.5, noise_shape=3)", "Dropout(0.5, noise_shape=(None, 0))",
        "Dropout(0.5, noise_shape=(None, -1))", "Dropout(0.5, noise_shape=(None, 2.0))",
        "Dropout(0.5, noise_shape=[None, 1])", "Dropout(0.5, seed=1)", "Dropout(rate=0.2)",
        "Dropout()", "Dropout(0.5, foo=1)", "Dropout(0.5, trainable=False)",
        "Dropout(0.5, input_shape=(4,))",
        "AlphaDropout(0.5, noise_shape='abc')", "AlphaDropout(0.5, noise_shape=(None, 0))",
        "GaussianNoise(0.1, seed=3)", "GaussianNoise(stddev=0.1, foo=3)",
        "SpatialDropout1D(0.5, trainable=False)", "SpatialDropout1D(0.5, name='sd')",
        "SpatialDropout1D(0.5, input_shape=(3, 4))", "SpatialDropout2D(0.5, 'channels_first')",
        "SpatialDropout2D(0.5, data_format='CHANNELS_LAST')", "SpatialDropout2D(0.5, 'nchw')",
        "SpatialDropout3D(0.5, data_format='channels_first', seed=1)",
        "SpatialDropout3D(0.5, data_format=3)", "SpatialDropout2D(0.5, seed=1, foo=2)",
        "ActivityRegularization()", "ActivityRegularization(0.1, 0.2)",
        "ActivityRegularization(l1=-1)", "ActivityRegularization(l2='a')",
        "ActivityRegularization(l1=None)", "ActivityRegularization(l2=1e999)",
        "ActivityRegularization(activity_regularizer='l2')", "ActivityRegularization(l3=1)",
        "Dropout(0.5, activity_regularizer='l2')", "Dropout(0.5, activity_regularizer='x')",
    ]
)


@pytest.mark.parametrize("src, shape", itertools.product(LAYERS, SHAPES))
def test_regularization_layers_match_keras(src, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert layerlint_layer(src, shape) == keras_layer(src, shape)
