# expect: predict
# code: LL201
import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(10, 20), np.random.rand(10, 1), epochs=1, verbose=0)
new_sample = np.random.rand(1, 21)
print(model.predict(new_sample, verbose=0))
