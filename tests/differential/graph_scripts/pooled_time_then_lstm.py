# expect: construct
import keras
from keras import layers

inputs = keras.Input((100, 16))
x = layers.Conv1D(32, 3, activation="relu")(inputs)
x = layers.GlobalMaxPooling1D()(x)
x = layers.LSTM(8)(x)
model = keras.Model(inputs, x)
