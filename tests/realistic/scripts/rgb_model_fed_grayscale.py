# expect: fit
# code: LL201
import numpy as np
import keras
from keras import layers

x_train = np.random.rand(12, 32, 32)
y_train = np.random.randint(0, 2, 12)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train, epochs=1, verbose=0)
