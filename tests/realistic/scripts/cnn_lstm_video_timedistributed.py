# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import TimeDistributed, Conv2D, MaxPooling2D, Flatten, LSTM, Dense

frames, rows, cols, channels = 4, 16, 16, 1
X = np.random.rand(6, frames, rows, cols, channels)
y = np.random.randint(0, 2, size=(6, 1))

model = Sequential()
model.add(TimeDistributed(Conv2D(8, (3, 3), activation='relu'), input_shape=(frames, rows, cols, channels)))
model.add(TimeDistributed(MaxPooling2D((2, 2))))
model.add(TimeDistributed(Flatten()))
model.add(LSTM(16))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(X, y, epochs=1, verbose=0)
