"""The windowing function of time-series tutorials (create_dataset) feeding an LSTM."""
import numpy as np
import keras
from keras import layers


def create_dataset(series, look_back=10):
    data_x, data_y = [], []
    for i in range(len(series) - look_back - 1):
        window = series[i:(i + look_back), 0]
        data_x.append(window)
        data_y.append(series[i + look_back, 0])
    return np.array(data_x), np.array(data_y)


series = np.sin(np.arange(300) / 10.0).reshape(-1, 1).astype("float32")
train_size = int(len(series) * 0.67)
train, test = series[:train_size], series[train_size:]
look_back = 10
train_x, train_y = create_dataset(train, look_back)
test_x, test_y = create_dataset(test, look_back)
train_x = np.reshape(train_x, (train_x.shape[0], train_x.shape[1], 1))
test_x = np.reshape(test_x, (test_x.shape[0], test_x.shape[1], 1))

model = keras.Sequential([
    keras.Input(shape=(look_back, 1)),
    layers.LSTM(8),
    layers.Dense(1),
])
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(train_x, train_y, epochs=1, batch_size=16, verbose=0)
print(model.predict(test_x, verbose=0).shape)
