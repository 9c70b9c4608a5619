# expect: fit
# code: LL204
import numpy as np
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

x_train = np.random.rand(20, 8)
y_train = to_categorical(np.random.randint(0, 4, 20), num_classes=4)
x_test = np.random.rand(6, 8)
y_test = np.random.randint(0, 4, 6)

model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_shape=(8,))])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, verbose=0)
model.evaluate(x_test, y_test, verbose=0)
