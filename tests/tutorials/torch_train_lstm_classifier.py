"""A sequence classifier: nn.LSTM(batch_first=True) whose last time step feeds a Linear head,
trained with CrossEntropyLoss and Adam; the validation accuracy under no_grad."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

seq_len, n_features, n_classes = 12, 5, 4
train_ds = TensorDataset(torch.randn(96, seq_len, n_features), torch.randint(0, n_classes, (96,)))
val_ds = TensorDataset(torch.randn(32, seq_len, n_features), torch.randint(0, n_classes, (32,)))
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=16)


class LSTMClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, num_classes):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        out = self.fc(out[:, -1, :])
        return out


model = LSTMClassifier(n_features, 32, 2, n_classes)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)

for epoch in range(2):
    model.train()
    for sequences, labels in train_loader:
        outputs = model(sequences)
        loss = criterion(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    correct = 0
    total = 0
    with torch.no_grad():
        for sequences, labels in val_loader:
            outputs = model(sequences)
            _, predicted = torch.max(outputs, 1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    print(f"Epoch {epoch + 1}: loss {loss.item():.4f}, accuracy {100 * correct / total:.1f}%")
