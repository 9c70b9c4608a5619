# expect: LL102
import torch
import torch.nn as nn


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(64, 32)
        self.out = nn.Linear(32, 10)

    def forward(self, x):
        h = torch.relu(self.proj(x))
        h = h + x
        return self.out(h)


model = Residual()
y = model(torch.randn(4, 64))
