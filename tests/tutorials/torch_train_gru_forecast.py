"""Time-series forecasting: sliding windows of a sine wave, an nn.GRU whose final hidden state
predicts the next value, MSELoss and Adam."""
import math

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

series = torch.sin(torch.arange(0, 200, dtype=torch.float32) * 2 * math.pi / 25)
window = 20
xs = torch.stack([series[i:i + window] for i in range(150)]).unsqueeze(-1)
ys = torch.stack([series[i + window] for i in range(150)]).unsqueeze(-1)
loader = DataLoader(TensorDataset(xs, ys), batch_size=32, shuffle=True)


class Forecaster(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.gru = nn.GRU(input_size=1, hidden_size=hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        _, h_n = self.gru(x)
        return self.out(h_n[-1])


model = Forecaster()
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(3):
    epoch_loss = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        pred = model(xb)
        loss = loss_fn(pred, yb)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * xb.size(0)
    print(f"epoch {epoch}: mse {epoch_loss / len(loader.dataset):.4f}")

model.eval()
with torch.no_grad():
    next_value = model(xs[-1:])
print(next_value.shape)
