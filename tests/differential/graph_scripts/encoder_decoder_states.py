# expect: clean
import keras
from keras import layers

encoder_inputs = keras.Input(shape=(None, 30))
encoder_outputs, state_h, state_c = layers.LSTM(64, return_state=True)(encoder_inputs)
decoder_inputs = keras.Input(shape=(None, 40))
decoder_lstm = layers.LSTM(64, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=[state_h, state_c])
decoder_outputs = layers.Dense(40, activation="softmax")(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
