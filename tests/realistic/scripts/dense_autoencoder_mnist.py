# expect: clean
import numpy as np
from keras import layers
from keras.models import Sequential

encoding_dim = 32
x_train = np.random.rand(50, 28, 28)
x_train = x_train.reshape((len(x_train), 784))

autoencoder = Sequential([
    layers.Dense(128, activation='relu', input_shape=(784,)),
    layers.Dense(encoding_dim, activation='relu'),
    layers.Dense(128, activation='relu'),
    layers.Dense(784, activation='sigmoid'),
])
autoencoder.compile(optimizer='adam', loss='binary_crossentropy')
autoencoder.fit(x_train, x_train, epochs=1, batch_size=25, shuffle=True, verbose=0)
