import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.bn = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        y = F.relu(self.bn(self.conv1(x)))
        return x + self.conv2(y)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.blocks = nn.Sequential(*[Block(16) for _ in range(4)])
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(16 * 32 * 32, 10))

    def forward(self, x):
        x = self.stem(x)
        x = self.blocks(x)
        return self.head(x)


model = Net()
y = model(torch.randn(8, 3, 32, 32))
