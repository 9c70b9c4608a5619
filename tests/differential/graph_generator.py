"""Seeded random Keras functional graphs: several Inputs, branches, merges (class and function
forms), shared layers, ``return_state`` outputs, one or several outputs; some broken on purpose
(a layer applied to a tensor of the wrong rank, a merge of mismatched shapes, a shared Dense
reused on other features, an output not connected to the inputs).

``generate_graph(seed)`` returns a script (imports, the graph, ``keras.Model(...)``, sometimes
``compile`` + ``fit`` on arrays per input/output) and what was intended, for the messages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class GraphScript:
    source: str
    intent: str


@dataclass
class _Tensor:
    name: str
    shape: tuple  # without the batch axis, as layerlint would compute it when all goes well


@dataclass
class _Builder:
    rng: random.Random
    lines: list[str] = field(default_factory=list)
    tensors: list[_Tensor] = field(default_factory=list)
    dense_layers: list[tuple[str, int]] = field(default_factory=list)  # (variable, input units)
    count: int = 0
    intent: list[str] = field(default_factory=list)

    def fresh(self, prefix: str = "t") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def pick(self, rank: int | None = None) -> _Tensor:
        pool = [t for t in self.tensors if rank is None or len(t.shape) + 1 == rank]
        return self.rng.choice(pool or self.tensors)

    def emit(self, expression: str, shape: tuple) -> _Tensor:
        name = self.fresh()
        self.lines.append(f"{name} = {expression}")
        tensor = _Tensor(name, shape)
        self.tensors.append(tensor)
        return tensor


def _input(b: _Builder, index: int) -> _Tensor:
    rank = b.rng.choice([2, 3, 3, 4])
    dims = tuple(b.rng.randint(2, 9) for _ in range(rank - 1))
    name = f"in{index}"
    named = b.rng.random() < 0.4
    b.lines.append(f"{name} = keras.Input(shape={dims!r}{f', name={name!r}' if named else ''})")
    tensor = _Tensor(name, dims)
    b.tensors.append(tensor)
    return tensor


def _unary(b: _Builder, broken: bool) -> None:
    """A single-input layer on some tensor (of a fitting rank unless ``broken``)."""
    rng = b.rng
    choice = rng.choice(["dense", "dense", "rnn", "conv1d", "conv2d", "flatten", "pool", "bn",
                         "dropout", "act", "shared", "state"])
    wanted = {"rnn": 3, "conv1d": 3, "conv2d": 4, "pool": None, "state": 3}.get(choice)
    if not broken and wanted and not any(len(t.shape) + 1 == wanted for t in b.tensors):
        choice, wanted = "dropout", None  # nothing of that rank: keep this step sound
    source = b.pick(None if broken else wanted)
    shape = source.shape
    rank = len(shape) + 1
    if choice == "dense":
        units = rng.randint(1, 8)
        if rng.random() < 0.4:
            var = b.fresh("dense")
            b.lines.append(f"{var} = layers.Dense({units}, activation='relu')")
            b.dense_layers.append((var, shape[-1]))
            b.emit(f"{var}({source.name})", shape[:-1] + (units,))
        else:
            b.emit(f"layers.Dense({units})({source.name})", shape[:-1] + (units,))
    elif choice == "shared" and b.dense_layers:
        var, _ = rng.choice(b.dense_layers)
        b.emit(f"{var}({source.name})", shape)  # shape unknown to the generator: not reused
        b.tensors.pop()
    elif choice == "rnn":
        units = rng.randint(1, 6)
        sequences = rng.random() < 0.5
        kind = rng.choice(["LSTM", "GRU", "SimpleRNN"])
        out = (shape[0], units) if sequences and rank == 3 else (units,)
        b.emit(f"layers.{kind}({units}, return_sequences={sequences})({source.name})", out)
    elif choice == "state":
        units = rng.randint(1, 5)
        o, h, c = b.fresh("o"), b.fresh("h"), b.fresh("c")
        b.lines.append(f"{o}, {h}, {c} = layers.LSTM({units}, return_state=True)({source.name})")
        for name in (o, h, c):
            b.tensors.append(_Tensor(name, (units,)))
    elif choice == "conv1d":
        filters, kernel = rng.randint(1, 6), rng.randint(1, 3)
        padding = rng.choice(["valid", "same"])
        steps = shape[0] if padding == "same" or rank != 3 else shape[0] - kernel + 1
        b.emit(f"layers.Conv1D({filters}, {kernel}, padding={padding!r})({source.name})",
               (steps, filters))
    elif choice == "conv2d":
        filters = rng.randint(1, 6)
        b.emit(f"layers.Conv2D({filters}, 2, padding='same')({source.name})",
               shape[:-1] + (filters,))
    elif choice == "flatten":
        size = 1
        for d in shape:
            size *= d
        b.emit(f"layers.Flatten()({source.name})", (size,))
    elif choice == "pool":
        if rank == 2 and not broken:
            rank, shape = len(b.pick(3).shape) + 1, b.pick(3).shape
        kind = {3: "GlobalAveragePooling1D", 4: "GlobalMaxPooling2D"}.get(rank,
                                                                         "GlobalAveragePooling1D")
        b.emit(f"layers.{kind}()({source.name})", (shape[-1],))
    elif choice == "bn":
        b.emit(f"layers.BatchNormalization()({source.name})", shape)
    elif choice == "dropout":
        b.emit(f"layers.Dropout(0.1)({source.name})", shape)
    else:
        b.emit(f"layers.Activation('tanh')({source.name})", shape)


def _merge(b: _Builder, broken: bool) -> None:
    rng = b.rng
    first = b.pick()
    same = [t for t in b.tensors if t.shape == first.shape and t is not first]
    concat_ok = [t for t in b.tensors if t is not first and len(t.shape) == len(first.shape)
                 and t.shape[:-1] == first.shape[:-1]]
    kind = rng.choice(["Add", "Multiply", "Average", "Subtract", "Maximum", "Concatenate",
                       "Concatenate"])
    pool = concat_ok if kind == "Concatenate" else same
    if broken or not pool:
        second = b.pick()
    else:
        second = rng.choice(pool)
    if second is first:
        return
    functional = rng.random() < 0.4
    call = kind.lower() if functional else kind
    if kind == "Concatenate":
        shape = first.shape[:-1] + (first.shape[-1] + second.shape[-1],) \
            if len(first.shape) == len(second.shape) else first.shape
    else:
        shape = first.shape
    if functional:
        b.emit(f"layers.{call}([{first.name}, {second.name}])", shape)
    else:
        b.emit(f"layers.{call}()([{first.name}, {second.name}])", shape)


LOSSES = ["mse", "mae", "binary_crossentropy", "categorical_crossentropy"]


def _array(b: _Builder, samples: int, shape: tuple, wrong: bool) -> str:
    """``np.zeros`` for a tensor of ``shape`` (no batch axis); ``wrong``: another feature size,
    rank or sample count."""
    rng = b.rng
    dims = list(shape)
    if wrong:
        how = rng.choice(["feature", "rank", "samples"])
        if how == "feature":
            dims[-1] += rng.randint(1, 3)
        elif how == "rank":
            dims = dims + [2] if rng.random() < 0.5 or len(dims) == 1 else dims[:-1]
        else:
            samples += rng.randint(1, 4)
        b.intent.append(f"wrong {how}")
    return f"np.zeros({(samples, *dims)!r})"


def _data(b: _Builder, inputs: list[_Tensor], outputs: list[_Tensor]) -> None:
    """compile + fit / evaluate / predict with arrays per input (list, dict or one array) and
    per output, one of them sometimes wrong."""
    rng = b.rng
    samples = rng.choice([8, 20, 40])
    wrong = rng.randrange(len(inputs) + len(outputs)) if rng.random() < 0.5 else -1
    xs = [_array(b, samples, t.shape, wrong == i) for i, t in enumerate(inputs)]
    ys = [_array(b, samples, t.shape, wrong == len(inputs) + i) for i, t in enumerate(outputs)]
    names = [line.split("name=")[1].strip(")'") if "name=" in line else None
             for t in inputs for line in b.lines if line.startswith(f"{t.name} = keras.Input")]
    if len(xs) == 1 and rng.random() < 0.5:
        x = xs[0]
    elif all(names) and rng.random() < 0.4:
        x = "{" + ", ".join(f"{n!r}: {v}" for n, v in zip(names, xs)) + "}"
    else:
        x = "[" + ", ".join(xs) + "]"
    if rng.random() < 0.1 and len(xs) > 1:  # one array for several inputs
        x = xs[0]
        b.intent.append("one array for several inputs")
    y = ys[0] if len(ys) == 1 else "[" + ", ".join(ys) + "]"
    loss = rng.choice(LOSSES)
    if len(outputs) > 1 and rng.random() < 0.5:
        loss_text = repr([rng.choice(LOSSES) for _ in outputs])
    else:
        loss_text = repr(loss)
    method = rng.choice(["fit", "fit", "evaluate", "predict"])
    b.lines.append(f"model.compile(optimizer='adam', loss={loss_text})")
    if method == "predict":
        b.lines.append(f"model.predict({x}, verbose=0)")
    else:
        b.lines.append(f"model.{method}({x}, {y}, verbose=0)")


def generate_graph(seed: int) -> GraphScript:
    rng = random.Random(seed)
    b = _Builder(rng)
    broken = rng.random() < 0.35
    b.lines += ["import numpy as np", "import keras", "from keras import layers"]
    inputs = [_input(b, i) for i in range(rng.choice([1, 1, 2, 2, 3]))]
    steps = rng.randint(2, 7)
    broken_step = rng.randrange(steps) if broken else -1
    for step in range(steps):
        if rng.random() < 0.35 and len(b.tensors) >= 2:
            _merge(b, step == broken_step)
        else:
            _unary(b, step == broken_step)
    made = [t for t in b.tensors if t not in inputs] or inputs
    outputs = [made[-1]] if rng.random() < 0.6 or len(made) < 2 else [made[-2], made[-1]]
    used_inputs = list(inputs)
    if rng.random() < 0.08 and len(inputs) > 1:  # an input left out: disconnected outputs?
        used_inputs = inputs[:-1]
        b.intent.append("an input left out of keras.Model")
    names_in = ", ".join(t.name for t in used_inputs)
    names_out = ", ".join(t.name for t in outputs)
    ins = used_inputs[0].name if len(used_inputs) == 1 and rng.random() < 0.5 else f"[{names_in}]"
    outs = outputs[0].name if len(outputs) == 1 else f"[{names_out}]"
    b.lines.append(f"model = keras.Model({ins}, {outs})")
    if rng.random() < 0.5:
        b.lines.append("model.summary()")
    if rng.random() < 0.6:
        _data(b, used_inputs, outputs)
    intent = "broken graph" if broken else "graph"
    return GraphScript("\n".join(b.lines) + "\n", "; ".join([intent] + b.intent))
