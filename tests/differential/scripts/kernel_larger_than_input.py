# expect: construct
from tensorflow import keras

model = keras.Sequential()
model.add(keras.layers.Conv1D(8, 5, input_shape=(4, 2)))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(1))
