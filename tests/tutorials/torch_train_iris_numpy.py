"""A small tabular classifier on numpy data: features standardized with numpy, made float32
tensors, labels int64; full-batch training and the test accuracy."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(42)
features = rng.normal(size=(150, 4)).astype(np.float32)
targets = rng.integers(0, 3, size=150)
features = (features - features.mean(axis=0)) / features.std(axis=0)

X_train = torch.tensor(features[:120], dtype=torch.float32)
X_test = torch.tensor(features[120:], dtype=torch.float32)
y_train = torch.tensor(targets[:120], dtype=torch.long)
y_test = torch.tensor(targets[120:], dtype=torch.long)


class Model(nn.Module):
    def __init__(self, in_features=4, h1=8, h2=9, out_features=3):
        super().__init__()
        self.fc1 = nn.Linear(in_features, h1)
        self.fc2 = nn.Linear(h1, h2)
        self.out = nn.Linear(h2, out_features)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)


torch.manual_seed(41)
model = Model()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

losses = []
for i in range(100):
    y_pred = model.forward(X_train)
    loss = criterion(y_pred, y_train)
    losses.append(loss.detach().numpy())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    y_eval = model.forward(X_test)
    test_loss = criterion(y_eval, y_test)
correct = (y_eval.argmax(dim=1) == y_test).sum().item()
print(f"test loss {test_loss.item():.3f}, {correct} of {len(y_test)} correct")
