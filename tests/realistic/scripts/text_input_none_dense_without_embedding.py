# expect: construct
# code: LL106
import keras
from keras import layers

# Variable-length token ids straight into Dense (the Embedding was forgotten).
model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
