# expect: build
# code: LL101
import keras
from keras import layers

model = keras.Sequential()
model.add(layers.LSTM(32))
model.add(layers.Dense(1))
model.build(input_shape=(None, 10))
model.summary()
