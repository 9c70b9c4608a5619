# expect: clean
import keras
from keras import layers

inputs = keras.Input((64, 64, 1))
c1 = layers.Conv2D(8, 3, activation="relu", padding="same")(inputs)
p1 = layers.MaxPooling2D()(c1)
c2 = layers.Conv2D(16, 3, activation="relu", padding="same")(p1)
p2 = layers.MaxPooling2D()(c2)
b = layers.Conv2D(32, 3, activation="relu", padding="same")(p2)
u2 = layers.Conv2DTranspose(16, 2, strides=2, padding="same")(b)
u2 = layers.concatenate([u2, c2])
c3 = layers.Conv2D(16, 3, activation="relu", padding="same")(u2)
u1 = layers.Conv2DTranspose(8, 2, strides=2, padding="same")(c3)
u1 = layers.concatenate([u1, c1], axis=3)
c4 = layers.Conv2D(8, 3, activation="relu", padding="same")(u1)
outputs = layers.Conv2D(1, 1, activation="sigmoid")(c4)
model = keras.Model(inputs=[inputs], outputs=[outputs])
model.summary()
