# expect: fit
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Input

model = Sequential([Input(shape=(5,)), Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.evaluate(np.random.rand(10, 5), np.random.rand(10, 3), verbose=0)
