"""A classifier whose forward ends with F.log_softmax, trained with NLLLoss; the test loss
summed with reduction='sum' and the accuracy from argmax(dim=1, keepdim=True)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

train_loader = DataLoader(TensorDataset(torch.randn(120, 20), torch.randint(0, 5, (120,))),
                          batch_size=24, shuffle=True)
test_loader = DataLoader(TensorDataset(torch.randn(48, 20), torch.randint(0, 5, (48,))),
                         batch_size=24)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 64)
        self.dropout = nn.Dropout(0.25)
        self.output = nn.Linear(64, 5)

    def forward(self, x):
        x = self.dropout(F.relu(self.hidden(x)))
        return F.log_softmax(self.output(x), dim=1)


model = Classifier()
criterion = nn.NLLLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.003)

for epoch in range(2):
    model.train()
    for data, target in train_loader:
        optimizer.zero_grad()
        output = model(data)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()

    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(target.view_as(pred)).sum().item()
    test_loss /= len(test_loader.dataset)
    print(f"Test set: Average loss: {test_loss:.4f}, Accuracy: {correct}/{len(test_loader.dataset)}")
