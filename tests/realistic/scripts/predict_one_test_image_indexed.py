# expect: predict
# code: LL206
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

x_test = np.random.rand(10, 784)
model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(784,)))
model.add(Dense(10, activation='softmax'))
model.compile(optimizer='adam', loss='categorical_crossentropy')
pred = model.predict(x_test[0], verbose=0)
