# expect: clean
import keras
from keras import layers


def make_tower():
    return keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)])


tower = make_tower()
a = keras.Input((20,))
b = keras.Input((20,))
left = tower(a)
right = tower(b)
merged = layers.Concatenate()([left, right])
score = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model([a, b], score)
