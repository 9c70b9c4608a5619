# expect: clean
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Masking, LSTM, Dense
from tensorflow.keras.preprocessing.sequence import pad_sequences

sequences = [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]], [[0.7, 0.8], [0.9, 1.0], [1.1, 1.2]]]
padded = pad_sequences(sequences, padding="post", dtype="float32")

model = Sequential([
    Masking(mask_value=0.0, input_shape=(None, 2)),
    LSTM(8),
    Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(padded, np.random.rand(3, 1), epochs=1, verbose=0)
