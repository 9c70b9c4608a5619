# expect: clean
import keras
from keras import layers

enc_in = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3, activation="relu")(enc_in)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
encoder = keras.Model(enc_in, layers.Dense(16)(x), name="encoder")

image = keras.Input(shape=(28, 28, 1))
features = encoder(image)
logits = layers.Dense(10)(features)
classifier = keras.Model(image, logits)
