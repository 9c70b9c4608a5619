"""Rules for the batches of Keras' image and text loaders (replay/keras/loader_checks.py,
loader_keras2.py)."""

from . import Rule, rule

rule(Rule(
    code="LL405",
    name="loader-class-count",
    severity="warning",
    summary="One-hot targets from a directory fit the model's output only if it has one class.",
    why="flow_from_directory (class_mode=\"categorical\", the default) and "
        "image_dataset_from_directory(label_mode=\"categorical\") yield one target column per "
        "subfolder, a number layerlint never reads from disk. Against a Dense(1) head every "
        "directory of two or more classes fails at fit (Keras 3: \"Arguments `target` and "
        "`output` must have the same shape\") or is broadcast silently (tf.keras 2's "
        "binary_crossentropy on a Sequence); only one class would fit. For two classes load "
        "binary labels.",
    bad="""\
import keras

train = keras.utils.image_dataset_from_directory(
    "images/", image_size=(64, 64), label_mode="categorical")
model = keras.Sequential([
    keras.Input((64, 64, 3)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train, epochs=3)
""",
    good="""\
import keras

train = keras.utils.image_dataset_from_directory(
    "images/", image_size=(64, 64), label_mode="binary")
model = keras.Sequential([
    keras.Input((64, 64, 3)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train, epochs=3)
""",
))

rule(Rule(
    code="LL406",
    name="unchecked-generator-batches",
    severity="warning",
    summary="tf.keras 2 runs a layer silently on generator batches of other sizes than it was "
            "built for.",
    why="tf.keras 2 sees only the rank of a Sequence's batches (ImageDataGenerator's "
        "iterators), so no input check runs: each layer's TensorFlow kernel meets the real "
        "sizes. A Conv2D built for one channel and fed RGB images is read as a grouped "
        "convolution (3 groups); when its filters divide by 3 it trains without an error on "
        "images it does not see as intended. Load the images with the model's colour mode.",
    bad="""\
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

train = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
    "images/", target_size=(64, 64), class_mode="binary")
model = keras.Sequential([
    keras.layers.Conv2D(48, 3, activation="relu", input_shape=(64, 64, 1)),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train, epochs=3)
""",
    good="""\
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

train = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
    "images/", target_size=(64, 64), class_mode="binary", color_mode="grayscale")
model = keras.Sequential([
    keras.layers.Conv2D(48, 3, activation="relu", input_shape=(64, 64, 1)),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train, epochs=3)
""",
))
