"""A seeded generator of random COMPOSED torch models, valid and invalid.

``generate_composed(seed)`` writes a script as users write them: block classes and model-building
functions of the file (a conv/bn/relu ``nn.Sequential`` from a ``def``, a residual block whose
``forward`` adds a shortcut, a two-branch block merged by ``torch.cat``, a block looping over an
``nn.ModuleList`` with ``enumerate``), composed by a ``Net`` whose ``__init__`` builds a
``self.features`` Sequential of blocks (or ``self.block{i}`` attributes, or a ``_make_stage``
helper), and whose ``forward`` calls them (directly or through a ``self._features(x)`` helper),
pools, flattens and classifies with a ``self.classifier`` Sequential. Some scripts are MLPs of
residual linear blocks instead.

The generator tracks its own guess of the channels only to choose arguments; with some
probability it breaks one number on purpose (a block's input channels, a residual shortcut
missing where the channels change, the classifier's in_features, the input's channels). Real
torch decides what happens.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"

CONV_BLOCK = '''def conv_block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1),
        nn.BatchNorm2d(cout),
        nn.ReLU(),
    )


'''

RES_BLOCK = '''class ResBlock(nn.Module):
    def __init__(self, cin, cout, shortcut=True):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if shortcut and cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        {ADD}
        return F.relu(out)


'''

CAT_BLOCK = '''class TwoBranch(nn.Module):
    def __init__(self, cin, half):
        super().__init__()
        self.left = nn.Conv2d(cin, half, 1)
        self.right = nn.Sequential(nn.Conv2d(cin, half, 3, padding=1), nn.ReLU())

    def forward(self, x):
        a = self.left(x)
        b = self.right(x)
        return torch.cat([a, b], dim=1)


'''

LIST_BLOCK = '''class Stack(nn.Module):
    def __init__(self, channels, depth):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(channels, channels, 3, padding=1) for _ in range(depth)])
        self.norms = nn.ModuleList([nn.BatchNorm2d(channels) for _ in range(depth)])

    def forward(self, x):
        for i, conv in enumerate(self.convs):
            x = torch.relu(self.norms[i](conv(x)))
        return x


'''

RES_LINEAR = '''class ResidualMLP(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)
        self.norm = nn.LayerNorm(width)

    def forward(self, x):
        return self.norm(x + self.fc2(torch.relu(self.fc1(x))))


'''


@dataclass
class ComposedScript:
    seed: int
    source: str
    broken: bool  # the generator meant to break it (a hint only: torch decides)


class _Writer:
    def __init__(self, rng: random.Random, break_rate: float) -> None:
        self.rng = rng
        self.break_rate = break_rate
        self.broken = False

    def wrong(self, value: int) -> int:
        if not self.broken and self.rng.random() < self.break_rate:
            self.broken = True
            return max(1, value + self.rng.choice((-2, -1, 1, 3, 8)))
        return value


def _conv_net(r: random.Random, w: _Writer) -> str:
    """Block definitions and the Net (image input)."""
    defs: set[str] = set()
    in_ch = r.choice((1, 3))
    channels = w.wrong(in_ch)
    blocks: list[str] = []
    for _ in range(r.randint(1, 4)):
        kind = r.choice(("conv", "res", "cat", "list"))
        cin = w.wrong(channels)
        if kind == "conv":
            defs.add("conv")
            cout = r.choice((8, 16, 32))
            blocks.append(f"conv_block({cin}, {cout})")
        elif kind == "res":
            defs.add("res")
            cout = r.choice((channels, 8, 16))
            shortcut = "" if r.random() < 0.8 or cout == channels else ", shortcut=False"
            w.broken |= bool(shortcut)
            blocks.append(f"ResBlock({cin}, {cout}{shortcut})")
        elif kind == "cat":
            defs.add("cat")
            half = r.choice((4, 8))
            cout = 2 * half
            blocks.append(f"TwoBranch({cin}, {half})")
        else:
            defs.add("list")
            cout = cin
            blocks.append(f"Stack({cin}, {r.randint(1, 3)})")
        channels = cout
        if r.random() < 0.3:
            blocks.append("nn.MaxPool2d(2)")
    pooled = r.random() < 0.6
    size = r.choice((8, 16))
    for block in blocks:
        size //= 2 if block == "nn.MaxPool2d(2)" else 1
    features = channels if pooled else channels * size * size
    hidden = r.choice((16, 32, 64))
    classes = r.choice((2, 5, 10))
    form = r.choice(("features", "attributes", "stage"))
    init: list[str] = []
    forward: list[str] = []
    helper: list[str] = []
    if form == "features":
        init.append("self.features = nn.Sequential(" + ", ".join(blocks) + ")")
        body = ["x = self.features(x)"]
    elif form == "attributes":
        for i, block in enumerate(blocks):
            init.append(f"self.block{i} = {block}")
        body = [f"x = self.block{i}(x)" for i in range(len(blocks))]
    else:
        init.append("self.stage = self._make_stage()")
        helper += ["def _make_stage(self):",
                   "    layers = []"] + [f"    layers.append({b})" for b in blocks] + [
                   "    return nn.Sequential(*layers)", ""]
        body = ["x = self.stage(x)"]
    init.append("self.pool = nn.AdaptiveAvgPool2d(1)" if pooled else "self.pool = nn.Identity()")
    init.append(f"self.classifier = nn.Sequential(nn.Linear({w.wrong(features)}, {hidden}), "
                f"nn.ReLU(), nn.Linear({hidden}, {classes}))")
    flatten = r.choice(("x = torch.flatten(x, 1)", "x = x.view(x.size(0), -1)",
                        "x = x.flatten(1)"))
    if r.random() < 0.4:
        helper += ["def _features(self, x):"] + [f"    {line}" for line in body] + [
            "    return x", ""]
        forward += ["x = self._features(x)"]
    else:
        forward += body
    forward += ["x = self.pool(x)", flatten, "return self.classifier(x)"]
    source = "".join({"conv": CONV_BLOCK, "res": RES_BLOCK, "cat": CAT_BLOCK,
                      "list": LIST_BLOCK}[d] for d in sorted(defs))
    add = r.choice(("out += self.shortcut(identity)", "out = out + self.shortcut(identity)"))
    source = source.replace("{ADD}", add)
    source += _net(init, helper, forward)
    batch = r.choice((1, 2, 4))
    source += f"model = Net()\nx = torch.randn({batch}, {in_ch}, {size * _pools(blocks)}, " \
              f"{size * _pools(blocks)})\nout = model(x)\n"
    return source


def _pools(blocks: list[str]) -> int:
    return 2 ** sum(1 for b in blocks if b == "nn.MaxPool2d(2)")


def _mlp_net(r: random.Random, w: _Writer) -> str:
    width = r.choice((8, 16, 32))
    features = r.choice((10, 20, 784))
    blocks = [f"ResidualMLP({w.wrong(width)}, {r.choice((16, 64))})"
              for _ in range(r.randint(1, 3))]
    init = [f"self.embed = nn.Linear({features}, {width})",
            "self.blocks = nn.ModuleList([" + ", ".join(blocks) + "])",
            f"self.head = nn.Sequential(nn.ReLU(), nn.Linear({w.wrong(width)}, 3))"]
    loop = r.choice((["for block in self.blocks:", "    x = block(x)"],
                     ["for i, block in enumerate(self.blocks):", "    x = block(x)"],
                     [f"x = self.blocks[{i}](x)" for i in range(len(blocks))]))
    forward = ["x = self.embed(x)", *loop, "return self.head(x)"]
    source = RES_LINEAR + _net(init, [], forward)
    builder = r.random() < 0.5
    if builder:
        source += "def make_model():\n    return Net()\n\n\nmodel = make_model()\n"
    else:
        source += "model = Net()\n"
    source += f"x = torch.randn({r.choice((2, 8))}, {w.wrong(features)})\nout = model(x)\n"
    return source


def _net(init: list[str], helper: list[str], forward: list[str]) -> str:
    lines = ["class Net(nn.Module):", "    def __init__(self):", "        super().__init__()"]
    lines += [f"        {line}" for line in init]
    lines.append("")
    lines += [f"    {line}" if line else "" for line in helper]
    lines.append("    def forward(self, x):")
    lines += [f"        {line}" for line in forward]
    return "\n".join(lines) + "\n\n\n"


def generate_composed(seed: int) -> ComposedScript:
    r = random.Random(seed)
    w = _Writer(r, r.choice((0.0, 0.05, 0.15)))
    if r.random() < 0.75:
        source = _conv_net(r, w)
    else:
        source = _mlp_net(r, w)
    return ComposedScript(seed, HEAD + source, w.broken)
