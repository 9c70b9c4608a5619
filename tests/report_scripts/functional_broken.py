import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, activation="relu")(inputs)
y = layers.Conv2D(16, 3, padding="same")(x)
z = layers.add([x, y])
f = layers.Flatten()(z)
h = layers.LSTM(8)(f)
out = layers.Dense(10)(h)
model = keras.Model(inputs, out)
