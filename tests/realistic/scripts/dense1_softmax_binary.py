# expect: clean
# code: LL402
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

X = np.random.rand(40, 6)
y = np.random.randint(0, 2, size=(40, 1))

# Always outputs 1.0: Keras trains without an error, accuracy never moves.
model = Sequential()
model.add(Dense(12, input_dim=6, activation='relu'))
model.add(Dense(1, activation='softmax'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, y, epochs=1, batch_size=10, verbose=0)
