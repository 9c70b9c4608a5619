# expect: clean
import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(4, 5)),
    layers.Lambda(lambda t: keras.ops.reshape(t, (-1, 20))),
    layers.Dense(2),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(8, 4, 5), np.random.rand(8, 2), epochs=1, verbose=0)
