# expect: fit
# code: LL301
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

X = np.random.rand(20, 7, 3)
y = np.random.rand(20, 1)

model = Sequential()
model.add(LSTM(32))
model.add(LSTM(16))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(X, y, epochs=1, verbose=0)
