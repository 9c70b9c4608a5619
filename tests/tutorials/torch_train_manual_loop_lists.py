"""The training history kept in lists (train/validation loss and accuracy per epoch), the
validation done by an evaluate() function under torch.no_grad()."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

train_dl = DataLoader(TensorDataset(torch.randn(128, 20), torch.randint(0, 2, (128,))),
                      batch_size=32, shuffle=True)
valid_dl = DataLoader(TensorDataset(torch.randn(64, 20), torch.randint(0, 2, (64,))),
                      batch_size=32)
model = nn.Sequential(nn.Linear(20, 10), nn.ReLU(), nn.Linear(10, 2))
loss_func = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)


def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()


def evaluate(model, dl):
    model.eval()
    losses, accs = [], []
    with torch.no_grad():
        for xb, yb in dl:
            out = model(xb)
            losses.append(loss_func(out, yb).item())
            accs.append(accuracy(out, yb).item())
    return sum(losses) / len(losses), sum(accs) / len(accs)


history = {"train_loss": [], "val_loss": [], "val_acc": []}
for epoch in range(3):
    model.train()
    for xb, yb in train_dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
    val_loss, val_acc = evaluate(model, valid_dl)
    history["train_loss"].append(loss.item())
    history["val_loss"].append(val_loss)
    history["val_acc"].append(val_acc)
print(history)
