# expect: construct
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Flatten

model = Sequential()
model.add(LSTM(32, return_sequences=True, input_shape=(10, 4)))
model.add(Flatten())
model.add(LSTM(16))
model.add(Dense(1))
