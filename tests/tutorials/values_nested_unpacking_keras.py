"""Splits returned as nested tuples, unpacked with a starred target; a comprehension of
feature vectors."""
import numpy as np
import keras
from keras import layers


def splits(n, features):
    data = np.array([np.random.rand(features) for _ in range(n)])
    targets = np.random.rand(n, 1)
    cut = n // 2
    return (data[:cut], targets[:cut]), (data[cut:], targets[cut:]), "regression"


(x_train, y_train), *rest = splits(80, 6)
(x_test, y_test), task = rest

model = keras.Sequential([keras.Input((6,)), layers.Dense(8, activation="relu"), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=1, verbose=0)
print(task, model.evaluate(x_test, y_test, verbose=0))
