# expect: clean
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(20,)),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

x_train = np.random.rand(100, 20)
y_train = np.random.rand(100, 10)
model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)
