# expect: construct
import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(64, 3, padding="same")(inputs)
shortcut = layers.Conv2D(32, 1)(inputs)
x = layers.add([x, shortcut])
model = keras.Model(inputs, x)
