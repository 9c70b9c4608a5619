# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.sequence import pad_sequences

vocab_size = 100
sequences = [[4, 10, 5], [2, 7], [9, 8, 1, 3], [6]]
labels = np.array([1, 0, 1, 0])
padded = pad_sequences(sequences, maxlen=6, padding='post')

model = keras.Sequential([
    keras.layers.Embedding(vocab_size, 16),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(16, activation='relu'),
    keras.layers.Dense(1, activation='sigmoid'),
])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(padded, labels, epochs=1, verbose=0)
