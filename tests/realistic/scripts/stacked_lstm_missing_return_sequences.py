# expect: construct
# code: LL301
import numpy as np
import tensorflow as tf

timesteps, features = 30, 2
model = tf.keras.Sequential([
    tf.keras.layers.LSTM(64, input_shape=(timesteps, features)),
    tf.keras.layers.LSTM(32),
    tf.keras.layers.Dense(1)
])
model.compile(optimizer='adam', loss='mse')
model.fit(np.random.rand(10, timesteps, features), np.random.rand(10, 1), epochs=1, verbose=0)
