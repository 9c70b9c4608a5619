# expect: clean
import numpy as np
from tensorflow import keras

n_labels = 5
X = np.random.rand(32, 20)
Y = np.random.randint(0, 2, size=(32, n_labels)).astype("float32")

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(20,)),
    keras.layers.Dense(n_labels, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
model.fit(X, Y, epochs=1, batch_size=8, verbose=0)
