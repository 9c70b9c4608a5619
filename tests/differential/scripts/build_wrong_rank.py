# expect: build
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

model = Sequential([Conv2D(4, 3), Flatten(), Dense(2)])
model.build((None, 32, 32))
