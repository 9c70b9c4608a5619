# expect: clean
# code: LL404
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.InputLayer(input_shape=(10,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(12, 10), np.random.rand(12), epochs=1, verbose=0)
