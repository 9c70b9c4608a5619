# expect: clean
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

IMG_SIZE = 32
N_CLASSES = 5

if __name__ == "__main__":
    images = np.random.rand(12, IMG_SIZE, IMG_SIZE, 3)
    labels = np.random.randint(0, N_CLASSES, size=12)
    labels = tf.keras.utils.to_categorical(labels, N_CLASSES)

    model = tf.keras.Sequential()
    model.add(layers.Input(shape=(IMG_SIZE, IMG_SIZE, 3)))
    model.add(layers.Rescaling(1.0 / 255))
    model.add(layers.Conv2D(16, 3, activation="relu"))
    model.add(layers.MaxPooling2D())
    model.add(layers.Flatten())
    model.add(layers.Dense(N_CLASSES, activation="softmax"))

    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(images, labels, epochs=1, verbose=0)
    model.evaluate(images, labels, verbose=0)
