# expect: construct
# code: LL107
import keras
from keras import layers

encoder = keras.Sequential([
    keras.Input(shape=(12, 4)),
    layers.LSTM(32, return_state=True),
    layers.Dense(8),
])
