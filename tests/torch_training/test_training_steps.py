"""The training step's hand-written cases (issue 11): backward without a graph, an optimizer
without parameters, eval mode, the accuracy line's broadcast, and what layerlint leaves alone.
Every script runs in real torch 2.13 (one subprocess for the file); the rules' examples too.
"""

from __future__ import annotations

import collections

import pytest

from layerlint.pipeline import check_source
from layerlint.rules import all_rules

from .compare import compare, fixed_source, torch_outcomes

pytestmark = pytest.mark.torch

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
DATA = "x = torch.randn(8, 10)\ny = torch.randint(0, 3, (8,))\n"
MLP = "model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 3))\n"
BN = "model = nn.Sequential(nn.Linear(10, 16), nn.BatchNorm1d(16), nn.Linear(16, 3))\n"

# name -> (source, (code, line, stage) layerlint reports at torch's line, or None: nothing)
CASES: dict[str, tuple[str, tuple[str, int, str] | None]] = {
    "backward_of_a_loss_made_under_no_grad": (HEAD + DATA + MLP + """\
with torch.no_grad():
    loss = nn.CrossEntropyLoss()(model(x), y)
loss.backward()
""", ("LL210", 9, "fit")),
    "no_grad_output_loss_outside": (HEAD + DATA + MLP + """\
with torch.no_grad():
    out = model(x)
loss = F.cross_entropy(out, y)
loss.backward()
""", ("LL210", 10, "fit")),
    "loss_outside_no_grad_is_fine": (HEAD + DATA + MLP + """\
with torch.no_grad():
    probe = model(x)
loss = F.cross_entropy(model(x), y)
loss.backward()
""", None),
    "parameterless_model_backward": (HEAD + """\
x = torch.randn(8, 4)
t = torch.rand(8, 4)
model = nn.Sequential(nn.ReLU(), nn.Sigmoid())
loss = nn.BCELoss()(model(x), t)
loss.backward()
""", ("LL210", 8, "fit")),
    "detached_output": (HEAD + DATA + MLP + """\
out = model(x)
loss = nn.CrossEntropyLoss()(out.detach(), y)
loss.backward()
""", ("LL210", 9, "fit")),
    "argmax_is_no_loss": (HEAD + DATA + MLP + """\
pred = model(x).argmax(1).float()
loss = (pred - y.float()).abs().mean()
loss.backward()
""", ("LL210", 9, "fit")),
    "reduction_none_backward": (HEAD + DATA + MLP + """\
loss = nn.CrossEntropyLoss(reduction="none")(model(x), y)
loss.backward()
""", ("LL210", 8, "fit")),
    "reduction_none_mean_backward": (HEAD + DATA + MLP + """\
loss = nn.CrossEntropyLoss(reduction="none")(model(x), y)
loss.mean().backward()
""", None),
    "empty_optimizer": (HEAD + """\
model = nn.Sequential(nn.Flatten(), nn.ReLU(), nn.Dropout(0.5))
optimizer = torch.optim.Adam(model.parameters())
""", ("LL211", 5, "construct")),
    "empty_optimizer_sgd_from_optim": (HEAD + """\
from torch import optim
model = nn.Sequential(nn.MaxPool2d(2), nn.Flatten())
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
""", ("LL211", 6, "construct")),
    "lazy_modules_have_parameters": (HEAD + """\
model = nn.Sequential(nn.LazyLinear(4))
optimizer = torch.optim.Adam(model.parameters())
""", None),
    "module_list_of_activations": (HEAD + """\
model = nn.Sequential(nn.ModuleList([nn.ReLU(), nn.Tanh()]))
optimizer = torch.optim.Adam(model.parameters())
""", ("LL211", 5, "construct")),
    "eval_batch_of_one": (HEAD + BN + """\
model.eval()
with torch.no_grad():
    out = model(torch.randn(1, 10))
""", None),
    "train_batch_of_one": (HEAD + BN + """\
model.train()
out = model(torch.randn(1, 10))
""", ("LL103", 6, "forward")),
    "train_false_batch_of_one": (HEAD + BN + """\
model.train(False)
out = model(torch.randn(1, 10))
""", None),
    "eval_then_train_again": (HEAD + BN + """\
model.eval()
first = model(torch.randn(1, 10))
model.train()
second = model(torch.randn(1, 10))
""", ("LL103", 8, "forward")),
    "mode_set_inside_functions": (HEAD + BN + """\
def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)
def fit_one(model, x):
    model.train()
    return model(x)
p = predict(model, torch.randn(1, 10))
q = fit_one(model, torch.randn(1, 10))
""", ("LL103", 11, "forward")),
    "zero_grad_in_a_loop_keeps_the_model": (HEAD + DATA + MLP + """\
for step in range(40):
    model.zero_grad()
    model.train()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
with torch.no_grad():
    final = F.cross_entropy(model(x), y)
final.backward()
""", ("LL210", 14, "fit")),
    "accuracy_with_column_labels": (HEAD + DATA + MLP + """\
labels = y.unsqueeze(1)
with torch.no_grad():
    correct = (model(x).argmax(dim=1) == labels).sum().item()
""", None),
    "accuracy_torch_max": (HEAD + DATA + MLP + """\
labels = y.view(-1, 1)
_, predicted = torch.max(model(x), 1)
total = labels.size(0)
correct = (predicted == labels).sum().item()
""", None),
    "quickstart_functions": (HEAD + """\
from torch.utils.data import DataLoader, TensorDataset
train_dataloader = DataLoader(TensorDataset(torch.randn(64, 1, 28, 28),
                                            torch.randint(0, 10, (64,))), batch_size=16)
model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 64), nn.ReLU(), nn.Linear(64, 10))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

def train(dataloader, model, loss_fn, optimizer):
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

def test(dataloader, model, loss_fn):
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
            loss_fn(pred, y).backward()

for t in range(2):
    train(train_dataloader, model, loss_fn, optimizer)
    test(train_dataloader, model, loss_fn)
""", ("LL210", 28, "fit")),
}
CASES.update({
    # a function decorated with no_grad, called or not with parentheses (torch 2.13: both)
    f"no_grad_decorator{form}": (HEAD + DATA + MLP + f"""\
@torch.no_grad{form}
def predict(batch):
    return model(batch)

out = predict(x)
loss = F.cross_entropy(out, y)
loss.backward()
""", ("LL210", 13, "fit")) for form in ("()", "")})
CASES["no_grad_decorated_evaluation_is_fine"] = (HEAD + DATA + MLP + """\
@torch.no_grad()
def accuracy(batch, labels):
    return (model(batch).argmax(1) == labels).float().mean().item()

loss = F.cross_entropy(model(x), y)
loss.backward()
print(accuracy(x, y))
""", None)
# An error inside a model is reported at the module (line 4: BN's Sequential), the forward
# pass a related location.
MODULE_LINE = {"train_batch_of_one": 4, "eval_then_train_again": 4,
               "mode_set_inside_functions": 4}
TOTALS: collections.Counter = collections.Counter()


@pytest.fixture(scope="module")
def runs() -> dict[str, dict]:
    names = sorted(CASES)
    return dict(zip(names, torch_outcomes([CASES[n][0] for n in names])))


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_written_training_steps_agree_with_torch(name: str, runs: dict) -> None:
    source, expected = CASES[name]
    run = runs[name]
    line = expected[1] if expected else None
    assert run["line"] == line, run
    stages = {line: expected[2]} if expected else {}
    reported = MODULE_LINE.get(name, line)
    assert compare(source, run, {line: {reported}} if line else {}, stages, TOTALS) == []
    found = [d for d in check_source(source, "t.py", verify_fixes=False).diagnostics
             if d.severity == "error"]
    assert [(d.code, d.span.line, d.stage) for d in found][:1] == (
        [(expected[0], reported, expected[2])] if expected else [])


def test_the_accuracy_lines_warn_where_torch_broadcasts(runs: dict) -> None:
    for name in ("accuracy_with_column_labels", "accuracy_torch_max", "quickstart_functions"):
        warned = [d.span.line for d in check_source(CASES[name][0], "t.py").diagnostics
                  if d.code == "LL408"]
        assert warned == runs[name]["broadcasts"], name
    assert runs["accuracy_with_column_labels"]["broadcasts"] == [9]


def test_the_accuracy_fix_runs_without_broadcast() -> None:
    names = ("accuracy_with_column_labels", "accuracy_torch_max")
    fixed = [fixed_source(CASES[name][0]) for name in names]
    assert "labels.squeeze(1)" in fixed[0]
    for run in torch_outcomes(fixed):
        assert run == {"error": None, "line": None, "broadcasts": []}


# Where layerlint says nothing on purpose, whatever torch does.
LEFT_ALONE = {
    # a pairwise mask from one tensor broadcasts on purpose (contrastive losses)
    "pairwise_mask": (HEAD + "labels = torch.randint(0, 3, (8,))\n"
                      "mask = (labels == labels.unsqueeze(1)).float()\n", None),
    # requires_grad set by the program: what has a graph is not followed
    "requires_grad_weights": (HEAD + "w = torch.randn(3, requires_grad=True)\n"
                              "with torch.no_grad():\n    loss = (w * 2).sum()\n"
                              "loss.backward()\n", 7),
    "frozen_parameters": (HEAD + MLP + "for p in model.parameters():\n"
                          "    p.requires_grad = False\n"
                          "loss = model(torch.randn(2, 10)).sum()\nloss.backward()\n", 8),
    "inference_mode": (HEAD + MLP + "with torch.inference_mode():\n"
                       "    loss = model(torch.randn(2, 10)).sum()\nloss.backward()\n", 7),
    "module_class_without_children": (HEAD + "class Scale(nn.Module):\n"
                                      "    def forward(self, x):\n        return x * 2\n"
                                      "model = Scale()\n"
                                      "optimizer = torch.optim.Adam(model.parameters())\n", 8),
}


def test_what_layerlint_leaves_alone() -> None:
    names = sorted(LEFT_ALONE)
    outcomes = torch_outcomes([LEFT_ALONE[n][0] for n in names])
    for name, run in zip(names, outcomes):
        source, line = LEFT_ALONE[name]
        assert run["line"] == line, (name, run)
        codes = [d.code for d in check_source(source, "t.py").diagnostics]
        assert not {"LL210", "LL211", "LL212", "LL408"} & set(codes), (name, codes)
    assert outcomes[names.index("pairwise_mask")]["broadcasts"] == [5]


TRAINING_RULES = [r for r in all_rules() if r.code in ("LL210", "LL211", "LL212", "LL408")]


def test_rule_examples_in_torch() -> None:
    """An error rule's bad example raises torch's error (the one layerlint gives) and its good
    one runs; a warning's both run, the bad one broadcasting where layerlint warns."""
    sources = [s for r in TRAINING_RULES for s in (r.bad, r.good)]
    outcomes = torch_outcomes(sources)
    for i, rule in enumerate(TRAINING_RULES):
        bad, good = outcomes[2 * i], outcomes[2 * i + 1]
        found = [d for d in check_source(rule.bad, "bad.py").diagnostics if d.code == rule.code]
        assert found and good["error"] is None and not good["broadcasts"], rule.code
        if rule.severity == "error":
            assert bad["error"] == found[0].framework_error and bad["line"] == found[0].span.line
        else:
            assert bad["error"] is None and bad["broadcasts"] == [found[0].span.line]
