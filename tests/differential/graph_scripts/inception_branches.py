# expect: clean
import keras
from keras import layers

inputs = keras.Input((28, 28, 32))
branch1 = layers.Conv2D(16, 1, padding="same", activation="relu")(inputs)
branch3 = layers.Conv2D(16, 1, padding="same", activation="relu")(inputs)
branch3 = layers.Conv2D(24, 3, padding="same", activation="relu")(branch3)
branch5 = layers.Conv2D(8, 1, padding="same", activation="relu")(inputs)
branch5 = layers.Conv2D(8, 5, padding="same", activation="relu")(branch5)
pool = layers.MaxPooling2D(3, strides=1, padding="same")(inputs)
pool = layers.Conv2D(8, 1, padding="same", activation="relu")(pool)
x = layers.Concatenate(axis=-1)([branch1, branch3, branch5, pool])
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
