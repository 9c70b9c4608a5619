import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)), # Output shape: (batch_size, 10, 64)
    keras.layers.Flatten(), # Output shape: (batch_size, 640)
    keras.layers.LSTM(32) # Error:  LSTM expects 3D input, but receives 2D
])

data = np.random.rand(100, 10, 5)
model.compile(optimizer='adam', loss='mse')
model.fit(data, np.random.rand(100,1)) # This will raise a ValueError
