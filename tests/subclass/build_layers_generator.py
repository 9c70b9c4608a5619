"""Seeded random custom layers whose ``build(input_shape)`` creates the layers ``call()`` uses
(``self.proj = layers.Dense(...)``, sizes constant or read from ``input_shape``), used inside a
subclassed model, a Sequential with or without an Input, or a functional graph, with other
layers of the same kinds made around them (Keras names the built ones when build runs). Sizes
are random, so some break inside the custom layer's ``call()`` (a residual of another width)."""

from __future__ import annotations

import random

from .generator import Generated, run_on_data

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"


def _block(rng: random.Random) -> str:
    """The custom layer's class."""
    made = []
    width = "input_shape[-1]" if rng.random() < 0.65 else str(rng.choice([2, 3, 5]))
    made.append(f"        self.proj = layers.Dense({width})")
    if rng.random() < 0.5:
        made.append("        self.norm = layers.LayerNormalization()")
    if rng.random() < 0.3:
        made.append("        self.scale = self.add_weight(shape=(input_shape[-1],), "
                    "initializer='ones')")
    residual = rng.random() < 0.6
    body = "self.proj(x)"
    if "self.norm" in "".join(made):
        body = f"self.norm({body})"
    if "self.scale" in "".join(made):
        body = f"{body} * self.scale"
    if residual:
        body = f"x + {body}"
    return "\n".join([
        "class Block(layers.Layer):",
        "    def build(self, input_shape):", *made, "",
        "    def call(self, x):", f"        return {body}", "", ""])


def generate_build_layers(seed: int) -> Generated:
    rng = random.Random(seed)
    features = rng.choice([3, 4, 6])
    block = _block(rng)
    where = rng.choice(["model", "model", "sequential_input", "sequential", "functional"])
    batch = rng.choice([4, 8])
    lines = [block]
    before = rng.random() < 0.4  # a layer of the same kind made before the block is built
    if where == "model":
        lines += ["class Net(keras.Model):", "    def __init__(self):", "        super().__init__()",
                  "        self.block = Block()", "        self.head = layers.Dense(2)", "",
                  "    def call(self, x):", "        return self.head(self.block(x))", "", "",
                  "model = Net()"]
        if before:
            lines.append("side = keras.Sequential([keras.Input((2,)), layers.Dense(3)])")
        lines.append(f"x = np.random.rand({batch}, {features})")
        method, run = run_on_data(rng, batch)
        lines += run
        return Generated(seed, HEAD + "\n".join(lines) + "\n", (where, method))
    if before:
        lines.append("side = keras.Sequential([keras.Input((2,)), layers.Dense(3)])")
    if where == "sequential_input":
        lines.append(f"model = keras.Sequential([keras.Input(({features},)), Block(), "
                     "layers.Dense(2)])")
    elif where == "sequential":
        lines.append("model = keras.Sequential([Block(), layers.Dense(2)])")
    else:
        lines += [f"inp = keras.Input(({features},))", "h = Block()(inp)",
                  "model = keras.Model(inp, layers.Dense(2)(h))"]
    lines.append(f"x = np.random.rand({batch}, {features})")
    method, run = run_on_data(rng, batch)
    lines += run
    return Generated(seed, HEAD + "\n".join(lines) + "\n", (where, method))
