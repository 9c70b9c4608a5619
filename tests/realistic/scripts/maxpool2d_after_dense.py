# expect: construct
# code: LL101
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, MaxPooling2D, Flatten

model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(32,)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(1))
