"""LL2xx: the data given to fit/evaluate/predict and the model disagree."""

from . import Rule, rule

rule(Rule(
    code="LL201",
    name="input-data-mismatch",
    severity="error",
    summary="Data passed to fit/evaluate/predict does not match the model input.",
    why="Keras 3 accepts data whose rank differs from the model input only by a trailing axis of "
        "size 1; otherwise `fit` raises `Invalid input shape for input ...` (or the first layer "
        "rejects the data).",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([
    keras.layers.LSTM(8, input_shape=(None, 10)),
    keras.layers.Dense(1),
])
data = np.random.rand(20, 10)
model.compile(optimizer="adam", loss="mse")
model.fit(data, np.random.rand(20, 1), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([
    keras.layers.LSTM(8, input_shape=(None, 10)),
    keras.layers.Dense(1),
])
data = np.random.rand(20, 1, 10)
model.compile(optimizer="adam", loss="mse")
model.fit(data, np.random.rand(20, 1), epochs=1, verbose=0)
""",
))

rule(Rule(
    code="LL202",
    name="target-output-mismatch",
    severity="error",
    summary="Targets do not match the model output under the compiled loss.",
    why="Cross-entropy losses need targets shaped like the output; element-wise losses need "
        "shapes that broadcast. Keras raises when the loss is first computed in fit.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(20, 8), np.random.rand(20, 4), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(20, 8), np.random.rand(20, 4), epochs=1, verbose=0)
""",
))

rule(Rule(
    code="LL203",
    name="sample-count-mismatch",
    severity="error",
    summary="x and y (or the validation x and y) have different numbers of samples.",
    why="Keras pairs inputs and targets sample by sample and raises `Data cardinality is "
        "ambiguous` when the counts differ. Counts layerlint does not know (a file's rows, the "
        "parts of a split of them) are never reported: x_train and y_train share one.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(20, 8), np.random.rand(18, 1), epochs=1, verbose=0)
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
    code="LL204",
    name="loss-label-kind",
    severity="error",
    summary="The loss cannot be used with these labels and this output (integer labels with "
            "categorical_crossentropy, one-hot labels with sparse_categorical_crossentropy).",
    why="categorical_crossentropy needs one-hot targets shaped like the output; integer class "
        "labels need sparse_categorical_crossentropy, and the other way round. Keras raises "
        "`Arguments target and output must have the same shape`.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(20, 8), np.random.randint(0, 5, (20, 1)), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(20, 8), np.random.randint(0, 5, (20, 1)), epochs=1, verbose=0)
""",
))

rule(Rule(
    code="LL205",
    name="python-list-data",
    severity="error",
    summary="A Python list (or tuple) of numbers is passed as x or y where Keras needs an array.",
    why="Keras 3 accepts arrays and tensors, not lists of numbers: fit/evaluate/predict raise "
        "`Unrecognized data type: x=[...] (of type <class 'list'>)` (naming x even when y is the "
        "list), train_on_batch `'float' object has no attribute 'shape'` and model(x) `Only "
        "input tensors may be passed as positional arguments`. tf.keras 2 converts lists only "
        "when x and y both are lists (`Failed to find data adapter` otherwise). Wrap the list in "
        "np.array(...). Ragged lists of token ids are LL303.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit([[1.0, 2.0], [3.0, 4.0]], np.zeros((2, 1)), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 1)), epochs=1, verbose=0)
""",
))

rule(Rule(
    code="LL206",
    name="one-sample-without-batch-axis",
    severity="error",
    summary="One sample is passed to predict (or model(x)) without its batch axis.",
    why="Keras reads the first axis of the data as the samples: `model.predict(x_test[0])` "
        "gives a (28, 28, 1) image to a model taking (None, 28, 28, 1), which Keras 3 and "
        "tf.keras 2 take as 28 samples of (28, 1) and reject (`Invalid input shape`, `expected "
        "shape=(None, 28, 28, 1)`, or the first layer's own error). Keep the batch axis: "
        "`x_test[0:1]`, `np.expand_dims(x, 0)` or `x[None]`.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3),
                          keras.layers.Flatten(), keras.layers.Dense(10)])
x_test = np.random.rand(10, 28, 28, 1)
model.predict(x_test[0], verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3),
                          keras.layers.Flatten(), keras.layers.Dense(10)])
x_test = np.random.rand(10, 28, 28, 1)
model.predict(x_test[0:1], verbose=0)
""",
))

rule(Rule(
    code="LL207",
    name="channels-first-data",
    severity="error",
    summary="Channels-first images (N, C, H, W) are passed to a channels-last model "
            "(None, H, W, C).",
    why="Keras models take images channels last by default; arrays from PyTorch-style loaders "
        "or `np.transpose` often have the channels on axis 1. The first convolution, built for "
        "C channels, then meets W on its channel axis (`expected axis -1 of input shape to "
        "have value 3`), or a model with an Input rejects the shape. Move the channels last: "
        "`np.transpose(x, (0, 2, 3, 1))`.",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3),
                          keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10)])
model.compile(optimizer="adam", loss="mse")
x = np.random.rand(20, 3, 32, 32)
model.fit(x, np.random.rand(20, 10), epochs=1, verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3),
                          keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10)])
model.compile(optimizer="adam", loss="mse")
x = np.random.rand(20, 3, 32, 32)
model.fit(np.transpose(x, (0, 2, 3, 1)), np.random.rand(20, 10), epochs=1, verbose=0)
""",
))
