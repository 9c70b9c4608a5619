# expect: fit
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
model.compile(optimizer="sgd", loss="mse")
x = np.random.rand(100, 4)
y = np.random.rand(90, 1)
model.fit(x, y, verbose=0)
