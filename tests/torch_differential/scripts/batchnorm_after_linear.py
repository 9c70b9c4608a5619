# expect: LL102
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(10, 20),
    nn.BatchNorm1d(30),
    nn.ReLU(),
    nn.Linear(20, 1),
)
x = torch.randn(64, 10)
y_hat = model(x)
