"""Binary logistic regression: one logit per sample, BCEWithLogitsLoss on (N, 1) float labels,
accuracy from the sigmoid thresholded at 0.5 against labels of the same shape."""
import torch
import torch.nn as nn

torch.manual_seed(0)
n_samples, n_features = 200, 6
X = torch.randn(n_samples, n_features)
y = (X[:, :1] + 0.3 * torch.randn(n_samples, 1) > 0).float()

X_train, X_test = X[:160], X[160:]
y_train, y_test = y[:160], y[160:]


class LogisticRegression(nn.Module):
    def __init__(self, n_input_features):
        super().__init__()
        self.linear = nn.Linear(n_input_features, 1)

    def forward(self, x):
        return self.linear(x)


model = LogisticRegression(n_features)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(50):
    logits = model(X_train)
    loss = criterion(logits, y_train)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()

with torch.no_grad():
    y_predicted = torch.sigmoid(model(X_test))
    y_predicted_cls = y_predicted.round()
    acc = y_predicted_cls.eq(y_test).sum() / float(y_test.shape[0])
    print(f"accuracy: {acc.item():.4f}")
