# expect: clean
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

train_data = np.random.rand(40, 13)
train_targets = np.random.rand(40)


def build_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1)
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model


model = build_model()
model.fit(train_data, train_targets, epochs=1, batch_size=16, verbose=0)
predictions = model.predict(train_data[:5], verbose=0)
