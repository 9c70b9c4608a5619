# expect: clean
import numpy as np
import keras
from keras import layers

encoder = keras.Sequential([keras.Input((20,)), layers.Dense(8, activation="relu")], name="encoder")
decoder = keras.Sequential([keras.Input((8,)), layers.Dense(20, activation="sigmoid")], name="decoder")
classifier = keras.Sequential(name="classifier")
classifier.add(keras.Input((8,)))
classifier.add(layers.Dense(3, activation="softmax"))

x = np.random.rand(12, 20)
codes = encoder.predict(x, verbose=0)
