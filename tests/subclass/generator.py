"""Seeded random scripts with a subclassed ``keras.Model``: layers assigned in ``__init__``
(one attribute each, or a list walked by a ``for`` loop), helper methods, an ``if training:``
dropout path, residual ``x + y`` (sizes matching or not), a custom ``layers.Layer`` block, and
data given to ``fit`` / ``predict`` / ``model(x)`` / ``evaluate``. Layer choices are random, so
some models break (wrong rank, mismatched residual, too short an input), as users' do."""

from __future__ import annotations

import random
from dataclasses import dataclass

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"


@dataclass
class Generated:
    seed: int
    source: str
    styles: tuple[str, ...]


def _layer(rng: random.Random, rank: int, reshape: bool = True) -> str:
    """A layer expression; usually one that fits a tensor of this rank, sometimes not."""
    units = rng.choice([2, 3, 4, 8, 16])
    wrong = rng.random() < 0.15
    rank = rng.choice([2, 3, 4]) if wrong else rank
    if rank == 2:
        return rng.choice([
            f"layers.Dense({units})", f"layers.Dense({units}, activation='relu')",
            "layers.Dropout(0.1)", "layers.LayerNormalization()", "layers.BatchNormalization()",
            "layers.ReLU()", f"layers.Reshape(({units}, -1))" if reshape and rng.random() < 0.3
            else "layers.Activation('tanh')",
        ])
    if rank == 3:
        return rng.choice([
            f"layers.Dense({units})", f"layers.LSTM({units})",
            f"layers.GRU({units}, return_sequences=True)", f"layers.Conv1D({units}, 3)",
            "layers.GlobalAveragePooling1D()", "layers.Flatten()", "layers.MaxPooling1D(2)",
            f"layers.SimpleRNN({units}, return_sequences=True)", "layers.LayerNormalization()",
        ])
    return rng.choice([
        f"layers.Conv2D({units}, 3)", "layers.MaxPooling2D(2)", "layers.Flatten()",
        "layers.GlobalAveragePooling2D()", f"layers.Conv2D({units}, 3, padding='same')",
        f"layers.Dense({units})", "layers.BatchNormalization()",
    ])


def _rank_after(expression: str, rank: int) -> int:
    """A rough guess of the output rank, only to pick plausible next layers."""
    if any(name in expression for name in ("Flatten", "GlobalAverage", "LSTM(")) or (
            "GRU" in expression or "SimpleRNN" in expression) and "return_sequences" not in \
            expression:
        return 2
    if "Reshape" in expression:
        return 3
    return rank


def generate(seed: int, reshape: bool = True) -> Generated:
    """``reshape=False``: no Reshape layer (inside a tf.keras 2 subclassed model its errors
    are TensorFlow op texts with node definitions, which layerlint does not reproduce)."""
    rng = random.Random(seed)
    rank = rng.choice([2, 2, 3, 3, 4])
    shape = {2: (rng.choice([4, 6, 10]),),
             3: (rng.choice([5, 8, 12]), rng.choice([3, 4])),
             4: (rng.choice([6, 8, 10]), rng.choice([6, 8]), rng.choice([1, 3]))}[rank]
    style = rng.choice(["attributes", "list", "helper"])
    styles = [style]
    depth = rng.randint(1, 4)
    chain: list[str] = []
    current = rank
    for _ in range(depth):
        expression = _layer(rng, current, reshape)
        chain.append(expression)
        current = _rank_after(expression, current)
    use_training = rng.random() < 0.35
    use_residual = rng.random() < 0.3
    use_block = rng.random() < 0.25
    lines: list[str] = []
    if use_block:
        styles.append("block")
        block_units = rng.choice([4, 8])
        residual = rng.random() < 0.5
        lines += [
            "class Block(layers.Layer):",
            "    def __init__(self, units, **kwargs):",
            "        super().__init__(**kwargs)",
            "        self.inner = layers.Dense(units, activation='relu')",
            "        self.outer = layers.Dense(units)",
            "",
            "    def call(self, x):",
            "        y = self.outer(self.inner(x))",
            "        return x + y" if residual else "        return y",
            "",
        ]
        lines[-2] = "        return x + y" if residual else "        return y"
    lines += ["class Net(keras.Model):", "    def __init__(self):"]
    name = rng.random() < 0.2
    lines.append("        super().__init__(name='net_model')" if name else
                 "        super().__init__()")
    if style == "list":
        lines.append("        self.blocks = [" + ", ".join(chain) + "]")
    else:
        for i, expression in enumerate(chain):
            lines.append(f"        self.layer{i} = {expression}")
    if use_block:
        lines.append(f"        self.block = Block({block_units})")
    if use_training:
        styles.append("training")
        lines.append("        self.drop = layers.Dropout(0.3)")
    if use_residual:
        styles.append("residual")
        lines.append(f"        self.proj = layers.Dense({rng.choice([2, 4, 8, 16])})")
    head_units = rng.choice([1, 2, 3])
    lines.append(f"        self.head = layers.Dense({head_units})")
    lines.append("")
    if style == "helper":
        lines.append("    def _features(self, x):")
        for i in range(len(chain)):
            lines.append(f"        x = self.layer{i}(x)")
        lines.append("        return x")
        lines.append("")
    lines.append("    def call(self, inputs, training=None):")
    lines.append("        x = inputs")
    if style == "list":
        lines += ["        for layer in self.blocks:", "            x = layer(x)"]
    elif style == "helper":
        lines.append("        x = self._features(x)")
    else:
        for i in range(len(chain)):
            lines.append(f"        x = self.layer{i}(x)")
    if use_block:
        lines.append("        x = self.block(x)")
    if use_residual:
        lines.append("        x = x + self.proj(x)")
    if use_training:
        lines += ["        if training:", "            x = self.drop(x)"]
    lines.append("        return self.head(x)")
    lines.append("")
    samples = rng.choice([6, 16, 40])
    data = f"np.random.rand({samples}, {', '.join(str(d) for d in shape)})"
    method = rng.choice(["fit", "fit", "predict", "call", "evaluate"])
    styles.append(method)
    lines += ["model = Net()", f"x = {data}"]
    if method in ("fit", "evaluate"):
        lines.append("model.compile(optimizer='adam', loss='mse')")
        lines.append(f"y = np.random.rand({samples}, {head_units})")
        lines.append(f"model.{method}(x, y, batch_size=8, verbose=0)")
    elif method == "predict":
        lines.append("model.predict(x, verbose=0)")
    else:
        lines.append("out = model(x)")
    return Generated(seed, HEAD + "\n".join(lines) + "\n", tuple(styles))


def run_on_data(rng: random.Random, batch: int, loss: str = "'mse'") -> tuple[str, list[str]]:
    """How a generated script runs ``model`` on ``x``: called, predicted, or fitted on targets
    of shape (batch, 2) under ``loss``."""
    method = rng.choice(["call", "predict", "fit"])
    if method == "call":
        return method, ["model(x)"]
    if method == "predict":
        return method, ["model.predict(x, verbose=0)"]
    return method, [f"model.compile(optimizer='adam', loss={loss})",
                    f"model.fit(x, np.random.rand({batch}, 2), verbose=0)"]
