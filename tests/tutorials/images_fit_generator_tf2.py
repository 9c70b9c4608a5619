"""The older tf.keras 2 spelling: model.fit_generator on ImageDataGenerator iterators, with the
image shape taken from the iterator."""
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator

datagen = ImageDataGenerator(rescale=1.0 / 255, horizontal_flip=True)
train_it = datagen.flow_from_directory("data/train", target_size=(96, 96), class_mode="binary",
                                       batch_size=4)
val_it = datagen.flow_from_directory("data/validation", target_size=(96, 96),
                                     class_mode="binary", batch_size=4)

model = tf.keras.Sequential([
    tf.keras.Input(shape=train_it.image_shape),
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit_generator(train_it, steps_per_epoch=len(train_it), validation_data=val_it,
                    validation_steps=len(val_it), epochs=1)
