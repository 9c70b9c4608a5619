"""Attention pooling over a sequence: scores from a Linear, softmax over time, a weighted sum
with bmm, a classifier on the pooled vector; cross entropy and Adam."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class AttentionPool(nn.Module):
    def __init__(self, dim, classes):
        super().__init__()
        self.encoder = nn.Linear(dim, dim)
        self.score = nn.Linear(dim, 1)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        h = torch.tanh(self.encoder(x))
        weights = F.softmax(self.score(h), dim=1)
        pooled = torch.bmm(weights.transpose(1, 2), h).squeeze(1)
        return self.head(pooled)


loader = DataLoader(TensorDataset(torch.randn(64, 10, 16), torch.randint(0, 3, (64,))),
                    batch_size=16)
model = AttentionPool(16, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
