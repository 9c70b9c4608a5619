import numpy as np
from tensorflow import keras

# Incorrect: Input data is 2D, but the LSTM layer expects 3D
model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(None, 10)), # Expecting (batch_size, timesteps, 10)
    keras.layers.Dense(1)
])

data = np.random.rand(100, 10) # 100 samples, 10 features (2D)
model.compile(optimizer='adam', loss='mse')
model.fit(data, np.random.rand(100,1)) # This will raise a ValueError
