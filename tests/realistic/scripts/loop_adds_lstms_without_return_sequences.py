# expect: construct
# code: LL301
import keras
from keras import layers

n_layers = 3
model = keras.Sequential()
model.add(keras.Input(shape=(20, 4)))
for i in range(n_layers):
    model.add(layers.LSTM(32))
model.add(layers.Dense(1))
