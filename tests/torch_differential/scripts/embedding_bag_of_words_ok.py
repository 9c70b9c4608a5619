# expect: clean
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Embedding(1000, 16),
    nn.Flatten(),
    nn.Linear(16 * 12, 8),
    nn.ReLU(),
    nn.Linear(8, 1),
)
ids = torch.randint(0, 1000, (4, 12))
out = model(ids)
