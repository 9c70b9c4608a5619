# expect: clean
import numpy as np
import tensorflow as tf

series = np.random.rand(64, 10)
X = series[:, :, np.newaxis]
y = np.random.rand(64)

model = tf.keras.models.Sequential([
    tf.keras.layers.LSTM(16, input_shape=[10, 1]),
    tf.keras.layers.Dense(1),
])
model.compile(loss=tf.keras.losses.MeanSquaredError(), optimizer="adam")
model.fit(x=X, y=y, epochs=1, batch_size=16, verbose=0)
