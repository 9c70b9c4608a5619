"""Newswire topics (Deep Learning with Python): 46 topics, one-hot labels, padded ids."""
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.datasets import reuters
from tensorflow.keras.utils import to_categorical

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10000)
x_train = keras.preprocessing.sequence.pad_sequences(train_data, maxlen=300)
x_test = keras.preprocessing.sequence.pad_sequences(test_data, maxlen=300)
y_train = to_categorical(train_labels)
y_test = to_categorical(test_labels)

model = keras.Sequential([
    layers.Embedding(10000, 64),
    layers.GlobalAveragePooling1D(),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, batch_size=512, validation_data=(x_test, y_test))
