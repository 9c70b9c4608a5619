import numpy as np
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow import keras

# Sample sequences of varying lengths
sequences = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]

# Pad sequences to the maximum length
padded_sequences = pad_sequences(sequences, padding='post')

model = keras.Sequential([
    keras.layers.Embedding(10, 5, input_length=4), # Adjust input_length to max sequence length
    keras.layers.LSTM(32),
    keras.layers.Dense(1)
])

model.compile(optimizer='adam', loss='mse')
model.fit(padded_sequences, np.random.rand(len(sequences),1))
