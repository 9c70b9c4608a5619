# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, GlobalAveragePooling2D, Dense, Input

x = np.random.rand(8, 64, 64, 3)
y = np.random.randint(0, 4, size=(8,))

model = Sequential()
model.add(Input(shape=(64, 64, 3)))
model.add(Conv2D(16, 3, strides=2, activation="relu"))
model.add(Conv2D(32, 3, strides=2, activation="relu"))
model.add(GlobalAveragePooling2D())
model.add(Dense(4, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
