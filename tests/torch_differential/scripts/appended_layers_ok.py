# expect: clean
import torch
import torch.nn as nn

model = nn.Sequential()
model.add_module("conv", nn.Conv2d(3, 8, 3, padding=1))
model.add_module("bn", nn.BatchNorm2d(8))
model.append(nn.ReLU())
model.append(nn.AdaptiveAvgPool2d(1))
model.append(nn.Flatten())
model.append(nn.Linear(8, 5))
x = torch.randn(2, 3, 64, 64)
out = model(x)
