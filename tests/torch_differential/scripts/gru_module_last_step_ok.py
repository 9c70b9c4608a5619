# expect: clean
import torch
import torch.nn as nn


class Forecaster(nn.Module):
    def __init__(self, n_features, hidden=32, horizon=5):
        super().__init__()
        self.gru = nn.GRU(n_features, hidden, num_layers=2, batch_first=True, dropout=0.1)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x):
        out, h = self.gru(x)
        return self.head(out[:, -1])


model = Forecaster(n_features=7)
window = torch.randn(16, 30, 7)
forecast = model(window)
