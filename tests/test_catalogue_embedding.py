"""Keras Embedding and Masking against real Keras 3."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import keras_layer, layerlint_layer
from test_catalogue_core import _run

pytestmark = pytest.mark.keras3

SHAPES = [(None,), (None, 5), (None, None), (7, 5), (None, 3, 4), (None, None, 4), (None, 1)]

EMBEDDING = [
    "Embedding(10, 4)", "Embedding(1, 1)", "Embedding(1000, 64, mask_zero=True)",
    "Embedding(10, 4, input_length=5)", "Embedding(10, 4, input_length=7)",
    "Embedding(input_dim=10, output_dim=3, embeddings_initializer='zeros')",
    "Embedding(0, 4)", "Embedding(10, 0)", "Embedding(-1, 4)", "Embedding(10.0, 4)",
    "Embedding(True, 4)", "Embedding(10, '4')", "Embedding(10)", "Embedding(10, 4, foo=1)",
    "Embedding(10, 4, input_shape=(5,))", "Embedding(10, 4, lora_rank=2)",
    "Embedding(10, 4, lora_rank=2, embeddings_constraint='non_neg')",
    "Embedding(10, 4, trainable=False, lora_rank=0)", "Embedding(10, 4, None)",
    "Embedding(10, 4, embeddings_regularizer='l1')", "Embedding(10, 4, embeddings_regularizer='x')",
    "Embedding(10, 4, embeddings_constraint='unit_norm')", "Embedding(10, 4, embeddings_constraint=1)",
]
MASKING = ["Masking()", "Masking(-1.0)", "Masking(mask_value=0)", "Masking(foo=2)"]


@pytest.mark.parametrize("src, shape", itertools.product(EMBEDDING + MASKING, SHAPES))
def test_embedding_layers_match_keras(src, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert layerlint_layer(src, shape) == keras_layer(src, shape)


def test_keras3_embedding_warns_on_input_length_and_drops_it():
    import keras

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = keras.layers.Embedding(10, 4, input_length=5)
    assert any("input_length" in str(w.message) for w in caught)
    assert not hasattr(layer, "input_length")
    assert "input_length" not in layer.get_config()
    # it does not give a Sequential its input shape: the model stays unbuilt
    model = keras.Sequential([layer])
    assert not model.built


def test_embedding_keeps_symbolic_dims():
    out = _run("Embedding(10, 4)", (None, "T"))
    assert out.shape == (None, "T", 4) and out.params == 40
