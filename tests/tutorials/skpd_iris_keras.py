"""Iris with one-hot targets: load_iris, a stratified split, min-max scaling, a softmax head."""
import numpy as np
import keras
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

iris = load_iris()
X = iris.data
y = keras.utils.to_categorical(iris.target, num_classes=3)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=iris.target,
                                                    random_state=0)
scaler = MinMaxScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

model = keras.Sequential()
model.add(keras.layers.Dense(16, activation="relu", input_shape=(4,)))
model.add(keras.layers.Dense(3, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=5, batch_size=8, verbose=0)
predictions = model.predict(X_test, verbose=0)
print("test accuracy:", np.mean(np.argmax(predictions, axis=1) == np.argmax(y_test, axis=1)))
