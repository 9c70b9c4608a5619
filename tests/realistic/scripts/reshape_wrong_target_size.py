# expect: construct
# code: LL104
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(7 * 7 * 64, input_shape=(100,)),
    layers.Reshape((7, 7, 32)),
    layers.Conv2DTranspose(32, 3, strides=2, padding="same"),
    layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
])
