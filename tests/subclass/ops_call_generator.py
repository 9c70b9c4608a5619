"""Seeded random subclassed models whose ``call()`` mixes layers and ``keras.ops`` on the
tensors (reshape, expand_dims, squeeze, transpose, concatenate, stack, matmul, the arithmetic
operators and functions, reductions, activations, softmax, cast, split), then is run on data
(``model(x)``, ``predict``, ``fit``). Arguments are random, so some calls break where torch (or
Keras' torch backend) raises, as users' do: a reshape that does not fit, an axis out of range,
tensors that do not join or broadcast, a matmul of the wrong inner sizes."""

from __future__ import annotations

import math
import random

from .generator import Generated, run_on_data

HEAD = "import numpy as np\nimport keras\nfrom keras import layers, ops\n\n"


def _axis(rng: random.Random, rank: int) -> int:
    return rng.randint(-rank - 1, rank) if rng.random() < 0.15 else rng.randint(-rank, rank - 1)


def _factor(rng: random.Random, shape: list[int]) -> tuple[int, ...]:
    """A new shape: usually the same number of values (often with -1), sometimes not."""
    size = math.prod(shape)
    if rng.random() < 0.2:
        return tuple(rng.choice([2, 3, 5, 7]) for _ in range(rng.randint(1, 3)))
    divisors = [d for d in range(1, size + 1) if size % d == 0]
    first = rng.choice(divisors)
    rest = size // first
    second = rng.choice([d for d in divisors if rest % d == 0] or [1])
    dims = [first, second, rest // second] if rest % second == 0 else [first, rest]
    dims = dims[:rng.randint(1, len(dims))]
    if math.prod(dims) != size or rng.random() < 0.5:
        dims[rng.randrange(len(dims))] = -1
    if rng.random() < 0.05:
        dims.append(-1)
    return tuple(dims)


class _Body:
    def __init__(self, rng: random.Random, shape: list[int]) -> None:
        self.rng = rng
        self.shape = shape  # the traced tensor's concrete shape, as well as we track it
        self.lines: list[str] = []
        self.layers: list[str] = []
        self.known = True  # False once a step may have broken the tracking

    def layer(self, expression: str) -> str:
        name = f"l{len(self.layers)}"
        self.layers.append(f"        self.{name} = {expression}")
        return f"self.{name}"

    def step(self) -> None:
        rng, shape = self.rng, self.shape
        rank = len(shape)
        family = rng.choice(["reshape", "expand", "squeeze", "transpose", "concat", "stack",
                             "matmul", "binary", "binary", "reduce", "act", "softmax", "split",
                             "cast", "dense"])
        if family == "reshape":
            target = _factor(rng, shape)
            self.emit(f"h = ops.reshape(h, {target!r})")
            size = math.prod(shape)
            known = [d for d in target if d != -1]
            if target.count(-1) <= 1 and math.prod(known) and size % math.prod(known) == 0:
                self.shape = [size // math.prod(known) if d == -1 else d for d in target]
        elif family == "expand":
            axis = _axis(rng, rank + 1)
            self.emit(f"h = ops.expand_dims(h, {axis})")
            if -rank - 1 <= axis <= rank:
                shape.insert(axis if axis >= 0 else rank + 1 + axis, 1)
        elif family == "squeeze":
            ones = [i for i, d in enumerate(shape) if d == 1]
            axis = rng.choice(ones) if ones and rng.random() < 0.6 else _axis(rng, rank)
            self.emit(f"h = ops.squeeze(h, axis={axis})")
            if -rank <= axis < rank and shape[axis] == 1 and rank > 1:
                del shape[axis]
        elif family == "transpose":
            perm = list(range(rank))
            rng.shuffle(perm)
            if rng.random() < 0.15:
                perm = perm[:-1] or [0, 0]
            self.emit(f"h = ops.transpose(h, {tuple(perm)!r})")
            if sorted(perm) == list(range(rank)):
                self.shape = [shape[i] for i in perm]
        elif family in ("concat", "stack"):
            units = rng.choice([shape[-1], shape[-1], 2, 3])
            other = self.layer(f"layers.Dense({units})")
            axis = _axis(rng, rank + (family == "stack"))
            op = "concatenate" if family == "concat" else "stack"
            self.emit(f"h = ops.{op}([h, {other}(h)], axis={axis})")
            if family == "concat" and units == shape[-1] and -rank <= axis < rank:
                shape[axis] *= 2
            elif family == "concat" and axis in (-1, rank - 1):
                shape[-1] += units
            elif family == "stack" and units == shape[-1] and -rank - 1 <= axis <= rank:
                shape.insert(axis if axis >= 0 else rank + 1 + axis, 2)
        elif family == "matmul":
            units = rng.choice([shape[-1], 2, 3])
            other = self.layer(f"layers.Dense({units})")
            if rng.random() < 0.5 and rank >= 2:
                self.emit(f"h = ops.matmul(h, ops.transpose({other}(h), "
                          f"{tuple(list(range(rank - 2)) + [rank - 1, rank - 2])!r}))")
                if rank >= 2:
                    shape[-1] = shape[-2]
            else:
                text = rng.choice(["ops.matmul(h, {o}(h))", "h @ {o}(h)"])
                self.emit("h = " + text.format(o=other))
                if rank >= 2 and units == shape[-1] == shape[-2]:
                    pass
                else:
                    self.known = False
        elif family == "binary":
            op = rng.choice(["+", "-", "*", "/", "ops.add", "ops.multiply", "ops.subtract",
                             "ops.divide"])
            choice = rng.random()
            if choice < 0.3:
                other = rng.choice(["2", "0.5"])
            elif choice < 0.6:
                units = rng.choice([shape[-1], shape[-1], 1, 3])
                other = f"{self.layer(f'layers.Dense({units})')}(h)"
            else:
                reduce = rng.choice(["mean", "max", "sum"])
                other = f"ops.{reduce}(h, axis={_axis(rng, rank)}, keepdims=True)"
            if op.startswith("ops."):
                self.emit(f"h = {op}(h, {other})")
            else:
                self.emit(f"h = h {op} {other}" if rng.random() < 0.7 else f"h = {other} {op} h")
        elif family == "reduce":
            op = rng.choice(["mean", "sum", "max", "min"])
            keep = rng.choice([True, False])
            choice = rng.random()
            axis = None if choice < 0.15 else _axis(rng, rank) if choice < 0.85 else \
                (1, _axis(rng, rank))
            self.emit(f"h = ops.{op}(h, axis={axis!r}, keepdims={keep})")
            self.known = False
            if isinstance(axis, int) and -rank <= axis < rank:
                self.known = True
                if keep:
                    shape[axis] = 1
                elif rank > 1:
                    del shape[axis]
                else:
                    self.known = False
        elif family == "act":
            self.emit(f"h = ops.{rng.choice(['relu', 'sigmoid', 'tanh'])}(h)")
        elif family == "softmax":
            self.emit(f"h = ops.softmax(h, axis={_axis(rng, rank)})")
        elif family == "split":
            axis = _axis(rng, rank)
            sections = rng.choice([2, 2, 3, [1], [1, 2]])
            parts = sections if isinstance(sections, int) else len(sections) + 1
            self.emit(f"h{', _' * (parts - 1)} = ops.split(h, {sections!r}, axis={axis})")
            if -rank <= axis < rank:
                if isinstance(sections, int) and shape[axis] % sections == 0:
                    shape[axis] //= sections
                elif isinstance(sections, list):
                    shape[axis] = min(sections[0], shape[axis])
        elif family == "cast":
            self.emit("h = ops.cast(h, 'float32')")
        else:
            units = rng.choice([2, 4, 6])
            self.emit(f"h = {self.layer(f'layers.Dense({units})')}(h)")
            shape[-1] = units

    def emit(self, line: str) -> None:
        self.lines.append(f"        {line}")


def generate_ops_call(seed: int) -> Generated:
    rng = random.Random(seed)
    rank = rng.choice([2, 3, 3, 4])
    batch = rng.choice([4, 6, 8])
    dims = [rng.choice([2, 3, 4, 6]) for _ in range(rank - 1)]
    body = _Body(rng, [batch, *dims])
    steps = rng.randint(1, 4)
    families = []
    for _ in range(steps):
        before = len(body.lines)
        body.step()
        families += [line.split("ops.")[1].split("(")[0] for line in body.lines[before:]
                     if "ops." in line] or ["layer/operator"]
    head = body.layer("layers.Dense(2)")
    lines = ["class Net(keras.Model):", "    def __init__(self):", "        super().__init__()",
             *body.layers, "", "    def call(self, x):", "        h = x", *body.lines,
             f"        return {head}(h)", "", "", "model = Net()",
             f"x = np.random.rand({batch}, {', '.join(str(d) for d in dims)})"]
    # a loss of the output alone: whatever shape call() returns, only call() can fail
    method, run = run_on_data(rng, batch, "lambda y, out: ops.mean(out)")
    lines += run
    return Generated(seed, HEAD + "\n".join(lines) + "\n", (method, *families))
