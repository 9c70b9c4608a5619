# expect: clean
import keras
from keras import layers

model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(4)])
model.build((None, 16))
model.summary()
