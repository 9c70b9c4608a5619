# expect: fit
# code: LL201
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

X_train = np.random.rand(40, 10)
X_val = np.random.rand(10, 10)
y_train = np.random.rand(40, 1)
y_val = np.random.rand(10, 1)
X_train = X_train.reshape(40, 5, 2)

model = Sequential()
model.add(LSTM(16, input_shape=(5, 2)))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=1, verbose=0)
