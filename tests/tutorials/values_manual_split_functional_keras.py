"""A functional model; data shuffled and split by hand with slices."""
import numpy as np
import keras
from keras import layers

features = np.random.rand(500, 20).astype("float32")
labels = (features.sum(axis=1) > 10).astype("float32").reshape(-1, 1)

indices = np.random.permutation(len(features))
features, labels = features[indices], labels[indices]
split = int(0.8 * len(features))
x_train, x_val = features[:split], features[split:]
y_train, y_val = labels[:split], labels[split:]

inputs = keras.Input(shape=(20,), name="features")
hidden = layers.Dense(32, activation="relu")(inputs)
hidden = layers.Dropout(0.2)(hidden)
outputs = layers.Dense(1, activation="sigmoid")(hidden)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=1, batch_size=32, verbose=0)
print(model.predict(x_val[:5], verbose=0).shape)
