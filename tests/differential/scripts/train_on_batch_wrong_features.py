# expect: fit
import numpy as np
import tensorflow as tf

model = tf.keras.models.Sequential([
    tf.keras.layers.Dense(16, activation="relu", input_shape=(10,)),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
batch = np.random.rand(8, 10, 2)
model.train_on_batch(batch, np.random.rand(8, 1))
