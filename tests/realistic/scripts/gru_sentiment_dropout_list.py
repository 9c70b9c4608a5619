# expect: clean
import numpy as np
from keras import layers, models

VOCAB = 1000
MAXLEN = 25
x = np.random.randint(0, VOCAB, (12, MAXLEN))
y = np.random.randint(0, 3, (12,))
y_onehot = np.eye(3)[y]

model = models.Sequential([
    layers.Embedding(input_dim=VOCAB, output_dim=32),
    layers.SpatialDropout1D(0.2),
    layers.GRU(32, dropout=0.1),
    layers.Dense(3, activation='softmax'),
])
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(x, y_onehot, epochs=1, batch_size=4, verbose=0)
