"""A DataFrame built in the script: select feature columns by name, a validation split."""
import numpy as np
import pandas as pd
import keras
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(0)
df = pd.DataFrame({
    "age": rng.integers(18, 80, 200),
    "income": rng.normal(50, 10, 200),
    "score": rng.normal(0, 1, 200),
    "bought": rng.integers(0, 2, 200),
})
feature_columns = ["age", "income", "score"]
X = df[feature_columns].astype("float32").to_numpy()
y = df["bought"].to_numpy()
X = (X - X.mean(axis=0)) / X.std(axis=0)
X_train, X_val, y_train, y_val = train_test_split(X, y, train_size=0.8, random_state=3)
model = keras.Sequential([keras.Input((len(feature_columns),)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="sgd", loss="binary_crossentropy")
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=2, verbose=0)
