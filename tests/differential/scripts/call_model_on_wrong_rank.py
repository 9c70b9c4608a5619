# expect: predict
import numpy as np
import keras

model = keras.Sequential([keras.Input(shape=(6, 6, 3)), keras.layers.Conv2D(2, 3)])
out = model(np.random.rand(2, 6, 6))
