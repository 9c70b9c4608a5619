# expect: LL102
import torch
import torch.nn as nn


class Scores(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(16, 8)
        self.k = nn.Linear(16, 8)

    def forward(self, x):
        q = self.q(x)
        k = self.k(x)
        scores = torch.bmm(q, k)
        return scores.softmax(-1)


model = Scores()
out = model(torch.randn(2, 5, 16))
