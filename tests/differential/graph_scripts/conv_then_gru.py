# expect: construct
# issue 9: a recurrent layer on a 4-D convolution output fails at the GRU line
import keras
from keras import layers

inputs = keras.Input((64, 64, 1))
x = layers.Conv2D(16, 5)(inputs)
x = layers.GRU(8)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
