"""A seeded generator of ``nn.Module`` scripts built on ``nn.ModuleList`` / ``nn.ModuleDict``.

``generate_container(seed)`` writes a model as tutorials write them: an optional stem, a
ModuleList of blocks (a literal list, a list comprehension over a literal range, or an empty
ModuleList and straight-line ``.append`` calls), an optional ModuleDict of heads (a dict literal
or an OrderedDict), and a forward that loops over the blocks (``for block in self.blocks``,
sometimes through an activation), indexes them (``self.blocks[0](x)``, ``self.blocks[-1]``) and
picks a head by literal key, or loops over ``self.heads.values()``.

With some probability a width is wrong on purpose, the input has the wrong rank, or the script
uses a form layerlint does not follow (a branch in the loop body,
modules appended in a loop): then layerlint must stay silent past that point and say so with an
LL901/LL903 note. Real torch decides what happens; ``followed`` is only the generator's intent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ACTS = ("nn.ReLU()", "nn.Tanh()", "nn.GELU()", "nn.Identity()", "nn.Dropout(0.1)")


@dataclass
class ContainerScript:
    seed: int
    source: str
    natural_input: tuple[int, ...]
    called: bool
    followed: bool  # the generator used only forms layerlint means to follow


class _Widths:
    def __init__(self, rng: random.Random, break_rate: float) -> None:
        self.rng = rng
        self.break_rate = break_rate

    def wrong(self, value: int) -> int:
        if self.rng.random() < self.break_rate:
            return max(1, value + self.rng.choice((-2, -1, 1, 3, 8)))
        return value


def _block(r: random.Random, w: _Widths, width: int, out: int) -> str:
    """One block taking ``width`` features and giving ``out``."""
    kind = r.random()
    if kind < 0.55 or width != out:
        return f"nn.Linear({w.wrong(width)}, {out})"
    if kind < 0.7:
        return f"nn.LayerNorm({w.wrong(width)})"
    if kind < 0.8:
        return f"nn.BatchNorm1d({w.wrong(width)})"
    if kind < 0.9:
        return f"nn.Sequential(nn.Linear({w.wrong(width)}, {out}), {r.choice(ACTS)})"
    return r.choice(ACTS)


def generate_container(seed: int) -> ContainerScript:
    r = random.Random(seed)
    w = _Widths(r, r.choice((0.0, 0.0, 0.15, 0.3)))
    batch = r.choice((2, 3, 4))
    features = r.choice((4, 6, 8, 12))
    init: list[str] = []
    forward: list[str] = []
    followed = True
    width = features
    if r.random() < 0.5:
        hidden = r.choice((8, 16))
        init.append(f"self.stem = nn.Linear({w.wrong(width)}, {hidden})")
        forward.append("x = self.stem(x)")
        width = hidden

    # --- the blocks -------------------------------------------------------------------------
    n = r.randint(1, 4)
    form = r.choice(("literal", "uniform", "widths", "append", "append_loop"))
    if form == "uniform":  # the same block n times
        init.append(f"self.blocks = nn.ModuleList([nn.Linear({w.wrong(width)}, {width}) "
                    f"for _ in range({n})])")
        outs = [width] * n
    elif form == "widths":  # a list comprehension over a literal range, widths from a list
        sizes = [width] + [r.choice((4, 8, 16)) for _ in range(n)]
        shown = list(sizes)
        if r.random() < w.break_rate:
            shown[r.randrange(1, n + 1)] += 1  # the next Linear then expects another width
        init.append(f"sizes = {shown}")
        init.append("self.blocks = nn.ModuleList([nn.Linear(sizes[i], sizes[i + 1]) "
                    f"for i in range({n})])")
        outs = shown[1:]
    else:
        blocks, outs, current = [], [], width
        for _ in range(n):
            out = current if r.random() < 0.5 else r.choice((4, 8, 16))
            blocks.append(_block(r, w, current, out))
            outs.append(out)
            current = out
        if form == "literal":
            init.append("self.blocks = nn.ModuleList([" + ", ".join(blocks) + "])")
        elif form == "append":
            init.append("self.blocks = nn.ModuleList()")
            init += [f"self.blocks.append({b})" for b in blocks]
        else:  # appended in a loop over a list of strings: not followed
            followed = False
            init.append("self.blocks = nn.ModuleList()")
            init.append(f"for spec in {blocks!r}:")
            init.append("    self.blocks.append(eval(spec))")
    width = outs[-1]

    loop = r.choice(("for", "for", "for_act", "index", "enumerate", "branch"))
    if loop == "for":
        forward += ["for block in self.blocks:", "    x = block(x)"]
    elif loop == "for_act":
        forward += ["for layer in self.blocks:", "    x = torch.relu(layer(x))"]
    elif loop == "index":
        forward += [f"x = self.blocks[{i if r.random() < 0.5 else i - n}](x)" for i in range(n)]
    elif loop == "enumerate":
        forward += ["for i, block in enumerate(self.blocks):", "    x = block(x)"]
    else:
        followed = False
        forward += ["for block in self.blocks:", "    if x.shape[-1] > 0:",
                    "        x = block(x)"]

    # --- the heads --------------------------------------------------------------------------
    if r.random() < 0.6:
        keys = r.sample(("out", "cls", "reg", "aux"), r.randint(1, 3))
        heads = {k: f"nn.Linear({w.wrong(width)}, {r.choice((1, 2, 3))})" for k in keys}
        if r.random() < 0.5:
            items = ", ".join(f"{k!r}: {v}" for k, v in heads.items())
            init.append(f"self.heads = nn.ModuleDict({{{items}}})")
        else:
            items = ", ".join(f"({k!r}, {v})" for k, v in heads.items())
            init.append(f"self.heads = nn.ModuleDict(OrderedDict([{items}]))")
        if len(keys) == 1 and r.random() < 0.5:
            forward += ["for head in self.heads.values():", "    x = head(x)"]
        else:
            forward.append(f"x = self.heads[{r.choice(keys)!r}](x)")
    forward.append("return x")

    shape = [batch, features]
    if r.random() < w.break_rate / 2:
        shape = [batch, 2, features] if r.random() < 0.5 else [features]
    body_init = "".join(f"        {line}\n" for line in init)
    body_forward = "".join(f"        {line}\n" for line in forward)
    source = (
        "import torch\nimport torch.nn as nn\nfrom collections import OrderedDict\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        f"{body_init}\n    def forward(self, x):\n{body_forward}\n\nmodel = Net()\n"
    )
    called = r.random() < 0.8
    dims = ", ".join(str(d) for d in shape)
    if called:
        source += f"x = torch.randn({dims})\nout = model(x)\n"
    natural = (batch, features)
    return ContainerScript(seed, source, natural, called, followed)


# --- containers built by loops ----------------------------------------------------------------

LOOP_FORMS = ("list_sequential", "list_aug_zip", "modulelist_range", "starred_comprehension",
              "add_module", "enumerate_widths", "first_width_ifexp", "top_level")
LOOP_FORWARDS = ("for", "range_len", "range_literal")


def _loop_widths(r: random.Random, w: _Widths, features: int, n: int) -> tuple[list, list]:
    """(ins, outs) of n Linear layers; an ``ins`` entry may be wrong on purpose."""
    outs = [r.choice((4, 8, 16)) for _ in range(n)]
    ins = [features, *outs[:-1]]
    return [w.wrong(i) for i in ins], outs


def generate_loop_container(seed: int) -> ContainerScript:
    """A model whose modules are made by a loop (``for`` with constant bounds, as tutorials do):
    a list then ``nn.Sequential(*layers)``, ``self.blocks.append`` in a ``range`` loop, a starred
    comprehension, ``add_module(f"fc{i}", ...)``; the forward loops over the container, over
    ``range(len(self.blocks))`` or a literal range. Sometimes the depth comes from the
    environment (``int(os.environ.get("DEPTH", "2"))``): then layerlint cannot follow it and must
    say so, silent past it."""
    r = random.Random(10_000 + seed)
    w = _Widths(r, r.choice((0.0, 0.0, 0.2, 0.4)))
    batch, features = r.choice((2, 3, 4)), r.choice((4, 6, 8, 12))
    n = r.randint(1, 4)
    act = r.choice(ACTS)
    unknown_depth = r.random() < 0.2
    depth = f'int(os.environ.get("DEPTH", "{n}"))' if unknown_depth else str(n)
    form = r.choice(LOOP_FORMS)
    init: list[str] = []
    forward: list[str] = []
    ins, outs = _loop_widths(r, w, features, n)
    width = outs[-1]
    module_list = False
    if form in ("list_sequential", "top_level"):
        init += [f"ins = {ins}", f"outs = {outs}", "layers = []",
                 f"for i in range({depth}):",
                 "    layers.append(nn.Linear(ins[i], outs[i]))"]
        if r.random() < 0.5:  # an activation between layers, none after the last
            init += ["    if i < len(outs) - 1:", f"        layers.append({act})"]
        else:
            init.append(f"    layers.append({act})")
        if form == "list_sequential":
            init.append("self.net = nn.Sequential(*layers)")
            forward.append("x = self.net(x)")
    elif form == "list_aug_zip":
        init += ["layers = []", f"for a, b in zip({ins}[:{depth}], {outs}):",
                 f"    layers += [nn.Linear(a, b), {act}]",
                 "self.net = nn.Sequential(*layers)"]
        forward.append("x = self.net(x)")
    elif form in ("modulelist_range", "starred_comprehension", "first_width_ifexp"):
        hidden = r.choice((8, 16))
        init.append(f"self.stem = nn.Linear({w.wrong(features)}, {hidden})")
        forward.append("x = self.stem(x)")
        width = hidden
        if form == "starred_comprehension":
            init.append(f"self.net = nn.Sequential(*[nn.Linear({w.wrong(hidden)}, {hidden}) "
                        f"for _ in range({depth})])")
            forward.append("x = self.net(x)")
        else:
            module_list = True
            first = f"{hidden} if i == 0 else {w.wrong(hidden)}" if form == "first_width_ifexp" \
                else str(w.wrong(hidden))
            init += ["self.blocks = nn.ModuleList()", f"for i in range({depth}):",
                     f"    self.blocks.append(nn.Linear({first}, {hidden}))"]
    elif form == "add_module":
        init += [f"ins, outs = {ins}, {outs}", f"for i in range({depth}):",
                 "    self.add_module(f'fc{i}', nn.Linear(ins[i], outs[i]))"]
        forward += [f"x = self.fc{i}(x)" for i in range(n)]
    else:  # enumerate_widths
        module_list = True
        init += [f"ins = {ins}", "self.blocks = nn.ModuleList()",
                 f"for i, width in enumerate({outs}[:{depth}]):",
                 "    self.blocks.append(nn.Linear(ins[i], width))"]
    if module_list:
        loop = r.choice(LOOP_FORWARDS)
        if loop == "for":
            forward += ["for block in self.blocks:", "    x = block(x)"]
        elif loop == "range_len":
            forward += ["for i in range(len(self.blocks)):", "    x = self.blocks[i](x)"]
        else:
            forward += [f"for i in range({n}):", "    x = self.blocks[i](x)"]
    if form != "top_level" and r.random() < 0.5:
        init.append(f"self.head = nn.Linear({w.wrong(width)}, {r.choice((1, 2, 3))})")
        forward.append("x = self.head(x)")
    forward.append("return x")

    shape = [batch, features]
    if r.random() < w.break_rate / 2:
        shape = [batch, 2, features] if r.random() < 0.5 else [features]
    head = "import os\nimport torch\nimport torch.nn as nn\n\n\n"
    if form == "top_level":
        tail = ("model = nn.Sequential(*layers" + (
            f", nn.Linear({w.wrong(width)}, 1))\n" if r.random() < 0.5 else ")\n"))
        source = head + "".join(f"{line}\n" for line in init) + tail
    else:
        body_init = "".join(f"        {line}\n" for line in init)
        body_forward = "".join(f"        {line}\n" for line in forward)
        source = head + (
            "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            f"{body_init}\n    def forward(self, x):\n{body_forward}\n\nmodel = Net()\n")
    called = r.random() < 0.85
    if called:
        source += f"x = torch.randn({', '.join(str(d) for d in shape)})\nout = model(x)\n"
    return ContainerScript(seed, source, (batch, features), called, not unknown_depth)
