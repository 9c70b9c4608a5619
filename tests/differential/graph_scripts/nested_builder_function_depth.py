# expect: clean
import keras
from keras import layers


def block(width):
    inp = keras.Input((width,))
    hidden = layers.Dense(width * 2, activation="relu")(inp)
    return keras.Model(inp, layers.Dense(width)(hidden))


inner = block(8)
middle_in = keras.Input((8,))
middle = keras.Model(middle_in, layers.Dense(6)(inner(middle_in)))
top_in = keras.Input((8,))
y = middle(top_in)
y = layers.Dense(3)(y)
top = keras.Model(top_in, y)
