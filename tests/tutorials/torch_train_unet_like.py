"""A tiny encoder-decoder for segmentation: convolutions down, ConvTranspose2d up, the skip
concatenated on the channel axis, per-pixel cross entropy against (N, H, W) masks."""
import torch
import torch.nn as nn


class TinyUNet(nn.Module):
    def __init__(self, classes=3):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.pool = nn.MaxPool2d(2)
        self.bottom = nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.ReLU())
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.head = nn.Conv2d(16, classes, 1)

    def forward(self, x):
        skip = self.down(x)
        x = self.bottom(self.pool(skip))
        x = self.up(x)
        x = torch.cat([x, skip], dim=1)
        return self.head(x)


model = TinyUNet()
images = torch.randn(4, 3, 32, 32)
masks = torch.randint(0, 3, (4, 32, 32))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(3):
    optimizer.zero_grad()
    logits = model(images)
    loss = criterion(logits, masks)
    loss.backward()
    optimizer.step()
with torch.no_grad():
    pixel_accuracy = (model(images).argmax(1) == masks).float().mean().item()
print(loss.item(), pixel_accuracy)
