# expect: clean
import numpy as np
import keras
from keras import layers

vocab_size, embed_dim, max_len = 300, 16, 15
x = np.random.randint(0, vocab_size, size=(10, max_len))
y = np.random.randint(0, 5, size=(10,))

model = keras.Sequential([
    keras.Input(shape=(max_len,)),
    layers.Embedding(vocab_size, embed_dim, mask_zero=True),
    layers.GRU(24),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)
