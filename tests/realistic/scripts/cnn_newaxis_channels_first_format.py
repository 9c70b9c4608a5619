# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.rand(12, 28, 28)
x_train = x_train[:, np.newaxis, :, :]
y_train = np.random.randint(0, 10, size=12)

model = keras.Sequential(layers=[
    keras.Input(shape=(1, 28, 28)),
    layers.Conv2D(8, 3, activation="relu", data_format="channels_first"),
    layers.MaxPooling2D(2, data_format="channels_first"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, verbose=0)
