import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(128,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(64, activation="relu"), layers.Dropout(0.1),
    layers.Dense(10, activation="softmax"),
])
