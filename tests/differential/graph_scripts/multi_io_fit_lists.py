# expect: clean
import numpy as np
import keras
from keras import layers

image = keras.Input(shape=(16, 16, 3), name="image")
meta = keras.Input(shape=(4,), name="meta")
x = layers.Conv2D(4, 3, activation="relu")(image)
x = layers.GlobalAveragePooling2D()(x)
x = layers.concatenate([x, meta])
score = layers.Dense(1, name="score")(x)
kind = layers.Dense(3, activation="softmax", name="kind")(x)
model = keras.Model([image, meta], [score, kind])
model.compile(optimizer="adam", loss=["mse", "categorical_crossentropy"])
images = np.random.rand(64, 16, 16, 3)
metas = np.random.rand(64, 4)
scores = np.random.rand(64, 1)
kinds = np.eye(3)[np.random.randint(0, 3, size=64)]
model.fit([images, metas], [scores, kinds], epochs=1, batch_size=16, verbose=0)
model.predict([images, metas], verbose=0)
