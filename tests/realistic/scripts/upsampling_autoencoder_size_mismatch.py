# expect: fit
# code: LL202
import numpy as np
import keras
from keras import layers

x_train = np.random.rand(8, 28, 28, 1)

autoencoder = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(2, padding="same"),
    layers.Conv2D(8, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(2, padding="same"),
    layers.Conv2D(8, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(2, padding="same"),
    layers.UpSampling2D(2),
    layers.Conv2D(8, 3, activation="relu", padding="same"),
    layers.UpSampling2D(2),
    layers.Conv2D(16, 3, activation="relu", padding="same"),
    layers.UpSampling2D(2),
    layers.Conv2D(1, 3, activation="sigmoid", padding="same"),
])
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train, x_train, epochs=1, verbose=0)
