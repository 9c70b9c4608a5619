# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

timesteps = 20
n_features = 3

model = Sequential([
    LSTM(16, return_sequences=True, input_shape=(timesteps, n_features)),
    LSTM(8),
    Dense(1),
])
model.compile(optimizer="adam", loss="mse")

X = np.random.rand(50, timesteps, n_features)
y = np.random.rand(50, 1)
model.fit(X, y, epochs=1, verbose=0)
model.predict(X[:5], verbose=0)
