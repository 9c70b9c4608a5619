# expect: fit
# issue 9: fit data that does not match a functional Input
import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3, activation="relu")(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x_train = np.random.rand(100, 28, 28, 3)
y_train = np.random.randint(0, 10, size=(100,))
model.fit(x_train, y_train, epochs=1, verbose=0)
