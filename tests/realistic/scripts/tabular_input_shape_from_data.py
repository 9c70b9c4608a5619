# expect: clean
import numpy as np
import keras

X = np.random.rand(100, 12)
y = np.random.randint(0, 2, size=(100, 1))
X_train, X_test = X[:80], X[80:]
y_train, y_test = y[:80], y[80:]

model = keras.Sequential([
    keras.layers.Input(shape=X_train.shape[1:]),
    keras.layers.Dense(32, activation='relu'),
    keras.layers.Dense(16, activation='relu'),
    keras.layers.Dense(1, activation='sigmoid'),
])
model.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy(), metrics=['accuracy'])
model.fit(X_train, y_train, epochs=1, batch_size=16, validation_data=(X_test, y_test), verbose=0)
loss, acc = model.evaluate(X_test, y_test, verbose=0)
