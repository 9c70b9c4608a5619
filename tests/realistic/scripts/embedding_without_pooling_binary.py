# expect: fit
# code: LL202
import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, Dense

x = np.random.randint(0, 100, size=(16, 12))
y = np.random.randint(0, 2, size=(16,))

model = Sequential()
model.add(Embedding(100, 8))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy')
model.fit(x, y, epochs=1, verbose=0)
