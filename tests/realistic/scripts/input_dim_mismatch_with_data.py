# expect: fit
# code: LL201
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

X = np.random.rand(50, 12)
y = np.random.randint(0, 2, 50)

model = Sequential()
model.add(Dense(64, input_dim=10, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(X, y, epochs=1, verbose=0)
