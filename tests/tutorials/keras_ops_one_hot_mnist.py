"""MNIST with keras.ops on the data: channels by keras.ops.expand_dims, one-hot targets by
keras.ops.one_hot."""
import keras
from keras import layers, ops

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = ops.expand_dims(ops.cast(x_train, "float32") / 255.0, -1)
y_train = ops.one_hot(y_train, 10)

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train, batch_size=128, epochs=1)
