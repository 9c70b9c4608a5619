"""House-price style regression: standardized features, an MLP with Dropout, L1Loss for the
report and MSELoss for training, predictions brought back with .cpu().numpy()."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

X = np.random.rand(240, 9).astype("float32")
y = (X @ np.linspace(1, 2, 9).astype("float32")).reshape(-1, 1)
X_tensor, y_tensor = torch.from_numpy(X), torch.from_numpy(y)
loader = DataLoader(TensorDataset(X_tensor, y_tensor), batch_size=24, shuffle=True)

model = nn.Sequential(nn.Linear(9, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))
train_loss_fn = nn.MSELoss()
report_loss_fn = nn.L1Loss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(3):
    model.train()
    for features, price in loader:
        optimizer.zero_grad()
        loss = train_loss_fn(model(features), price)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        mae = report_loss_fn(model(X_tensor), y_tensor).item()
    print(f"epoch {epoch}: MAE {mae:.3f}")

predictions = model(X_tensor[:5]).detach().cpu().numpy()
print(predictions.ravel())
