# expect: LL102
import torch
import torch.nn as nn


class Tower(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList()
        self.blocks.append(nn.Linear(16, 32))
        self.blocks.append(nn.ReLU())
        self.blocks.append(nn.Linear(16, 8))

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


model = Tower()
out = model(torch.randn(4, 16))
