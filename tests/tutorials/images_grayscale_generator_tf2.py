"""Grayscale images (X-ray-like scans) with ImageDataGenerator, tf.keras 2: color_mode
"grayscale" for a one-channel model, categorical targets for a softmax head sized from the
iterator's class count, a validation subset cut by the generator."""
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

IMG_SIZE = (64, 64)
datagen = ImageDataGenerator(rescale=1.0 / 255, validation_split=0.25, rotation_range=10)

train = datagen.flow_from_directory(
    "data/train", target_size=IMG_SIZE, color_mode="grayscale", batch_size=8,
    subset="training")
valid = datagen.flow_from_directory(
    "data/train", target_size=IMG_SIZE, color_mode="grayscale", batch_size=8,
    subset="validation")

model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(64, 64, 1)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(train.num_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train, validation_data=valid, epochs=1)
