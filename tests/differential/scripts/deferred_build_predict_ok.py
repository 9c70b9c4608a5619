# expect: clean
import numpy as np
import keras

model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
predictions = model.predict(np.random.rand(5, 12), verbose=0)
