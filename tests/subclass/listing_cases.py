"""Scripts whose subclassed models hold other models: a ``keras.Sequential`` made in
``__init__`` (directly, by a helper function, named), a nested ``keras.Model`` subclass, a custom
``Layer`` holding a Sequential inside a top-level Sequential, and a top-level model handed to a
subclass's constructor. Only the models the script binds at top level are models of their own
(``model.summary()`` shows the inner ones as one row of their holder). ``listing(seed)`` mixes
these at random and leaves the models unbuilt, called on data or trained."""

from __future__ import annotations

import random

from .generator import HEAD

MAKE_BLOCK = '''
def make_block(units):
    return keras.Sequential([layers.Dense(units, activation="relu"), layers.Dense(units)])

'''
INNER = '''
class Inner(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.first = layers.Dense(units)
        self.second = layers.Dense(units, activation="tanh")

    def call(self, x):
        return self.second(self.first(x))

'''

HAND = {
    "sequential_in_init": HEAD + '''
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.block(x))


model = Net()
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((16, 5)), np.zeros((16, 2)), epochs=1, verbose=0)
''',
    "unbuilt_with_top_level_sequential": HEAD + MAKE_BLOCK + INNER + '''
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = make_block(6)
        self.inner = Inner(3)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.inner(self.block(x)))


net = Net()
other = keras.Sequential([layers.Dense(3), layers.Dense(1)])
''',
    "layer_holding_sequential": HEAD + '''
class Block(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.body = keras.Sequential([layers.Dense(units), layers.ReLU()])

    def call(self, x):
        return self.body(x)


model = keras.Sequential([keras.Input((7,)), Block(5), layers.Dense(1)])
''',
    "top_level_model_passed_in": HEAD + '''
class Wrapper(keras.Model):
    def __init__(self, base):
        super().__init__()
        self.base = base
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.base(x))


base = keras.Sequential([layers.Dense(4)])
wrapped = Wrapper(base)
wrapped(np.zeros((3, 6)))
''',
}


def _inner(rng: random.Random, units: int) -> str:
    return rng.choice([
        f"keras.Sequential([layers.Dense({units}, activation='relu'), layers.Dense({units})])",
        f"keras.Sequential([layers.Dense({units})], name='block_{units}')",
        f"make_block({units})",
        f"Inner({units})",
    ])


def listing(seed: int) -> str:
    """A random holder of inner models, maybe a top-level model beside it, in a random state."""
    rng = random.Random(seed)
    features = rng.choice([3, 5, 8])
    parts = [_inner(rng, rng.choice([2, 4, 6])) for _ in range(rng.randint(1, 3))]
    layer_holder = rng.random() < 0.3
    # a function no code calls would be read on its own (its model checked, and listed)
    lines = [HEAD + (MAKE_BLOCK if any("make_block" in p for p in parts) else "")
             + (INNER if any("Inner" in p for p in parts) else "")]
    base = "keras.layers.Layer" if layer_holder else "keras.Model"
    lines.append(f"class Holder({base}):\n    def __init__(self):\n        super().__init__()")
    lines += [f"        self.part{i} = {p}" for i, p in enumerate(parts)]
    lines.append("        self.head = layers.Dense(2)\n")
    lines.append("    def call(self, x):")
    lines += [f"        x = self.part{i}(x)" for i in range(len(parts))]
    lines.append("        return self.head(x)\n\n")
    batch = rng.choice([4, 16])
    data = f"np.random.rand({batch}, {features})"
    if layer_holder:
        name = "model"
        lines.append(f"model = keras.Sequential([keras.Input(({features},)), Holder(), "
                     "layers.Dense(1)])")
    else:
        name = "holder"
        lines.append("holder = Holder()")
    if rng.random() < 0.4:
        lines.append(f"other = keras.Sequential([layers.Dense({rng.choice([1, 3])})])")
        if rng.random() < 0.5:
            lines.append(f"other.build((None, {features}))")
    state = rng.choice(["unbuilt", "called", "trained"])
    if state == "called":
        lines.append(f"{name}({data})")
    elif state == "trained":
        out = 1 if layer_holder else 2
        lines.append(f"{name}.compile(optimizer='adam', loss='mse')")
        lines.append(f"{name}.fit({data}, np.random.rand({batch}, {out}), epochs=1, verbose=0)")
    return "\n".join(lines) + "\n"
