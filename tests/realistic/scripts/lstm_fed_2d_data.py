# expect: fit
# code: LL201
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

# A user's tabular data (samples, features) straight into an LSTM.
X_train = np.random.rand(50, 8)
y_train = np.random.rand(50, 1)

model = Sequential()
model.add(LSTM(32, input_shape=(None, 8)))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam')
model.fit(X_train, y_train, epochs=1, batch_size=10, verbose=0)
