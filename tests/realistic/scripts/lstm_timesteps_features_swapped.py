# expect: fit
# code: LL201
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

n_steps = 10
n_features = 1
X = np.random.rand(40, n_steps)
# Reshaped to (samples, 1, n_steps) instead of (samples, n_steps, 1).
X = X.reshape((X.shape[0], 1, X.shape[1]))
y = np.random.rand(40)

model = Sequential()
model.add(LSTM(16, input_shape=(n_steps, n_features)))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(X, y, epochs=1, verbose=0)
