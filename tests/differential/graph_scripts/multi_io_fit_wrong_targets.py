# expect: fit
import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(8,))
x = layers.Dense(16, activation="relu")(inputs)
is_spam = layers.Dense(1, activation="sigmoid", name="is_spam")(x)
topic = layers.Dense(5, activation="softmax", name="topic")(x)
model = keras.Model(inputs, [is_spam, topic])
model.compile(optimizer="adam", loss=["binary_crossentropy", "categorical_crossentropy"])
x_train = np.random.rand(50, 8)
model.fit(x_train, [np.random.rand(50, 1), np.random.rand(50, 3)], verbose=0)
