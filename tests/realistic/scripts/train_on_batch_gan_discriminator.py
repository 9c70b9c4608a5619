# expect: clean
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LeakyReLU, Dropout

latent_dim = 16
batch = 8

discriminator = Sequential()
discriminator.add(Dense(64, input_dim=2))
discriminator.add(LeakyReLU(0.2))
discriminator.add(Dropout(0.3))
discriminator.add(Dense(1, activation='sigmoid'))
discriminator.compile(loss='binary_crossentropy', optimizer='adam')

real = np.random.randn(batch, 2)
labels = np.ones((batch, 1))
d_loss = discriminator.train_on_batch(real, labels)
