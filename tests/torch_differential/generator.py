"""A seeded generator of random ``nn.Sequential`` scripts, valid and invalid.

``generate(seed)`` writes a small script as a user would: an import style, a stack of catalogue
modules for an MLP (batch, features), a 1-D CNN (batch, channels, length), a 2-D CNN
(batch, channels, H, W) or a recurrent net, in one of five construction forms (positional,
OrderedDict, ``.append``, ``.add_module``, ``*layers``), and an input from
``torch.randn/rand/zeros/ones`` passed to ``model(x)`` (or no call at all: the model alone).

The generator steers with its own rough guess of each module's output shape only to choose
arguments; with some probability it breaks the stack on purpose (a wrong feature or channel
count, a kernel larger than the input, a tuple from an RNN fed onward, a wrong rank). Real torch
decides what happens. ``natural_input`` is the input the stack was designed for, used to test
"fails for every input" claims on models the script never calls.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

IMPORTS = (
    "import torch\nimport torch.nn as nn\n",
    "import torch\nfrom torch import nn\n",
    "import torch\nimport torch.nn\nnn = torch.nn\n",
    "import torch.nn as nn\nimport torch\n",
)
FORMS = ("positional", "ordered", "append", "add_module", "star")
CREATORS = ("randn", "rand", "zeros", "ones")
ACTIVATIONS = ("ReLU()", "Tanh()", "Sigmoid()", "GELU()", "LeakyReLU(0.1)", "ELU()", "SiLU()",
               "Identity()", "Dropout(0.2)", "ReLU6()", "Softplus()", "Hardswish()")


@dataclass
class GeneratedScript:
    seed: int
    source: str
    natural_input: tuple[int, ...]
    called: bool
    broken: bool  # the generator meant to break it (a hint only: torch decides)


class _Stack:
    def __init__(self, rng: random.Random, shape: list[int], break_rate: float) -> None:
        self.rng = rng
        self.shape = shape  # the generator's guess, batch first
        self.modules: list[str] = []
        self.break_rate = break_rate
        self.broken = False

    def wrong(self, value: int) -> int:
        """Sometimes a wrong number in place of ``value``."""
        if self.rng.random() < self.break_rate:
            self.broken = True
            return max(1, value + self.rng.choice((-3, -1, 1, 2, 8, 16)))
        return value

    def add(self, text: str, shape: list[int] | None) -> None:
        self.modules.append(text)
        if shape is not None:
            self.shape = shape


def _mlp(st: _Stack, depth: int) -> None:
    r = st.rng
    for _ in range(depth):
        f = st.shape[-1]
        choice = r.random()
        if choice < 0.4:
            out = r.choice((4, 8, 10, 16, 32, 64))
            st.add(f"nn.Linear({st.wrong(f)}, {out})", st.shape[:-1] + [out])
        elif choice < 0.55:
            st.add(f"nn.{r.choice(ACTIVATIONS)}", None)
        elif choice < 0.65:
            st.add(f"nn.BatchNorm1d({st.wrong(f)})", None)
        elif choice < 0.72:
            st.add(f"nn.LayerNorm({st.wrong(f)})", None)
        elif choice < 0.78:
            out = r.choice((3, 5, 10))
            st.add(f"nn.LazyLinear({out})", st.shape[:-1] + [out])
        elif choice < 0.84:
            st.add(f"nn.Softmax(dim={r.choice((1, -1, 1, 2))})", None)
        elif choice < 0.9 and f % 2 == 0 and f > 2:
            st.add(f"nn.Unflatten(1, (2, {st.wrong(f // 2)}))", st.shape[:-1] + [2, f // 2])
            st.add("nn.Flatten()", st.shape[:1] + [f])
        else:
            st.add(f"nn.Dropout(p={r.choice((0.1, 0.5))})", None)


def _conv(st: _Stack, depth: int, n: int) -> None:
    r = st.rng
    for _ in range(depth):
        c, spatial = st.shape[1], st.shape[2:]
        choice = r.random()
        if choice < 0.4:
            out = r.choice((4, 8, 16))
            k = r.choice((1, 3, 5)) if r.random() > st.break_rate else r.choice((9, 17, 33))
            stride = r.choice((1, 1, 2))
            pad = r.choice((0, 0, 1))
            extra = (f", stride={stride}" if stride != 1 else "") + (
                f", padding={pad}" if pad else "")
            size = [(d + 2 * pad - k) // stride + 1 for d in spatial]
            st.add(f"nn.Conv{n}d({st.wrong(c)}, {out}, {k}{extra})", st.shape[:1] + [out] + size)
        elif choice < 0.55:
            k = r.choice((2, 2, 3))
            kind = r.choice(("Max", "Avg"))
            st.add(f"nn.{kind}Pool{n}d({k})", st.shape[:2] + [d // k for d in spatial])
        elif choice < 0.67:
            st.add(f"nn.BatchNorm{n}d({st.wrong(c)})", None)
        elif choice < 0.8:
            st.add(f"nn.{r.choice(ACTIVATIONS)}", None)
        elif choice < 0.87:
            size = r.choice((1, 2, 4))
            st.add(f"nn.AdaptiveAvgPool{n}d({size})", st.shape[:2] + [size] * n)
        else:
            st.add(f"nn.ZeroPad{n}d(1)", st.shape[:2] + [d + 2 for d in spatial])


def _head(st: _Stack) -> None:
    """Flatten then a Linear sized from the guess (sometimes wrongly)."""
    features = 1
    for d in st.shape[1:]:
        features *= d
    st.add("nn.Flatten()", [st.shape[0], features])
    out = st.rng.choice((2, 10))
    st.add(f"nn.Linear({st.wrong(features)}, {out})", [st.shape[0], out])


def generate(seed: int) -> GeneratedScript:
    r = random.Random(seed)
    break_rate = r.choice((0.0, 0.0, 0.1, 0.2))
    batch = r.choice((2, 4, 8, 1, 3))
    family = r.choice(("mlp", "mlp", "conv1d", "conv2d", "conv2d", "rnn"))
    if family == "mlp":
        shape = [batch, r.choice((4, 10, 16, 20, 784))]
        st = _Stack(r, list(shape), break_rate)
        _mlp(st, r.randint(1, 5))
    elif family in ("conv1d", "conv2d"):
        n = 1 if family == "conv1d" else 2
        shape = [batch, r.choice((1, 3, 8))] + [r.choice((8, 12, 16, 28))] * n
        st = _Stack(r, list(shape), break_rate)
        _conv(st, r.randint(1, 4), n)
        if r.random() < 0.7 and all(d > 0 for d in st.shape):
            _head(st)
            if r.random() < 0.5:
                _mlp(st, r.randint(0, 2))
    else:
        shape = [batch, r.choice((5, 7)), r.choice((3, 8, 16))]
        st = _Stack(r, list(shape), break_rate)
        kind = r.choice(("LSTM", "GRU", "RNN"))
        hidden = r.choice((4, 8))
        st.add(f"nn.{kind}({st.wrong(shape[-1])}, {hidden}, batch_first=True)", None)
        if r.random() < 0.5:
            st.broken = True
            st.add(f"nn.{r.choice(('Linear(' + str(hidden) + ', 2)', 'ReLU()', 'Flatten()'))}",
                   None)
    if r.random() < break_rate:  # a rank the first module may not take
        shape = shape[:1] + shape[2:] if len(shape) > 2 else shape + [3]
        st.broken = True
    source = _write(r, st.modules, shape)
    called = r.random() < 0.8  # some scripts never call the model: the model alone is checked
    if called:
        source += "out = model(x)\n"
    return GeneratedScript(seed, source, tuple(shape), called, st.broken)


FLATTENS = ("x = x.view(x.size(0), -1)", "x = torch.flatten(x, 1)", "x = x.flatten(1)",
            "x = x.reshape(x.shape[0], -1)", "x = x.view(-1, {features})")
FUNCTIONAL = {"nn.ReLU()": "F.relu(x)", "nn.Tanh()": "torch.tanh(x)",
              "nn.Sigmoid()": "torch.sigmoid(x)", "nn.GELU()": "F.gelu(x)",
              "nn.Dropout(0.2)": "F.dropout(x, 0.2)"}


def _module_class(r: random.Random, modules: list[str], shape: list[int]) -> list[str]:
    """The stack as an nn.Module subclass with a straight-line forward: modules as attributes,
    some activations and every Flatten written as functional ops, as tutorials write them."""
    init, forward = [], []
    features = 1
    for d in shape[1:]:
        features *= d
    for i, module in enumerate(modules):
        if module == "nn.Flatten()":
            forward.append(r.choice(FLATTENS).format(features=features))
        elif module in FUNCTIONAL and r.random() < 0.6:
            forward.append(f"x = {FUNCTIONAL[module]}")
        else:
            init.append(f"        self.m{i} = {module}\n")
            forward.append(f"x = self.m{i}(x)")
    body = "".join(f"        {line}\n" for line in forward) + "        return x\n"
    return ["import torch.nn.functional as F\n\n\nclass Net(nn.Module):\n",
            "    def __init__(self):\n        super().__init__()\n", *init,
            "\n    def forward(self, x):\n", body, "\n\nmodel = Net()\n"]


def _write(r: random.Random, modules: list[str], shape: list[int]) -> str:
    lines = [r.choice(IMPORTS)]
    form = r.choice(FORMS + ("module",) * 2)
    if form == "module":
        lines += _module_class(r, modules, shape)
    elif form == "positional":
        inner = "".join(f"    {m},\n" for m in modules)
        lines.append(f"model = nn.Sequential(\n{inner})\n")
    elif form == "ordered":
        lines.insert(0, "from collections import OrderedDict\n")
        inner = "".join(f"    ('layer{i}', {m}),\n" for i, m in enumerate(modules))
        lines.append(f"model = nn.Sequential(OrderedDict([\n{inner}]))\n")
    elif form == "append":
        lines.append("model = nn.Sequential()\n")
        lines += [f"model.append({m})\n" for m in modules]
    elif form == "add_module":
        lines.append("model = nn.Sequential()\n")
        lines += [f"model.add_module('m{i}', {m})\n" for i, m in enumerate(modules)]
    else:
        inner = "".join(f"    {m},\n" for m in modules)
        lines.append(f"layers = [\n{inner}]\nmodel = nn.Sequential(*layers)\n")
    creator = r.choice(CREATORS)
    dims = ", ".join(str(d) for d in shape)
    if r.random() < 0.5:
        lines.append(f"x = torch.{creator}({dims})\n")
    else:
        lines.append(f"x = torch.{creator}(({dims}))\n")
    return "".join(lines)
