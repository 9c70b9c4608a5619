"""A seeded generator of random Keras ``Sequential`` scripts, valid and invalid.

``generate(seed)`` writes one small script as a user would: one of four import styles, the list
or ``model.add`` form (sometimes with ``pop``), the input given by ``keras.Input`` (three
spellings), ``InputLayer``, ``input_shape=`` / ``input_dim=`` on the first layer, or left to the
data, dimensions named by constants or literal, a stack of catalogue layers (layer_makers.py), and
optionally compile (loss strings or objects) + fit (with validation data) / evaluate /
train_on_batch / predict / ``model(x)`` / build on tiny numpy data written in the usual ways,
whose shapes match or not; sometimes a second model follows.

The generator steers with its own rough guess of each layer's output shape, only to choose
arguments that make a stack valid or break it on purpose (wrong rank, too-small input, reshape
sizes, data and targets that do not fit). It is never the oracle: real Keras decides what happens.

Only layers whose entries exist in layerlint's catalogue are drawn (``available_layers()``), so
the differential suite grows as entries land.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .layer_makers import (
    ALL_LAYER_NAMES,
    LAYER_KINDS,
    Guess,
    LayerKind,
    LayerSrc,
    Made,
    available_layers,
    last_known,
)

__all__ = ["ALL_LAYER_NAMES", "GeneratedScript", "available_layers", "generate"]


@dataclass
class GeneratedScript:
    seed: int
    source: str
    intent: str  # "valid" | "layer_break" | "data_break": what the generator aimed for
    layers: list[str]  # layer class names, in order
    import_style: str
    form: str  # "list" | "add"
    input_style: str  # one of INPUT_STYLES
    data_call: str | None  # a key of DATA_CALLS: "fit", "predict", "__call__", "build", ...
    loss: str | None = None  # the loss family compiled with (LOSSES), if any


# --- scripts ------------------------------------------------------------------------------------

IMPORT_STYLES = ("tf_keras", "tf_module", "keras_layers", "from_imports")
LOSSES = (  # loss families; each is written as a string or as a loss object
    "mse",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
)
_LOSS_SPELLINGS = {
    "mse": (
        ["'mse'", "'mean_squared_error'", "'mae'"],
        ["MeanSquaredError()", "MeanAbsoluteError()"],
    ),
    "binary_crossentropy": (["'binary_crossentropy'"], ["BinaryCrossentropy()"]),
    "categorical_crossentropy": (["'categorical_crossentropy'"], ["CategoricalCrossentropy()"]),
    "sparse_categorical_crossentropy": (
        ["'sparse_categorical_crossentropy'"],
        ["SparseCategoricalCrossentropy()"],
    ),
}
INPUT_STYLES = ("Input", "InputLayer", "input_shape", "input_dim", "data")
DATA_CALLS = {  # method -> weight
    None: 0.08,
    "fit": 0.35,
    "evaluate": 0.07,
    "train_on_batch": 0.05,
    "test_on_batch": 0.03,
    "predict": 0.15,
    "predict_on_batch": 0.04,
    "__call__": 0.05,
    "build": 0.13,
}
_AXIS_NAMES = {
    1: ("n_features",),
    2: ("timesteps", "n_features"),
    3: ("height", "width", "channels"),
    4: ("depth", "height", "width", "channels"),
}


@dataclass
class _Style:
    name: str
    keras: str  # how keras-level names are reached: "keras.", "tf.keras." or "" (imported)
    layer_prefix: str

    def header(self, layers: set[str], losses: bool) -> list[str]:
        if self.name == "tf_keras":
            return ["from tensorflow import keras"]
        if self.name == "tf_module":
            return ["import tensorflow as tf"]
        if self.name == "keras_layers":
            return ["import keras", "from keras import layers"]
        lines = ["from keras import Input", "from keras.models import Sequential"]
        if losses:
            lines.append("from keras import losses")
        if layers:
            lines.append(f"from keras.layers import {', '.join(sorted(layers))}")
        return lines

    @property
    def losses(self) -> str:
        return self.keras + "losses." if self.keras else "losses."

    @property
    def sequential(self) -> str:
        return self.keras + "Sequential"

    @property
    def input(self) -> str:
        return self.keras + "Input"


def _style(name: str) -> _Style:
    return {
        "tf_keras": _Style(name, "keras.", "keras.layers."),
        "tf_module": _Style(name, "tf.keras.", "tf.keras.layers."),
        "keras_layers": _Style(name, "keras.", "layers."),
        "from_imports": _Style(name, "", ""),
    }[name]


def _concrete(shape: Guess, rng: random.Random) -> tuple[int, ...]:
    return tuple(d if isinstance(d, int) else rng.randint(2, 6) for d in shape)


def _shape_src(dims: tuple) -> str:
    return repr(tuple(dims))


def _dims_src(dims: tuple, names: tuple[str | None, ...] | None) -> str:
    """``(timesteps, n_features)`` when the script names its dimensions, else literals."""
    if names is None:
        return _shape_src(dims)
    parts = [n if n and d is not None else repr(d) for d, n in zip(dims, names)]
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def generate(seed: int, available: frozenset[str] | None = None) -> GeneratedScript:
    """One random script; deterministic for a seed and a set of available layer names."""
    rng = random.Random(seed)
    names = ALL_LAYER_NAMES if available is None else available
    kinds = [k for k in LAYER_KINDS if all(n in names for n in k.needs)]
    if not kinds:
        raise ValueError("no generator layer kind is in the catalogue")
    intent = rng.choices(["valid", "layer_break", "data_break"], [0.45, 0.3, 0.25])[0]

    # The generator tracks concrete shapes (the data's); ``declared`` is what the script declares,
    # where a free axis (None) stands for the concrete length the data will have.
    embedding = "Embedding" in names and rng.random() < 0.12
    if embedding:
        vocab = rng.randint(5, 20)
        length = rng.randint(2, 8)
        declared: tuple = (rng.choice([None, length]),)
        dim = rng.randint(2, 6)
        shape: Guess | None = (length, dim)
        # Keras 3 drops `input_length` with a warning (the model then waits for data).
        extra = {"input_length": length} if rng.random() < 0.3 else {}
        stack = [LayerSrc("Embedding", (vocab, dim), extra)]
    else:
        vocab = 0
        rank = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        if rank == 1:
            features = rng.randint(1, 12)
            # Rarely a free feature axis: Keras cannot size the next layer's weights from it.
            declared = (None if rng.random() < 0.05 else features,)
            shape = (features,)
        elif rank == 2:
            length, features = rng.randint(1, 10), rng.randint(1, 8)
            declared = (rng.choice([None, length]), features)
            shape = (length, features)
        elif rank == 3:
            shape = (rng.randint(2, 10), rng.randint(2, 10), rng.randint(1, 3))
            declared = shape
        else:
            shape = (rng.randint(2, 6), rng.randint(2, 6), rng.randint(2, 6), rng.randint(1, 2))
            declared = shape
        stack = []
    data_shape = shape

    depth = rng.randint(1, 5)
    break_at = rng.randrange(depth) if intent == "layer_break" else -1
    for i in range(depth):
        made = _draw(rng, kinds, shape, breaking=(i == break_at))
        if made is None and i == break_at:
            made = _draw(rng, kinds, shape, breaking=False)
        if made is None:
            continue
        layer, shape = made
        stack.append(layer)

    loss = rng.choice(LOSSES)
    if "Dense" in names and shape is not None and rng.random() < 0.6:
        units = {"binary_crossentropy": 1}.get(loss, rng.randint(1, 5))
        activation = {
            "binary_crossentropy": "sigmoid",
            "categorical_crossentropy": "softmax",
            "sparse_categorical_crossentropy": "softmax",
        }.get(loss)
        head = LayerSrc("Dense", (units,), {"activation": activation} if activation else {})
        if last_known(shape):
            stack.append(head)
            shape = shape[:-1] + (units,)
    if not stack:
        return generate(seed + 1_000_003, available)

    if rng.random() < 0.1:  # some layers named by the user
        for i, layer in enumerate(stack):
            if rng.random() < 0.5:
                layer.kwargs["name"] = f"layer_{i}"
    if intent == "layer_break" and len(stack) >= 2 and rng.random() < 0.08:
        i, j = rng.sample(range(len(stack)), 2)  # Keras requires unique names
        stack[i].kwargs["name"] = stack[j].kwargs["name"] = "twin"

    input_style = rng.choice(INPUT_STYLES)
    if input_style == "input_dim" and (len(declared) != 1 or declared[0] is None):
        input_style = "input_shape"
    data_call = rng.choices(list(DATA_CALLS), list(DATA_CALLS.values()))[0]
    form = rng.choice(["list", "add"])
    style = _style(rng.choice(IMPORT_STYLES))
    # Named dimensions (`timesteps = 10`) in a third of the scripts: constant propagation.
    axis_names = _AXIS_NAMES.get(len(declared)) if rng.random() < 0.33 else None

    items: list[str] = []
    used: set[str] = set()
    for layer in stack:
        used |= layer.names()
    if input_style == "Input":
        spelling = rng.choice(["shape=", "", "batch_shape="])
        dims = (None, *declared) if spelling == "batch_shape=" else declared
        names_ = (None, *axis_names) if axis_names and spelling == "batch_shape=" else axis_names
        items.append(f"{style.input}({spelling}{_dims_src(dims, names_)})")
    elif input_style == "InputLayer":
        used.add("InputLayer")
        items.append(f"{style.layer_prefix}InputLayer(shape={_dims_src(declared, axis_names)})")
    elif input_style == "input_shape":
        stack[0].kwargs["input_shape"] = _Raw(_dims_src(declared, axis_names))
    elif input_style == "input_dim":
        stack[0].kwargs["input_dim"] = _Raw(axis_names[0] if axis_names else repr(declared[0]))
    items += [layer.render(style.layer_prefix) for layer in stack]

    body: list[str] = []
    if axis_names and input_style != "data":
        body += [f"{n} = {d}" for n, d in zip(axis_names, data_shape)] + [""]
    else:
        axis_names = None
    if form == "list":
        body.append(f"model = {style.sequential}([")
        body += [f"    {item}," for item in items]
        body.append("])")
    else:
        body.append(f"model = {style.sequential}()")
        body += [f"model.add({item})" for item in items]
        if "Dense" in names and rng.random() < 0.08:  # a layer added, then taken back
            used.add("Dense")
            body += [f"model.add({LayerSrc('Dense', (3,)).render(style.layer_prefix)})"]
            body += ["model.pop()"]

    data = _Data(rng, style, intent, data_shape, shape, loss, vocab if embedding else 0, axis_names)
    if input_style != "data":
        # Keras 3 builds such a model only with exactly the declared input shape.
        data.declared = tuple(declared)
    body += data.lines(data_call)
    if "Dense" in names and rng.random() < 0.12:
        # A second model: layer names continue from the first (dense_2, ...).
        used.add("Dense")
        features = rng.randint(1, 6)
        dense = [LayerSrc("Dense", (rng.randint(1, 4),)), LayerSrc("Dense", (1,))]
        layers_2 = ", ".join(d.render(style.layer_prefix) for d in dense)
        body += [
            "",
            f"model_2 = {style.sequential}([{style.input}(shape=({features},)), {layers_2}])",
            f"model_2.predict(np.random.rand(4, {features}), verbose=0)",
        ]
    header = ["import numpy as np", *style.header(used - {"Input"}, data.uses_loss_object), ""]
    return GeneratedScript(
        seed=seed,
        source="\n".join(header + body) + "\n",
        intent=intent,
        layers=[layer.name for layer in stack],
        import_style=style.name,
        form=form,
        input_style=input_style,
        data_call=data_call,
        loss=data.loss if data.compiled else None,
    )


class _Raw:
    """Source text rendered as is (a shape written with named dimensions)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _draw(rng: random.Random, kinds: list[LayerKind], shape: Guess | None, breaking: bool) -> Made:
    """Try kinds in a weighted random order until one can make a layer for ``shape``."""
    if not kinds:
        return None
    order = sorted(kinds, key=lambda k: rng.random() ** (1.0 / k.weight), reverse=True)
    for kind in order:
        if shape is None:
            # The generator lost track: any layer, judged by Keras alone.
            made = kind.make(rng, (rng.randint(2, 6),) * rng.randint(1, 3), False)
            if made is not None:
                return made[0], None
            continue
        made = kind.make(rng, shape, breaking)
        if made is not None:
            return made
    return None


class _Data:
    """The data part of a script: arrays, compile, and the call that feeds the model."""

    samples = 4

    def __init__(
        self,
        rng: random.Random,
        style: _Style,
        intent: str,
        data_shape: Guess,
        output: Guess | None,
        loss: str,
        vocab: int,
        axis_names: tuple[str, ...] | None,
    ) -> None:
        self.rng = rng
        self.style = style
        self.intent = intent
        self.data_shape = tuple(data_shape)
        self.output = output
        self.loss = loss
        self.vocab = vocab
        self.axis_names = axis_names
        self.uses_loss_object = False
        self.compiled = False
        self.declared: tuple | None = None

    def lines(self, call: str | None) -> list[str]:
        if call is None:
            return []
        rng = self.rng
        x_shape = self._input_shape()
        if call == "build":
            if self.declared is not None and self.intent != "data_break":
                x_shape = self.declared
            return ["", f"model.build({_shape_src((None,) + x_shape)})"]
        lines = ["", f"x = {self._x(x_shape)}"]
        if call in ("predict", "predict_on_batch", "__call__"):
            if call == "__call__":
                return lines + ["outputs = model(x)"]
            verbose = ", verbose=0" if call == "predict" else ""
            return lines + [f"model.{call}(x{verbose})"]
        y_n = self.samples + 1 if self.intent == "data_break" and rng.random() < 0.15 else None
        lines.append(f"y = {self._y(y_n)}")
        lines.append(f"model.compile(optimizer='adam', loss={self._loss_src()})")
        self.compiled = True
        if call in ("train_on_batch", "test_on_batch"):
            return lines + [f"model.{call}(x, y)"]
        args = "x, y"
        if call == "fit":
            if rng.random() < 0.3:  # 3 leaves a last, smaller batch of 1: broadcasts differ
                args += f", batch_size={rng.choice((2, 3))}"
            if rng.random() < 0.2:
                broken = self.intent == "data_break" and rng.random() < 0.5
                val_shape = x_shape if not broken else x_shape[:-1] + (x_shape[-1] + 1,)
                lines.insert(3, f"x_val = {self._x(val_shape, samples=2)}")
                lines.insert(4, f"y_val = {self._y(2)}")
                args += ", validation_data=(x_val, y_val)"
            args += ", epochs=1"
        return lines + [f"model.{call}({args}, verbose=0)"]

    def _input_shape(self) -> tuple:
        x_shape = self.data_shape
        if self.intent != "data_break":
            return x_shape
        how = self.rng.choice(["drop", "add", "change", "trailing_one"])
        if how == "trailing_one":  # Keras 3 adds or drops a trailing axis of size 1 itself
            return x_shape[:-1] if x_shape[-1] == 1 and len(x_shape) > 1 else x_shape + (1,)
        if how == "drop" and len(x_shape) > 1:
            return x_shape[:-1]
        if how in ("add", "drop"):
            return x_shape + (self.rng.randint(2, 4),)
        return x_shape[:-1] + (x_shape[-1] + self.rng.randint(1, 3),)

    def _x(self, shape: tuple, samples: int | None = None) -> str:
        n = samples or self.samples
        if self.vocab:
            return f"np.random.randint(0, {self.vocab}, size={_shape_src((n,) + shape)})"
        names = None
        if self.axis_names and shape == self.data_shape and samples is None:
            names = self.axis_names
        # Never all zeros: normalising a zero vector gives NaN, a failure of values, not shapes.
        names_ = (None, *names) if names else None
        return _float_array(self.rng, (n,) + shape, names_, zeros=False)

    def _y(self, samples: int | None = None) -> str:
        rng = self.rng
        n = samples or self.samples
        out = _concrete(self.output, rng) if self.output is not None else (rng.randint(1, 4),)
        classes = max(out[-1], 1)  # label values stay below the real class count
        if self.loss == "sparse_categorical_crossentropy" and len(out) >= 3:
            # Keras' torch backend fails on 4-D+ outputs here ("grad_input must be
            # contiguous"), a backend defect no static checker can predict.
            self.loss = "categorical_crossentropy"
        broken = self.intent == "data_break" and rng.random() < 0.4
        if self.loss == "sparse_categorical_crossentropy":
            labels = out if broken else out[:-1] + ((1,) if rng.random() < 0.3 else ())
            return f"np.random.randint(0, {classes}, size={_shape_src((n,) + labels)})"
        if broken:
            out = out[:-1] + (out[-1] + rng.randint(1, 2),)
        if self.loss == "binary_crossentropy":
            return f"np.random.randint(0, 2, size={_shape_src((n,) + out)})"
        return _float_array(rng, (n,) + out, None)

    def _loss_src(self) -> str:
        strings, objects = _LOSS_SPELLINGS[self.loss]
        if self.rng.random() < 0.25:
            self.uses_loss_object = True
            return self.style.losses + self.rng.choice(objects)
        return self.rng.choice(strings)


def _float_array(
    rng: random.Random, shape: tuple, names: tuple[str | None, ...] | None, zeros: bool = True
) -> str:
    """A float array of ``shape`` written one of the ways users write it."""
    dims = [n if n else str(d) for d, n in zip(shape, names or (None,) * len(shape))]
    form = rng.choice(["rand", "rand", "random", "randn", "zeros", "ones", "reshape", "expand"])
    if form == "zeros" and not zeros:
        form = "ones"
    if form == "expand" and len(shape) >= 3 and shape[-1] == 1:
        inner = f"np.random.rand({', '.join(dims[:-1])})"
        text = rng.choice([f"np.expand_dims({inner}, -1)", f"{inner}[..., np.newaxis]"])
    elif form == "reshape" and len(shape) >= 3:
        flat = " * ".join(dims[1:])
        text = f"np.random.rand({dims[0]}, {flat}).reshape({', '.join(dims)})"
    elif form in ("random", "zeros", "ones"):
        func = {"random": "np.random.random", "zeros": "np.zeros", "ones": "np.ones"}[form]
        text = f"{func}(({', '.join(dims)}{',' if len(dims) == 1 else ''}))"
    else:
        func = "np.random.randn" if form == "randn" else "np.random.rand"
        text = f"{func}({', '.join(dims)})"
    if rng.random() < 0.15:
        text += ".astype('float32')"
    return text
