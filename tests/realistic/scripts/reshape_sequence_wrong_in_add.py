# expect: construct
# code: LL104
from keras.models import Sequential
from keras.layers import Dense, Reshape, LSTM

n_steps = 10
n_features = 4

model = Sequential()
model.add(Dense(32, input_shape=(20,)))
model.add(Reshape((n_steps, n_features)))
model.add(LSTM(8))
model.add(Dense(1))
