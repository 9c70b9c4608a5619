import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(32, activation="relu"),
    layers.Lambda(lambda t: t * 2),
    layers.Dense(1),
])

pretrained = keras.models.load_model("pretrained.keras")
