# expect: clean
import numpy as np
import keras
from keras import layers

n_in, n_out, n_feat = 24, 6, 2
X = np.random.rand(30, n_in, n_feat)
y = np.random.rand(30, n_out)

model = keras.Sequential([
    keras.Input(shape=(n_in, n_feat)),
    layers.GRU(32, unroll=True),
    layers.Dense(n_out),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=len(X), verbose=0)
forecast = model.predict(X[-1:], verbose=0)
