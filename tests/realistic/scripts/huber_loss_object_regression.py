# expect: clean
import numpy as np
import keras

features = np.random.rand(64, 6).astype("float32")
targets = np.random.rand(64, 1).astype("float32")

model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(6,)),
    keras.layers.BatchNormalization(),
    keras.layers.Dense(1),
])
model.compile(optimizer="sgd", loss=keras.losses.Huber(), metrics=["mae"])
model.fit(features, targets, epochs=1, batch_size=32, verbose=0)
