# expect: construct
# code: LL101
import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    layers.Input(shape=(20, 4)),
    layers.Conv1D(16, 3, activation="relu"),
    layers.Flatten(),
    layers.LSTM(32),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(10, 20, 4), np.random.rand(10, 1), epochs=1, verbose=0)
