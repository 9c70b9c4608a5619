# expect: construct
import keras
from keras import layers

inner = keras.Sequential([layers.Dense(8), layers.Dense(4)])
inp = keras.Input((16,))
h = inner(inp)
z = keras.ops.reshape(h, (-1, 2, 2))
z = keras.ops.transpose(z, (0, 2, 1)) * 2.0
pooled = keras.ops.mean(z, axis=1)
both = keras.ops.concatenate([h, pooled], axis=-1)
out = layers.LSTM(3)(both)
m = keras.Model(inp, out)
