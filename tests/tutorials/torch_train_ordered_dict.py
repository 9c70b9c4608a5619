"""A model named layer by layer with an OrderedDict inside nn.Sequential, trained full-batch
with Adagrad; the parameters listed by name."""
from collections import OrderedDict

import torch
import torch.nn as nn

model = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(10, 20)),
    ("act1", nn.ReLU()),
    ("fc2", nn.Linear(20, 20)),
    ("act2", nn.ReLU()),
    ("out", nn.Linear(20, 2)),
]))
for name, param in model.named_parameters():
    print(name, tuple(param.shape))

inputs = torch.randn(64, 10)
labels = torch.randint(0, 2, (64,))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adagrad(model.parameters(), lr=0.05)
for step in range(30):
    optimizer.zero_grad()
    logits = model(inputs)
    loss = criterion(logits, labels)
    loss.backward()
    optimizer.step()
accuracy = (logits.argmax(dim=1) == labels).float().mean().item()
print(f"final loss {loss.item():.3f}, accuracy {accuracy:.2f}")
