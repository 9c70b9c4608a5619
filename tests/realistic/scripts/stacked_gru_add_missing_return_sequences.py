# expect: construct
# code: LL301
from keras.models import Sequential
from keras.layers import GRU, Dense, Dropout, Input

model = Sequential()
model.add(Input(shape=(24, 6)))
model.add(GRU(50, return_sequences=True))
model.add(Dropout(0.2))
model.add(GRU(50))
model.add(Dropout(0.2))
model.add(GRU(50))
model.add(Dense(1))
