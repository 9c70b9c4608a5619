# expect: clean
import numpy as np
import tensorflow as tf

window = 12
features = 3
X_train = np.random.randn(40, window, features)
y_train = np.random.randn(40, 1)
X_val = np.random.randn(8, window, features)
y_val = np.random.randn(8, 1)

model = tf.keras.Sequential([
    tf.keras.layers.GRU(32, return_sequences=True, input_shape=(window, features)),
    tf.keras.layers.GRU(16),
    tf.keras.layers.Dense(8, activation='relu'),
    tf.keras.layers.Dense(1),
])
model.compile(loss='mae', optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3))
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=1, verbose=0)
