"""MNIST-style classifier whose data come from a load_data() function and a main() guard."""
import numpy as np
import keras
from keras import layers

NUM_CLASSES = 10
IMAGE_SIZE = 28


def load_data(n_train=256, n_test=64):
    """Stands in for a dataset loader: uint8 images and integer labels."""
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, size=(n_train, IMAGE_SIZE, IMAGE_SIZE)).astype("uint8")
    y_train = rng.integers(0, NUM_CLASSES, size=n_train)
    x_test = rng.integers(0, 256, size=(n_test, IMAGE_SIZE, IMAGE_SIZE)).astype("uint8")
    y_test = rng.integers(0, NUM_CLASSES, size=n_test)
    return (x_train, y_train), (x_test, y_test)


def preprocess(images, labels):
    images = images.astype("float32") / 255.0
    images = np.expand_dims(images, -1)
    return images, keras.utils.to_categorical(labels, NUM_CLASSES)


def build_model(input_shape, num_classes):
    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(num_classes, activation="softmax"),
    ])


def main():
    (x_train, y_train), (x_test, y_test) = load_data()
    x_train, y_train = preprocess(x_train, y_train)
    x_test, y_test = preprocess(x_test, y_test)
    model = build_model(x_train.shape[1:], NUM_CLASSES)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=1, validation_split=0.1, verbose=0)
    model.evaluate(x_test, y_test, verbose=0)
    prediction = model.predict(x_test[:1], verbose=0)
    print(prediction.argmax(axis=-1))


if __name__ == "__main__":
    main()
