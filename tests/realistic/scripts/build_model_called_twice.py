# expect: clean
import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense


def build_model(n_inputs, n_outputs):
    model = Sequential()
    model.add(Dense(20, input_dim=n_inputs, activation='relu'))
    model.add(Dense(n_outputs, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam')
    return model


X = np.random.rand(20, 10)
y = np.random.randint(0, 2, size=(20, 3))
small = build_model(10, 3)
small.fit(X, y, epochs=1, verbose=0)
other = build_model(10, 3)
other.fit(X, y, epochs=1, verbose=0)
