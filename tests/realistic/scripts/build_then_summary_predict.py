# expect: clean
import numpy as np
from keras import layers
import keras

model = keras.Sequential()
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(32, activation="relu"))
model.add(layers.Dense(4))
model.build((None, 20))
model.summary()
model.compile(optimizer="adam", loss="mse")
out = model.predict(np.random.rand(3, 20), verbose=0)
