# expect: construct
# code: LL101
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, Flatten, Dense

x_train = np.random.rand(32, 28, 28, 1)

model = Sequential()
model.add(Conv2D(16, (3, 3), activation='relu', input_shape=x_train.shape))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
