"""PyTorch losses: class indices against the class count (LL208), a loss fed another kind of
values than it expects (LL407, replay/torch/loss_inputs.py), and torch's own example of the
broadcasting warning LL403 (layers/torch/functions_loss*.py decide LL208 and LL403)."""

from . import Example, Rule, add_example, rule

rule(Rule(
    code="LL208",
    name="class-index-out-of-range",
    severity="error",
    summary="Class-index targets reach the number of classes the output has (or are negative).",
    why="CrossEntropyLoss and NLLLoss take one class index per sample, in 0 .. C-1 for an "
        "output with C classes (or the ignore_index). A label C or more raises `IndexError: "
        "Target 10 is out of bounds.` on CPU; on GPU it is a device-side assert that stops the "
        "process, often far from the cause. layerlint checks the labels whose values the code "
        "makes plain: literal tensors, and `torch.randint(low, high, ...)` / a dataset's "
        "labels, reported when the draws certainly hold an out-of-range label (as for Keras' "
        "labels: missing every one has a probability below 1e-9). When only one label can be "
        "out of range, the message names it; otherwise torch names the first one it meets.",
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

rule(Rule(
    code="LL407",
    name="loss-input-kind",
    severity="warning",
    summary="A loss gets raw scores where it expects probabilities or log-probabilities, or "
            "probabilities where it applies the softmax / sigmoid itself.",
    why="BCELoss expects probabilities and NLLLoss log-probabilities; CrossEntropyLoss and "
        "BCEWithLogitsLoss take raw scores and apply log_softmax / the sigmoid themselves. "
        "BCELoss on a Linear's output raises `all elements of input should be between 0 and "
        "1` as soon as one score leaves [0, 1] (so some runs fail, some do not); NLLLoss on "
        "raw scores runs and its loss is unbounded below; a softmax before CrossEntropyLoss "
        "squashes the scores twice and training slows or stalls. layerlint flags the loss "
        "only when the module or function that computed its input is plain (shape changes "
        "such as squeeze aside); the fix for raw scores renames the loss (BCELoss -> "
        "BCEWithLogitsLoss, NLLLoss -> CrossEntropyLoss).",
    bad="""\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(20, 5))
labels = torch.randint(0, 5, (32,))
loss = nn.NLLLoss()(model(torch.randn(32, 20)), labels)
""",
    good="""\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(20, 5))
labels = torch.randint(0, 5, (32,))
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

# torch's form of LL302: ids the code makes plain against an Embedding's rows
add_example("LL302", Example(
    "torch",
    """\
import torch
import torch.nn as nn

embedding = nn.Embedding(1000, 32)
tokens = torch.randint(0, 5000, (8, 20))
vectors = embedding(tokens)
""",
    """\
import torch
import torch.nn as nn

embedding = nn.Embedding(5000, 32)
tokens = torch.randint(0, 5000, (8, 20))
vectors = embedding(tokens)
""",
))

# torch's form of LL404: KLDivLoss' default reduction='mean', which torch warns will change
add_example("LL404", Example(
    "torch",
    """\
import torch
import torch.nn as nn
import torch.nn.functional as F

log_probs = F.log_softmax(torch.randn(16, 10), dim=1)
targets = F.softmax(torch.randn(16, 10), dim=1)
loss = nn.KLDivLoss()(log_probs, targets)
""",
    """\
import torch
import torch.nn as nn
import torch.nn.functional as F

log_probs = F.log_softmax(torch.randn(16, 10), dim=1)
targets = F.softmax(torch.randn(16, 10), dim=1)
loss = nn.KLDivLoss(reduction="batchmean")(log_probs, targets)
""",
))
