# expect: clean
import torch
import torch.nn as nn

layers = [nn.Linear(30, 60), nn.Tanh(), nn.Linear(60, 30), nn.Tanh()]
layers.append(nn.Linear(30, 2))
model = nn.Sequential(*layers)
x = torch.randn(5, 30)
out = model(x)
