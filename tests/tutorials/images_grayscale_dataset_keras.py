"""Handwritten digits saved as image files, read back with image_dataset_from_directory in
grayscale and one-hot labels: a one-channel functional convnet with a softmax head."""
import keras
from keras import layers

train_ds = keras.utils.image_dataset_from_directory(
    "digits", color_mode="grayscale", image_size=(28, 28), label_mode="categorical",
    batch_size=16)

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Rescaling(1.0 / 255)(inputs)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=1)
