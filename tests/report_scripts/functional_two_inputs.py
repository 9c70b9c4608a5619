import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3), name="image")
x = layers.Conv2D(16, 3, activation="relu")(inputs)
y = layers.Conv2D(16, 3, padding="same")(x)
z = layers.add([x, y])
p = layers.GlobalAveragePooling2D()(z)
meta = keras.Input(shape=(4,), name="meta")
m = layers.Dense(8)(meta)
c = layers.concatenate([p, m])
out = layers.Dense(10, activation="softmax")(c)
model = keras.Model([inputs, meta], out)
