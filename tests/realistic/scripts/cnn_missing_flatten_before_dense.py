# expect: fit
# code: LL202
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense
from keras.utils import to_categorical

x = np.random.rand(16, 28, 28, 1)
y = to_categorical(np.random.randint(0, 10, 16), 10)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)))
model.add(MaxPooling2D((2, 2)))
model.add(Dense(10, activation='softmax'))
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=1, verbose=0)
