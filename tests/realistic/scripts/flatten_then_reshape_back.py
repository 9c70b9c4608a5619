# expect: construct
# code: LL104
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((28, 28)),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Reshape((28, 28)),
])
