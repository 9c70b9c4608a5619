"""LL1xx: a layer and the tensor it receives disagree (Keras raises when the model is built)."""

from . import Rule, rule

rule(Rule(
    code="LL101",
    name="wrong-input-rank",
    severity="error",
    summary="A layer receives a tensor of the wrong rank.",
    why="Each Keras layer declares the ranks it accepts (InputSpec ndim/min_ndim). A Flatten "
        "before an LSTM, or 2-D data into a Conv2D, makes Keras raise `expected ndim=3, found "
        "ndim=2` as soon as the model is built.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(64, return_sequences=True),
    keras.layers.Flatten(),
    keras.layers.LSTM(32),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(64, return_sequences=True),
    keras.layers.LSTM(32),
])
""",
))

rule(Rule(
    code="LL102",
    name="feature-axis-mismatch",
    severity="error",
    summary="A layer's feature or channel axis does not fit its configuration.",
    why="Weights and groups are sized from the channel axis; Keras raises when the channels "
        "cannot be split as configured (e.g. 3 channels into groups=2).",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((28, 28, 3)),
    keras.layers.Conv2D(8, 3, groups=2),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((28, 28, 4)),
    keras.layers.Conv2D(8, 3, groups=2),
])
""",
))

rule(Rule(
    code="LL103",
    name="non-positive-dimension",
    severity="error",
    summary="An output dimension would be zero or negative.",
    why="A kernel, pool or cropping larger than its input leaves nothing: Keras raises "
        "`Computed output size would be zero or negative`.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((4, 4, 1)),
    keras.layers.Conv2D(8, 5),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((4, 4, 1)),
    keras.layers.Conv2D(8, 3),
])
""",
))

rule(Rule(
    code="LL104",
    name="reshape-size-mismatch",
    severity="error",
    summary="Reshape's target size differs from the size of its input.",
    why="Reshape keeps every value: Keras raises `The total size of the tensor must be "
        "unchanged` when the target shape holds a different number of values.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Reshape((4, 3)),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((12,)),
    keras.layers.Reshape((4, 3)),
])
""",
))

rule(Rule(
    code="LL105",
    name="invalid-layer-argument",
    severity="error",
    summary="A layer argument is rejected when the layer is created.",
    why="Keras validates arguments in the layer's constructor (a non-positive number of units, "
        "an unknown keyword), before any model exists.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(0),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(4),
])
""",
))

rule(Rule(
    code="LL111",
    name="invalid-optimizer-argument",
    severity="error",
    summary="An optimizer argument is rejected when the optimizer is created.",
    why="Keras 3 optimizers take learning_rate=, not the Keras 2 spelling lr= (\"Argument(s) "
        "not recognized: {'lr': 0.001}\"); tf.keras 2's default optimizers reject decay= "
        "(only tf.keras.optimizers.legacy.* take it); Keras 3 has no optimizers.legacy at all "
        "(ImportError where one is created). The script stops at that line. Keras 3 "
        "accepts decay= but ignores it, and tf.keras 2 ignores lr= (the learning rate stays the "
        "default): both are LL404 warnings.",
    bad="""\
import keras

model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="mse")
""",
    good="""\
import keras

model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
""",
))

rule(Rule(
    code="LL106",
    name="undefined-weight-dimension",
    severity="error",
    summary="Weights would be sized from an axis that is not defined (None).",
    why="Dense, recurrent and convolution layers size their kernels from the last (channel) "
        "axis; when it is None Keras raises `Shapes used to initialize variables must be "
        "fully-defined`.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((None,)),
    keras.layers.Dense(4),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((16,)),
    keras.layers.Dense(4),
])
""",
))

rule(Rule(
    code="LL107",
    name="several-outputs-into-one-input",
    severity="error",
    summary="A layer returning several tensors feeds a layer expecting one.",
    why="An RNN with return_state=True or Bidirectional(merge_mode=None) returns a list of "
        "tensors; inside a Sequential model the next layer receives the list. Most Keras "
        "layers reject it when the model is built (`expects 1 input(s), but it received 3 input "
        "tensors`); element-wise ones fail when the model is called on data.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(16, return_state=True),
    keras.layers.Dense(1),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(16),
    keras.layers.Dense(1),
])
""",
))

rule(Rule(
    code="LL110",
    name="model-construction",
    severity="error",
    summary="The Sequential model itself cannot be built (duplicate layer names, no layers, a "
            "build shape contradicting the Input).",
    why="Sequential requires unique layer names, at least one layer to build, and a single "
        "input shape; Keras raises at the add or build that breaks this.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(4, name="hidden"),
    keras.layers.Dense(1, name="hidden"),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(4, name="hidden"),
    keras.layers.Dense(1, name="output"),
])
""",
))

rule(Rule(
    code="LL112",
    name="tensorflow-function-on-keras-tensor",
    severity="error",
    summary="A TensorFlow function (tf.concat, tf.reduce_mean, ...) is called on a Keras 3 "
            "symbolic tensor.",
    why="In Keras 3 a functional model's tensors (keras.Input and what layers make of it) are "
        "KerasTensors, which refuse TensorFlow's conversion on every backend: the call raises "
        "\"A KerasTensor cannot be used as input to a TensorFlow function\". tf.keras 2 wrapped "
        "such calls in a layer of its own, so code written for it breaks here. Use the "
        "keras.ops function of the same name, or call the TensorFlow function inside a custom "
        "layer's call().",
    bad="""\
import keras
import tensorflow as tf

inputs = keras.Input((8, 4))
x = keras.layers.Dense(16)(inputs)
pooled = tf.reduce_mean(x, axis=1)
model = keras.Model(inputs, keras.layers.Dense(1)(pooled))
""",
    good="""\
import keras
import tensorflow as tf

inputs = keras.Input((8, 4))
x = keras.layers.Dense(16)(inputs)
pooled = keras.ops.mean(x, axis=1)
model = keras.Model(inputs, keras.layers.Dense(1)(pooled))
""",
))
