# expect: construct
import keras
from keras import layers

head = keras.Sequential([layers.Dense(8), layers.LSTM(4)])
inp = keras.Input((10, 16))
x = layers.Flatten()(inp)
out = head(x)
m = keras.Model(inp, out)
