# expect: LL104
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(8 * 30 * 30, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = x.view(16, 8 * 30 * 30)
        return self.fc(x)


model = Classifier()
x = torch.randn(4, 3, 32, 32)
out = model(x)
