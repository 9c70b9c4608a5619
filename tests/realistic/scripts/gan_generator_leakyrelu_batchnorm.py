# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

latent_dim = 100
generator = keras.Sequential(
    [
        keras.Input(shape=(latent_dim,)),
        layers.Dense(7 * 7 * 32),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Reshape((7, 7, 32)),
        layers.Conv2DTranspose(32, kernel_size=4, strides=2, padding="same"),
        layers.BatchNormalization(momentum=0.8),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2DTranspose(16, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(1, kernel_size=7, padding="same", activation="tanh"),
    ],
    name="generator",
)
noise = np.random.normal(0, 1, size=(4, latent_dim))
fake_images = generator.predict(noise, verbose=0)
