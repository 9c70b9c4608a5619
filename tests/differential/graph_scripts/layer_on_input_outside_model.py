# expect: construct
# a layer tried directly on a symbolic input, no model at all
import keras
from keras import layers

x = layers.GRU(8)(keras.Input((64, 64, 1)))
