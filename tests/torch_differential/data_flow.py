"""Seeded torch data pipelines: data from numpy (``torch.from_numpy``, ``torch.tensor``,
``.float()``), from torch constructors or from torchvision datasets (fake files under ``root``)
with transforms, a ``TensorDataset`` and a ``DataLoader`` (batch size, drop_last), then a
model and a loss on a batch: in ``for x, y in loader``, ``enumerate(loader)``, nested epoch
loops, ``for batch in loader: x, y = batch``, or ``next(iter(loader))``.

With some probability one part is wrong: a Linear's width, no Flatten before the first Linear
(the issue's example), float64 data from numpy, float labels for the cross entropy, sample
counts that differ. Real torch decides what happens (``script_flow.torch_outcome``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .script_flow import FlowProgram

HEADER = ("import numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional "
          "as F\nfrom torch.autograd import Variable\nfrom torch.utils.data import DataLoader, "
          "TensorDataset\nfrom torchvision import datasets, transforms\n"
          "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n")
# name -> (channels, height, width, classes)
IMAGES = {"MNIST": (1, 28, 28, 10), "FashionMNIST": (1, 28, 28, 10),
          "CIFAR10": (3, 32, 32, 10), "CIFAR100": (3, 32, 32, 100)}
FAKE_COUNTS = {"MNIST": 70, "FashionMNIST": 70, "CIFAR10": 70, "CIFAR100": 70}


@dataclass
class _Gen:
    rng: random.Random
    root: str
    break_rate: float
    lines: list[str] = field(default_factory=list)
    accept: dict[int, set[int]] = field(default_factory=dict)
    broken: bool = False

    def wrong(self, value: int) -> int:
        if not self.broken and self.rng.random() < self.break_rate:
            self.broken = True
            return max(1, value + self.rng.choice((-2, -1, 1, 3)))
        return value

    def chance(self) -> bool:
        if not self.broken and self.rng.random() < self.break_rate:
            self.broken = True
            return True
        return False

    def here(self) -> int:
        return len(HEADER.splitlines()) + len(self.lines) + 1

    def line(self, text: str, modules: set[int] | None = None) -> None:
        number = self.here()
        self.lines.append(text)
        if modules:
            self.accept[number] = {number, *modules}

    # --- data -------------------------------------------------------------------------------

    def tensors(self) -> tuple[list[int], int, int]:
        """x and y of a TensorDataset: (sample shape, classes, samples)."""
        r = self.rng
        n = r.choice([6, 10, 32, 50])
        sample = r.choice([[r.choice([4, 8, 12])], [1, 8, 8], [3, 6, 6]])
        classes = r.choice([2, 3, 5])
        dims = ", ".join(map(str, [n, *sample]))
        count_y = n if not self.chance() else n + r.choice([-1, 2])
        if r.random() < 0.5:  # numpy data
            self.line(f"X = np.random.rand({dims})" + (
                "" if self.chance() else r.choice([".astype(np.float32)", ".astype('float32')"])))
            self.line(f"labels = np.random.randint(0, {classes}, {count_y})")
            convert = r.choice(["torch.from_numpy(X)", "torch.tensor(X)", "torch.as_tensor(X)"])
            if "float32" not in self.lines[-2] and r.random() < 0.5:
                convert = r.choice(["torch.tensor(X, dtype=torch.float32)",
                                    "torch.from_numpy(X).float()", "torch.Tensor(X)"])
            self.line(f"x_data = {convert}")
            self.line("y_data = " + r.choice(["torch.from_numpy(labels)", "torch.tensor(labels)",
                                              "torch.LongTensor(labels)"]))
        else:
            self.line(f"x_data = torch.randn({dims})")
            self.line(f"y_data = torch.randint(0, {classes}, ({count_y},))")
        self.line("dataset = TensorDataset(x_data, y_data)")
        return sample, classes, n

    def images(self) -> tuple[list[int], int, int]:
        r = self.rng
        name = r.choice(sorted(IMAGES))
        c, h, w, classes = IMAGES[name]
        steps = []
        if r.random() < 0.4:
            size = r.choice([14, 16, 20])
            steps.append(f"transforms.Resize({size})")
            h = w = size
        if r.random() < 0.3 and c == 3:
            steps.append("transforms.Grayscale()")
            c = 1
        steps.append("transforms.ToTensor()")
        if r.random() < 0.5:
            n = c if not self.chance() else 4 - c
            steps.append(f"transforms.Normalize({(0.5,) * n}, {(0.5,) * n})")
        self.line(f"transform = transforms.Compose([{', '.join(steps)}])")
        train = r.choice(["True", "False"])
        self.line(f"dataset = datasets.{name}({self.root!r}, train={train}, download=True, "
                  "transform=transform)")
        return [c, h, w], classes, FAKE_COUNTS[name]

    # --- model ------------------------------------------------------------------------------

    def model(self, sample: list[int], classes: int) -> set[int]:
        r = self.rng
        start = self.here()
        hidden = r.choice([16, 32])
        if len(sample) == 1:
            self.line(f"model = nn.Sequential(nn.Linear({self.wrong(sample[0])}, {hidden}), "
                      f"nn.ReLU(), nn.Linear({hidden}, {self.wrong(classes)}))")
            return {start}
        c, h, w = sample
        if r.random() < 0.5:
            flatten = "" if self.chance() else "nn.Flatten(), "
            self.line(f"model = nn.Sequential({flatten}nn.Linear({self.wrong(c * h * w)}, "
                      f"{hidden}), nn.ReLU(), nn.Linear({hidden}, {classes}))")
            return {start}
        self.line(f"model = nn.Sequential(nn.Conv2d({self.wrong(c)}, 4, 3), nn.ReLU(), "
                  f"nn.Flatten(), nn.Linear({4 * (h - 2) * (w - 2)}, {self.wrong(classes)}))")
        return {start}

    # --- the step on a batch ----------------------------------------------------------------

    def step(self, indent: str, modules: set[int]) -> None:
        labels = "labels.float()" if self.chance() else "labels"
        if self.rng.random() < 0.3:
            self.line(f"{indent}inputs = inputs.view(inputs.size(0), -1)")
        if self.rng.random() < 0.4:  # the batch converted or moved on its way to the model
            form = self.rng.choice([
                "inputs.float()", "inputs.to(torch.float32)", "inputs.type(torch.FloatTensor)",
                "inputs.to(device)", "Variable(inputs)", "torch.tensor(inputs.numpy())",
                "torch.from_numpy(inputs.numpy())", "inputs.contiguous()",
                "inputs.double()" if self.chance() else "inputs.detach()",
                "inputs.unsqueeze(1).squeeze(1)", "inputs.flatten(1)" if self.chance()
                else "inputs.clone()", "inputs.permute(0, 2, 1) if inputs.dim() == 3 else inputs"])
            self.line(f"{indent}inputs = {form}")
        if self.rng.random() < 0.2:
            self.line(f"{indent}labels = " + self.rng.choice(["labels.long()", "labels.to(device)",
                                                             "labels.view(-1)"]))
        self.line(f"{indent}outputs = model(inputs)", modules)
        self.line(f"{indent}loss = criterion(outputs, {labels})")
        self.line(f"{indent}optimizer.zero_grad()")
        self.line(f"{indent}loss.backward()")
        self.line(f"{indent}optimizer.step()")


def generate_data_program(seed: int, root: str, break_rate: float = 0.12) -> FlowProgram:
    rng = random.Random(seed)
    gen = _Gen(rng, root, break_rate)
    sample, classes, n = gen.images() if rng.random() < 0.4 else gen.tensors()
    batch = rng.choice([1, 4, 8, 16, 64])
    drop = rng.choice(["", "", ", drop_last=True"])
    gen.line(f"loader = DataLoader(dataset, batch_size={batch}, shuffle=True{drop})")
    modules = gen.model(sample, classes)
    gen.line("criterion = nn.CrossEntropyLoss()")
    gen.line("optimizer = torch.optim.SGD(model.parameters(), lr=0.01)")
    form = rng.choice(["for", "enumerate", "epochs", "batch", "next"])
    if form == "for":
        gen.line("for inputs, labels in loader:")
        gen.step("    ", modules)
    elif form == "enumerate":
        gen.line("for i, (inputs, labels) in enumerate(loader):")
        gen.step("    ", modules)
        gen.line("    if i % 100 == 99:")
        gen.line("        print(loss.item())")
    elif form == "epochs":
        gen.line("for epoch in range(2):")
        gen.line("    running = 0.0")
        gen.line("    for inputs, labels in loader:")
        gen.step("        ", modules)
        gen.line("        running += loss.item()")
    elif form == "batch":
        gen.line("for batch in loader:")
        gen.line("    inputs, labels = batch")
        gen.step("    ", modules)
    else:
        gen.line("inputs, labels = next(iter(loader))")
        gen.step("", modules)
    source = HEADER + "\n".join(gen.lines) + "\n"
    return FlowProgram(seed, source, gen.accept)
