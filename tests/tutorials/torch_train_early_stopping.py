"""Early stopping on the validation loss: the best state_dict kept in memory, patience counted
per epoch, the best weights restored at the end."""
import copy

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

X_train, y_train = torch.randn(160, 8), torch.randn(160, 1)
X_val, y_val = torch.randn(40, 8), torch.randn(40, 1)
train_loader = DataLoader(TensorDataset(X_train, y_train), batch_size=16, shuffle=True)
val_loader = DataLoader(TensorDataset(X_val, y_val), batch_size=40)

model = nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)

best_loss = float("inf")
best_state = copy.deepcopy(model.state_dict())
patience, bad_epochs = 3, 0
for epoch in range(10):
    model.train()
    for inputs, targets in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()
    model.eval()
    val_loss = 0.0
    with torch.no_grad():
        for inputs, targets in val_loader:
            val_loss += criterion(model(inputs), targets).item() * inputs.size(0)
    val_loss /= len(val_loader.dataset)
    if val_loss < best_loss:
        best_loss, bad_epochs = val_loss, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad_epochs += 1
        if bad_epochs >= patience:
            print(f"early stop at epoch {epoch}")
            break
model.load_state_dict(best_state)
