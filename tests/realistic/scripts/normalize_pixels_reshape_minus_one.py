# expect: clean
import numpy as np
from tensorflow import keras

img_rows, img_cols = 28, 28
x_train = np.random.randint(0, 256, size=(24, 784))
x_train = x_train.reshape(-1, img_rows, img_cols, 1)
x_train = x_train.astype('float32') / 255.0
y_train = keras.utils.to_categorical(np.random.randint(0, 10, 24), 10)

model = keras.Sequential([
    keras.layers.Conv2D(16, kernel_size=5, padding='same', activation='relu',
                        input_shape=(img_rows, img_cols, 1)),
    keras.layers.AveragePooling2D(2),
    keras.layers.Conv2D(32, kernel_size=5, activation='relu'),
    keras.layers.AveragePooling2D(2),
    keras.layers.Flatten(),
    keras.layers.Dense(84, activation='relu'),
    keras.layers.Dense(10, activation='softmax'),
])
model.compile(loss=keras.losses.categorical_crossentropy, optimizer='adam', metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=8, epochs=1, verbose=0)
