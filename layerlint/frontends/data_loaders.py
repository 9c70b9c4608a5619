"""Data from Keras and scikit-learn utilities: the keras dataset loaders, to_categorical,
pad_sequences, train_test_split (numpy's own functions are catalogue entries: library/).

Each function takes already-evaluated arguments and returns a :class:`Data`, a plain value, or
UNKNOWN. A shape is never guessed: when any part is not plain, the answer is UNKNOWN (or a
symbolic dimension when only that dimension's value is unknown).
"""

from __future__ import annotations

import math
from typing import Any

from ..ir import UNKNOWN, Span
from ..shapes import UNKNOWN_DIM
from .arrays import MAX_LITERAL_ELEMENTS, Dims, argument, dim, dtype_name, from_literal, is_int_dtype, size
from .library import steps
from .values import Data, as_int


# `to_categorical(y)` without num_classes takes max(y) + 1: for random labels we rely on the
# top label being drawn only when missing it is this unlikely.
MISS_PROBABILITY = 1e-9


def top_value_drawn(data: Data) -> bool:
    """Whether uniformly drawn integers certainly (up to MISS_PROBABILITY) reach their bound."""
    choices = data.extra.get("draws")
    if not choices or data.shape is None or data.bounds != "uniform":
        return False
    n = size(data.shape)
    if not isinstance(n, int) or n == 0:
        return False
    return choices == 1 or n * math.log1p(-1 / choices) < math.log(MISS_PROBABILITY)


def loader_call(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Evaluate a loader or utility in FUNCTIONS; UNKNOWN for anything not modelled."""
    try:
        return steps.record(FUNCTIONS[name](args, kwargs, origin), name, args, kwargs, origin)
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError):
        return UNKNOWN


def _array_arg(value: Any, origin: Span) -> Any:
    if isinstance(value, (list, tuple)):
        return from_literal(value, origin)
    return value


def _to_categorical(args, kwargs, origin):
    y = _array_arg(argument(args, kwargs, 0, "x"), origin)
    num_classes = argument(args, kwargs, 1, "num_classes")
    if not isinstance(y, Data) or y.shape is None:
        return UNKNOWN
    shape = y.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    if num_classes is None:
        if y.max_value is None or not (y.bounds == "exact" or top_value_drawn(y)):
            return UNKNOWN
        num_classes = int(y.max_value) + 1
    classes = dim(num_classes)
    if classes is False:
        return UNKNOWN
    return Data(tuple(shape) + (classes,), "float64", origin)


def _pad_sequences(args, kwargs, origin):
    sequences = argument(args, kwargs, 0, "sequences")
    maxlen = argument(args, kwargs, 1, "maxlen")
    dtype = dtype_name(argument(args, kwargs, 2, "dtype", "int32"))
    padding = argument(args, kwargs, 3, "padding", "pre")
    truncating = argument(args, kwargs, 4, "truncating", "pre")
    value = argument(args, kwargs, 5, "value", 0.0)
    if maxlen is not None and as_int(maxlen) is None:
        return UNKNOWN
    if isinstance(sequences, Data) and sequences.shape is not None and len(sequences.shape) == 2:
        length = sequences.shape[1] if maxlen is None else maxlen
        return Data((sequences.shape[0], length), dtype, origin)
    if isinstance(sequences, Data) and sequences.extra.get("sequences") and (
            sequences.shape or "count" in sequences.extra):
        # Ragged token-id sequences (imdb; Tokenizer.texts_to_sequences): one row per sequence.
        count = sequences.shape[0] if sequences.shape else sequences.extra["count"]
        length = UNKNOWN_DIM if maxlen is None else maxlen
        data = Data((count, length), dtype, origin)
        if sequences.max_value is not None and isinstance(value, (int, float)):
            data.min_value = int(min(value, sequences.min_value))  # type: ignore[type-var]
            data.max_value = int(max(value, sequences.max_value))
            # The padding value is in the data; the sequences' own bound may not be reached.
            data.bounds = "at_most" if sequences.bounds == "at_most" and \
                sequences.max_value > value else "uniform"
        return data
    if not isinstance(sequences, (list, tuple)) or not all(
        isinstance(s, (list, tuple)) and all(isinstance(v, (int, float)) for v in s)
        for s in sequences
    ):
        return UNKNOWN
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        return UNKNOWN
    lengths = [len(s) for s in sequences]
    length = as_int(maxlen) if maxlen is not None else max(lengths, default=0)
    data = Data((len(sequences), length), dtype, origin)
    if is_int_dtype(dtype) and isinstance(value, (int, float)):
        kept: list[float] = []
        for s in sequences:
            kept.extend(s[-length:] if truncating == "pre" else s[:length])
            if len(s) < length:  # type: ignore[operator]
                kept.append(value)
        if kept and sum(lengths) <= MAX_LITERAL_ELEMENTS:
            data.min_value, data.max_value = int(min(kept)), int(max(kept))
            data.bounds = "exact"
        if length and any(v == 0 for s in sequences
               for v in (s[-length:] if truncating == "pre" else s[:length])):
            data.extra = {**data.extra, "zero_token": True}  # a real 0 token, not padding
    return data


def _image_dataset(train: int, test: int, image: Dims, labels: Dims, classes: int):
    """``keras.datasets.<name>.load_data()``: shapes as the Keras source asserts them
    (channels_last, the default image data format)."""

    def make(args, kwargs, origin):
        coarse = classes == 100 and argument(args, kwargs, 0, "label_mode", "fine") == "coarse"
        n_classes = 20 if coarse else classes
        result = []
        for n in (train, test):
            x = Data((n, *image), "uint8", origin, min_value=0, max_value=255, bounds="uniform")
            y = Data((n, *labels), "uint8", origin, min_value=0, max_value=n_classes - 1)
            y.bounds = "exact"  # every class occurs in every split
            result.append((x, y))
        return tuple(result)

    return make


def _imdb(args, kwargs, origin):
    """``keras.datasets.imdb.load_data()``: ragged token-id sequences; with ``num_words`` every id
    is below it (as its docstring states). Sample counts are left unknown."""
    num_words = as_int(kwargs.get("num_words", args[0] if args else None))
    result = []
    for _ in range(2):
        x = Data((UNKNOWN_DIM,), "object", origin, ragged=True, extra={"sequences": True})
        if num_words is not None and num_words > 0:
            x.min_value, x.max_value, x.bounds = 0, num_words - 1, "uniform"
        y = Data((UNKNOWN_DIM,), "int64", origin, min_value=0, max_value=1, bounds="exact")
        result.append((x, y))
    return tuple(result)


def _train_test_split(args, kwargs, origin):
    """``sklearn.model_selection.train_test_split(*arrays)``: a train and a test part of each
    array, in that order; only the number of samples of each part is left unknown."""
    if not args or not all(isinstance(a, Data) and a.shape for a in args):
        return UNKNOWN
    parts: list[Any] = []
    for a in args:
        for _ in range(2):
            part = a.derived((UNKNOWN_DIM, *a.shape[1:]), origin)
            parts.append(part if a.bounds in ("uniform", "at_most") else part.without_bounds())
    return parts


FUNCTIONS: dict[str, Any] = {
    "keras.datasets.mnist.load_data": _image_dataset(60000, 10000, (28, 28), (), 10),
    "keras.datasets.fashion_mnist.load_data": _image_dataset(60000, 10000, (28, 28), (), 10),
    "keras.datasets.cifar10.load_data": _image_dataset(50000, 10000, (32, 32, 3), (1,), 10),
    "keras.datasets.cifar100.load_data": _image_dataset(50000, 10000, (32, 32, 3), (1,), 100),
    "keras.datasets.imdb.load_data": _imdb,
    "sklearn.model_selection.train_test_split": _train_test_split,
    "keras.utils.to_categorical": _to_categorical,
    "keras.utils.pad_sequences": _pad_sequences,
}

