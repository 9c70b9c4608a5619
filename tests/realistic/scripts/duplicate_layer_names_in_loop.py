# expect: construct
# code: LL110
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Input

model = Sequential()
model.add(Input(shape=(16,)))
for i in range(3):
    model.add(Dense(32, activation='relu', name='hidden'))
model.add(Dense(1, name='output'))
