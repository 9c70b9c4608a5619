"""Real-time augmentation of in-memory arrays (after the Keras CIFAR-10 example): the
generator's statistics fitted on x_train, then model.fit on datagen.flow(x, y)."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

num_classes = 10
x_train = np.random.rand(64, 32, 32, 3).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, num_classes, 64), num_classes)
x_test = np.random.rand(16, 32, 32, 3).astype("float32")
y_test = keras.utils.to_categorical(np.random.randint(0, num_classes, 16), num_classes)

datagen = ImageDataGenerator(
    featurewise_center=True,
    featurewise_std_normalization=True,
    width_shift_range=0.1,
    height_shift_range=0.1,
    horizontal_flip=True)
datagen.fit(x_train)

model = keras.Sequential([
    keras.layers.Conv2D(32, (3, 3), padding="same", input_shape=x_train.shape[1:]),
    keras.layers.Activation("relu"),
    keras.layers.MaxPooling2D(pool_size=(2, 2)),
    keras.layers.Dropout(0.25),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(num_classes, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(datagen.flow(x_train, y_train, batch_size=32), epochs=1,
          validation_data=(x_test, y_test))
