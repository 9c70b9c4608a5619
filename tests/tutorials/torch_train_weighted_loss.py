"""An imbalanced classification: class weights given to CrossEntropyLoss, predictions per
class counted after training."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

counts = torch.tensor([300.0, 60.0, 40.0])
class_weights = counts.sum() / (len(counts) * counts)
X = torch.randn(400, 10)
y = torch.cat([torch.zeros(300), torch.ones(60), torch.full((40,), 2.0)]).long()
loader = DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True)

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3))
criterion = nn.CrossEntropyLoss(weight=class_weights)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

for epoch in range(4):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    predicted = model(X).argmax(dim=1)
print(torch.bincount(predicted, minlength=3))
