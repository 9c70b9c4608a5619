# expect: construct
import keras
from keras import layers

a = keras.Input((10,))
b = keras.Input((12,))
shared = layers.Dense(4)
left = shared(a)
right = shared(b)
model = keras.Model([a, b], layers.concatenate([left, right]))
