"""Keras activation layers against real Keras 3: ReLU, LeakyReLU, PReLU, ELU, Softmax."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import keras_layer, layerlint_layer

pytestmark = pytest.mark.keras3

SHAPES = [(None,), (None, 4), (None, None), (3, 4), (None, 3, 4), (None, None, 4), (None, 3, None),
          (None, 2, 3, 4), (None, 1)]

SHAPE_KEEPING = [
    "ReLU()", "ReLU(6.0)", "ReLU(max_value=0)", "ReLU(max_value=-1)", "ReLU(max_value='x')",
    "ReLU(negative_slope=0.1)", "ReLU(negative_slope=-0.1)", "ReLU(negative_slope=None)",
    "ReLU(threshold=0.5)", "ReLU(threshold=-1)", "ReLU(threshold=None)", "ReLU(1, 0.1, 0.2)",
    "ReLU(max_value=True)", "ReLU(foo=1)", "ReLU(1, 2, 3, 4)",
    "LeakyReLU()", "LeakyReLU(0.1)", "LeakyReLU(negative_slope=0)", "LeakyReLU(-0.2)",
    "LeakyReLU(None)", "LeakyReLU(alpha=0.2)", "LeakyReLU(alpha=-0.2)", "LeakyReLU(alpha=None)",
    "LeakyReLU('a')", "LeakyReLU(negative_slope=[0.1])",
    "ELU()", "ELU(0.5)", "ELU(alpha=-2)", "ELU(alpha='x')", "ELU(beta=1)",
    "Softmax()", "Softmax(1)", "Softmax(axis=-2)", "Softmax(axis=5)", "Softmax(axis=[1, 2])",
    "Softmax(axis=(1,))", "Softmax(axis=0)",
]
PRELU = [
    "PReLU()", "PReLU(shared_axes=[1])", "PReLU(shared_axes=[1, 2])", "PReLU(shared_axes=1)",
    "PReLU(shared_axes=(2,))", "PReLU(shared_axes=[-1])", "PReLU(shared_axes=0)",
    "PReLU(shared_axes=[3])", "PReLU(shared_axes=[5])", "PReLU(shared_axes=[1, 2, 3])",
    "PReLU(alpha_initializer='ones')", "PReLU(shared_axes=[])", "PReLU(alpha=0.1)",
    "PReLU(alpha_regularizer='l2')", "PReLU(alpha_regularizer='L2Norm')",
    "PReLU(alpha_constraint='non_neg')", "PReLU(alpha_constraint=[1])",
]


@pytest.mark.parametrize("src, shape", itertools.product(SHAPE_KEEPING + PRELU, SHAPES))
def test_activation_layers_match_keras(src, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_prelu_on_symbolic_axes_has_unknown_params():
    from test_catalogue_core import _run

    out = _run("PReLU()", (None, "T", 4))
    assert out.shape == (None, "T", 4) and out.params is None
    assert _run("PReLU(shared_axes=[1])", (None, "T", 4)).params == 4
