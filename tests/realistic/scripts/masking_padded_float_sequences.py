# expect: clean
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Masking, LSTM, Dense
from tensorflow.keras.preprocessing.sequence import pad_sequences

raw = [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]], [[0.7, 0.8], [0.9, 1.0], [1.1, 1.2]]]
X = pad_sequences(raw, padding="post", dtype="float32", value=0.0)
y = np.array([0, 1, 0])

model = Sequential()
model.add(Masking(mask_value=0.0, input_shape=(None, 2)))
model.add(LSTM(8))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X, y, epochs=1, verbose=0)
