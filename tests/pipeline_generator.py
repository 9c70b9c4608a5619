"""Seeded data pipelines: random chains of numpy catalogue functions that make ``x`` and ``y``
for a small Keras model's ``fit`` (test_data_pipelines.py runs them in real Keras 3).

Each step assigns a new variable (``x0``, ``x1``, ..., ``y0``, ...) so that every intermediate
array can be compared with the real one. Sometimes a step is written inside a function the
script defines, a loop that appends rows, or a plain class, so that values flow through them
as well. The generator knows every true shape (it only writes steps numpy accepts), and the
model's input, units and loss agree with the final data or not, so the real run fails at
construction, at fit, or not at all.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"


@dataclass
class Pipeline:
    seed: int
    lines: list[str] = field(default_factory=list)
    intent: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return HEAD + "\n".join(self.lines) + "\n"


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.out = Pipeline(seed)
        self.count = {"x": 0, "y": 0}
        self.names: dict[str, str] = {}

    def emit(self, line: str) -> None:
        self.out.lines.append(line)

    def new(self, kind: str) -> str:
        name = f"{kind}{self.count[kind]}"
        self.count[kind] += 1
        return name


def _factor(rng: random.Random, n: int) -> tuple[int, int] | None:
    pairs = [(a, n // a) for a in range(2, n) if n % a == 0 and n // a > 1]
    return rng.choice(pairs) if pairs else None


def _x_step(b: _Builder, name: str, shape: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """One numpy step on the data: (expression, resulting shape)."""
    rng = b.rng
    n, rest = shape[0], shape[1:]
    size = math.prod(rest)
    options = ["astype", "scale", "standardize"]
    if rest:
        options += ["flatten", "expand", "none_axis", "slice_feature", "concat", "repeat", "pad"]
    if len(rest) >= 2:
        options += ["transpose", "moveaxis", "swapaxes"]
    if any(d == 1 for d in rest):
        options.append("squeeze")
    if size > 3 and _factor(rng, size) is not None and len(rest) <= 3:
        options.append("reshape")
    if n > 4:
        options.append("head")
    options += ["sum_keepdims"] if rest else []
    kind = rng.choice(options)
    b.out.intent.append(kind)
    if kind == "astype":
        return f"{name}.astype({rng.choice(('np.float32', 'float', repr('float32')))})", shape
    if kind == "scale":
        return rng.choice((f"{name} / 255.0", f"{name} * 2.0 - 1.0", f"np.clip({name}, 0, 1)",
                           f"np.where({name} > 0.5, 1.0, 0.0)")), shape
    if kind == "standardize":
        return rng.choice((f"({name} - {name}.mean()) / ({name}.std() + 1e-7)",
                           f"{name} - {name}.mean(axis=0)")), shape
    if kind == "flatten":
        return rng.choice((f"{name}.reshape(-1, {size})", f"{name}.reshape({n}, -1)",
                           f"{name}.reshape(len({name}), -1)")), (n, size)
    if kind == "reshape":
        a, c = _factor(rng, size)  # type: ignore[misc]
        form = rng.choice(("first", "last", "full"))
        text = {"first": f"{name}.reshape(-1, {a}, {c})", "last": f"{name}.reshape({n}, {a}, -1)",
                "full": f"np.reshape({name}, ({n}, {a}, {c}))"}[form]
        return text, (n, a, c)
    if kind == "expand":
        axis = rng.choice((1, len(shape), -1))
        new = list(shape)
        new.insert(len(shape) if axis == -1 else axis, 1)
        return f"np.expand_dims({name}, {axis})", tuple(new)
    if kind == "none_axis":
        return rng.choice(((f"{name}[..., None]", (*shape, 1)),
                           (f"{name}[:, np.newaxis]", (n, 1, *rest))))
    if kind == "squeeze":
        axis = 1 + next(i for i, d in enumerate(rest) if d == 1)
        return rng.choice(((f"np.squeeze({name}, axis={axis})",
                            shape[:axis] + shape[axis + 1:]),
                           (f"{name}.squeeze({axis})", shape[:axis] + shape[axis + 1:])))
    if kind == "slice_feature":
        last = shape[-1]
        if last < 2:
            return f"{name}[..., :1]", shape
        return rng.choice(((f"{name}[..., :-1]", (*shape[:-1], last - 1)),
                           (f"{name}[..., 1:]", (*shape[:-1], last - 1)),
                           (f"{name}[:, :{shape[1] // 2 or 1}]",
                            (n, shape[1] // 2 or 1, *shape[2:]))))
    if kind == "concat":
        axis = rng.randrange(1, len(shape))
        new = list(shape)
        new[axis] *= 2
        return rng.choice((f"np.concatenate([{name}, {name}], axis={axis})",
                           f"np.concatenate(({name}, {name}), {axis})")), tuple(new)
    if kind == "repeat":
        axis = rng.randrange(1, len(shape))
        new = list(shape)
        new[axis] *= 2
        return f"np.repeat({name}, 2, axis={axis})", tuple(new)
    if kind == "pad":
        axis = rng.randrange(1, len(shape))
        widths = ", ".join("(1, 1)" if i == axis else "(0, 0)" for i in range(len(shape)))
        new = list(shape)
        new[axis] += 2
        return f"np.pad({name}, ({widths},))", tuple(new)
    if kind == "transpose":
        order = [0] + rng.sample(range(1, len(shape)), len(shape) - 1)
        return rng.choice(((f"np.transpose({name}, {tuple(order)})"),
                           f"{name}.transpose({', '.join(map(str, order))})")), \
            tuple(shape[i] for i in order)
    if kind == "moveaxis":
        source, target = rng.sample(range(1, len(shape)), 2)
        new = list(shape)
        new.insert(target, new.pop(source))
        return f"np.moveaxis({name}, {source}, {target})", tuple(new)
    if kind == "swapaxes":
        i, j = rng.sample(range(1, len(shape)), 2)
        new = list(shape)
        new[i], new[j] = new[j], new[i]
        return f"np.swapaxes({name}, {i}, {j})", tuple(new)
    if kind == "head":
        m = rng.randrange(2, n)
        b.names["head"] = str(m)
        return f"{name}[:{m}]", (m, *rest)
    # sum_keepdims
    return f"{name}.sum(axis=-1, keepdims=True)", (*shape[:-1], 1)


def _source(b: _Builder, n: int) -> tuple[str, tuple[int, ...]]:
    rng = b.rng
    rest = rng.choice(((8,), (12,), (6, 4), (4, 5, 3), (8, 8, 1), (6, 6, 3), (10, 2)))
    shape = (n, *rest)
    dims = ", ".join(map(str, shape))
    text = rng.choice((f"np.random.rand({dims})", f"np.zeros(({dims}))",
                       f"np.random.randint(0, 256, size=({dims}))",
                       f"np.arange({math.prod(shape)}).reshape({dims})",
                       f"np.random.default_rng(0).normal(size=({dims}))"))
    return text, shape


def _loop_source(b: _Builder, n: int) -> tuple[str, tuple[int, ...]]:
    """Rows built by a loop (or a comprehension), then stacked."""
    rng = b.rng
    rest = rng.choice(((8,), (4, 3), (5, 5, 1)))
    dims = ", ".join(map(str, rest)) + ("," if len(rest) == 1 else "")
    rows = "rows"
    if rng.random() < 0.5:
        b.emit(f"{rows} = []\nfor i in range({n}):\n    {rows}.append(np.random.rand({dims}))")
    else:
        b.emit(f"{rows} = [np.zeros(({dims})) for _ in range({n})]")
    b.out.intent.append("loop")
    return rng.choice((f"np.array({rows})", f"np.stack({rows})", f"np.asarray({rows})")), \
        (n, *rest)


def _labels(b: _Builder, n: int, classes: int) -> tuple[str, tuple[int, ...], str]:
    """The targets: (name, shape, form) with form "sparse" or "onehot"."""
    rng = b.rng
    y = b.new("y")
    b.emit(f"{y} = np.random.randint(0, {classes}, size={rng.choice((n, f'({n},)'))})")
    form, shape = "sparse", (n,)
    roll = rng.random()
    if roll < 0.4:
        y2 = b.new("y")
        b.emit(f"{y2} = " + rng.choice((f"np.eye({classes})[{y}]",
                                        f"keras.utils.to_categorical({y}, {classes})",
                                        f"np.eye({classes}, dtype='float32')[{y}]")))
        y, form, shape = y2, "onehot", (n, classes)
    elif roll < 0.6:
        y2 = b.new("y")
        b.emit(f"{y2} = {y}.reshape(-1, 1)")
        y, shape = y2, (n, 1)
    if rng.random() < 0.3:
        y2 = b.new("y")
        b.emit(f"{y2} = {y}.astype('float32')")
        y = y2
    return y, shape, form


def _model(b: _Builder, shape: tuple[int, ...], units: int) -> str:
    """A model for samples of ``shape`` (maybe not the data's), ending in Dense(units)."""
    rank = len(shape)
    input_shape = ", ".join(map(str, shape)) + ("," if rank == 1 else "")
    body = [f"keras.Input(shape=({input_shape}))"]
    if rank == 3 and b.rng.random() < 0.7:
        body += ["layers.Conv2D(4, 3, padding='same', activation='relu')", "layers.Flatten()"]
    elif rank == 2 and b.rng.random() < 0.5:
        body += ["layers.Conv1D(4, 2, padding='same', activation='relu')",
                 "layers.GlobalAveragePooling1D()"]
    elif rank > 1:
        body.append("layers.Flatten()")
    body += ["layers.Dense(16, activation='relu')",
             f"layers.Dense({units}, activation='softmax')"]
    return "model = keras.Sequential([\n    " + ",\n    ".join(body) + ",\n])"


def generate(seed: int) -> Pipeline:
    b = _Builder(seed)
    rng = b.rng
    n = rng.choice((16, 20, 24, 32, 40))
    x = b.new("x")
    text, shape = (_loop_source if rng.random() < 0.2 else _source)(b, n)
    if rng.random() < 0.15:  # the data is an attribute of a plain object
        b.emit(f"class Dataset:\n    def __init__(self):\n        self.images = {text}\n")
        b.emit("dataset = Dataset()")
        text = "dataset.images"
        b.out.intent.append("class")
    b.emit(f"{x} = {text}")
    steps = rng.randrange(1, 6)
    helper = rng.random() < 0.25
    for step in range(steps):
        last = step == steps - 1
        expression, new_shape = _x_step(b, "data" if helper and last else x, shape)
        if math.prod(new_shape) > 40_000 or len(new_shape) > 5:
            continue
        following = b.new("x")
        if helper and last:  # the last step in a function the script calls
            b.emit(f"def prepare(data):\n    return {expression}\n")
            expression = f"prepare({x})"
            b.out.intent.append("function")
        b.emit(f"{following} = {expression}")
        x, shape = following, new_shape
    n_final = shape[0]
    classes = rng.choice((2, 3, 5, 10))
    y, y_shape, form = _labels(b, n_final, classes)
    # the model: its input matches the data, or not
    model_shape = shape[1:]
    roll = rng.random()
    if roll < 0.25 and model_shape:
        changed = list(model_shape)
        axis = rng.randrange(len(changed))
        changed[axis] += rng.choice((1, -1)) if changed[axis] > 1 else 1
        model_shape = tuple(changed)
        b.out.intent.append("input_dim")
    elif roll < 0.35 and len(model_shape) > 1:
        model_shape = model_shape[:-1] if rng.random() < 0.5 else (*model_shape, 1)
        b.out.intent.append("input_rank")
    units = classes if rng.random() < 0.8 else classes + 1
    if units != classes:
        b.out.intent.append("units")
    loss = "sparse_categorical_crossentropy" if form == "sparse" else "categorical_crossentropy"
    if rng.random() < 0.15:
        loss = "categorical_crossentropy" if form == "sparse" else \
            "sparse_categorical_crossentropy"
        b.out.intent.append("loss")
    if rng.random() < 0.1:  # targets of another sample count
        y2 = b.new("y")
        b.emit(f"{y2} = {y}[:-1]")
        y = y2
        b.out.intent.append("count")
    b.emit(_model(b, model_shape, units))
    b.emit(f"model.compile(optimizer='adam', loss='{loss}')")
    b.emit(f"model.fit({x}, {y}, epochs=1, batch_size=8, verbose=0)")
    return b.out


SEEDS = range(300)
