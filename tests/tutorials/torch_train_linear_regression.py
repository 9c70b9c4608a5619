"""Linear regression with nn.Linear(1, 1): the whole data set as one batch, MSELoss, SGD, and
a prediction under torch.no_grad()."""
import torch
import torch.nn as nn

x_train = torch.linspace(0, 10, 50).unsqueeze(1)
y_train = 3 * x_train + 2 + 0.5 * torch.randn(50, 1)

model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

num_epochs = 60
for epoch in range(num_epochs):
    outputs = model(x_train)
    loss = criterion(outputs, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 20 == 0:
        print(f"Epoch [{epoch + 1}/{num_epochs}], Loss: {loss.item():.4f}")

with torch.no_grad():
    predicted = model(x_train).numpy()
print(predicted[:3])
