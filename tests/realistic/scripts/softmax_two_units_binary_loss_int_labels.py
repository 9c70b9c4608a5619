# expect: fit
# code: LL202
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

X = np.random.rand(30, 5)
y = np.random.randint(0, 2, size=(30,))

model = Sequential([
    Dense(8, activation='relu', input_shape=(5,)),
    Dense(2, activation='softmax'),
])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=1, verbose=0)
