# expect: construct
import keras
from keras import layers

a = keras.Input((10,))
b = keras.Input((3,))
merged = layers.concatenate([layers.Dense(4)(a), b])
model = keras.Model(a, layers.Dense(1)(merged))
