"""A model written with functional calls in forward (F.conv2d-free: F.relu, F.max_pool2d,
F.dropout with self.training) and a loss from F.cross_entropy, trained and evaluated in a
function that switches the mode."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 10, kernel_size=5)
        self.fc = nn.Linear(10 * 12 * 12, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv(x), 2))
        x = F.dropout(x, p=0.2, training=self.training)
        x = x.view(-1, 10 * 12 * 12)
        return self.fc(x)


def run_epoch(model, images, labels, optimizer=None):
    training = optimizer is not None
    model.train(training)
    logits = model(images)
    loss = F.cross_entropy(logits, labels)
    if training:
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
images, labels = torch.randn(32, 1, 28, 28), torch.randint(0, 10, (32,))
for epoch in range(3):
    train_loss = run_epoch(model, images, labels, optimizer)
    with torch.no_grad():
        val_loss = run_epoch(model, images[:8], labels[:8])
    print(epoch, train_loss, val_loss)
