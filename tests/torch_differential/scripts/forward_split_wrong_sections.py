# expect: LL102
import torch
import torch.nn as nn


class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(20, 12)
        self.mean = nn.Linear(6, 2)
        self.std = nn.Linear(6, 2)

    def forward(self, x):
        h = self.body(x)
        mu, sigma = torch.split(h, [6, 8], dim=1)
        return self.mean(mu) + self.std(sigma)


model = Heads()
out = model(torch.randn(3, 20))
