# expect: construct
import keras
from keras import layers

enc_in = keras.Input(shape=(32,))
encoder = keras.Model(enc_in, layers.Dense(8)(enc_in))

data = keras.Input(shape=(24,))
code = encoder(data)
model = keras.Model(data, layers.Dense(1)(code))
