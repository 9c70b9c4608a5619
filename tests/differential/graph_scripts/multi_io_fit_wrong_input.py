# expect: fit
import numpy as np
import keras
from keras import layers

image = keras.Input(shape=(16, 16, 3), name="image")
meta = keras.Input(shape=(4,), name="meta")
x = layers.Flatten()(image)
x = layers.concatenate([x, meta])
output = layers.Dense(1)(x)
model = keras.Model([image, meta], output)
model.compile(optimizer="adam", loss="mse")
model.fit([np.random.rand(32, 16, 16, 3), np.random.rand(32, 5)], np.random.rand(32, 1), verbose=0)
