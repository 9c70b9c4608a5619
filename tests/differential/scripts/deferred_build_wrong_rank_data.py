# expect: fit
import numpy as np
import keras
from keras import layers

model = keras.Sequential()
model.add(layers.Conv1D(4, 3, activation="relu"))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")

signals = np.random.rand(16, 50)  # forgot the channel axis
model.fit(signals, np.random.rand(16, 1), epochs=1, verbose=0)
