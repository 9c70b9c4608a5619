# expect: clean
import keras
from keras import layers

encoder = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
inputs = keras.Input(shape=(16,))
code = encoder(inputs)
outputs = layers.Dense(2, activation="softmax")(code)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
