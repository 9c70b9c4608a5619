# expect: clean
import numpy as np
import keras
from keras import layers

x = np.random.rand(6, 48, 48, 3)
y = keras.utils.to_categorical(np.random.randint(0, 3, size=6), 3)

model = keras.Sequential([
    keras.Input((48, 48, 3)),
    layers.Conv2D(16, 3, strides=2, padding="same"),
    layers.DepthwiseConv2D(3, padding="same"),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.SeparableConv2D(32, 3, padding="same"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
