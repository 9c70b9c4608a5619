"""Images and labels appended one by one in a loop, then stacked (the "load every file" idiom)."""
import numpy as np
import keras
from keras import layers

n_samples = 120
images = []
labels = []
for index in range(n_samples):
    image = np.random.rand(32, 32, 3).astype("float32")
    images.append(image)
    labels.append(index % 4)

x = np.array(images)
y = np.array(labels)
print(x.shape, y.shape)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, batch_size=16, verbose=0)
print(model.predict(x[:2], verbose=0).shape)
