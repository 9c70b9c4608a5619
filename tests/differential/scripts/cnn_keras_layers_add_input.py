# expect: clean
import numpy as np
import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(28, 28, 1)))
model.add(layers.Conv2D(8, kernel_size=(3, 3), activation="relu"))
model.add(layers.MaxPooling2D(pool_size=(2, 2)))
model.add(layers.Flatten())
model.add(layers.Dense(10, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")

x = np.random.rand(64, 28, 28)  # no channel axis: Keras 3 adds the trailing 1 itself
y = np.random.randint(0, 10, size=(64,))
model.fit(x, y, epochs=1, verbose=0)
