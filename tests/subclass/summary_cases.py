"""Scripts whose subclassed models are left in every state ``model.summary()`` distinguishes:
never built, ``build(shape)``, called on data (``model(x)``, with ``training=True``, predict,
evaluate), trained (the optimizer built: several optimizers and arguments), data layerlint cannot
see, layers on one path of ``if training:`` / ``if not training:``, shared layers, custom
blocks, layers call() never uses. ``variant(seed)`` takes a generated model (generator.py) and
ends it in a random one of these states."""

from __future__ import annotations

import random
import re

from .generator import HEAD, generate

NET = HEAD + '''
class Block(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.inner = layers.Dense(units)

    def call(self, x):
        return self.inner(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv1D(4, 3)
        self.norm = layers.BatchNormalization()
        self.relu = layers.ReLU()
        self.pool = layers.MaxPooling1D(2)
        self.rnn = layers.LSTM(3, return_sequences=True)
        self.flat = layers.Flatten()
        self.unused = layers.Dense(7)
        self.drop = layers.Dropout(0.2)
        self.noise = layers.GaussianNoise(0.1)
        self.block = Block(5)
        self.shared = layers.Dense(5)
        self.extra = layers.LayerNormalization()
        self.head = layers.Dense(2)

    def call(self, inputs, training=False):
        x = self.conv(inputs)
        x = self.norm(x)
        x = self.relu(x)
        x = self.pool(x)
        x = self.rnn(x)
        x = self.flat(x)
        x = self.block(x)
        x = self.shared(x)
        x = self.shared(x)
        if training:
            x = self.drop(x)
        if not training:  # (a layer with weights only on the training path breaks Keras 3 fit)
            x = self.noise(x)
            x = self.extra(x)
        return self.head(x)

'''
X = "np.random.rand(50, 12, 3)"
Y = "np.random.rand(50, 2)"

HAND = {
    "unbuilt": NET + "model = Net()\n",
    "build_only": NET + "model = Net()\nmodel.build((None, 12, 3))\n",
    "called": NET + f"model = Net()\nout = model({X})\n",
    "called_training": NET + f"model = Net()\nout = model({X}, training=True)\n",
    "predict": NET + f"model = Net()\nmodel.predict({X}, verbose=0)\n",
    "predict_batch_10": NET + f"model = Net()\nmodel.predict({X}, batch_size=10, verbose=0)\n",
    "compiled_not_trained": NET + f"model = Net()\nmodel.compile(optimizer='adam', loss='mse')\n"
                                  f"model.predict({X}, verbose=0)\n",
    "fit_adam": NET + f"model = Net()\nmodel.compile(optimizer='adam', loss='mse')\n"
                      f"model.fit({X}, {Y}, verbose=0)\n",
    "evaluate_sgd": NET + f"model = Net()\nmodel.compile(optimizer='sgd', loss='mse')\n"
                          f"model.evaluate({X}, {Y}, batch_size=16, verbose=0)\n",
    "fit_after_predict": NET + f"model = Net()\nmodel.predict({X}, verbose=0)\n"
                               "model.compile(optimizer=keras.optimizers.SGD(momentum=0.9), "
                               f"loss='mse')\nmodel.fit({X}, {Y}, batch_size=20, verbose=0)\n",
    "train_on_batch_rmsprop": NET + "model = Net()\nmodel.compile(optimizer='rmsprop', "
                                    "loss='mse')\nmodel.train_on_batch(np.random.rand(5, 12, 3), "
                                    "np.random.rand(5, 2))\n",
    "recompiled": NET + f"model = Net()\nmodel.compile(optimizer='adam', loss='mse')\n"
                        f"model.fit({X}, {Y}, verbose=0)\n"
                        "model.compile(optimizer='adam', loss='mae')\n",
    "default_optimizer": NET + f"model = Net()\nmodel.compile(loss='mse')\n"
                               f"model.fit({X}, {Y}, verbose=0)\n",
    "unknown_data": NET + "import os, tempfile\npath = os.path.join(tempfile.mkdtemp(), 'x.npy')\n"
                          "np.save(path, np.random.rand(9, 12, 3))\nmodel = Net()\n"
                          "out = model(np.load(path))\n",
    "two_models": NET + f"a = Net()\nb = Net()\nb.predict({X}, verbose=0)\n",
}

OPTIMIZERS = ("'adam'", "'sgd'", "'rmsprop'", "'adagrad'", "'adamw'", "'nadam'", "'adamax'",
              "'lion'", "keras.optimizers.SGD(momentum=0.9)", "keras.optimizers.Adam(amsgrad=True)",
              "keras.optimizers.RMSprop(centered=True, momentum=0.5)",
              "keras.optimizers.SGD(learning_rate=0.1, nesterov=True, momentum=0.5)",
              "keras.optimizers.Adadelta()", "keras.optimizers.Ftrl()")
_HEAD = re.compile(r"self\.head = layers\.Dense\((\d+)\)")
_DATA = re.compile(r"^x = (np\.random\.rand\((\d+), .*\))$", re.MULTILINE)


def variant(seed: int, keras2: bool = False) -> str:
    """Generated model ``seed`` ended in a random state (same seed, same script)."""
    rng = random.Random(seed * 7919 + 1)
    source = generate(seed, reshape=not keras2).source
    head, _, _ = source.partition("model = Net()\n")
    data = _DATA.search(source)
    assert data is not None
    x, samples = data.group(1), int(data.group(2))
    head_units = _HEAD.search(source)
    assert head_units is not None
    y = f"np.random.rand({samples}, {head_units.group(1)})"
    state = rng.choice(["unbuilt", "build", "call", "call_training", "predict", "evaluate", "fit",
                        "fit", "fit", "predict_then_fit", "train_on_batch"])
    optimizer = rng.choice(OPTIMIZERS)
    batch = rng.choice(["", ", batch_size=8", ", batch_size=64"])
    shape = ", ".join(x.split("(", 1)[1].rstrip(")").split(", ")[1:])
    lines = ["model = Net()"]
    if state == "build":
        lines.append(f"model.build((None, {shape}))")
    elif state == "call":
        lines.append(f"out = model({x})")
    elif state == "call_training":
        lines.append(f"out = model({x}, training=True)")
    elif state == "predict":
        lines.append(f"model.predict({x}{batch}, verbose=0)")
    elif state in ("evaluate", "fit", "predict_then_fit", "train_on_batch"):
        if state == "predict_then_fit":
            lines.append(f"model.predict({x}, verbose=0)")
        lines.append(f"model.compile(optimizer={optimizer}, loss='mse')")
        if state == "train_on_batch":
            lines.append(f"model.train_on_batch({x}, {y})")
        else:
            method = "evaluate" if state == "evaluate" else "fit"
            lines.append(f"model.{method}({x}, {y}{batch}, verbose=0)")
    return head + "\n".join(lines) + "\n"
