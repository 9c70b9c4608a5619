# expect: clean
import io
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

csv_text = "1,2,3,0\n4,5,6,1\n7,8,9,0\n1,3,5,1\n"
dataset = np.loadtxt(io.StringIO(csv_text), delimiter=",")
X = dataset[:, 0:3]
y = dataset[:, 3]

model = Sequential()
model.add(Dense(8, input_shape=(3,), activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(X, y, epochs=1, verbose=0)
