# expect: LL102
import torch
import torch.nn as nn

# 32 sequences of 100 time steps with 6 sensor channels
signals = torch.randn(32, 100, 6)
model = nn.Sequential(
    nn.Conv1d(6, 16, kernel_size=5),
    nn.ReLU(),
    nn.AdaptiveAvgPool1d(1),
    nn.Flatten(),
    nn.Linear(16, 3),
)
scores = model(signals)
