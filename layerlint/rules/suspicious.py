"""LL4xx: legal in the framework but almost surely a bug (warnings)."""

from . import Rule, rule

rule(Rule(
    code="LL401",
    name="dense-on-sequence-output",
    severity="warning",
    summary="The output Dense acts on a 3-D tensor, so the output keeps an axis the targets do "
            "not have.",
    why="Dense only transforms the last axis. After an RNN with return_sequences=True the model "
        "outputs one value per timestep; with per-sample targets Keras broadcasts them silently "
        "(mse and the other element-wise losses; in tf.keras 2 also binary_crossentropy) and "
        "trains on the wrong objective. When an RNN returning sequences feeds the Dense through "
        "per-step layers only (Dropout, Activation...) and the targets fit its last step's "
        "output, layerlint says so and offers return_sequences=False; the same hint and fix go "
        "with the errors this causes: a loss that rejects the targets (LL202/LL204, e.g. "
        "sparse_categorical_crossentropy with labels (N,) against (N, T, C)) and Flatten over a "
        "sequence of unknown length before a Dense (LL106, which also removes the Flatten). "
        "Deliberately not flagged: Flatten over a sequence of known length (a legitimate "
        "design: the Dense sees every step), targets with a time axis (sequence labelling), and "
        "targets that fit neither the sequence nor the last step (a data problem, reported by "
        "the loss check alone).",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(8, return_sequences=True),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(20, 10, 5), np.random.rand(20, 1), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(8),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(20, 10, 5), np.random.rand(20, 1), epochs=1, verbose=0)
""",
))

rule(Rule(
    code="LL402",
    name="softmax-on-one-unit",
    severity="warning",
    summary="Softmax over an axis of size 1 always outputs 1.0.",
    why="softmax normalises over the last axis; with one unit the output is constant and the "
        "model cannot learn. A single probability needs sigmoid.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(1, activation="softmax"),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(1, activation="sigmoid"),
])
""",
))

rule(Rule(
    code="LL403",
    name="target-broadcast",
    severity="warning",
    summary="Targets are broadcast against the output by an element-wise loss.",
    why="mse/mae and friends broadcast like numpy: targets (N, 20, 1) against an output (N, 1) "
        "train without an error but compare every output with every target. PyTorch's "
        "MSELoss, L1Loss, SmoothL1Loss and HuberLoss do the same after a UserWarning (\"Using "
        "a target size ... that is different to the input size\"): an output (N, 1) against "
        "targets (N,) trains on an (N, N) comparison; the fix squeezes the output or "
        "unsqueezes the targets.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(20, 8), np.random.rand(20, 20, 1), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(20, 8), np.random.rand(20, 1), epochs=1, verbose=0)
""",
))

rule(Rule(
    code="LL404",
    name="deprecated-argument",
    severity="warning",
    summary="An argument is deprecated or ignored in the dialect in use.",
    why="Keras 3 ignores Embedding(input_length=...) (\"Argument `input_length` is deprecated. "
        "Just remove it.\"): it no longer sets the model input, so the model is built only when "
        "data arrives. It still reads the Keras 2 spellings LeakyReLU(alpha=) and "
        "InputLayer(input_shape=) but warns (\"Use `negative_slope` instead.\", \"Use `shape` "
        "instead.\"). PyTorch's KLDivLoss / F.kl_div warn on reduction='mean', their default: "
        "it divides by the number of classes too, and will change to 'batchmean'.",
    bad="""\
import keras

model = keras.Sequential([
    keras.layers.Embedding(10, 5, input_length=4),
    keras.layers.LSTM(8),
    keras.layers.Dense(1),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.layers.Embedding(10, 5),
    keras.layers.LSTM(8),
    keras.layers.Dense(1),
])
""",
))
