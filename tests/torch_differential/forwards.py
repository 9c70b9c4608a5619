"""A seeded generator of ``nn.Module`` scripts whose ``forward`` uses tensor functions between
modules: residual adds, ``torch.cat``, ``chunk``/``split`` unpacked, ``view``/``reshape``,
``transpose``/``permute``, ``@``/``torch.matmul``/``bmm``, reductions, softmax and activations,
in their function, method and operator forms.

The generator steers with its own guess of each tensor's shape only to choose arguments; with
some probability it writes a wrong number (a Linear's width, a split section, a view size, a
cat partner's length). Real torch decides what happens.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class ForwardScript:
    seed: int
    source: str


@dataclass
class _Forward:
    rng: random.Random
    shape: list[int]  # the generator's guess, batch first
    break_rate: float
    modules: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def wrong(self, value: int) -> int:
        if self.rng.random() < self.break_rate:
            return max(1, value + self.rng.choice((-2, -1, 1, 3)))
        return value

    def linear(self, fin: int, fout: int) -> str:
        name = f"fc{len(self.modules)}"
        self.modules.append(f"self.{name} = nn.Linear({fin}, {fout})")
        return f"self.{name}"

    def step(self) -> None:
        r, s = self.rng, self.shape
        last = s[-1]
        kinds = ["residual", "cat", "chunk", "split", "act", "softmax", "linear", "scale"]
        kinds += ["flatten", "transpose", "matmul", "bmm", "reduce", "unsqueeze"] if len(s) == 3 \
            else ["unflatten"]
        kind = r.choice(kinds)
        if kind == "residual":
            fc = self.linear(last, self.wrong(last))
            op = r.choice(["x + {y}", "{y} + x", "torch.add(x, {y})", "x.add({y})", "x * {y}"])
            self.lines.append("x = " + op.format(y=f"{fc}(x)"))
        elif kind == "cat":
            out = r.choice([2, 4, 8])
            fc = self.linear(last, out)
            dim = r.choice(["-1", f"{len(s) - 1}", "dim=-1"])
            partner = f"{fc}(x)" if r.random() > self.break_rate else f"{fc}(x).transpose(0, -1)"
            form = r.choice(["torch.cat([x, {p}], {d})", "torch.cat((x, {p}), {d})",
                             "torch.concat([{p}, x], {d})"])
            self.lines.append("x = " + form.format(p=partner, d=dim))
            s[-1] = last + out if "transpose" not in partner else last
        elif kind == "chunk":
            parts = r.choice([2, 3])
            form = r.choice(["x.chunk({n}, dim=-1)", "torch.chunk(x, {n}, -1)"])
            names = [f"p{i}" for i in range(parts)]
            self.lines.append(f"{', '.join(names)} = " + form.format(n=parts))
            self.lines.append("x = " + " * ".join(names))
            s[-1] = -(-last // parts)  # torch decides whether the pieces broadcast
        elif kind == "split":
            first = r.randint(1, max(1, last - 1))
            sizes = [first, self.wrong(last - first)] if last > 1 else [1]
            names = [f"q{i}" for i in range(len(sizes))]
            form = r.choice(["torch.split(x, {z}, dim=-1)", "x.split({z}, -1)"])
            self.lines.append(f"{', '.join(names)}, = " if len(names) == 1 else
                              f"{', '.join(names)} = ")
            self.lines[-1] += form.format(z=sizes)
            self.lines.append("x = torch.cat([" + ", ".join(reversed(names)) + "], dim=-1)")
        elif kind == "act":
            self.lines.append("x = " + r.choice(["F.relu(x)", "torch.tanh(x)", "x.sigmoid()",
                                                 "F.gelu(x)", "F.dropout(x, 0.1, self.training)",
                                                 "F.leaky_relu(x, 0.2)", "x.relu()"]))
        elif kind == "softmax":
            axis = r.choice([-1, len(s) - 1, 1, self.wrong(len(s) - 1) + 1])
            self.lines.append("x = " + r.choice(["F.softmax(x, dim={a})", "x.softmax({a})",
                                                 "torch.log_softmax(x, {a})"]).format(a=axis))
        elif kind == "linear":
            out = r.choice([4, 6, 8, 12])
            self.lines.append(f"x = {self.linear(self.wrong(last), out)}(x)")
            s[-1] = out
        elif kind == "scale":
            self.lines.append("x = " + r.choice(["x / 2", "2.0 * x", "x - 1", "x ** 2",
                                                 "x / (x.size(-1) ** 0.5)"]))
        elif kind == "flatten":
            if r.random() < 0.5:
                self.lines.append(r.choice(["x = x.flatten(1)", "x = torch.flatten(x, 1)"]))
            else:
                size = self.wrong(s[1] * s[2])
                self.lines.append(r.choice([f"x = x.view(x.size(0), {size})",
                                            f"x = x.reshape(-1, {size})",
                                            f"x = x.view(-1, {size})"]))
            self.shape = [s[0], s[1] * s[2]]
        elif kind == "unflatten":
            if last % 2 == 0:
                self.lines.append(r.choice([f"x = x.view(x.size(0), 2, {self.wrong(last // 2)})",
                                            f"x = x.reshape(x.shape[0], -1, {last // 2})",
                                            "x = x.unsqueeze(1)"]))
                self.shape = [s[0], 2, last // 2] if "unsqueeze" not in self.lines[-1] \
                    else [s[0], 1, last]
        elif kind == "transpose":
            self.lines.append(r.choice(["x = x.transpose(1, 2)", "x = x.permute(0, 2, 1)",
                                        "x = torch.transpose(x, -1, -2)"]))
            self.shape = [s[0], s[2], s[1]]
        elif kind == "matmul":
            if r.random() < 0.5:
                other = r.choice(["x.transpose(1, 2)", "x.transpose(-2, -1)", "x.mT", "x"])
                self.lines.append(r.choice([f"x = x @ {other}", f"x = torch.matmul(x, {other})"]))
                if other != "x.mT":
                    self.shape = [s[0], s[1], s[1]] if other != "x" else s
            else:
                fc = self.linear(last, r.choice([last, s[1], self.wrong(last)]))
                self.lines.append(f"x = torch.bmm({fc}(x).transpose(1, 2), x)")
        elif kind == "reduce":
            keep = r.random() < 0.3
            axis = r.choice([1, -2, self.wrong(1) + 2])
            form = r.choice(["x.mean({a}{k})", "torch.sum(x, dim={a}{k})", "x.amax({a}{k})"])
            self.lines.append("x = " + form.format(a=axis, k=", keepdim=True" if keep else ""))
            if axis in (1, -2):
                self.shape = [s[0], 1, s[2]] if keep else [s[0], s[2]]
        elif kind == "unsqueeze":
            self.lines.append("x = x.unsqueeze(1).squeeze(1)")


def generate_forward(seed: int) -> ForwardScript:
    r = random.Random(seed)
    features = r.choice([4, 6, 8, 12])
    shape = [r.choice([2, 3]), features] if r.random() < 0.4 else \
        [r.choice([2, 3]), r.choice([3, 5]), features]
    f = _Forward(r, list(shape), break_rate=r.choice([0.0, 0.1, 0.25]))
    for _ in range(r.randint(2, 6)):
        f.step()
    head = f.linear(f.shape[-1], 3)
    init = "\n".join(f"        {m}" for m in f.modules)
    body = "\n".join(f"        {line}" for line in f.lines)
    dims = ", ".join(str(d) for d in shape)
    source = (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        f"{init}\n\n    def forward(self, x):\n{body}\n        return {head}(x)\n\n\n"
        f"model = Net()\nout = model(torch.randn({dims}))\n"
    )
    return ForwardScript(seed, source)
