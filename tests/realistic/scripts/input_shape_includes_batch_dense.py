# expect: fit
# code: LL201
import numpy as np
import keras

X = np.random.rand(100, 20)
y = np.random.rand(100, 1)

# input_shape=X.shape is (100, 20): the model expects (None, 100, 20).
model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=X.shape),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
