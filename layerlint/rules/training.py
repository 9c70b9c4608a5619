"""The PyTorch training step: backward, the optimizer, metrics (replay/torch/training.py).

Their examples run in real torch (tests/test_torch_training.py): an error rule's ``bad`` raises
torch's error there and ``good`` runs; a warning's both run.
"""

from . import Rule, rule

_HEAD = "import torch\nimport torch.nn as nn\n\n"

rule(Rule(
    code="LL210",
    name="backward-without-graph",
    severity="error",
    summary="loss.backward() on a tensor torch built no graph for, or on more than one value.",
    why="Autograd records a graph only for tensors computed from parameters (or tensors that "
        "require grad) while it is on. A loss computed under torch.no_grad() (a validation "
        "block), from a detached output, or from a model with no parameters has no grad_fn, "
        "and backward() raises \"element 0 of tensors does not require grad and does not have "
        "a grad_fn\". backward() without a gradient argument also needs a single value: a loss "
        "with reduction='none' raises \"grad can be implicitly created only for scalar "
        "outputs\". layerlint follows no_grad blocks and parameterless models; a file that "
        "sets requires_grad, uses nn.Parameter or enable_grad is not judged.",
    bad=_HEAD + """\
model = nn.Sequential(nn.Linear(10, 3))
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(8, 10), torch.randint(0, 3, (8,))
with torch.no_grad():
    loss = criterion(model(x), y)
loss.backward()
""",
    good=_HEAD + """\
model = nn.Sequential(nn.Linear(10, 3))
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(8, 10), torch.randint(0, 3, (8,))
loss = criterion(model(x), y)
loss.backward()
""",
    frameworks=("torch",),
))

rule(Rule(
    code="LL211",
    name="optimizer-without-parameters",
    severity="error",
    summary="An optimizer is given the parameters of a model that has none.",
    why="torch.optim optimizers refuse an empty parameter list (\"ValueError: optimizer got an "
        "empty parameter list\"). A model of parameterless modules only (activations, pooling, "
        "Flatten, Dropout) has nothing to train: a layer with weights is missing, or the "
        "optimizer is given the wrong model.",
    bad=_HEAD + """\
model = nn.Sequential(nn.Flatten(), nn.ReLU())
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
""",
    good=_HEAD + """\
model = nn.Sequential(nn.Flatten(), nn.Linear(16, 4), nn.ReLU())
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
""",
    frameworks=("torch",),
))

rule(Rule(
    code="LL408",
    name="comparison-broadcast",
    severity="warning",
    summary="A comparison of tensors of shape (N,) and (N, 1) broadcasts to (N, N).",
    why="Comparisons broadcast like arithmetic. Predictions `out.argmax(1)` of shape (N,) "
        "against labels of shape (N, 1) compare every prediction with every label: `(pred == "
        "y).sum()` counts matches among N * N pairs, and the accuracy is silently wrong (it "
        "can even exceed 100%). Both sides need the same shape: `y.squeeze(1)` or `y.view(-1)`. "
        "A pairwise mask made on purpose from one tensor (`y == y.unsqueeze(1)`) is not "
        "flagged.",
    bad=_HEAD + """\
model = nn.Sequential(nn.Linear(10, 3))
x, y = torch.randn(8, 10), torch.randint(0, 3, (8, 1))
correct = (model(x).argmax(1) == y).sum().item()
""",
    good=_HEAD + """\
model = nn.Sequential(nn.Linear(10, 3))
x, y = torch.randn(8, 10), torch.randint(0, 3, (8, 1))
correct = (model(x).argmax(1) == y.squeeze(1)).sum().item()
""",
    frameworks=("torch",),
))

rule(Rule(
    code="LL212",
    name="item-of-many-values",
    severity="error",
    summary="x.item() on a tensor of more than one value.",
    why="item() turns a one-element tensor into a Python number; on any other size torch "
        "raises \"a Tensor with N elements cannot be converted to Scalar\". It usually "
        "follows a loss made with reduction='none' (one loss per sample) or a count not "
        "reduced over the batch: reduce first (.sum(), .mean()).",
    bad=_HEAD + """\
model = nn.Sequential(nn.Linear(10, 3))
criterion = nn.CrossEntropyLoss(reduction="none")
x, y = torch.randn(8, 10), torch.randint(0, 3, (8,))
losses = criterion(model(x), y)
losses.mean().backward()
print(losses.item())
""",
    good=_HEAD + """\
model = nn.Sequential(nn.Linear(10, 3))
criterion = nn.CrossEntropyLoss(reduction="none")
x, y = torch.randn(8, 10), torch.randint(0, 3, (8,))
losses = criterion(model(x), y)
losses.mean().backward()
print(losses.mean().item())
""",
    frameworks=("torch",),
))
