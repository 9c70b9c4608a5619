"""Multi-label classification: several independent yes/no targets per sample as a float
multi-hot matrix, BCEWithLogitsLoss on logits of the same shape, per-label accuracy."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

n_labels = 6
features = torch.randn(160, 24)
targets = (torch.rand(160, n_labels) > 0.7).float()
loader = DataLoader(TensorDataset(features, targets), batch_size=32, shuffle=True)

model = nn.Sequential(
    nn.Linear(24, 48),
    nn.ReLU(),
    nn.Dropout(0.1),
    nn.Linear(48, n_labels),
)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(3):
    model.train()
    total_loss = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        logits = model(xb)
        loss = criterion(logits, yb)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    model.eval()
    with torch.no_grad():
        probs = torch.sigmoid(model(features))
        predicted = (probs > 0.5).float()
        label_accuracy = (predicted == targets).float().mean(dim=0)
    print(epoch, total_loss, label_accuracy.tolist())
