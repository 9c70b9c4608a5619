# expect: clean
# code: LL401
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

X = np.random.rand(20, 10, 5)
y = np.random.rand(20, 1)

# return_sequences=True on the last LSTM: the output is (None, 10, 1), one value per step.
model = Sequential()
model.add(LSTM(8, return_sequences=True, input_shape=(10, 5)))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(X, y, epochs=1, verbose=0)
