"""Gaussian blobs with one-hot targets from OneHotEncoder (a dense array, not the sparse one)."""
import numpy as np
import keras
from sklearn.datasets import make_blobs
from sklearn.preprocessing import OneHotEncoder

X, labels = make_blobs(n_samples=300, centers=4, n_features=3, random_state=7)
encoder = OneHotEncoder(sparse_output=False)
Y = encoder.fit_transform(labels.reshape(-1, 1))
model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, Y, epochs=3, verbose=0)
print(np.argmax(model.predict(X[:3], verbose=0), axis=1))
