# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

# Keras 3 adds the trailing channel of size 1 itself: (N, 28, 28) into Input((28, 28, 1)) runs.
x_train = np.random.rand(20, 28, 28)
y_train = np.random.randint(0, 10, 20)

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, epochs=1, verbose=0)
