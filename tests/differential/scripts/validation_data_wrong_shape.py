# expect: fit
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
x = np.random.rand(16, 3)
y = np.random.rand(16, 2)
x_val = np.random.rand(4, 3)
y_val = np.random.rand(4, 5)
model.fit(x, y, validation_data=(x_val, y_val), epochs=1, verbose=0)
