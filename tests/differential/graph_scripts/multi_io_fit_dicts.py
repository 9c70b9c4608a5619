# expect: clean
import numpy as np
import keras
from keras import layers

title = keras.Input(shape=(10,), name="title")
tags = keras.Input(shape=(12,), name="tags")
x = layers.Embedding(500, 8)(title)
x = layers.GlobalAveragePooling1D()(x)
x = layers.concatenate([x, tags])
priority = layers.Dense(1, name="priority")(x)
department = layers.Dense(4, activation="softmax", name="department")(x)
model = keras.Model(inputs={"title": title, "tags": tags},
                    outputs={"priority": priority, "department": department})
model.compile(optimizer="adam",
              loss={"priority": "mse", "department": "categorical_crossentropy"})
titles = np.random.randint(0, 500, size=(40, 10))
tag_data = np.random.rand(40, 12)
model.fit({"title": titles, "tags": tag_data},
          {"priority": np.random.rand(40, 1), "department": np.random.rand(40, 4)},
          epochs=1, verbose=0)
