# expect: fit
import numpy as np
from keras import layers
import keras

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
x = np.random.rand(30, 8)
y = np.random.randint(0, 3, size=(30,))
model.fit(x, y, epochs=1, verbose=0)
