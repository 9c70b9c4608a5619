# expect: construct
import tensorflow as tf

model = tf.keras.Sequential()
model.add(tf.keras.Input(shape=(30, 8)))
model.add(tf.keras.layers.LSTM(64))
model.add(tf.keras.layers.LSTM(32))
model.add(tf.keras.layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
