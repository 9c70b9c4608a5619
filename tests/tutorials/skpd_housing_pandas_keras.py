"""A regression from a CSV: drop the target column, fill missing values, scale, predict."""
import pandas as pd
import keras
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

data = pd.read_csv("housing.csv")
data = data.dropna()
features = data.drop(columns=["price"])
target = data["price"]
X_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.2)
scaler = MinMaxScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = keras.Sequential([
    keras.Input(shape=(X_train.shape[1],)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X_train, y_train.values, epochs=3, batch_size=16, validation_split=0.2, verbose=0)
print(model.predict(X_test[:3], verbose=0))
