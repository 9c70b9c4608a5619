# expect: construct
# code: LL103
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(5, 3)),
    layers.Conv1D(32, kernel_size=7, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(1),
])
