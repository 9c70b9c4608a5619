"""Seeded random subclassed models whose ``call`` uses what issue 9 item 3 asks to follow: a
list (``a, b = inputs``) or dict (``inputs["x"]``) of inputs fed as such at fit/predict,
``return_state=True`` unpacked (``out, h, c = self.lstm(x)``), and a ``keras.Sequential`` made
in ``__init__`` used inside ``call``. Sizes are random, so some models break (a residual of
other sizes, an LSTM on 2-D data, a Sequential whose layers do not fit)."""

from __future__ import annotations

import random

from .generator import Generated

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"


def generate_call(seed: int) -> Generated:
    rng = random.Random(seed)
    feed = rng.choice(["list", "dict", "one"])
    state = rng.random() < 0.5
    encoder = rng.random() < 0.5 or not state and feed == "one"
    styles = [feed] + (["state"] if state else []) + (["sequential"] if encoder else [])
    rnn = rng.choice(["LSTM", "GRU"])
    units = rng.choice([3, 4, 6])
    seq_rank = 3 if rng.random() < 0.85 else 2
    seq_shape = (rng.choice([5, 7]), rng.choice([2, 3])) if seq_rank == 3 else (rng.choice([3, 4]),)
    side = rng.choice([2, 4, 6])
    lines = ["class Net(keras.Model):", "    def __init__(self):", "        super().__init__()"]
    if state:
        lines.append(f"        self.rnn = layers.{rnn}({units}, return_state=True)")
    else:
        lines.append(f"        self.rnn = layers.{rnn}({units})")
    if encoder:
        inner = rng.choice([units, units, 5])
        lines.append("        self.encoder = keras.Sequential([layers.Dense(8, activation='relu'), "
                     f"layers.Dense({inner})])")
    if feed != "one":
        lines.append(f"        self.side = layers.Dense({rng.choice([units, units, 2])})")
    lines += ["        self.head = layers.Dense(1)", "", "    def call(self, inputs):"]
    if feed == "list":
        lines.append("        seq, extra = inputs")
    elif feed == "dict":
        lines.append("        seq, extra = inputs['seq'], inputs['extra']")
    else:
        lines.append("        seq = inputs")
    if state:
        if rnn == "LSTM":
            lines.append("        out, h, c = self.rnn(seq)")
        else:
            lines.append("        out, h = self.rnn(seq)")
        lines.append("        x = out + h")
    else:
        lines.append("        x = self.rnn(seq)")
    if encoder:
        lines.append("        x = x + self.encoder(x)")
    if feed != "one":
        lines.append("        x = x + self.side(extra)")
    lines += ["        return self.head(x)", ""]
    samples = rng.choice([6, 10])
    seq_data = f"np.random.rand({samples}, {', '.join(str(d) for d in seq_shape)})"
    extra_data = f"np.random.rand({samples}, {side})"
    x = {"list": f"[{seq_data}, {extra_data}]", "dict":
         f"{{'seq': {seq_data}, 'extra': {extra_data}}}", "one": seq_data}[feed]
    method = rng.choice(["fit", "predict"])
    styles.append(method)
    lines += ["model = Net()", f"x = {x}"]
    if method == "fit":
        lines += ["model.compile(optimizer='adam', loss='mse')",
                  f"model.fit(x, np.random.rand({samples}, 1), batch_size=4, verbose=0)"]
    else:
        lines.append("model.predict(x, verbose=0)")
    return Generated(seed, HEAD + "\n".join(lines) + "\n", tuple(styles))
