"""A training script that moves the model and every batch to a device, prints progress with
tqdm-like counters, and saves a checkpoint dictionary at the end of each epoch."""
import os
import tempfile

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dataset = TensorDataset(torch.randn(90, 1, 20, 20), torch.randint(0, 3, (90,)))
loader = DataLoader(dataset, batch_size=15, shuffle=True)

model = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 12, 3), nn.ReLU(), nn.Flatten(),
    nn.Linear(12 * 6 * 6, 3),
).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
path = os.path.join(tempfile.mkdtemp(), "checkpoint.pt")

for epoch in range(2):
    model.train()
    seen, loss_sum = 0, 0.0
    for images, targets in loader:
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad(set_to_none=True)
        logits = model(images)
        loss = criterion(logits, targets)
        loss.backward()
        optimizer.step()
        seen += images.size(0)
        loss_sum += loss.item() * images.size(0)
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict(), "loss": loss_sum / seen}, path)

checkpoint = torch.load(path)
model.load_state_dict(checkpoint["model_state_dict"])
optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
print(checkpoint["epoch"], checkpoint["loss"])
