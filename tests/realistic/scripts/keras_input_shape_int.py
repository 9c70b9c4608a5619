# expect: construct
# code: LL105
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=784),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
