# expect: fit
# code: LL201
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

series = np.sin(np.arange(100) / 5.0)
n_steps = 6
X, y = [], []
for i in range(len(series) - n_steps):
    X.append(series[i:i + n_steps])
    y.append(series[i + n_steps])
X, y = np.array(X), np.array(y)

# Forgot X = X.reshape((X.shape[0], X.shape[1], 1)); the model expects 3-D data.
model = Sequential()
model.add(LSTM(32, input_shape=(n_steps, 2)))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(X, y, epochs=1, verbose=0)
