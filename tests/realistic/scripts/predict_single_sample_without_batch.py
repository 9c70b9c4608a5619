# expect: predict
# code: LL206
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Conv2D(4, 3, activation="relu", input_shape=(16, 16, 3)),
    keras.layers.Flatten(),
    keras.layers.Dense(2, activation="softmax"),
])
image = np.random.rand(16, 16, 3)
prediction = model.predict(image, verbose=0)
