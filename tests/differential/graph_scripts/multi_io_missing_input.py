# expect: fit
import numpy as np
import keras
from keras import layers

a = keras.Input(shape=(6,), name="a")
b = keras.Input(shape=(2,), name="b")
output = layers.Dense(1)(layers.concatenate([a, b]))
model = keras.Model([a, b], output)
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(10, 6), np.random.rand(10, 1), verbose=0)
