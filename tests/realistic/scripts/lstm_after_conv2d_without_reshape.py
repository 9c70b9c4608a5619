# expect: construct
# code: LL101
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((64, 64, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
