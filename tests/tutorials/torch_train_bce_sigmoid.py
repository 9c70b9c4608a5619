"""Binary classification with a Sigmoid output layer and BCELoss; predictions rounded and
compared with (N, 1) labels."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

X = torch.randn(300, 4)
y = (X.sum(dim=1, keepdim=True) > 0).float()
train_loader = DataLoader(TensorDataset(X[:240], y[:240]), batch_size=32, shuffle=True)
test_X, test_y = X[240:], y[240:]


class BinaryClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_1 = nn.Linear(4, 16)
        self.layer_out = nn.Linear(16, 1)
        self.relu = nn.ReLU()
        self.sigmoid = nn.Sigmoid()

    def forward(self, inputs):
        x = self.relu(self.layer_1(inputs))
        return self.sigmoid(self.layer_out(x))


model = BinaryClassifier()
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(5):
    epoch_loss = 0
    for X_batch, y_batch in train_loader:
        optimizer.zero_grad()
        y_pred = model(X_batch)
        loss = criterion(y_pred, y_batch)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()

model.eval()
with torch.no_grad():
    y_test_pred = model(test_X)
    y_pred_tag = torch.round(y_test_pred)
    correct_results_sum = (y_pred_tag == test_y).sum().float()
    acc = correct_results_sum / test_y.shape[0]
print(f"test accuracy: {acc.item():.3f}")
