# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

max_features = 500
maxlen = 30

x_train = np.random.randint(1, max_features, size=(20, maxlen))
y_train = np.random.randint(0, 2, size=(20,))

inputs = keras.Input(shape=(None,), dtype="int32")
model = keras.Sequential()
model.add(inputs)
model.add(layers.Embedding(max_features, 64))
model.add(layers.Bidirectional(layers.LSTM(32, return_sequences=True)))
model.add(layers.Bidirectional(layers.LSTM(32)))
model.add(layers.Dense(1, activation="sigmoid"))
model.summary()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=10, epochs=1, verbose=0)
