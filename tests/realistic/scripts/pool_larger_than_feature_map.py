# expect: construct
# code: LL103
import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(10, 10, 3)))
model.add(layers.Conv2D(16, 3, activation="relu"))
model.add(layers.MaxPooling2D(pool_size=2))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.AveragePooling2D(pool_size=4))
model.add(layers.Flatten())
model.add(layers.Dense(2))
