# expect: construct
# code: LL101
from keras.models import Sequential
from keras.layers import LSTM, Dense, TimeDistributed

model = Sequential()
model.add(LSTM(32, input_shape=(10, 3)))
model.add(TimeDistributed(Dense(1)))
