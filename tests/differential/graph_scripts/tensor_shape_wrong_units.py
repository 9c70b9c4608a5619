# expect: construct
import keras
from keras import layers

inputs = keras.Input(shape=(12,))
hidden = layers.Dense(8)(inputs)
shortcut = layers.Dense(inputs.shape[-1])(inputs)
merged = layers.Add()([hidden, shortcut])
model = keras.Model(inputs, merged)
