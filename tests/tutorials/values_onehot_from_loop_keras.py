"""Labels collected in a loop, one-hot encoded, under categorical cross-entropy."""
import numpy as np
import keras
from keras import layers

CLASSES = ["cat", "dog", "bird"]
records = [("cat", 0.1), ("dog", 0.5), ("bird", 0.9)] * 40

samples, labels = [], []
for name, value in records:
    samples.append(np.full(16, value, dtype="float32"))
    labels.append(CLASSES.index(name))

x = np.stack(samples)
y = keras.utils.to_categorical(np.array(labels), num_classes=len(CLASSES))

model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(len(CLASSES), activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, batch_size=8, verbose=0)
