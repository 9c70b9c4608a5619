# expect: fit
# code: LL204
import numpy as np
import keras
from keras import layers

n_words, n_tags, max_len = 400, 9, 20
X = np.random.randint(0, n_words, size=(12, max_len))
y = np.random.randint(0, n_tags, size=(12, max_len))

model = keras.Sequential([
    keras.Input(shape=(max_len,)),
    layers.Embedding(input_dim=n_words, output_dim=32),
    layers.Bidirectional(layers.LSTM(units=16, return_sequences=True)),
    layers.TimeDistributed(layers.Dense(n_tags, activation="softmax")),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, batch_size=4, epochs=1, verbose=0)
