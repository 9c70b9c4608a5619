# expect: clean
import torch
import torch.nn as nn


class MultiHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.ModuleList([nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 16)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(16, 5), "reg": nn.Linear(16, 1)})

    def forward(self, x):
        x = self.backbone[0](x)
        x = self.backbone[1](x)
        x = self.backbone[-1](x)
        return self.heads["cls"](x)


model = MultiHead()
out = model(torch.randn(4, 12))
