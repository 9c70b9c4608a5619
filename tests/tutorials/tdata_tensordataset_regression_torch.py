"""Linear regression on numpy data: float32 arrays made tensors with torch.from_numpy, a
TensorDataset, a shuffled DataLoader and an MSE loss on (N, 1) targets."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
X = np.random.rand(256, 3).astype(np.float32)
true_w = np.array([[2.0], [-1.0], [0.5]], dtype=np.float32)
y = X @ true_w + 0.1 * np.random.randn(256, 1).astype(np.float32)

inputs = torch.from_numpy(X)
targets = torch.from_numpy(y)
train_ds = TensorDataset(inputs, targets)
train_dl = DataLoader(train_ds, batch_size=32, shuffle=True)

model = nn.Linear(3, 1)
loss_fn = nn.MSELoss()
opt = torch.optim.SGD(model.parameters(), lr=1e-2)

xb, yb = next(iter(train_dl))
print(xb.shape, yb.shape)

for epoch in range(20):
    for xb, yb in train_dl:
        pred = model(xb)
        loss = loss_fn(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
    if (epoch + 1) % 10 == 0:
        print(f"Epoch [{epoch + 1}/20], Loss: {loss.item():.4f}")

preds = model(inputs)
print(preds.shape)
