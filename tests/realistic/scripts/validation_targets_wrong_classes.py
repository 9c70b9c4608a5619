# expect: fit
# code: LL202
import numpy as np
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

x_train = np.random.rand(30, 12)
y_train = to_categorical(np.random.randint(0, 5, 30), 5)
x_val = np.random.rand(10, 12)
y_val = to_categorical(np.random.randint(0, 4, 10), 4)

model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(12,)),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=1, verbose=0)
