# expect: predict
# code: LL201
import numpy as np
import keras
from keras import layers

model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3), layers.Flatten(),
                          layers.Dense(2)])
batch = np.random.rand(2, 8, 8, 2).astype("float32")
logits = model(batch)
