# expect: fit
# code: LL202
import numpy as np
import keras

X = np.random.rand(30, 5)
y = np.random.randint(0, 10, size=(30,))

model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
