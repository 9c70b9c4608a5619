"""A Dataset of its own (the PyTorch tutorial's "Creating a Custom Dataset" pattern, in
memory): __init__ keeps the features and labels, __len__ and __getitem__ give one sample with
an optional transform; a DataLoader batches it for a small classifier and CrossEntropyLoss."""
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset


class SensorDataset(Dataset):
    def __init__(self, samples, transform=None):
        self.features = np.random.randn(samples, 12).astype(np.float32)
        self.labels = np.random.randint(0, 4, size=samples)
        self.transform = transform

    def __len__(self):
        return len(self.features)

    def __getitem__(self, idx):
        features = torch.from_numpy(self.features[idx])
        if self.transform is not None:
            features = self.transform(features)
        return features, int(self.labels[idx])


training_data = SensorDataset(600)
train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 4))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2)

features, labels = next(iter(train_dataloader))
print(features.shape, labels.dtype)

for epoch in range(2):
    for batch, (X, y) in enumerate(train_dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
print(f"loss {loss.item():.3f}")
