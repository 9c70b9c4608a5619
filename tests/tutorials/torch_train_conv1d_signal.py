"""1-D convolutions over multichannel signals: Conv1d, BatchNorm1d, MaxPool1d and global
average pooling, trained with Adam and evaluated with torch.no_grad()."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

signals = torch.randn(120, 3, 64)
labels = torch.randint(0, 5, (120,))
train_loader = DataLoader(TensorDataset(signals[:96], labels[:96]), batch_size=16, shuffle=True)
test_loader = DataLoader(TensorDataset(signals[96:], labels[96:]), batch_size=24)

model = nn.Sequential(
    nn.Conv1d(3, 16, kernel_size=5, padding=2),
    nn.BatchNorm1d(16),
    nn.ReLU(),
    nn.MaxPool1d(2),
    nn.Conv1d(16, 32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.AdaptiveAvgPool1d(1),
    nn.Flatten(),
    nn.Linear(32, 5),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(3):
    model.train()
    for batch, target in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(batch), target)
        loss.backward()
        optimizer.step()

model.eval()
correct = 0
with torch.no_grad():
    for batch, target in test_loader:
        correct += (model(batch).argmax(dim=1) == target).sum().item()
print(f"accuracy {correct / len(test_loader.dataset):.2f}")
