"""Text classification in the style of the torchtext tutorial: token ids into nn.Embedding,
the mean over the sequence, a Linear head; CrossEntropyLoss, SGD, gradient clipping and a
StepLR scheduler; accuracy counted per epoch."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

vocab_size, embed_dim, num_class, seq_len = 500, 32, 4, 20
tokens = torch.randint(0, vocab_size, (128, seq_len))
labels = torch.randint(0, num_class, (128,))
dataloader = DataLoader(TensorDataset(tokens, labels), batch_size=16, shuffle=True)


class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.fc = nn.Linear(embed_dim, num_class)

    def forward(self, text):
        embedded = self.embedding(text).mean(dim=1)
        return self.fc(embedded)


model = TextClassificationModel(vocab_size, embed_dim, num_class)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5.0)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)


def train(dataloader):
    model.train()
    total_acc, total_count = 0, 0
    for idx, (text, label) in enumerate(dataloader):
        optimizer.zero_grad()
        predicted_label = model(text)
        loss = criterion(predicted_label, label)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
        optimizer.step()
        total_acc += (predicted_label.argmax(1) == label).sum().item()
        total_count += label.size(0)
    return total_acc / total_count


for epoch in range(1, 3):
    accu = train(dataloader)
    scheduler.step()
    print(f"| end of epoch {epoch:3d} | accuracy {accu:8.3f}")
