"""Timeseries forecasting (keras.io weather example's data section): windows made by
timeseries_dataset_from_array, an LSTM regressor."""
import numpy as np
import keras

features = np.random.rand(2000, 7).astype("float32")
past, future, step = 120, 12, 6
sequence_length = past // step
train_split = 1500

x_train = features[:train_split]
y_train = features[past + future:train_split + past + future, 1]
dataset_train = keras.utils.timeseries_dataset_from_array(
    x_train, y_train, sequence_length=sequence_length, sampling_rate=step, batch_size=256)

inputs = keras.layers.Input(shape=(sequence_length, 7))
lstm_out = keras.layers.LSTM(32)(inputs)
outputs = keras.layers.Dense(1)(lstm_out)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.fit(dataset_train, epochs=1)
