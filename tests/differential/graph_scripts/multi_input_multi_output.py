# expect: clean
import keras
from keras import layers

title_input = keras.Input(shape=(10,), name="title")
body_input = keras.Input(shape=(50,), name="body")
tags_input = keras.Input(shape=(12,), name="tags")
title_features = layers.Embedding(1000, 16)(title_input)
body_features = layers.Embedding(1000, 16)(body_input)
title_features = layers.LSTM(32)(title_features)
body_features = layers.LSTM(16)(body_features)
x = layers.concatenate([title_features, body_features, tags_input])
priority_pred = layers.Dense(1, name="priority")(x)
department_pred = layers.Dense(4, name="department")(x)
model = keras.Model(
    inputs=[title_input, body_input, tags_input],
    outputs={"priority": priority_pred, "department": department_pred},
)
model.compile(optimizer="rmsprop", loss={"priority": "mse", "department": "categorical_crossentropy"})
