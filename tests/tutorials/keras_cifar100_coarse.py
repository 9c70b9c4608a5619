"""CIFAR-100 with its 20 coarse classes: integer labels (N, 1) and a sparse loss."""
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data(label_mode="coarse")
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(20, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=1, validation_data=(x_test, y_test))
