# expect: clean
import numpy as np
import keras

X = np.random.rand(25, 7)
y = np.random.randint(0, 3, size=25)
y = keras.utils.to_categorical(y, 3)

model = keras.Sequential()
model.add(keras.layers.Dense(units=16, activation="relu", input_shape=(X.shape[1],)))
model.add(keras.layers.Dense(units=y.shape[1], activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, y, epochs=1, verbose=0)
