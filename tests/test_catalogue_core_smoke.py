import pytest
from catalogue_harness import keras_layer, layerlint_layer

pytestmark = pytest.mark.keras3


@pytest.mark.parametrize(
    "src, shape",
    [("Dense(4)", (None, 10)), ("Dense(4)", (None, 3, 10)), ("Dense(4)", (None,)),
     ("Dense(0)", (None, 3)), ("Dense(4, use_bias=False)", (None, 7)), ("Dense(4, foo=1)", (None, 7)),
     ("Dense(4)", (None, None))],
)
def test_dense_matches_keras(src, shape):
    assert layerlint_layer(src, shape) == keras_layer(src, shape)


@pytest.mark.parametrize("src", ["Dense(4, trainable=1)", "Dense(4, trainable='no')", "Dense(4, trainable=False)"])
def test_trainable_must_be_a_bool(src):
    assert layerlint_layer(src, (None, 3)) == keras_layer(src, (None, 3))
