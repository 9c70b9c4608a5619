# expect: construct
# code: LL105
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(10)))
model.add(Dense(1))
