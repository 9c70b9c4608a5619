"""An MLP with BatchNorm1d and Dropout: trained in train mode, then switched to eval mode to
predict one sample at a time (BatchNorm uses its running statistics there)."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

X = torch.randn(200, 12)
y = torch.randint(0, 3, (200,))
loader = DataLoader(TensorDataset(X, y), batch_size=20, shuffle=True, drop_last=True)

model = nn.Sequential(
    nn.Linear(12, 64),
    nn.BatchNorm1d(64),
    nn.ReLU(),
    nn.Dropout(0.3),
    nn.Linear(64, 32),
    nn.BatchNorm1d(32),
    nn.ReLU(),
    nn.Linear(32, 3),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(3):
    model.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()

model.eval()
with torch.no_grad():
    single = X[0].unsqueeze(0)
    probabilities = torch.softmax(model(single), dim=1)
    print(probabilities.argmax(dim=1).item())
