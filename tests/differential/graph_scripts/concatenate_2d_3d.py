# expect: construct
import keras
from keras import layers

text = keras.Input(shape=(20, 8), name="text")
meta = keras.Input(shape=(5,), name="meta")
encoded = layers.LSTM(16, return_sequences=True)(text)
merged = layers.Concatenate()([encoded, meta])
model = keras.Model([text, meta], layers.Dense(1)(merged))
