"""A small data class holding the splits as attributes (self.x_train, ...)."""
import numpy as np
import keras
from keras import layers


class TabularData:
    def __init__(self, n_rows, n_features, n_classes):
        self.n_features = n_features
        self.n_classes = n_classes
        features = np.random.rand(n_rows, n_features)
        targets = np.random.randint(0, n_classes, size=n_rows)
        split = int(0.8 * n_rows)
        self.x_train, self.x_test = features[:split], features[split:]
        self.y_train, self.y_test = targets[:split], targets[split:]

    def normalized(self):
        mean = self.x_train.mean(axis=0)
        std = self.x_train.std(axis=0) + 1e-7
        return (self.x_train - mean) / std, (self.x_test - mean) / std


data = TabularData(200, 12, 3)
x_train, x_test = data.normalized()

model = keras.Sequential([
    keras.Input(shape=(data.n_features,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(data.n_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, data.y_train, validation_data=(x_test, data.y_test), epochs=1, verbose=0)
print(model.evaluate(x_test, data.y_test, verbose=0))
