# expect: clean
import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense

max_features = 2000
maxlen = 40
batch_size = 8

x_train = np.random.randint(0, max_features, size=(24, maxlen))
y_train = np.random.randint(0, 2, size=(24,))

model = Sequential()
model.add(Embedding(max_features, 32))
model.add(LSTM(32, dropout=0.2, recurrent_dropout=0.2))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=batch_size, epochs=1, verbose=0)
