"""Seeded whole training scripts: data (tensors, a TensorDataset and DataLoaders, or one full
batch), a model (an MLP or CNN ``nn.Sequential``, a module class, an LSTM / GRU class), a loss,
an optimizer, the epoch loop with ``zero_grad`` / ``backward`` / ``step``, ``loss.item()``,
and a validation loop under ``model.eval()`` and ``torch.no_grad()`` that counts accuracy.

With some probability one part is wrong, as people get it wrong: class labels of shape (N, 1)
for the cross entropy, labels (N, 1) in the accuracy line only (a silent broadcast: LL408),
``backward`` inside the validation block or on a detached output, a model without parameters
given to the optimizer, ``reduction='none'`` before ``backward``, a Linear of the wrong width,
a batch of one through BatchNorm in training mode, ``loss.item()`` of per-sample losses. Real torch decides what happens
(``torch_runner.py``); ``accept`` says which lines layerlint may report torch's error at
(a module's definition for an error inside the model) and ``stages`` the stage it must say.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

HEADER = ("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
          "from torch import optim\nfrom torch.utils.data import DataLoader, TensorDataset\n\n"
          "torch.manual_seed(0)\n")
BUGS = ("ce_labels_column", "accuracy_column", "backward_in_eval", "detached", "no_params",
        "reduction_none", "wrong_width", "batch_of_one", "item_of_batch")


@dataclass
class TrainingProgram:
    seed: int
    source: str
    bug: str | None
    accept: dict[int, set[int]] = field(default_factory=dict)  # torch's line -> lines
    stages: dict[int, str] = field(default_factory=dict)  # torch's line -> stage


@dataclass
class _Gen:
    rng: random.Random
    bug: str | None
    lines: list[str] = field(default_factory=list)
    accept: dict[int, set[int]] = field(default_factory=dict)
    stages: dict[int, str] = field(default_factory=dict)
    model_lines: set[int] = field(default_factory=set)
    call_lines: set[int] = field(default_factory=set)

    def here(self) -> int:
        return len(HEADER.splitlines()) + len(self.lines) + 1

    def line(self, text: str, stage: str | None = None, model: bool = False) -> int:
        number = self.here()
        self.lines.append(text)
        if stage is not None:
            self.stages[number] = stage
            self.accept[number] = {number, *(self.model_lines if model else ())}
        if model:
            self.call_lines.add(number)
        return number


def _data(gen: _Gen, kind: str, task: str, classes: int) -> tuple[str, list[int]]:
    """x and y tensors; the sample shape."""
    r = gen.rng
    n = r.choice([24, 32, 40, 64])
    if kind in ("mlp", "class"):
        sample = [r.choice([4, 6, 10, 16])]
    elif kind == "cnn":
        sample = [r.choice([1, 3]), r.choice([8, 12]), 0]
        sample[2] = sample[1]
    else:  # lstm / gru: (steps, features)
        sample = [r.choice([5, 7]), r.choice([3, 4])]
    dims = ", ".join(map(str, [n, *sample]))
    gen.line(f"X = torch.randn({dims})")
    column = gen.bug in ("ce_labels_column", "accuracy_column")
    if task == "multiclass":
        shape = f"({n}, 1)" if column else f"({n},)"
        gen.line(f"y = torch.randint(0, {classes}, {shape})")
    elif task == "binary":
        gen.line(f"y = torch.randint(0, 2, ({n}, 1)).float()")
    else:
        gen.line(f"y = torch.randn({n}, {classes})")
    return f"{n}", sample


def _model(gen: _Gen, kind: str, sample: list[int], out: int) -> None:
    r = gen.rng
    hidden = r.choice([8, 16, 32])
    wrong = gen.bug == "wrong_width"
    first = sample[0] + (r.choice([-1, 1, 2]) if wrong else 0)
    if gen.bug == "no_params":
        gen.model_lines = {gen.line("model = nn.Sequential(nn.Flatten(), nn.ReLU(), "
                                    "nn.Dropout(0.1))")}
        return
    if kind == "mlp":
        norm = "nn.BatchNorm1d(%d), " % hidden if gen.bug == "batch_of_one" or r.random() < 0.3 \
            else r.choice(["", "nn.Dropout(0.2), "])
        start = gen.line("model = nn.Sequential(")
        gen.line(f"    nn.Linear({first}, {hidden}),")
        gen.line(f"    nn.ReLU(), {norm}")
        gen.line(f"    nn.Linear({hidden}, {out}),")
        gen.line(")")
        gen.model_lines = set(range(start, start + 5))
    elif kind == "cnn":
        c, s = sample[0], sample[1]
        channels = c + (1 if wrong else 0)
        start = gen.line("model = nn.Sequential(")
        gen.line(f"    nn.Conv2d({channels}, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),")
        gen.line(f"    nn.Flatten(), nn.Linear(4 * {s // 2} * {s // 2}, {out}),")
        gen.line(")")
        gen.model_lines = set(range(start, start + 4))
    elif kind == "class":
        start = gen.line("class Net(nn.Module):")
        for text in ("    def __init__(self, n_in, n_hidden, n_out):",
                     "        super().__init__()",
                     "        self.fc1 = nn.Linear(n_in, n_hidden)",
                     "        self.fc2 = nn.Linear(n_hidden, n_out)",
                     "", "    def forward(self, x):",
                     "        x = F.relu(self.fc1(x))",
                     "        return self.fc2(x)", ""):
            gen.line(text)
        gen.model_lines = set(range(start, gen.here() + 1))
        gen.line(f"model = Net({first}, {hidden}, {out})")
    else:
        rnn = "LSTM" if kind == "lstm" else "GRU"
        start = gen.line("class SequenceNet(nn.Module):")
        last = ("        out, _ = self.rnn(x)", "        return self.head(out[:, -1, :])") \
            if kind == "lstm" else ("        out, h = self.rnn(x)", "        return self.head(h[-1])")
        for text in ("    def __init__(self):", "        super().__init__()",
                     f"        self.rnn = nn.{rnn}({sample[1] + (1 if wrong else 0)}, {hidden}, "
                     "batch_first=True)",
                     f"        self.head = nn.Linear({hidden}, {out})", "",
                     "    def forward(self, x):", *last, ""):
            gen.line(text)
        gen.model_lines = set(range(start, gen.here() + 1))
        gen.line("model = SequenceNet()")


def generate_training_program(seed: int, break_rate: float = 0.45) -> TrainingProgram:
    r = random.Random(seed)
    bug = r.choice(BUGS) if r.random() < break_rate else None
    kind = r.choice(["mlp", "mlp", "cnn", "class", "lstm", "gru"])
    task = r.choice(["multiclass", "multiclass", "binary", "regression"])
    if bug in ("ce_labels_column", "accuracy_column"):
        task = "multiclass"
    if bug in ("reduction_none", "item_of_batch"):
        task = r.choice(["multiclass", "regression"])
    if bug == "batch_of_one":
        kind = "mlp"
    gen = _Gen(r, bug)
    classes = r.choice([2, 3, 5]) if task == "multiclass" else (
        1 if task == "binary" else r.choice([1, 2]))
    _, sample = _data(gen, kind, task, classes)
    loaders = r.random() < 0.75
    if loaders:
        batch = r.choice([4, 8, 16])
        gen.line("dataset = TensorDataset(X, y)")
        gen.line(f"train_loader = DataLoader(dataset, batch_size={batch}, shuffle=True)")
        gen.line(f"val_loader = DataLoader(dataset, batch_size={batch})")
    _model(gen, kind, sample, classes)
    reduction = "reduction='none'" if bug in ("reduction_none", "item_of_batch") else ""
    loss_class = {"multiclass": "CrossEntropyLoss", "binary": "BCEWithLogitsLoss",
                  "regression": r.choice(["MSELoss", "L1Loss", "SmoothL1Loss"])}[task]
    gen.line(f"criterion = nn.{loss_class}({reduction})")
    optimizer = r.choice(["optim.SGD(model.parameters(), lr=0.01, momentum=0.9)",
                          "optim.Adam(model.parameters(), lr=1e-3)",
                          "torch.optim.AdamW(model.parameters())"])
    gen.line(f"optimizer = {optimizer}", "construct")
    if bug == "no_params":  # torch stops there
        return _done(seed, gen)
    target = "yb.view(-1)" if bug == "accuracy_column" else "yb"
    outputs = "out.detach()" if bug == "detached" else "out"
    epochs = r.choice([1, 2])
    if loaders and r.random() < 0.3:  # the quickstart's train() / evaluate() functions
        gen.line("def train_epoch(model, loader, criterion, optimizer):")
        gen.line("    model.train()")
        gen.line("    running_loss = 0.0")
        _batches(gen, "    ", "loader", r.choice(["for", "enumerate", "batch"]))
        _train_step(gen, "        ", outputs, target)
        gen.line("    return running_loss")
        gen.line("")
        gen.line("def evaluate(model, loader):")
        gen.line("    model.eval()")
        gen.line("    correct, total = 0, 0")
        gen.line("    with torch.no_grad():")
        _batches(gen, "        ", "loader", "for")
        _evaluate(gen, "            ", task, target)
        gen.line("    return correct / total")
        gen.line("")
        gen.line(f"for epoch in range({epochs}):")
        gen.line("    train_loss = train_epoch(model, train_loader, criterion, optimizer)")
        if bug == "batch_of_one":
            gen.line("    single = model(X[:1])", "forward", model=True)
        gen.line("    score = evaluate(model, val_loader)")
        _after(gen)
        return _done(seed, gen)
    form = r.choice(["for", "enumerate", "batch", "next"]) if loaders else "full"
    gen.line(f"for epoch in range({epochs}):")
    gen.line("    model.train()")
    gen.line("    running_loss = 0.0")
    _batches(gen, "    ", "train_loader", form)
    _train_step(gen, "        " if form in ("for", "enumerate", "batch") else "    ", outputs,
                target)
    if bug == "batch_of_one":  # a look at one sample, still in training mode
        gen.line("    single = model(X[:1])", "forward", model=True)
    gen.line("    model.eval()")
    gen.line("    correct, total = 0, 0")
    gen.line("    with torch.no_grad():")
    _batches(gen, "        ", "val_loader", "for" if loaders else "full")
    _evaluate(gen, "            " if loaders else "        ", task, target)
    gen.line("    score = correct / total")
    if r.random() < 0.3:
        gen.line("    print(f'epoch {epoch}: loss {running_loss:.3f} score {score:.3f}')")
    _after(gen)
    return _done(seed, gen)


def _batches(gen: _Gen, indent: str, loader: str, form: str) -> None:
    """The batches xb, yb: a loop over the loader (its body one level deeper) or one batch."""
    if form == "for":
        gen.line(f"{indent}for xb, yb in {loader}:")
    elif form == "enumerate":
        gen.line(f"{indent}for i, (xb, yb) in enumerate({loader}):")
    elif form == "batch":
        gen.line(f"{indent}for batch in {loader}:")
        gen.line(f"{indent}    xb, yb = batch")
    elif form == "next":
        gen.line(f"{indent}xb, yb = next(iter({loader}))")
    else:
        gen.line(f"{indent}xb, yb = X, y")


def _train_step(gen: _Gen, indent: str, outputs: str, target: str) -> None:
    r = gen.rng
    zero = r.choice(["optimizer.zero_grad()", "optimizer.zero_grad(set_to_none=True)",
                     "model.zero_grad()"])
    zero_first = r.random() < 0.7
    if zero_first:
        gen.line(f"{indent}{zero}")
    gen.line(f"{indent}out = model(xb)", "forward", model=True)
    gen.line(f"{indent}loss = criterion({outputs}, {target})", "forward")
    mean = ".mean()" if gen.bug == "item_of_batch" else ""  # per-sample losses, reduced
    gen.line(f"{indent}loss{mean}.backward()", "fit")
    gen.line(f"{indent}optimizer.step()")
    if not zero_first:
        gen.line(f"{indent}{zero}")
    gen.line(f"{indent}running_loss += loss.item()", "forward")


def _evaluate(gen: _Gen, inner: str, task: str, target: str) -> None:
    r = gen.rng
    gen.line(f"{inner}out = model(xb)", "forward", model=True)
    if gen.bug == "backward_in_eval":
        gen.line(f"{inner}val_loss = criterion(out, {target})", "forward")
        gen.line(f"{inner}val_loss.backward()", "fit")
    if task == "multiclass":
        pred = r.choice(["out.argmax(1)", "out.argmax(dim=1)", "torch.argmax(out, dim=1)"])
        if r.random() < 0.3:
            gen.line(f"{inner}_, pred = torch.max(out, 1)")
        else:
            gen.line(f"{inner}pred = {pred}")
    else:
        gen.line(f"{inner}pred = (torch.sigmoid(out) > 0.5).float()" if task == "binary"
                 else f"{inner}pred = out.round()")
    same = r.choice(["(pred == yb)", "pred.eq(yb)", "torch.eq(pred, yb)"])
    count = r.choice([f"{same}.sum().item()", f"{same}.float().sum().item()",
                      f"{same}.type(torch.float).sum().item()"])
    gen.line(f"{inner}correct += {count}")
    gen.line(f"{inner}total += yb.size(0)")


def _after(gen: _Gen) -> None:
    """After training: a prediction on one sample in eval mode (BatchNorm takes it)."""
    if gen.rng.random() < 0.3:
        gen.line("model.eval()")
        gen.line("with torch.no_grad():")
        gen.line("    first = model(X[:1])", "forward", model=True)


def _done(seed: int, gen: _Gen) -> TrainingProgram:
    for number in gen.model_lines:  # torch's line inside a forward: the model's error
        gen.stages.setdefault(number, "forward")
        gen.accept[number] = gen.model_lines | gen.call_lines
    source = HEADER + "\n".join(gen.lines) + "\n"
    return TrainingProgram(seed, source, gen.bug, gen.accept, gen.stages)
