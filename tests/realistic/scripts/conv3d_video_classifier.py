# expect: clean
import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv3D, MaxPooling3D, GlobalAveragePooling3D, Dense

clips = np.random.rand(4, 8, 32, 32, 3)
labels = np.random.randint(0, 2, size=(4, 1))

model = Sequential([
    Conv3D(8, kernel_size=(3, 3, 3), activation="relu", input_shape=(8, 32, 32, 3)),
    MaxPooling3D(pool_size=(1, 2, 2)),
    Conv3D(16, kernel_size=3, activation="relu"),
    GlobalAveragePooling3D(),
    Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(clips, labels, epochs=1, verbose=0)
