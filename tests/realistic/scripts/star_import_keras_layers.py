# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import *

X = np.random.rand(16, 10)
y = np.random.randint(0, 2, 16)

model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(10,)))
model.add(Dropout(0.5))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(X, y, epochs=1, verbose=0)
