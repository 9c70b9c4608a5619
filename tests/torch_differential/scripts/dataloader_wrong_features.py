# expect: LL102
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

X = torch.randn(500, 13)
y = torch.randn(500, 1)
loader = DataLoader(TensorDataset(X, y), batch_size=50)

model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 1))
for xb, yb in loader:
    pred = model(xb)
