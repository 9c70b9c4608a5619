# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

x_test = np.random.rand(10, 784)
model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(784,)))
model.add(Dense(10, activation='softmax'))
pred = model.predict(x_test[0:1], verbose=0)
pred2 = model.predict(np.expand_dims(x_test[0], axis=0), verbose=0)
pred3 = model.predict(x_test[0].reshape(1, 784), verbose=0)
