# expect: fit
# code: LL202
import numpy as np
import keras
from keras import layers

num_classes = 10
x_train = np.random.rand(40, 32)
y_train = keras.utils.to_categorical(np.random.randint(0, num_classes, 40), num_classes)

model = keras.Sequential([
    keras.Input((32,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, verbose=0)
