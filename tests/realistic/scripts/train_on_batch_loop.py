# expect: clean
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential([Dense(16, activation="relu", input_shape=(4,)), Dense(1)])
model.compile(optimizer="adam", loss="mse")
for step in range(3):
    xb = np.random.rand(8, 4)
    yb = np.random.rand(8, 1)
    loss = model.train_on_batch(xb, yb)
