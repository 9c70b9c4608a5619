# expect: clean
# code: LL404
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, LeakyReLU

model = Sequential()
model.add(Dense(64, input_dim=20))
model.add(LeakyReLU(alpha=0.2))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(np.random.rand(10, 20), np.random.randint(0, 2, 10), epochs=1, verbose=0)
