# expect: clean
import keras
from keras import layers

inputs = keras.Input(shape=(10, 16))
x = layers.Conv1D(32, 3, padding="same")(inputs)
features = x.shape[-1]
gate = layers.Dense(features, activation="sigmoid")(x)
x = layers.Multiply()([x, gate])
x = layers.Reshape((x.shape[1], -1, 4))(x)
steps, width = keras.ops.shape(x)[1], int(x.shape[-2])
x = layers.Reshape((steps * width, 4))(x)
x = layers.Dense(x.shape[1] // 2)(layers.Flatten()(x))
model = keras.Model(inputs, x)
