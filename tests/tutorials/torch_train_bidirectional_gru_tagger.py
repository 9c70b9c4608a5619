"""A sequence tagger: embeddings, a bidirectional GRU returning every step, a Linear over
each step, and CrossEntropyLoss over the flattened (tokens, tags)."""
import torch
import torch.nn as nn

vocab, tags, seq_len, batch = 100, 5, 15, 8


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(vocab, 24)
        self.gru = nn.GRU(24, 32, batch_first=True, bidirectional=True)
        self.out = nn.Linear(64, tags)

    def forward(self, tokens):
        states, _ = self.gru(self.embed(tokens))
        return self.out(states)


model = Tagger()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
tokens = torch.randint(0, vocab, (batch, seq_len))
gold = torch.randint(0, tags, (batch, seq_len))

for step in range(5):
    scores = model(tokens)
    loss = loss_fn(scores.view(-1, tags), gold.view(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    predicted = model(tokens).argmax(dim=-1)
    token_accuracy = (predicted == gold).float().mean()
print(f"loss {loss.item():.3f} token accuracy {token_accuracy.item():.3f}")
