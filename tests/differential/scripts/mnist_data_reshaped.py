# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.rand(60, 784).reshape(60, 28, 28, 1).astype("float32")
y_train = np.random.randint(0, 10, size=(60,))

model = keras.Sequential([
    layers.Conv2D(16, 3, activation="relu", input_shape=(28, 28, 1)),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, validation_split=0.1, epochs=1, verbose=0)
