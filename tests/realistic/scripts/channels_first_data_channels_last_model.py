# expect: fit
# code: LL207
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(10, 3, 32, 32)  # (N, C, H, W) as loaded from a PyTorch dataset
y = np.random.randint(0, 10, 10)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
