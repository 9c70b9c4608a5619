"""Script-level torch programs: tensors made, passed through functions (``F.*``, ``torch.*``,
methods, operators), modules called directly, and whole models (``nn.Sequential``, a custom
``nn.Module``, a module-returning builder, an LSTM encoder returning ``(out, (h, c))``) whose
output flows on; in functions and loops over literal lists too.

``generate_program(seed)`` writes one such program; with some probability one step is wrong (a
Linear's width, a view size, a cat partner, a permutation). The generator steers by its own
guess of each tensor's shape only to choose arguments: real torch decides what happens
(``torch_outcome``). ``layerlint_outcome`` is what layerlint says: its errors and the shape it
gives each variable of the script (when it knows one).
"""

from __future__ import annotations

import ast
import math
import random
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any

HEADER = ("import math\nimport os\nimport torch\nimport torch.nn as nn\n"
          "import torch.nn.functional as F\n")


@dataclass
class FlowProgram:
    seed: int
    source: str
    # A line torch may report -> the lines layerlint may report for it (an nn.Sequential's
    # own module raising: torch's frame is the call, layerlint names the module's definition).
    accept: dict[int, set[int]] = field(default_factory=dict)


@dataclass
class _Model:
    name: str
    fin: int
    fout: int | None  # None: an LSTM encoder returning (out, (h, c))
    lines: set[int]  # where its modules are defined (an nn.Sequential's)
    rank: int = 2


@dataclass
class _Gen:
    rng: random.Random
    break_rate: float
    lines: list[str] = field(default_factory=list)
    shapes: dict[str, list[int]] = field(default_factory=dict)
    models: list[_Model] = field(default_factory=list)
    accept: dict[int, set[int]] = field(default_factory=dict)
    counter: int = 0
    broken: bool = False

    def wrong(self, value: int) -> int:
        if not self.broken and self.rng.random() < self.break_rate:
            self.broken = True
            return max(1, value + self.rng.choice((-2, -1, 1, 3)))
        return value

    def line(self, text: str, calls: _Model | None = None) -> None:
        self.lines.append(text)
        if calls is not None and calls.lines:
            number = len(HEADER.splitlines()) + len(self.lines)
            self.accept[number] = {number, *calls.lines}

    def fresh(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def here(self) -> int:
        return len(HEADER.splitlines()) + len(self.lines) + 1

    # --- models -----------------------------------------------------------------------------

    def define_model(self, index: int) -> None:
        r = self.rng
        fin, hidden, fout = r.choice([4, 6, 8]), r.choice([8, 12, 16]), r.choice([2, 3, 5])
        kind = r.choice(["sequential", "module", "builder", "lstm"])
        name = f"net{index}"
        if kind == "sequential":
            start = self.here()
            self.line(f"{name} = nn.Sequential(nn.Linear({fin}, {hidden}), nn.ReLU(),")
            self.line(f"    nn.Linear({self.wrong(hidden)}, {fout}))")
            self.models.append(_Model(name, fin, fout, {start, start + 1}))
        elif kind == "module":
            cls = f"Net{index}"
            for text in (f"class {cls}(nn.Module):", "    def __init__(self, n_in, n_out):",
                         "        super().__init__()",
                         f"        self.fc1 = nn.Linear(n_in, {hidden})",
                         f"        self.fc2 = nn.Linear({self.wrong(hidden)}, n_out)", "",
                         "    def forward(self, x):", "        x = F.relu(self.fc1(x))",
                         "        return self.fc2(x)", ""):
                self.line(text)
            self.line(f"{name} = {cls}({fin}, {fout})")
            self.models.append(_Model(name, fin, fout, set()))
        elif kind == "builder":
            start = self.here()
            self.line(f"def make{index}(a, b):")
            self.line(f"    return nn.Sequential(nn.Linear(a, {hidden}), nn.Tanh(), "
                      f"nn.Linear({self.wrong(hidden)}, b))")
            self.line(f"{name} = make{index}({fin}, {fout})")
            self.models.append(_Model(name, fin, fout, {start + 1}))
        else:
            cls = f"Encoder{index}"
            for text in (f"class {cls}(nn.Module):", "    def __init__(self):",
                         "        super().__init__()",
                         f"        self.lstm = nn.LSTM({fin}, {hidden}, batch_first=True)", "",
                         "    def forward(self, x):", "        return self.lstm(x)", ""):
                self.line(text)
            self.line(f"{name} = {cls}()")
            self.models.append(_Model(name, fin, None, set(), rank=3))
            self.models[-1].hidden = hidden  # type: ignore[attr-defined]

    # --- steps ------------------------------------------------------------------------------

    def new_tensor(self, shape: list[int] | None = None) -> str:
        r = self.rng
        shape = shape or [r.choice([2, 3, 4])] + [r.choice([2, 3, 4, 5, 6, 8])
                                                  for _ in range(r.choice([1, 2, 3]))]
        name = self.fresh()
        self.line(f"{name} = torch.randn({', '.join(map(str, shape))})")
        self.shapes[name] = shape
        return name

    def pick(self, rank: int | None = None) -> str | None:
        names = [n for n, s in self.shapes.items() if len(s) == rank or rank is None and s]
        return self.rng.choice(names) if names else None

    def step(self) -> None:
        r = self.rng
        kind = r.choice(["act", "flatten", "view", "permute", "transpose", "unsqueeze", "cat",
                         "binary", "scale", "matmul", "linear", "named_linear", "conv", "model",
                         "model", "softmax", "reduce", "loop_scale", "loop_modules",
                         "function", "unknown_operand", "getitem", "loss", "loss",
                         "model_in_function", "sized", "sized", "sized_class",
                         "sized_create", "sized_create"])
        getattr(self, f"step_{kind}")()

    def assign(self, expr: str, shape: list[int], calls: _Model | None = None) -> str:
        name = self.fresh()
        self.line(f"{name} = {expr}", calls)
        self.shapes[name] = shape
        return name

    def step_act(self) -> None:
        x = self.pick() or self.new_tensor()
        form = self.rng.choice(["F.relu({x})", "torch.tanh({x})", "{x}.sigmoid()",
                                "F.gelu({x})", "torch.relu({x})"])
        self.assign(form.format(x=x), list(self.shapes[x]))

    def step_flatten(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        if len(s) < 2:
            return
        form = self.rng.choice(["torch.flatten({x}, 1)", "{x}.flatten(1)"])
        self.assign(form.format(x=x), [s[0], math.prod(s[1:])])

    def step_view(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        first = self.wrong(s[0])
        form = self.rng.choice(["{x}.view({b}, -1)", "{x}.reshape({b}, -1)",
                                "torch.reshape({x}, ({b}, -1))"])
        total = math.prod(s)
        self.assign(form.format(x=x, b=first), [first, total // first])

    def step_permute(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        order = list(range(len(s)))
        self.rng.shuffle(order)
        written = order if self.rng.random() > self.break_rate or self.broken else order[:-1]
        if written is not order:
            self.broken = True
        form = self.rng.choice(["{x}.permute({o})", "torch.permute({x}, ({o},))"])
        self.assign(form.format(x=x, o=", ".join(map(str, written))), [s[i] for i in order])

    def step_transpose(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        a, b = self.rng.sample(range(len(s)), 2) if len(s) > 1 else (0, 0)
        b = b if self.rng.random() > self.break_rate or self.broken else len(s) + 1
        if b == len(s) + 1:
            self.broken = True
        t = list(s)
        if b < len(s):
            t[a], t[b] = t[b], t[a]
        self.assign(f"{x}.transpose({a}, {b})", t)

    def step_unsqueeze(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        if self.rng.random() < 0.5 and len(s) > 2 and 1 in s:
            d = s.index(1)
            self.assign(f"{x}.squeeze({d})", s[:d] + s[d + 1:])
            return
        d = self.rng.randrange(len(s) + 1)
        self.assign(self.rng.choice([f"{x}.unsqueeze({d})", f"torch.unsqueeze({x}, {d})"]),
                    s[:d] + [1] + s[d:])

    def step_cat(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        d = self.rng.randrange(len(s))
        other = list(s)
        other[d] = self.rng.choice([1, 2, 3])
        broken_axis = [i for i in range(len(s)) if i != d]
        if broken_axis and not self.broken and self.rng.random() < self.break_rate:
            self.broken = True
            other[self.rng.choice(broken_axis)] += 1
        partner = [n for n, t in self.shapes.items() if t == other and n != x]
        y = partner[0] if partner else f"torch.randn({', '.join(map(str, other))})"
        out = list(s)
        out[d] += other[d]
        form = self.rng.choice(["torch.cat([{x}, {y}], dim={d})", "torch.cat(({x}, {y}), {d})",
                                "torch.concat([{x}, {y}], {d})"])
        self.assign(form.format(x=x, y=y, d=d), out)

    def step_binary(self) -> None:
        x = self.pick() or self.new_tensor()
        s = list(self.shapes[x])
        other = list(s)
        if self.rng.random() < 0.4:
            other[self.rng.randrange(len(s))] = 1  # broadcasts
        if not self.broken and self.rng.random() < self.break_rate:
            self.broken = True
            other[-1] += 1
        y = next((n for n, t in self.shapes.items() if t == other and n != x), None)
        y = y or f"torch.randn({', '.join(map(str, other))})"
        op = self.rng.choice(["+", "-", "*", "/"])
        self.assign(f"{x} {op} {y}", s)

    def step_scale(self) -> None:
        x = self.pick() or self.new_tensor()
        form = self.rng.choice(["{x} * 2.0", "{x} / math.sqrt(16)", "0.5 * {x}", "-{x}",
                                "{x} ** 2", "{x} - 1"])
        self.assign(form.format(x=x), list(self.shapes[x]))

    def step_unknown_operand(self) -> None:
        """A number layerlint cannot evaluate keeps the shape; a tensor it cannot size makes
        everything after it unknown (both run fine in torch)."""
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        if self.rng.random() < 0.5:
            self.line('scale = float(os.environ.get("LAYERLINT_SCALE", "2"))')
            self.assign(self.rng.choice([f"{x} * scale", f"{x} / math.sqrt(scale)"]), list(s))
        else:
            self.line('size = int(os.environ.get("LAYERLINT_SIZE", "1"))')
            self.assign(f"{x} + torch.randn(size)", list(s))

    def step_matmul(self) -> None:
        x = self.pick(2) or self.new_tensor([3, 4])
        s = self.shapes[x]
        k = self.rng.choice([2, 5])
        form = self.rng.choice(["{x} @ torch.randn({a}, {k})", "torch.matmul({x}, torch.randn("
                                "{a}, {k}))", "torch.mm({x}, torch.randn({a}, {k}))"])
        self.assign(form.format(x=x, a=self.wrong(s[-1]), k=k), [s[0], k])

    def step_linear(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        k = self.rng.choice([3, 7])
        self.assign(f"nn.Linear({self.wrong(s[-1])}, {k})({x})", s[:-1] + [k])

    def step_sized(self) -> None:
        """Sizes read off a tensor decide a later shape: ``x.shape[i]``, ``x.size(i)``; a rank
        or a count (``x.dim()``, ``x.numel()``) is left to the run."""
        r = self.rng
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        n = len(s)
        i = r.choice([-1, -1, n - 1, 0]) if r.random() > self.break_rate * 3 else \
            r.randrange(n)
        k = r.choice([3, 7])
        kind = r.choice(["linear", "view", "view3", "rank"])
        if kind == "linear":
            size = r.choice(["{x}.shape[{i}]", "{x}.size({i})"]).format(x=x, i=i)
            self.assign(f"nn.Linear({size}, {k})({x})", s[:-1] + [k])
        elif kind == "view":
            form = r.choice(["{x}.view({x}.size(0), -1)", "{x}.reshape({x}.shape[0], -1)",
                             "{x}.view(-1, {x}.shape[{i}])"])
            total = math.prod(s)
            shape = [s[0], total // s[0]] if "-1)" in form else [total // s[i], s[i]]
            self.assign(form.format(x=x, i=i), shape)
        elif kind == "view3":
            c = self.wrong(2)
            total = math.prod(s)
            self.assign(f"{x}.view({x}.size(0), {c}, -1)", [s[0], c, total // s[0] // c])
        else:
            form = r.choice(["{x}.unsqueeze({x}.dim())", "{x}.view({x}.numel())",
                             "{x}.unsqueeze({x}.ndim)"])
            self.assign(form.format(x=x), s + [1] if "unsqueeze" in form
                        else [math.prod(s)])

    def step_sized_class(self) -> None:
        """A class of the file sized by a tensor: ``Head(x.shape[-1])``, arithmetic too."""
        r = self.rng
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        k = r.choice([2, 5])
        cls = f"Head{self.counter}"
        for text in (f"class {cls}(nn.Module):", "    def __init__(self, n, k):",
                     "        super().__init__()", "        self.fc = nn.Linear(n, k)", "",
                     "    def forward(self, t):", "        return self.fc(t)", ""):
            self.line(text)
        i = -1 if r.random() > self.break_rate * 3 else r.randrange(len(s))
        size = r.choice(["{x}.shape[{i}]", "{x}.size({i})"]).format(x=x, i=i)
        extra = r.choice([1, 2, 3])
        written = r.choice([size, size, f"{size} + {extra} - {extra}",
                            f"{size} // {extra} * {extra}", f"({size} % {extra}) + {size}"])
        head = self.fresh()
        self.line(f"{head} = {cls}({written}, {k})")
        self.assign(f"{head}({x})", s[:-1] + [k])

    def step_sized_create(self) -> None:
        """A tensor made from a tensor's sizes (``torch.zeros(x.shape)``,
        ``torch.randn(x.size(0), k)``), then combined with it."""
        r = self.rng
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        kind = r.choice(["like", "rows", "rows_int", "arith"])
        if kind == "like":
            form = r.choice(["torch.zeros({x}.shape)", "torch.ones({x}.size())",
                             "torch.randn({x}.shape, dtype=torch.float32)"])
            made = self.assign(form.format(x=x), list(s))
            self.assign(f"{x} + {made}", list(s))
        elif kind == "rows":
            k = r.choice([2, 3])
            made = self.assign(f"torch.randn({x}.size(0), {k})", [s[0], k])
            first = self.wrong(s[0])
            if first != s[0]:  # a partner of another row count: cat raises
                made = self.assign(f"torch.randn({first}, {k})", [first, k])
            if len(s) == 2:
                self.assign(f"torch.cat([{x}, {made}], dim=1)", [s[0], s[1] + k])
        elif kind == "rows_int":  # targets sized by the outputs (kept out of the pool)
            n = self.wrong(s[-1])
            name = self.fresh()
            self.line(f"{name} = torch.randint(0, {s[-1]}, ({x}.size(0),))")
            self.assign(f"torch.rand({x}.shape[0], {n}) * {x}", [s[0], s[-1]] if len(
                s) == 2 else list(s))
            if len(s) == 2:
                self.line(f"{self.fresh()} = F.cross_entropy({x}, {name})")
        else:
            extra = r.choice([1, 2])
            self.assign(f"torch.zeros({x}.size(0) + {extra}, {x}.size(-1) * 2)",
                        [s[0] + extra, s[-1] * 2])

    def step_named_linear(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        k = self.rng.choice([3, 7])
        self.line(f"lin{self.counter} = nn.Linear({self.wrong(s[-1])}, {k})")
        self.assign(f"lin{self.counter}({x})", s[:-1] + [k])

    def step_conv(self) -> None:
        x = self.pick(3) or self.new_tensor([2, 4, 8])
        s = self.shapes[x]
        if s[-1] < 3:
            return
        o = self.rng.choice([2, 6])
        self.assign(f"nn.Conv1d({self.wrong(s[1])}, {o}, 3)({x})", [s[0], o, s[2] - 2])

    def step_model(self) -> None:
        if not self.models:
            return
        m = self.rng.choice(self.models)
        x = next((n for n, s in self.shapes.items() if len(s) == m.rank and s[-1] == m.fin),
                 None)
        if x is None or self.rng.random() < self.break_rate / 2:
            shape = [self.rng.choice([2, 3])] * (m.rank - 1) + [m.fin]
            x = self.new_tensor(shape)
        s = self.shapes[x]
        if m.fout is None:  # out, (h, c) = encoder(x)
            hidden = m.hidden  # type: ignore[attr-defined]
            out, h = self.fresh(), self.fresh()
            self.line(f"{out}, ({h}, _) = {m.name}({x})", m)
            self.shapes[out] = s[:-1] + [hidden]
            self.shapes[h] = [1, s[0], hidden]
            return
        form = self.rng.choice(["{m}({x})", "{m}.forward({x})"]) if not m.lines else "{m}({x})"
        self.assign(form.format(m=m.name, x=x), s[:-1] + [m.fout], m)

    def step_loss(self) -> None:
        """A loss on a (model's) output and targets made for it (sometimes the wrong count)."""
        x = self.pick(2) or self.pick(3)
        if x is None:
            return
        s = self.shapes[x]
        n = self.wrong(s[0])
        kind = self.rng.choice(["ce", "ce_module", "bce", "nll"])
        if kind in ("ce", "ce_module", "nll") and len(s) == 2:
            target = f"torch.randint(0, {s[1]}, ({n},))"
        elif kind in ("ce", "ce_module", "nll"):
            target = f"torch.randint(0, {s[1]}, ({n}, {s[2]}))"
        else:
            target = f"torch.rand({', '.join(map(str, [n, *s[1:]]))})"
        form = {"ce": "F.cross_entropy({x}, {t})", "ce_module": "nn.CrossEntropyLoss()({x}, {t})",
                "nll": "F.nll_loss(F.log_softmax({x}, dim=1), {t}, reduction='sum')",
                "bce": "nn.BCEWithLogitsLoss(reduction='none')({x}, {t})"}[kind]
        name = self.fresh()
        self.line(f"{name} = {form.format(x=x, t=target)}")

    def step_model_in_function(self) -> None:
        """A function of the script calling a model of the file (not a parameter)."""
        models = [m for m in self.models if m.fout is not None]
        if not models:
            return
        m = self.rng.choice(models)
        x = next((n for n, s in self.shapes.items() if len(s) == 2 and s[-1] == m.fin), None)
        x = x or self.new_tensor([self.rng.choice([2, 3]), m.fin])
        fn = f"predict{self.counter}"
        self.line(f"def {fn}(t):")
        self.line(f"    return F.relu({m.name}(t))", m)
        self.assign(f"{fn}({x})", self.shapes[x][:-1] + [m.fout])

    def step_softmax(self) -> None:
        x = self.pick() or self.new_tensor()
        form = self.rng.choice(["F.softmax({x}, dim=-1)", "{x}.softmax(1)",
                                "F.log_softmax({x}, dim=1)"])
        self.assign(form.format(x=x), list(self.shapes[x]))

    def step_reduce(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        d = self.rng.randrange(len(s))
        form = self.rng.choice(["{x}.sum(dim={d})", "torch.mean({x}, {d})", "{x}.amax({d})"])
        self.assign(form.format(x=x, d=d), s[:d] + s[d + 1:])

    def step_getitem(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        if len(s) < 2:
            return
        if self.rng.random() < 0.5:
            self.assign(f"{x}[0]", s[1:])
        else:
            self.assign(f"{x}[:, -1]", [s[0], *s[2:]])

    def step_loop_scale(self) -> None:
        x = self.pick() or self.new_tensor()
        name = self.fresh()
        self.line(f"{name} = {x}")
        self.line("for factor in [2.0, 0.5, 3]:")
        self.line(f"    {name} = F.relu({name} * factor)")
        self.shapes[name] = list(self.shapes[x])

    def step_loop_modules(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        widths = [self.rng.choice([3, 5]), self.rng.choice([2, 4])]
        name = self.fresh()
        self.line(f"{name} = {x}")
        self.line(f"for layer in [nn.Linear({self.wrong(s[-1])}, {widths[0]}), "
                  f"nn.Linear({widths[0]}, {widths[1]})]:")
        self.line(f"    {name} = layer({name})")
        self.shapes[name] = s[:-1] + [widths[1]]

    def step_function(self) -> None:
        x = self.pick() or self.new_tensor()
        s = self.shapes[x]
        fn = f"head{self.counter}"
        k = self.rng.choice([2, 6])
        self.line(f"def {fn}(t, width):")
        self.line("    t = F.relu(t)")
        self.line(f"    return nn.Linear(width, {k})(t.flatten(1))")
        self.assign(f"{fn}({x}, {self.wrong(math.prod(s[1:]))})", [s[0], k])


def generate_program(seed: int, break_rate: float = 0.06) -> FlowProgram:
    rng = random.Random(seed)
    gen = _Gen(rng, break_rate)
    for i in range(rng.choice([0, 1, 1, 2])):
        gen.define_model(i)
    gen.new_tensor()
    for _ in range(rng.randint(4, 10)):
        gen.step()
    source = HEADER + "\n".join(gen.lines) + "\n"
    return FlowProgram(seed, source, gen.accept)


# --- the two sides ------------------------------------------------------------------------------


@dataclass
class Outcome:
    error: str | None = None  # "Type: first line"
    line: int | None = None
    shapes: dict[str, Any] = field(default_factory=dict)  # variable -> shape (nested: tuples)


def _shape(value: Any) -> Any:
    import torch

    if isinstance(value, torch.Tensor):
        return tuple(value.shape)
    if isinstance(value, tuple) and value:
        inner = [_shape(v) for v in value]
        return None if any(i is None for i in inner) else tuple(inner)
    return None


def torch_outcome(source: str) -> Outcome:
    import torch
    from torch import nn

    namespace: dict[str, Any] = {"__name__": "__main__"}
    outcome = Outcome()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.manual_seed(0)
            exec(compile(source, "<script>", "exec"), namespace)  # noqa: S102 - test scripts
    except Exception as error:  # noqa: BLE001 - the outcome under test
        outcome.error = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__)
                 if f.filename == "<script>"]
        outcome.line = lines[-1] if lines else None
    for name, value in namespace.items():
        shape = _shape(value)
        if shape is not None and not isinstance(value, nn.Module):
            outcome.shapes[name] = shape
    return outcome


def layerlint_outcome(source: str) -> tuple[list[Any], dict[str, Any]]:
    """layerlint's errors on the script (check_source) and the shape its trace gives each
    variable of the script (when it knows one)."""
    from layerlint.frontends.source import SourceMap
    from layerlint.frontends.torch_events import TorchExtractor
    from layerlint.frontends.torch_script import TracedTensor
    from layerlint.ir import ArrayValue
    from layerlint.pipeline import check_source
    from layerlint.replay.torch.ops import Tensor
    from layerlint.replay.torch.script import ScriptReplay

    result = check_source(source, "flow.py", verify_fixes=False)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    extractor = TorchExtractor(SourceMap(source))
    models = extractor.run(ast.parse(source))
    script = next((m for m in models if m.name == "<tensors>"), None)
    values: dict[str, Any] = {}
    if script is not None:
        replay = ScriptReplay(script, source)
        replay.run()
        values = replay.values

    def shape_of(value: Any) -> Any:
        if isinstance(value, tuple):
            inner = [shape_of(v) for v in value]
            return None if any(i is None for i in inner) else tuple(inner)
        if isinstance(value, TracedTensor):
            return shape_of(values.get(value.var))
        if isinstance(value, Tensor):
            return tuple(value.shape)
        if isinstance(value, ArrayValue) and value.shape is not None and all(
                isinstance(d, int) for d in value.shape):
            var = extractor.trace.vars.get(id(value))
            traced = shape_of(values.get(var)) if var else None
            if traced is not None and traced != tuple(value.shape):
                return ("walk", tuple(value.shape), "trace", traced)  # never equal to torch's
            return tuple(value.shape)
        return None

    shapes = {}
    for name, value in extractor.module_env.items():
        shape = shape_of(value)
        if shape is not None:
            shapes[name] = shape
    return errors, shapes


def _assigned_at(source: str, line: int | None) -> list[str]:
    """The names the top-level statement holding ``line`` assigns."""
    for stmt in ast.parse(source).body:
        if line is not None and stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno):
            return [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Store)]
    return []


def compare_program(program: FlowProgram, claims: dict[str, int],
                    verbose: bool = False) -> list[str]:
    """Verdict, line, message and every shape layerlint claims, against torch."""
    torch_run = torch_outcome(program.source)
    errors, shapes = layerlint_outcome(program.source)
    # A model that fails for every input, never called: torch cannot say (compare.py checks
    # these contradictions against the model's own forward).
    every = [d for d in errors if d.message.endswith("(this fails for every input)")]
    claims["every_input"] += len(every)
    errors = [d for d in errors if d not in every]
    problems: list[str] = []
    claims["programs"] += 1
    if torch_run.error is None:
        claims["clean"] += 1
        problems += [f"false alarm at line {d.span.line}: {d.message}" for d in errors]
    else:
        claims["raised"] += 1
        accepted = program.accept.get(torch_run.line or 0, {torch_run.line})
        if not errors:
            # silent only where layerlint knew no shape: nothing at the failing statement
            claims["missed"] += 1
            claimed = [n for n in _assigned_at(program.source, torch_run.line) if n in shapes]
            if claimed:
                problems.append(f"torch raised at line {torch_run.line} ({torch_run.error}); "
                                f"layerlint is silent and gives {claimed} a shape")
            if verbose:
                problems.append(f"missed: torch line {torch_run.line}: {torch_run.error}")
        # torch stops at its first error; layerlint goes on with what does not depend on it.
        # The generated programs run in line order (a function right before its call).
        first = min((d.span.line for d in errors), default=None)
        claims["after_first"] += sum(1 for d in errors if d.span.line != first)
        for d in [d for d in errors if d.span.line == first]:
            if d.span.line not in accepted:
                problems.append(f"layerlint line {d.span.line}, torch line {torch_run.line}: "
                                f"{torch_run.error}")
            elif d.framework_error and d.framework_error.splitlines()[0] != torch_run.error:
                problems.append(f"message: layerlint {d.framework_error!r}, torch "
                                f"{torch_run.error!r}")
            else:
                claims["found"] += 1
    for name, shape in shapes.items():
        if name not in torch_run.shapes:
            continue  # torch stopped before it
        claims["shapes"] += 1
        if shape != torch_run.shapes[name]:
            problems.append(f"{name}: layerlint {shape}, torch {torch_run.shapes[name]}")
    return problems
