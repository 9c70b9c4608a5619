# expect: clean
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(8, input_shape=(7, 3)),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(10, 7, 3), np.random.rand(10, 7, 1), epochs=1, verbose=0)
