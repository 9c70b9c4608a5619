# expect: clean
import torch
import torch.nn as nn

encoder = nn.Sequential(
    nn.Conv2d(1, 16, 3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 32, 3, stride=2, padding=1),
    nn.ReLU(),
)
decoder = nn.Sequential(
    nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
    nn.ReLU(),
    nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
    nn.Sigmoid(),
)
model = nn.Sequential(encoder, decoder)
x = torch.rand(8, 1, 28, 28)
reconstruction = model(x)
