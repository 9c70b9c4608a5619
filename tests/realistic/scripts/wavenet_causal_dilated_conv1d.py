# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import Conv1D, Dense, Flatten, Input

window = 32
X = np.random.rand(16, window, 1)
y = np.random.rand(16, 1)

model = Sequential()
model.add(Input(shape=(window, 1)))
for rate in (1, 2, 4, 8):
    model.add(Conv1D(filters=16, kernel_size=2, padding="causal", dilation_rate=rate, activation="relu"))
model.add(Conv1D(filters=1, kernel_size=1))
model.add(Flatten())
model.add(Dense(1))
model.compile(loss="mae", optimizer="adam")
model.fit(X, y, epochs=1, verbose=0)
