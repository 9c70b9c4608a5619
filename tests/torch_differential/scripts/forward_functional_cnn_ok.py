# expect: clean
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 2 * 2, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.avg_pool2d(F.gelu(self.conv2(x)), kernel_size=2, stride=2)
        x = F.adaptive_avg_pool2d(x, (2, 2))
        x = torch.flatten(x, 1)
        x = F.dropout(x, p=0.3, training=self.training)
        return F.log_softmax(self.fc(x), dim=1)


model = Net()
out = model(torch.randn(4, 3, 32, 32))
