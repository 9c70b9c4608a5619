# expect: LL102
import torch
import torch.nn as nn
import torch.nn.functional as F


class TwoBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Conv2d(3, 8, 3, padding=1)
        self.right = nn.Conv2d(3, 8, 3)
        self.head = nn.Conv2d(16, 4, 1)

    def forward(self, x):
        a = F.relu(self.left(x))
        b = F.relu(self.right(x))
        x = torch.cat([a, b], dim=1)
        return self.head(x)


model = TwoBranch()
out = model(torch.randn(2, 3, 16, 16))
