# expect: clean
import numpy as np
import keras
from keras import layers


def load_data():
    return np.random.rand(20, 6), keras.utils.to_categorical(np.random.randint(0, 3, 20), 3)


x, y = load_data()
model = keras.Sequential([layers.Input((6,)), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
