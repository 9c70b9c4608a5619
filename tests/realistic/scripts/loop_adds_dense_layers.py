# expect: clean
import numpy as np
import keras
from keras import layers

hidden_units = [64, 32, 16]
model = keras.Sequential()
model.add(keras.Input(shape=(10,)))
for units in hidden_units:
    model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dropout(0.1))
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(20, 10), np.random.rand(20, 1), epochs=1, verbose=0)
