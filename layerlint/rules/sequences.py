"""LL3xx: sequence models."""

from . import Rule, rule

rule(Rule(
    code="LL301",
    name="stacked-rnn-without-sequences",
    severity="error",
    summary="An RNN receives 2-D input because the previous RNN does not return sequences.",
    why="A recurrent layer returns only its last output unless return_sequences=True, so the "
        "next recurrent layer gets (batch, units) instead of (batch, timesteps, units) and Keras "
        "raises `expected ndim=3, found ndim=2`.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(16),
    keras.layers.LSTM(8),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(16, return_sequences=True),
    keras.layers.LSTM(8),
])
""",
))
