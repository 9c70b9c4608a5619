# expect: fit
# code: LL204
import numpy as np
import keras

x_train = np.random.rand(20, 6)
y_train = np.random.randint(0, 3, 20)
x_test = np.random.rand(8, 6)
y_test = keras.utils.to_categorical(np.random.randint(0, 3, 8), 3)

model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, verbose=0)
model.evaluate(x_test, y_test, verbose=0)
