"""PyTorch losses: class indices against the class count (LL206), and torch's own example of
the broadcasting warning LL403 (layers/torch/functions_loss*.py decide both)."""

from . import Example, Rule, add_example, rule

rule(Rule(
    code="LL206",
    name="class-index-out-of-range",
    severity="error",
    summary="Class-index targets reach the number of classes the output has (or are negative).",
    why="CrossEntropyLoss and NLLLoss take one class index per sample, in 0 .. C-1 for an "
        "output with C classes (or the ignore_index). A label C or more raises `IndexError: "
        "Target 10 is out of bounds.` on CPU; on GPU it is a device-side assert that stops the "
        "process, often far from the cause. layerlint checks the labels whose values the code "
        "makes plain: literal tensors, and `torch.randint(low, high, ...)`, whose draws are "
        "taken to reach high - 1. When only one label can be out of range, the message names "
        "it; otherwise torch names the first one it meets.",
    bad="""\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(20, 5))
labels = torch.randint(0, 10, (32,))
loss = nn.CrossEntropyLoss()(model(torch.randn(32, 20)), labels)
""",
    good="""\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(20, 10))
labels = torch.randint(0, 10, (32,))
loss = nn.CrossEntropyLoss()(model(torch.randn(32, 20)), labels)
""",
    frameworks=("torch",),
))

# torch warns ("Using a target size ... that is different to the input size ...") and trains
# on the broadcast: the regression losses' form of LL403.
add_example("LL403", Example(
    "torch",
    """\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(8, 1))
prices = torch.randn(64)
loss = nn.MSELoss()(model(torch.randn(64, 8)), prices)
""",
    """\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(8, 1))
prices = torch.randn(64)
loss = nn.MSELoss()(model(torch.randn(64, 8)).squeeze(-1), prices)
""",
))
