# expect: LL107
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.LSTM(input_size=8, hidden_size=32, batch_first=True),
    nn.Linear(32, 1),
)
x = torch.randn(16, 20, 8)
pred = model(x)
