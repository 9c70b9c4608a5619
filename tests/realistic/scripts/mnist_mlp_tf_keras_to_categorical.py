# expect: clean
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, Flatten
from tensorflow.keras.utils import to_categorical

num_classes = 10
x_train = np.random.rand(64, 28, 28).astype("float32")
y_train = to_categorical(np.random.randint(0, num_classes, size=(64,)), num_classes)
x_test = np.random.rand(16, 28, 28).astype("float32")
y_test = to_categorical(np.random.randint(0, num_classes, size=(16,)), num_classes)

model = Sequential([
    Flatten(input_shape=(28, 28)),
    Dense(128, activation='relu'),
    Dropout(0.2),
    Dense(num_classes, activation='softmax')
])

model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=1, batch_size=32, validation_data=(x_test, y_test), verbose=0)
score = model.evaluate(x_test, y_test, verbose=0)
print('Test accuracy:', score[1])
