"""Images stored channels first (as a PyTorch pipeline writes them), moved channels last for
Keras before training; one test image predicted as a batch of one."""
import numpy as np
import keras
from keras import layers

stored = np.random.rand(64, 3, 32, 32).astype("float32")  # (N, C, H, W)
labels = np.random.randint(0, 10, size=(64,))
images = np.transpose(stored, (0, 2, 3, 1))  # (N, H, W, C)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, labels, epochs=1, batch_size=16, verbose=0)

test_image = images[0]
probabilities = model.predict(np.expand_dims(test_image, axis=0), verbose=0)
print(probabilities.argmax())
