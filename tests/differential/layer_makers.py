"""The generator's layer makers: per catalogue layer, how to write one for a given input.

A maker gets ``(rng, shape, breaking)`` and returns ``(LayerSrc, output guess)``, or None when it
cannot make a layer of its kind for that input (a valid one when ``breaking`` is False, one that
Keras must reject when it is True). Guesses are rough and only steer the generator; real Keras
decides what happens.
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


Made = tuple[LayerSrc, Guess | None] | None
Maker = Callable[[random.Random, Guess, bool], Made]


def _known(shape: Guess) -> bool:
    return all(isinstance(d, int) for d in shape)


def last_known(shape: Guess) -> bool:
    return len(shape) >= 1 and isinstance(shape[-1], int)


def _identity(name: str, *args: Any, **kwargs: Any) -> Maker:
    def make(rng: random.Random, shape: Guess, breaking: bool) -> Made:
        if breaking or len(shape) < 1:
            return None
        return LayerSrc(name, args, dict(kwargs)), shape

    return make


def _dense(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if breaking or not last_known(shape):
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
        if len(shape) != 2 or not last_known(shape):
            return None
        return src, ((shape[0], units) if seq else (units,))

    return make


def _several_outputs(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    """An RNN returning several tensors (return_state, Bidirectional without merge_mode): legal
    as the last layer, an error for the layer after it."""
    if not breaking or len(shape) != 2 or not last_known(shape):
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
    if len(shape) < 2 or not last_known(shape):
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
        if len(shape) != rank + 1 or not last_known(shape):
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
        if breaking or not last_known(shape):
            return None
        return LayerSrc(name), shape

    return make


def _prelu(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    # One weight per input element: needs every axis defined.
    if breaking or not shape:
        return None
    return LayerSrc("PReLU"), shape


def _group_normalization(rng: random.Random, shape: Guess, breaking: bool) -> Made:
    if not last_known(shape):
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
