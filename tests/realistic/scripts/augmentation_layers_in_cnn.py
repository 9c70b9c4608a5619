# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

images = np.random.rand(8, 64, 64, 3)
labels = np.random.randint(0, 2, size=8)

model = keras.Sequential([
    layers.Input(shape=(64, 64, 3)),
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(images, labels, epochs=1, verbose=0)
