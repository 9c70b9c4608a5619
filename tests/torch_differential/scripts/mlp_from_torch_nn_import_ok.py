# expect: clean
import torch
from torch.nn import Linear, ReLU, Sequential, BatchNorm1d

hidden = 64
model = Sequential(Linear(20, hidden), BatchNorm1d(hidden), ReLU(), Linear(hidden, 1))
x = torch.ones(10, 20)
y = model(x)
