# expect: clean
import numpy as np
import keras
from keras import layers

# Dense on a sequence acts per time step: legal, layerlint may warn (LL401).
seq_len, d_model = 16, 8
x = np.random.rand(10, seq_len, d_model)
y = np.random.rand(10, 1)

model = keras.Sequential([
    keras.Input(shape=(seq_len, d_model)),
    layers.Dense(32, activation="relu"),
    layers.LayerNormalization(),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, verbose=0)
