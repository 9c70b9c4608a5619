# expect: fit
# code: LL201
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, Flatten, Dense

x_train = np.random.rand(10, 32, 32, 3)
y_train = np.random.randint(0, 10, 10)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(3, 32, 32)))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
model.fit(x_train, y_train, epochs=1, verbose=0)
