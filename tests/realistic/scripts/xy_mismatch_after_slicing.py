# expect: fit
# code: LL203
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

data = np.random.rand(120, 5)
labels = np.random.rand(120, 1)
X_train = data[:100]
y_train = labels[:80]

model = Sequential()
model.add(Dense(10, input_shape=(5,), activation='relu'))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(X_train, y_train, epochs=1, verbose=0)
