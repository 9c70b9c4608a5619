# expect: construct
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Reshape((5, 3)),
    layers.LSTM(4),
])
