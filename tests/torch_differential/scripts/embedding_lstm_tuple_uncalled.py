# expect: LL107
# input: 4, 10, dtype=torch.long
import torch.nn as nn

model = nn.Sequential(nn.Embedding(100, 16), nn.LSTM(16, 32), nn.Linear(64, 1))
