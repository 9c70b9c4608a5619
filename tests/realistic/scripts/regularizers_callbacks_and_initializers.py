# expect: clean
import numpy as np
import keras
from keras import layers, regularizers

keras.utils.set_random_seed(42)
X = np.random.uniform(-1, 1, size=(40, 10))
y = np.random.randint(0, 2, size=(40, 1))

model = keras.Sequential([
    layers.Input(shape=(10,)),
    layers.Dense(32, activation=keras.activations.relu, kernel_initializer="he_normal",
                 kernel_regularizer=regularizers.l2(0.01)),
    layers.Dropout(rate=0.3),
    layers.Dense(1, activation="sigmoid"),
])
early_stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(X, y, epochs=1, validation_split=0.2, callbacks=[early_stop], verbose=0)
