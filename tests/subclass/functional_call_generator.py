"""Seeded random subclassed models whose ``call()`` runs a functional model
(``keras.Model(inputs, outputs)``) made at top level, in ``__init__`` or by a function, on data
that fits its Input or not (other features, a trailing axis of size 1 more or less, another
rank, another length on a free axis), maybe followed by a second functional model or a layer
of the subclass, then called, predicted or fitted."""

from __future__ import annotations

import random

from .generator import Generated, run_on_data

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"


def _encoder(rng: random.Random, rank: int, features: int) -> tuple[str, str, int]:
    """The Input's shape text, the layers after it (a chain on ``h``) and its output width."""
    width = rng.choice([3, 4, 6])
    if rank == 2:
        shape = f"({features},)" if rng.random() < 0.85 else f"({features}, 1)"
        body = rng.choice([f"layers.Dense({width}, activation='relu')(h)",
                           f"layers.Dense({width})(layers.Dense(8)(h))"])
        return shape, body, width
    time = rng.choice(["None", "5", "7"])
    body = rng.choice([f"layers.LSTM({width})(h)", f"layers.GRU({width})(h)",
                       f"layers.GlobalAveragePooling1D()(layers.Dense({width})(h))"])
    return f"({time}, {features})", body, width


def generate_functional_call(seed: int) -> Generated:
    rng = random.Random(seed)
    rank = rng.choice([2, 2, 3])
    features = rng.choice([3, 4, 5])
    shape, body, width = _encoder(rng, rank, features)
    where = rng.choice(["top", "init", "function", "function_in_init"])
    second = rng.random() < 0.3
    maker = ["def make_encoder():", f"    inp = keras.Input({shape})", "    h = inp",
             f"    return keras.Model(inp, {body})", "", ""]
    lines: list[str] = []
    if where in ("function", "function_in_init"):
        lines += maker
    if where == "top":
        lines += [f"inp = keras.Input({shape})", "h = inp", f"encoder = keras.Model(inp, {body})",
                  "", ""]
    lines += ["class Net(keras.Model):", "    def __init__(self, encoder=None):",
              "        super().__init__()"]
    if where == "init":
        lines += [f"        inp = keras.Input({shape})", "        h = inp",
                  f"        self.encoder = keras.Model(inp, {body})"]
    elif where == "function_in_init":
        lines.append("        self.encoder = make_encoder()")
    else:
        lines.append("        self.encoder = encoder")
    if second:
        wanted = width if rng.random() < 0.75 else width + 1
        lines += [f"        mid = keras.Input(({wanted},))",
                  "        self.mid = keras.Model(mid, layers.Dense(4)(mid))"]
    lines += ["        self.head = layers.Dense(2)", "", "    def call(self, x):",
              "        h = self.encoder(x)"]
    if second:
        lines.append("        h = self.mid(h)")
    lines += ["        return self.head(h)", "", ""]
    argument = {"top": "encoder", "function": "make_encoder()"}.get(where, "")
    lines.append(f"model = Net({argument})")
    batch = rng.choice([4, 8])
    fed = [batch] + ([rng.choice([5, 7, 9])] if rank == 3 else []) + [features]
    choice = rng.random()
    if choice < 0.2:
        fed[-1] = features + rng.choice([1, 2])
    elif choice < 0.3:
        fed.append(1)
    elif choice < 0.38:
        fed.insert(1, 3)
    elif choice < 0.45 and shape.endswith(", 1)"):
        fed = fed[:-1] if len(fed) > 2 else fed
    lines.append(f"x = np.random.rand({', '.join(str(d) for d in fed)})")
    method, run = run_on_data(rng, batch)
    lines += run
    return Generated(seed, HEAD + "\n".join(lines) + "\n", (where, method))
