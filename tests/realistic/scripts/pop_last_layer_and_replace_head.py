# expect: clean
import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((16,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.pop()
model.add(layers.Dense(2, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(10, 16), np.random.randint(0, 2, 10), epochs=1, verbose=0)
