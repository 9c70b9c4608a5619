# expect: construct
# code: LL301
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, Bidirectional, LSTM, Dense, Input

model = Sequential()
model.add(Input(shape=(50,)))
model.add(Embedding(5000, 64))
model.add(Bidirectional(LSTM(64)))
model.add(Bidirectional(LSTM(32)))
model.add(Dense(1, activation='sigmoid'))
