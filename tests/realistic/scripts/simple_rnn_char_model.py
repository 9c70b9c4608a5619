# expect: clean
import numpy as np
import keras
from keras import layers

seq_length = 10
vocab = 27
X = np.random.rand(16, seq_length, vocab)
y = keras.utils.to_categorical(np.random.randint(0, vocab, 16), num_classes=vocab)

model = keras.Sequential()
model.add(layers.SimpleRNN(64, input_shape=(seq_length, vocab)))
model.add(layers.Dense(vocab, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam')
model.fit(X, y, batch_size=8, epochs=1, verbose=0)
