"""Fine-tuning in the style of the transfer-learning tutorial: a feature extractor whose
parameters are frozen (requires_grad = False) and a new head that alone is optimized."""
import torch
import torch.nn as nn

backbone = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
)
for param in backbone.parameters():
    param.requires_grad = False
head = nn.Linear(16, 2)
model = nn.Sequential(backbone, head)

criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(head.parameters(), lr=0.001, momentum=0.9)
exp_lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)

inputs = torch.randn(16, 3, 24, 24)
labels = torch.randint(0, 2, (16,))
for epoch in range(3):
    model.train()
    optimizer.zero_grad()
    with torch.set_grad_enabled(True):
        outputs = model(inputs)
        _, preds = torch.max(outputs, 1)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
    exp_lr_scheduler.step()
    running_corrects = torch.sum(preds == labels.data)
    print(epoch, loss.item(), running_corrects.item())
