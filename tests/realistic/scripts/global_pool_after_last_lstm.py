# expect: construct
# code: LL101
import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(40, 8)))
model.add(layers.LSTM(32))
model.add(layers.GlobalAveragePooling1D())
model.add(layers.Dense(1))
