# expect: LL102
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(1, 32, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(4096, 10),
)
x = torch.randn(8, 1, 28, 28)
logits = model(x)
