# expect: clean
import numpy as np
from keras import layers
import keras

x = np.random.rand(10, 64)
y = np.random.rand(10, 1)

model = keras.Sequential([
    keras.Input((64,)),
    layers.Reshape((-1, 8)),
    layers.Permute((2, 1)),
    layers.Conv1D(4, 3),
    layers.Flatten(),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, verbose=0)
