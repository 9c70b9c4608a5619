# expect: clean
import numpy as np
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, LSTM, Dense

texts = [[3, 1, 4], [1, 5], [9, 2, 6, 5]]
padded = pad_sequences(texts, maxlen=5, padding="post")
labels = np.array([0, 1, 1])

model = Sequential()
model.add(Embedding(input_dim=10, output_dim=4))
model.add(LSTM(8))
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(padded, labels, epochs=1, verbose=0)
