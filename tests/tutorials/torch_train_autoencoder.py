"""A dense autoencoder: encoder and decoder nn.Sequential parts, the reconstruction compared
with the input by MSELoss, Adam with weight decay."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

images = torch.rand(128, 1, 28, 28)
loader = DataLoader(TensorDataset(images), batch_size=32, shuffle=True)


class AE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(28 * 28, 128), nn.ReLU(),
            nn.Linear(128, 64), nn.ReLU(),
            nn.Linear(64, 12),
        )
        self.decoder = nn.Sequential(
            nn.Linear(12, 64), nn.ReLU(),
            nn.Linear(64, 128), nn.ReLU(),
            nn.Linear(128, 28 * 28), nn.Sigmoid(),
        )

    def forward(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


model = AE()
loss_function = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-8)

outputs = []
losses = []
for epoch in range(2):
    for (image,) in loader:
        image = image.reshape(-1, 28 * 28)
        reconstructed = model(image)
        loss = loss_function(reconstructed, image)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    outputs.append((epoch, image, reconstructed))
print(losses[-1])
