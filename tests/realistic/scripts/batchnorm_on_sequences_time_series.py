# expect: clean
import numpy as np
import keras
from keras import layers

X = np.random.rand(12, 20, 3)
y = np.random.rand(12, 20, 1)

model = keras.Sequential([
    keras.Input((20, 3)),
    layers.Conv1D(16, 5, padding="same"),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.Bidirectional(layers.GRU(8, return_sequences=True), merge_mode="sum"),
    layers.TimeDistributed(layers.Dense(1)),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
