"""A seeded generator of random Keras ``Sequential`` scripts, valid and invalid.

``generate(seed)`` writes one small script as a user would: one of four import styles, the list
or ``model.add`` form, the input given by ``keras.Input``, by ``input_shape=`` on the first layer
or left to the data, a stack of catalogue layers, and optionally compile + fit / evaluate /
predict / build on tiny numpy data whose shapes match or not.

The generator steers with its own rough guess of each layer's output shape, only to choose
arguments that make a stack valid or break it on purpose (wrong rank, too-small input, reshape
sizes, data and targets that do not fit). It is never the oracle: real Keras decides what happens.

Only layers whose entries exist in layerlint's catalogue are drawn (``available_layers()``), so
the differential suite grows as entries land.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Guess = tuple  # a feature shape without the batch axis: ints and None (free); or None: unknown


@dataclass
class LayerSrc:
    """A layer call to render: ``name(*args, **kwargs)``; args may hold nested LayerSrc."""

    name: str
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def names(self) -> set[str]:
        found = {self.name}
        for value in (*self.args, *self.kwargs.values()):
            if isinstance(value, LayerSrc):
                found |= value.names()
        return found

    def render(self, prefix: str) -> str:
        parts = [_literal(v, prefix) for v in self.args]
        parts += [f"{k}={_literal(v, prefix)}" for k, v in self.kwargs.items()]
        return f"{prefix}{self.name}({', '.join(parts)})"


def _literal(value: Any, prefix: str) -> str:
    if isinstance(value, LayerSrc):
        return value.render(prefix)
    return repr(value)


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


# --- layer makers -------------------------------------------------------------------------------
#
# A maker gets (rng, shape, breaking) and returns (LayerSrc, output guess), or None when it cannot
# make a layer of that kind here (valid when breaking is False, invalid when it is True).

Made = tuple[LayerSrc, Guess | None] | None
Maker = Callable[[random.Random, Guess, bool], Made]


def _known(shape: Guess) -> bool:
    return all(isinstance(d, int) for d in shape)


def _last_known(shape: Guess) -> bool:
    return len(shape) >= 1 and isinstance(shape[-1], int)


def _identity(name: str, *args: Any, **kwargs: Any) -> Maker:
    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if breaking or len(shape) < 1:
            return None
        return LayerSrc(name, args, dict(kwargs)), shape

    return make


def _dense(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if breaking or not _last_known(shape):
        return None
    units = rng.randint(1, 8)
    kwargs = {"activation": rng.choice(["relu", "tanh"])} if rng.random() < 0.3 else {}
    return LayerSrc("Dense", (units,), kwargs), shape[:-1] + (units,)


def _flatten(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if breaking or len(shape) < 2:
        return None
    return LayerSrc("Flatten"), ((math.prod(shape),) if _known(shape) else (None,))


def _factorise(rng: random.Random, total: int) -> tuple[int, ...]:
    dims = []
    rest = total
    for _ in range(rng.randint(0, 2)):
        divisors = [d for d in range(2, rest + 1) if rest % d == 0]
        if not divisors:
            break
        d = rng.choice(divisors)
        dims.append(d)
        rest //= d
    dims.append(rest)
    rng.shuffle(dims)
    return tuple(dims)


def _reshape(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if len(shape) < 1 or not _known(shape):
        return None
    total = math.prod(shape)
    target = _factorise(rng, total)
    if breaking:
        target = target[:-1] + (target[-1] + rng.randint(1, 3),)
        return LayerSrc("Reshape", (target,)), None
    if len(target) > 1 and rng.random() < 0.3:
        i = rng.randrange(len(target))
        return LayerSrc("Reshape", (target[:i] + (-1,) + target[i + 1 :],)), target
    return LayerSrc("Reshape", (target,)), target


def _permute(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if breaking or len(shape) < 2:
        return None
    dims = list(range(1, len(shape) + 1))
    while dims == sorted(dims):  # an identity permutation is pointless
        rng.shuffle(dims)
    return LayerSrc("Permute", (tuple(dims),)), tuple(shape[d - 1] for d in dims)


def _repeat_vector(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    n = rng.randint(1, 5)
    if breaking:
        return (LayerSrc("RepeatVector", (n,)), None) if len(shape) != 1 else None
    if len(shape) != 1:
        return None
    return LayerSrc("RepeatVector", (n,)), (n, shape[0])


def _rnn(kind: str) -> Maker:
    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        units = rng.randint(1, 6)
        seq = rng.random() < 0.5
        kwargs = (
            {"return_sequences": True}
            if seq
            else ({"return_sequences": False} if rng.random() < 0.3 else {})
        )
        src = LayerSrc(kind, (units,), kwargs)
        if breaking:
            return (src, None) if len(shape) != 2 else None
        if len(shape) != 2 or not _last_known(shape):
            return None
        return src, ((shape[0], units) if seq else (units,))

    return make


def _several_outputs(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    """An RNN returning several tensors (return_state, Bidirectional without merge_mode): legal
    as the last layer, an error for the layer after it."""
    if not breaking or len(shape) != 2 or not _last_known(shape):
        return None
    units = rng.randint(1, 4)
    if rng.random() < 0.5:
        return LayerSrc(rng.choice(["LSTM", "GRU"]), (units,), {"return_state": True}), None
    inner = LayerSrc("LSTM", (units,))
    return LayerSrc("Bidirectional", (inner,), {"merge_mode": None}), None


def _bidirectional(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    inner = _rnn(rng.choice(["LSTM", "GRU", "SimpleRNN"]))(rng, shape, breaking)
    if inner is None:
        return None
    layer, out = inner
    merge = rng.choice([None, "concat", "sum", "mul", "ave"])
    kwargs = {} if merge is None else {"merge_mode": merge}
    if out is not None and merge in (None, "concat"):
        out = out[:-1] + (2 * out[-1],)
    return LayerSrc("Bidirectional", (layer,), kwargs), out


def _time_distributed(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    units = rng.randint(1, 6)
    src = LayerSrc("TimeDistributed", (LayerSrc("Dense", (units,)),))
    if breaking:
        return (src, None) if len(shape) == 1 else None
    if len(shape) < 2 or not _last_known(shape):
        return None
    return src, shape[:-1] + (units,)


def _window(n: Any, size: int, stride: int, padding: str) -> Any:
    if not isinstance(n, int):
        return None
    if padding == "same":
        return -(-n // stride)
    return (n - size) // stride + 1


def _conv(rank: int, variant: str = "") -> Maker:
    """Conv{rank}D and its variants: "Transpose", "Separable", "Depthwise"."""
    name = {
        "": f"Conv{rank}D",
        "Transpose": f"Conv{rank}DTranspose",
        "Separable": f"SeparableConv{rank}D",
        "Depthwise": f"DepthwiseConv{rank}D",
    }[variant]

    def layer(filters: int, kernel: int, kwargs: dict[str, Any]) -> LayerSrc:
        if variant == "Depthwise":
            return LayerSrc(name, (kernel,), kwargs)
        return LayerSrc(name, (filters, kernel), kwargs)

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        filters = rng.randint(1, 6)
        if len(shape) != rank + 1 or not _last_known(shape):
            return (layer(filters, rng.randint(1, 3), {}), None) if breaking else None
        spatial = shape[:-1]
        known = [d for d in spatial if isinstance(d, int)]
        if breaking:
            if not known or variant == "Transpose":  # a transposed conv grows its input
                return None
            return layer(filters, max(known) + rng.randint(1, 3), {}), None
        limit = min(known) if known else 5
        kernel = rng.randint(1, max(1, min(limit, 5)))
        stride = rng.choice([1, 1, 2])
        padding = rng.choice(["valid", "same"])
        kwargs: dict[str, Any] = {}
        if stride != 1:
            kwargs["strides"] = stride
        if padding != "valid" or rng.random() < 0.2:
            kwargs["padding"] = padding
        if rng.random() < 0.3:
            kwargs["activation"] = "relu"
        channels = filters
        if variant == "Depthwise":
            multiplier = rng.choice([1, 1, 2])
            if multiplier != 1:
                kwargs["depth_multiplier"] = multiplier
            channels = shape[-1] * multiplier
        if variant == "Transpose":
            grown = tuple(
                n * stride + (max(kernel - stride, 0) if padding == "valid" else 0) for n in spatial
            )
            return layer(filters, kernel, kwargs), grown + (channels,)
        out = tuple(_window(n, kernel, stride, padding) for n in spatial) + (channels,)
        return layer(filters, kernel, kwargs), out

    return make


def _pool(kind: str, rank: int) -> Maker:
    name = f"{kind}Pooling{rank}D"

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if len(shape) != rank + 1:
            return (LayerSrc(name, (rng.randint(1, 2),)), None) if breaking else None
        spatial = shape[:-1]
        known = [d for d in spatial if isinstance(d, int)]
        if breaking:
            if not known:
                return None
            return LayerSrc(name, (max(known) + rng.randint(1, 2),)), None
        limit = min(known) if known else 3
        size = rng.randint(1, max(1, min(limit, 3)))
        padding = rng.choice(["valid", "valid", "same"])
        kwargs = {"padding": padding} if padding != "valid" else {}
        out = tuple(_window(n, size, size, padding) for n in spatial) + (shape[-1],)
        return LayerSrc(name, (size,), kwargs), out

    return make


def _global_pool(kind: str, rank: int) -> Maker:
    name = f"Global{kind}Pooling{rank}D"

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if breaking:
            return (LayerSrc(name), None) if len(shape) != rank + 1 else None
        if len(shape) != rank + 1:
            return None
        keep = rng.random() < 0.25
        out = ((1,) * rank + (shape[-1],)) if keep else (shape[-1],)
        return LayerSrc(name, (), {"keepdims": True} if keep else {}), out

    return make


def _upsampling(rank: int) -> Maker:
    name = f"UpSampling{rank}D"

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if breaking:
            return (LayerSrc(name), None) if len(shape) != rank + 1 else None
        if len(shape) != rank + 1:
            return None
        size = rng.randint(1, 3)
        out = tuple(d * size if isinstance(d, int) else d for d in shape[:-1]) + (shape[-1],)
        return LayerSrc(name, (size,)), out

    return make


def _zero_padding(rank: int) -> Maker:
    name = f"ZeroPadding{rank}D"

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if breaking:
            return (LayerSrc(name), None) if len(shape) != rank + 1 else None
        if len(shape) != rank + 1:
            return None
        pad = rng.randint(1, 2)
        out = tuple(d + 2 * pad if isinstance(d, int) else d for d in shape[:-1]) + (shape[-1],)
        return LayerSrc(name, (pad,)), out

    return make


def _cropping(rank: int) -> Maker:
    name = f"Cropping{rank}D"

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if len(shape) != rank + 1:
            return (LayerSrc(name, ((1, 1),) if rank == 1 else ()), None) if breaking else None
        spatial = shape[:-1]
        if not all(isinstance(d, int) for d in spatial):
            return None
        smallest = min(spatial)
        if breaking:
            crop = (smallest // 2 + rng.randint(0, 1), smallest - smallest // 2 + 1)
        else:
            if smallest < 3:
                return None
            a = rng.randint(0, (smallest - 1) // 2)
            crop = (a, rng.randint(0, smallest - 1 - 2 * a) if a else 1)
        args = (crop,) if rank == 1 else ((crop,) * rank,)
        out = None if breaking else tuple(d - sum(crop) for d in spatial) + (shape[-1],)
        return LayerSrc(name, args), out

    return make


def _normalization(name: str) -> Maker:
    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if breaking or not _last_known(shape):
            return None
        return LayerSrc(name), shape

    return make


def _prelu(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    # One weight per input element: needs every axis defined.
    if breaking or not shape:
        return None
    return LayerSrc("PReLU"), shape


def _group_normalization(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if not _last_known(shape):
        return None
    channels = shape[-1]
    dividing = [g for g in range(1, channels + 1) if channels % g == 0]
    other = [g for g in range(2, channels + 3) if channels % g]
    if breaking:
        return (
            (LayerSrc("GroupNormalization", (), {"groups": rng.choice(other)}), None)
            if other
            else None
        )
    return LayerSrc("GroupNormalization", (), {"groups": rng.choice(dividing)}), shape


def _spatial_dropout(rank: int) -> Maker:
    name = f"SpatialDropout{rank}D"

    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        src = LayerSrc(name, (0.2,))
        if breaking:
            return (src, None) if len(shape) != rank + 1 else None
        return (src, shape) if len(shape) == rank + 1 else None

    return make


@dataclass(frozen=True)
class LayerKind:
    needs: tuple[str, ...]  # catalogue entries this kind uses
    make: Maker
    weight: float = 1.0


LAYER_KINDS: list[LayerKind] = [
    LayerKind(("Dense",), _dense, 3.0),
    LayerKind(("Dropout",), _identity("Dropout", 0.25)),
    LayerKind(("GaussianNoise",), _identity("GaussianNoise", 0.1), 0.3),
    LayerKind(("GaussianDropout",), _identity("GaussianDropout", 0.1), 0.3),
    LayerKind(("Activation",), _identity("Activation", "relu")),
    LayerKind(("ReLU",), _identity("ReLU"), 0.3),
    LayerKind(("Softmax",), _identity("Softmax"), 0.3),
    LayerKind(("Rescaling",), _identity("Rescaling", 0.5), 0.3),
    LayerKind(("Flatten",), _flatten, 1.5),
    LayerKind(("Reshape",), _reshape, 1.5),
    LayerKind(("Permute",), _permute),
    LayerKind(("RepeatVector",), _repeat_vector),
    LayerKind(("LSTM",), _rnn("LSTM"), 1.5),
    LayerKind(("GRU",), _rnn("GRU")),
    LayerKind(("SimpleRNN",), _rnn("SimpleRNN")),
    LayerKind(("Bidirectional", "LSTM", "GRU", "SimpleRNN"), _bidirectional),
    LayerKind(("TimeDistributed", "Dense"), _time_distributed),
    LayerKind(("Bidirectional", "LSTM", "GRU"), _several_outputs, 0.3),
    LayerKind(("Conv1D",), _conv(1), 1.5),
    LayerKind(("Conv2D",), _conv(2), 1.5),
    LayerKind(("MaxPooling1D",), _pool("Max", 1)),
    LayerKind(("AveragePooling1D",), _pool("Average", 1), 0.5),
    LayerKind(("MaxPooling2D",), _pool("Max", 2)),
    LayerKind(("AveragePooling2D",), _pool("Average", 2), 0.5),
    LayerKind(("GlobalMaxPooling1D",), _global_pool("Max", 1), 0.5),
    LayerKind(("GlobalAveragePooling1D",), _global_pool("Average", 1), 0.5),
    LayerKind(("GlobalMaxPooling2D",), _global_pool("Max", 2), 0.5),
    LayerKind(("GlobalAveragePooling2D",), _global_pool("Average", 2), 0.5),
    LayerKind(("UpSampling1D",), _upsampling(1), 0.5),
    LayerKind(("UpSampling2D",), _upsampling(2), 0.5),
    LayerKind(("ZeroPadding1D",), _zero_padding(1), 0.5),
    LayerKind(("ZeroPadding2D",), _zero_padding(2), 0.5),
    LayerKind(("Cropping1D",), _cropping(1), 0.5),
    LayerKind(("Cropping2D",), _cropping(2), 0.5),
    LayerKind(("BatchNormalization",), _normalization("BatchNormalization")),
    LayerKind(("LayerNormalization",), _normalization("LayerNormalization")),
    LayerKind(("SpatialDropout1D",), _spatial_dropout(1), 0.3),
    LayerKind(("SpatialDropout2D",), _spatial_dropout(2), 0.3),
    LayerKind(("SpatialDropout3D",), _spatial_dropout(3), 0.2),
    LayerKind(("AlphaDropout",), _identity("AlphaDropout", 0.1), 0.2),
    LayerKind(("ActivityRegularization",), _identity("ActivityRegularization", 0.01), 0.2),
    LayerKind(("ELU",), _identity("ELU"), 0.2),
    LayerKind(("LeakyReLU",), _identity("LeakyReLU", negative_slope=0.2), 0.3),
    LayerKind(("Identity",), _identity("Identity"), 0.2),
    LayerKind(("Masking",), _identity("Masking", 0.0), 0.2),
    LayerKind(("UnitNormalization",), _identity("UnitNormalization"), 0.2),
    LayerKind(("PReLU",), _prelu, 0.3),
    LayerKind(("GroupNormalization",), _group_normalization, 0.4),
    LayerKind(("RMSNormalization",), _normalization("RMSNormalization"), 0.2),
    LayerKind(("Conv1DTranspose",), _conv(1, "Transpose"), 0.5),
    LayerKind(("Conv2DTranspose",), _conv(2, "Transpose"), 0.5),
    LayerKind(("SeparableConv1D",), _conv(1, "Separable"), 0.5),
    LayerKind(("SeparableConv2D",), _conv(2, "Separable"), 0.5),
    LayerKind(("DepthwiseConv1D",), _conv(1, "Depthwise"), 0.4),
    LayerKind(("DepthwiseConv2D",), _conv(2, "Depthwise"), 0.5),
    LayerKind(("Conv3D",), _conv(3), 0.8),
    LayerKind(("Conv3DTranspose",), _conv(3, "Transpose"), 0.3),
    LayerKind(("MaxPooling3D",), _pool("Max", 3), 0.5),
    LayerKind(("AveragePooling3D",), _pool("Average", 3), 0.3),
    LayerKind(("GlobalMaxPooling3D",), _global_pool("Max", 3), 0.3),
    LayerKind(("GlobalAveragePooling3D",), _global_pool("Average", 3), 0.3),
    LayerKind(("UpSampling3D",), _upsampling(3), 0.3),
    LayerKind(("ZeroPadding3D",), _zero_padding(3), 0.3),
    LayerKind(("Cropping3D",), _cropping(3), 0.3),
]

ALL_LAYER_NAMES: frozenset[str] = frozenset(n for k in LAYER_KINDS for n in k.needs) | {"Embedding"}


def available_layers() -> frozenset[str]:
    """The generator's layer names that layerlint's catalogue has entries for right now."""
    from layerlint.layers import lookup

    return frozenset(n for n in ALL_LAYER_NAMES if lookup("keras", n) is not None)


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
        if _last_known(shape):
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
    if data_call == "build" and input_style != "data":
        data_call = "fit"
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

    def lines(self, call: str | None) -> list[str]:
        if call is None:
            return []
        rng = self.rng
        x_shape = self._input_shape()
        if call == "build":
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
            if rng.random() < 0.3:
                args += ", batch_size=2"
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
