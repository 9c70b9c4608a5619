# expect: clean
from collections import OrderedDict

import torch
from torch import nn

model = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(784, 256)),
    ("relu1", nn.ReLU()),
    ("drop", nn.Dropout(0.2)),
    ("fc2", nn.Linear(256, 64)),
    ("relu2", nn.ReLU()),
    ("out", nn.Linear(64, 10)),
    ("softmax", nn.LogSoftmax(dim=1)),
]))
x = torch.rand(128, 784)
log_probs = model(x)
