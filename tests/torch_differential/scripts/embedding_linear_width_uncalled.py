# expect: LL102
# input: 4, 10, dtype=torch.long
import torch.nn as nn

model = nn.Sequential(nn.Embedding(500, 32), nn.ReLU(), nn.Linear(64, 2))
