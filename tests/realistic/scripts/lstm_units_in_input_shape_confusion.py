# expect: fit
# code: LL201
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

X = np.random.rand(40, 15, 3)
y = np.random.rand(40, 1)

# input_shape=(None, 15): the user passed (features, timesteps) the wrong way round.
model = Sequential()
model.add(LSTM(64, input_shape=(3, 15)))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
