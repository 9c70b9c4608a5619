"""Images listed in a CSV file (filename, label) loaded with flow_from_dataframe, tf.keras 2;
sparse integer labels for a softmax head and sparse_categorical_crossentropy."""
import pandas as pd
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

df = pd.read_csv("data/labels.csv")
datagen = ImageDataGenerator(rescale=1.0 / 255)
train_gen = datagen.flow_from_dataframe(
    df, directory="data", x_col="filename", y_col="label", target_size=(64, 64),
    class_mode="sparse", batch_size=8)

model = keras.Sequential([
    keras.layers.Conv2D(16, 3, activation="relu", input_shape=(64, 64, 3)),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_gen, epochs=1)
