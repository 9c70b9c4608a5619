# expect: fit
# code: LL203
import numpy as np
from tensorflow import keras

X = np.random.rand(100, 8)
y = np.random.randint(0, 2, size=(90,))

model = keras.Sequential([
    keras.layers.Dense(16, activation='relu', input_shape=(8,)),
    keras.layers.Dense(1, activation='sigmoid'),
])
model.compile(optimizer='adam', loss='binary_crossentropy')
model.fit(X, y, epochs=1, verbose=0)
