# expect: fit
# code: LL204
import numpy as np
import keras

X = np.random.rand(40, 5)
y = np.random.randint(0, 2, size=(40,))

model = keras.Sequential([
    keras.Input((5,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)
