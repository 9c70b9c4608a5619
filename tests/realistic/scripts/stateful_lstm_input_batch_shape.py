# expect: clean
import numpy as np
import keras
from keras import layers

batch_size = 4
X = np.random.rand(8, 6, 1)
y = np.random.rand(8, 1)

model = keras.Sequential()
model.add(keras.Input(batch_shape=(batch_size, 6, 1)))
model.add(layers.LSTM(10, stateful=True))
model.add(layers.Dense(1))
model.compile(loss="mse", optimizer="adam")
# Training a stateful RNN fails on the torch backend (an in-place autograd error, not a shape
# error), so this script only predicts.
predictions = model.predict(X, batch_size=batch_size, verbose=0)
