# expect: construct
# code: LL105
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

batch_size = 4
X = np.random.rand(8, 6, 1)
y = np.random.rand(8, 1)

model = Sequential()
model.add(LSTM(10, batch_input_shape=(batch_size, 6, 1), stateful=True))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam')
model.fit(X, y, epochs=1, batch_size=batch_size, verbose=0, shuffle=False)
