"""Shapes from a configuration dict, data prepared inside a with-block and a helper."""
import numpy as np
import keras
from keras import layers

CONFIG = {"image_size": 16, "channels": 1, "classes": 5, "samples": 100}


def make_images(config):
    size = config["image_size"]
    flat = np.random.rand(config["samples"], size * size * config["channels"])
    return flat.reshape(-1, size, size, config["channels"])


with np.errstate(divide="ignore", invalid="ignore"):
    x = make_images(CONFIG)
    x = (x - x.min()) / (x.max() - x.min())
y = np.random.randint(0, CONFIG["classes"], size=(CONFIG["samples"], 1))

size, channels = CONFIG["image_size"], CONFIG["channels"]
model = keras.Sequential([
    keras.Input(shape=(size, size, channels)),
    layers.Conv2D(4, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(CONFIG["classes"], activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
