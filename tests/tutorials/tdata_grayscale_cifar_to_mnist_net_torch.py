"""A net made for 28 x 28 grayscale digits reused on CIFAR-10: the transform makes the images
fit (Grayscale, Resize(28)), and the loader's batches go through a flattened MLP."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

DATA_DIR = "data"

to_digits = transforms.Compose([
    transforms.Grayscale(num_output_channels=1),
    transforms.Resize(28),
    transforms.ToTensor(),
    transforms.Normalize((0.5,), (0.5,)),
])
test_set = datasets.CIFAR10(DATA_DIR, train=False, download=True, transform=to_digits)
test_loader = DataLoader(test_set, batch_size=16, shuffle=False, drop_last=True)

mlp = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(256, 10),
    nn.LogSoftmax(dim=1),
)
criterion = nn.NLLLoss()
mlp.eval()
with torch.no_grad():
    for images, labels in test_loader:
        log_probs = mlp(images)
        loss = criterion(log_probs, labels)
        predictions = log_probs.argmax(dim=1)
