# expect: construct
import keras
from keras import layers

inner = keras.Sequential([layers.Dense(8), layers.Dense(4)])
inp = keras.Input((16,))
h = inner(inp)
out = layers.LSTM(3)(h)
m = keras.Model(inp, out)
