# expect: clean
# code: LL404
import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, Flatten, Dense

vocab_size = 50
max_length = 4
padded_docs = np.random.randint(0, vocab_size, size=(10, max_length))
labels = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])

model = Sequential()
model.add(Embedding(vocab_size, 8, input_length=max_length))
model.add(Flatten())
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(padded_docs, labels, epochs=1, verbose=0)
