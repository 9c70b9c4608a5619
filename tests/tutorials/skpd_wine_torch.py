"""Wine (13 features, 3 classes): standardised features, a PyTorch module, full-batch training."""
import torch
from torch import nn
from sklearn.datasets import load_wine
from sklearn.preprocessing import StandardScaler


class WineNet(nn.Module):
    def __init__(self, n_features, n_classes):
        super().__init__()
        self.hidden = nn.Linear(n_features, 32)
        self.out = nn.Linear(32, n_classes)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


X, y = load_wine(return_X_y=True)
X = StandardScaler().fit_transform(X)
inputs = torch.from_numpy(X).float()
targets = torch.from_numpy(y).long()
net = WineNet(13, 3)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
for step in range(20):
    optimizer.zero_grad()
    loss = loss_fn(net(inputs), targets)
    loss.backward()
    optimizer.step()
print(loss.item())
