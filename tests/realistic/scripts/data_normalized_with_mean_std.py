# expect: fit
# code: LL201
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

data = np.random.rand(200)
data = (data - data.mean()) / data.std()
look_back = 5
X = np.array([data[i:i + look_back] for i in range(len(data) - look_back)])
y = data[look_back:]

model = Sequential()
model.add(LSTM(4, input_shape=(1, look_back)))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
