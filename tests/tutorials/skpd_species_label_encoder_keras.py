"""Text labels in a CSV: LabelEncoder to integer classes, sparse categorical cross-entropy."""
import pandas as pd
import keras
from sklearn.preprocessing import LabelEncoder, StandardScaler

df = pd.read_csv("penguins.csv")
df = df.dropna().reset_index(drop=True)
X = df[["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]].values
encoder = LabelEncoder()
y = encoder.fit_transform(df["species"])
n_classes = len(encoder.classes_)
X = StandardScaler().fit_transform(X)

model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(10, activation="relu"),
    keras.layers.Dense(n_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=3, batch_size=8, verbose=0)
print(encoder.inverse_transform(model.predict(X[:4], verbose=0).argmax(axis=1)))
