# expect: clean
import numpy as np
from tensorflow import keras

config = {"input_dim": 16, "hidden": 32, "classes": 4, "dropout": 0.2}

model = keras.Sequential([
    keras.layers.Dense(config["hidden"], activation="relu", input_shape=(config["input_dim"],)),
    keras.layers.Dropout(config["dropout"]),
    keras.layers.Dense(config["classes"], activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
X = np.random.rand(24, config["input_dim"])
y = np.random.randint(0, config["classes"], size=24)
model.fit(X, y, epochs=1, verbose=0)
