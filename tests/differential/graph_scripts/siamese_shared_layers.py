# expect: clean
import keras
from keras import layers

left = keras.Input(shape=(28, 28, 1), name="left")
right = keras.Input(shape=(28, 28, 1), name="right")
conv = layers.Conv2D(8, 3, activation="relu")
pool = layers.MaxPooling2D()
flat = layers.Flatten()
embed = layers.Dense(16)
left_embedding = embed(flat(pool(conv(left))))
right_embedding = embed(flat(pool(conv(right))))
distance = layers.Subtract()([left_embedding, right_embedding])
output = layers.Dense(1, activation="sigmoid")(distance)
siamese = keras.Model(inputs=[left, right], outputs=output)
siamese.compile(optimizer="adam", loss="binary_crossentropy")
