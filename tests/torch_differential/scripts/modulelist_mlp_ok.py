# expect: clean
import torch
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, sizes=(20, 64, 32, 10)):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
        )
        self.norms = nn.ModuleList([nn.LayerNorm(64), nn.LayerNorm(32)])

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x


model = MLP()
out = model(torch.randn(8, 20))
