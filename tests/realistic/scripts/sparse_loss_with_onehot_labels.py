# expect: fit
# code: LL204
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import to_categorical

X = np.random.rand(30, 10)
y = to_categorical(np.random.randint(0, 4, size=30), num_classes=4)

model = Sequential([Dense(16, activation='relu', input_shape=(10,)),
                    Dense(4, activation='softmax')])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=1, verbose=0)
