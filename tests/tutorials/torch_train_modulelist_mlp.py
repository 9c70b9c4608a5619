"""Hidden layers built in a loop into an nn.ModuleList, applied in forward by iterating over
it; trained on a regression target with SmoothL1Loss."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class DeepMLP(nn.Module):
    def __init__(self, in_features, hidden, depth, out_features):
        super().__init__()
        self.input = nn.Linear(in_features, hidden)
        self.hidden = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(depth)])
        self.output = nn.Linear(hidden, out_features)

    def forward(self, x):
        x = torch.relu(self.input(x))
        for layer in self.hidden:
            x = torch.relu(layer(x))
        return self.output(x)


data = TensorDataset(torch.randn(120, 7), torch.randn(120, 2))
loader = DataLoader(data, batch_size=30, shuffle=True)
model = DeepMLP(7, 24, 3, 2)
loss_fn = nn.SmoothL1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(3):
    for features, target in loader:
        prediction = model(features)
        loss = loss_fn(prediction, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: {loss.item():.4f}")
