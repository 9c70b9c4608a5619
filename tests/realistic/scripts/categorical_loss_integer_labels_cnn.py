# expect: fit
# code: LL204
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.rand(16, 28, 28, 1)
y_train = np.random.randint(0, 10, size=(16,))

model = keras.Sequential([
    layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, verbose=0)
