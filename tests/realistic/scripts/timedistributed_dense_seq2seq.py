# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense, TimeDistributed

timesteps = 5
X = np.random.rand(30, timesteps, 1)
y = np.random.rand(30, timesteps, 1)

model = Sequential()
model.add(LSTM(20, input_shape=(timesteps, 1), return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.compile(loss='mean_squared_error', optimizer='adam')
model.fit(X, y, epochs=1, batch_size=10, verbose=0)
