"""Seeded random subclassed models whose ``call()`` applies TensorFlow functions, operators and
subscripts (differential/ops_graph_generator.py's ``_tf_op`` vocabulary: tf.concat, tf.reshape,
tf.reduce_*, tf.matmul, tf.split, ``h[:, 0]``, ...) to its tensors between Dense layers, then
runs on data (``model(x)``, ``predict``, ``fit``). The same script in both dialects: tf.keras 2
(``from tensorflow import keras``) runs the functions on TensorFlow tensors; Keras 3 (``import
keras``, torch backend) hands them the backend's tensors. Arguments are random, so some calls
break, as users' do."""

from __future__ import annotations

import random

from differential.ops_graph_generator import _tf_op

from .generator import Generated

HEADS = {
    "keras2": "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
              "from tensorflow.keras import layers\n\n",
    "keras3": "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import "
              "layers\n\n",
}
# a loss any output shape takes, in each dialect's own functions
LOSSES = {"keras2": "lambda y, out: tf.reduce_mean(out)",
          "keras3": "lambda y, out: keras.ops.mean(out)"}


def generate_tf_call(seed: int, dialect: str) -> Generated:
    rng = random.Random(seed)
    dims = tuple(rng.choice([2, 4, 6]) for _ in range(rng.choice([1, 2, 2, 3])))
    made, body = [], []
    names = ["x"]
    for step in range(rng.randint(1, 4)):
        t, other = names[-1], rng.choice(names)
        if rng.random() < 0.35:
            made.append(f"        self.l{len(made)} = layers.Dense({rng.choice([2, 4, 6])})")
            other = f"self.l{len(made) - 1}({t})"
        if rng.random() < 0.75:
            expression = _tf_op(rng, t, other)
        else:
            made.append(f"        self.l{len(made)} = layers.Dense({rng.choice([2, 4, 6])})")
            expression = f"self.l{len(made) - 1}({t})"
        body.append(f"        h{step} = {expression}")
        names.append(f"h{step}")
    lines = ["class Net(keras.Model):", "    def __init__(self):", "        super().__init__()",
             *made, "", "    def call(self, x):", *body, f"        return {names[-1]}", "", "",
             "model = Net()", f"x = np.random.rand(8, {', '.join(map(str, dims))})"]
    method = rng.choice(["call", "predict", "fit"])
    if method == "call":
        lines.append("model(x)")
    elif method == "predict":
        lines.append("model.predict(x, verbose=0)")
    else:
        lines += [f"model.compile(optimizer='adam', loss={LOSSES[dialect]})",
                  "model.fit(x, np.zeros((8, 1)), verbose=0)"]
    return Generated(seed, HEADS[dialect] + "\n".join(lines) + "\n", (method,))
