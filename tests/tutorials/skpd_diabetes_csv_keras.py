"""Pima Indians diabetes: a CSV of 8 measurements and an outcome, a small Keras classifier."""
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("diabetes.csv")
print(df.head())
X = df.iloc[:, 0:8].values
y = df.iloc[:, 8].values

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = keras.Sequential([
    keras.Input(shape=(X_train.shape[1],)),
    layers.Dense(12, activation="relu"),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=3, batch_size=10, validation_data=(X_test, y_test), verbose=0)
loss, accuracy = model.evaluate(X_test, y_test, verbose=0)
print(f"accuracy: {accuracy:.2f}")
