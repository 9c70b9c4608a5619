"""Catalogue entries in the Keras 2 dialect against tf_keras, one layer at a time: where Keras 2
differs (LeakyReLU's alpha, convolutions on extra leading axes, Embedding's input_length,
unknown keywords) and a sample of the rest."""

from __future__ import annotations

import itertools

import pytest

from .tf_keras_harness import layerlint_keras2_layer, tf_keras_layer

pytestmark = pytest.mark.keras2

GRID = {
    "LeakyReLU(alpha=0.2)": [(None, 4), (None, 3, 5)],
    "LeakyReLU()": [(None, 4)],
    "LeakyReLU(negative_slope=0.2)": [(None, 4)],
    "Conv1D(3, 2)": [(None, 8, 3), (None, 4, 8, 3), (None, 2, 4, 8, 3), (None, 1, 3), (None, 8)],
    "Conv1D(3, 2, padding='same', strides=2)": [(None, 5, 9, 2)],
    "Conv2D(4, 3)": [(None, 8, 8, 3), (None, 2, 8, 8, 3), (None, 8, 8), (None, 2, 2, 3)],
    "Conv3D(2, 2)": [(None, 4, 4, 4, 1), (None, 3, 4, 4, 4, 1)],
    "Embedding(10, 4)": [(None, 5), (None, None), (None, 5, 2)],
    "Embedding(10, 4, input_length=5)": [(None, 5)],
    "Dense(3)": [(None, 4), (None, 2, 4), (None, None), (None,)],
    "Dense(3, foo=1)": [(None, 4)],
    "Dense(3, batch_input_shape=(None, 4))": [(None, 4)],
    "LSTM(4)": [(None, 5, 3), (None, 3)],
    "LSTM(4, return_sequences=True, input_dim=3)": [(None, 5, 3)],
    "Bidirectional(LSTM(4), merge_mode='concat')": [(None, 5, 3)],
    "Flatten()": [(None, 5, 3), (None, None, 3)],
    "Reshape((3, 4))": [(None, 12), (None, 13)],
    "MaxPooling1D(2)": [(None, 5, 3), (None, 1, 3), (None, 5)],
    "GlobalAveragePooling2D()": [(None, 4, 4, 3)],
    "BatchNormalization()": [(None, 4), (None, 3, 4)],
    "LayerNormalization()": [(None, 4)],
    "Dropout(0.5)": [(None, 4)],
    "TimeDistributed(Dense(2))": [(None, 5, 3)],
    "RepeatVector(3)": [(None, 4), (None, 2, 4)],
    "Permute((2, 1))": [(None, 4, 3)],
    "ZeroPadding1D(2)": [(None, 4, 3)],
    "Cropping1D((1, 1))": [(None, 4, 3)],
    "Cropping1D(2)": [(None, 4, 3), (None, 5, 3)],
    "Cropping2D(2)": [(None, 4, 4, 1), (None, 5, 5, 1)],
    # tf.keras 2's Cropping3D slices unchecked: too much cropping leaves a length-0 axis.
    "Cropping3D(2)": [(None, 4, 4, 4, 1), (None, 5, 6, 7, 1), (None, 4, None, 5, 1)],
    "Cropping3D(((2, 3), (0, 0), (1, 0)))": [(None, 4, 4, 4, 1)],
    "Cropping3D(1, data_format='channels_first')": [(None, 1, 2, 3, 4)],
    # Keras 3-only and Keras 2-only arguments (test_signatures_keras2 covers them all).
    "Dense(3, lora_rank=2)": [(None, 4)],
    "Conv1D(3, 2, lora_rank=2)": [(None, 8, 3)],
    "LayerNormalization(rms_scaling=True)": [(None, 4)],
    "LSTM(4, time_major=False, seed=1)": [(None, 5, 3)],
    "Embedding(10, 4, sparse=False)": [(None, 5)],
    "Identity(False)": [(None, 4)],
    "ConvLSTM1D(2, 3)": [(None, 2, 2, 1), (None, 1, 4, 1)],
    "UpSampling2D(2)": [(None, 2, 3, 1)],
    # tf.keras 2's UpSampling3D has no InputSpec: any rank with the three axes it repeats.
    "UpSampling3D(2)": [(None, 2, 4, 2), (None, 2, 4), (None, None, 4, 2), (None, 1, 2, 3, 1)],
    "UpSampling3D((1, 2, 3))": [(None, 2, 4, 2, 1, 5)],
    "UpSampling3D(2, data_format='channels_first')": [(None, 2, 4, 3), (None, 2, 4, 3, 1),
                                                      (None, 1, 2, 3, 4, 5)],
    "SeparableConv1D(4, 2)": [(None, 6, 3)],
    "DepthwiseConv2D(2)": [(None, 4, 4, 3)],
}
CASES = [(src, shape) for src, shapes in GRID.items() for shape in shapes]


@pytest.mark.parametrize(("src", "shape"), CASES, ids=[f"{s}-{sh}" for s, sh in CASES])
def test_keras2_entry_matches_tf_keras(src: str, shape: tuple) -> None:
    assert layerlint_keras2_layer(src, shape) == tf_keras_layer(src, shape)


def test_the_grid_has_both_outcomes() -> None:
    outcomes = {layerlint_keras2_layer(src, shape).error for src, shape in
                itertools.islice(CASES, None)}
    assert outcomes == {None, "init", "build"}
