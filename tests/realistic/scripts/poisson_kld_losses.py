# expect: clean
import numpy as np
import keras

counts_x = np.random.rand(20, 4)
counts_y = np.random.poisson(3.0, size=(20, 1)).astype("float32")

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="exponential")])
model.compile(optimizer="adam", loss="poisson")
model.fit(counts_x, counts_y, epochs=1, verbose=0)

dist = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
dist.compile(optimizer="adam", loss="kl_divergence")
dist.fit(counts_x, np.full((20, 3), 1 / 3), epochs=1, verbose=0)
