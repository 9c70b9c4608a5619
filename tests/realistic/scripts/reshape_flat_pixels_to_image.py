# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.rand(30, 784)
y_train = np.random.randint(0, 10, size=(30,))

model = keras.Sequential([
    layers.Reshape((28, 28, 1), input_shape=(784,)),
    layers.Conv2D(8, 5, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, verbose=0)
