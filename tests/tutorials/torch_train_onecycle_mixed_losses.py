"""Two heads trained together: a class head (cross entropy) and a regression head (MSE), the
losses summed with a weight; OneCycleLR stepped per batch."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(12, 32), nn.ReLU())
        self.cls = nn.Linear(32, 4)
        self.reg = nn.Linear(32, 1)

    def forward(self, x):
        h = self.body(x)
        return self.cls(h), self.reg(h)


data = TensorDataset(torch.randn(96, 12), torch.randint(0, 4, (96,)), torch.randn(96, 1))
loader = DataLoader(data, batch_size=32, shuffle=True)
model = TwoHeads()
ce, mse = nn.CrossEntropyLoss(), nn.MSELoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, total_steps=2 * len(loader))

for epoch in range(2):
    for x, label, value in loader:
        logits, estimate = model(x)
        loss = ce(logits, label) + 0.5 * mse(estimate, value)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
    print(epoch, loss.item())
