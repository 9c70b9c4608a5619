# expect: clean
import numpy as np
from tensorflow import keras

X = np.random.rand(30, 5)
y = np.random.rand(30, 3)  # three targets, but the head has one unit

model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(5,)),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
