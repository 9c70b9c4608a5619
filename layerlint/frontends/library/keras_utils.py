"""Keras' numpy utilities: ``keras.utils.to_categorical`` and ``keras.utils.pad_sequences``.

Every spelling (``keras.utils.np_utils.to_categorical``, ``tf.keras.utils``, ``tf_keras.utils``,
``keras.preprocessing.sequence.pad_sequences``) is canonicalised before the lookup (names.py).
Pinned against real Keras 3 and tf_keras by tests/test_keras_utils.py.
"""

from __future__ import annotations

import math
from typing import Any

from ...shapes import UNKNOWN_DIM
from ..arrays import MAX_LITERAL_ELEMENTS, dtype_name, from_literal, is_int_dtype
from ..values import Data, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import known, size_of

# `to_categorical(y)` without num_classes takes max(y) + 1: for random labels we rely on the
# top label being drawn only when missing it is this unlikely.
MISS_PROBABILITY = 1e-9


def top_value_drawn(data: Data) -> bool:
    """Whether uniformly drawn integers certainly (up to MISS_PROBABILITY) reach their bound."""
    choices = data.extra.get("draws")
    if not choices or data.shape is None or data.bounds != "uniform":
        return False
    n = size_of(data.shape)
    if not isinstance(n, int) or n == 0:
        return False
    return choices == 1 or n * math.log1p(-1 / choices) < math.log(MISS_PROBABILITY)


def _labels(value: Any, a: Bound) -> Data:
    if isinstance(value, (list, tuple)):
        value = from_literal(value, a.origin)
    if isinstance(value, bool) or isinstance(value, int):
        return Data((), "int64", a.origin, min_value=int(value), max_value=int(value),
                    bounds="exact")
    if not isinstance(value, Data) or value.shape is None:
        raise Unmodelled("to_categorical of labels of unknown rank")
    return value


@library_function("keras.utils.to_categorical", "x=None, num_classes=None, dtype=None, *, y=None")
def to_categorical(a: Bound) -> Data:
    """``np.array(x, "int64")``, a trailing axis of 1 dropped (rank > 1), one column per class;
    ``num_classes`` falsy: ``max(x) + 1``. Keras 3 returns float64 and takes no ``dtype``;
    tf_keras 2 takes ``dtype`` (default float32): the dtype is the one asked for, else Keras 3's."""
    labels = _labels(a.y if a.x is None else a.x, a)
    shape = labels.shape
    assert shape is not None
    if shape and len(shape) > 1:
        if not known(shape[-1]):
            raise Unmodelled("to_categorical: whether the last axis is 1 is unknown")
        if shape[-1] == 1:
            shape = shape[:-1]
    num_classes = a.num_classes
    exact = labels.bounds == "exact" or top_value_drawn(labels)
    if not num_classes:  # None or 0: from the data
        if labels.max_value is None or not exact:
            raise Unmodelled("to_categorical: the largest label is not certain")
        num_classes = int(labels.max_value) + 1
    classes = as_int(num_classes)
    if classes is None:
        raise Unmodelled("to_categorical(num_classes=?)")
    if exact and labels.max_value is not None and size_of(labels.shape) != 0 and (
            labels.max_value >= classes or
            labels.min_value is not None and labels.min_value < -classes):
        # numpy's fancy assignment past the last column; its message names the first such label
        # in the array's order, which the bounds do not say.
        raise LibraryError("IndexError", None)
    if classes < 0:
        raise LibraryError("ValueError", "negative dimensions are not allowed")
    dtype = "float64" if a.dtype is None else dtype_name(a.dtype)
    return Data((*shape, classes), dtype, a.origin)


# --- pad_sequences ------------------------------------------------------------------------------


def _literal_sequences(a: Bound, maxlen: int | None, dtype: str | None) -> Data:
    sequences = a.sequences
    if not all(isinstance(s, (list, tuple)) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in s)
            for s in sequences):
        raise Unmodelled("pad_sequences of sequences that are not lists of numbers")
    lengths = [len(s) for s in sequences]
    if maxlen is None:
        if not lengths:
            raise LibraryError("ValueError", None)  # np.max of no lengths
        maxlen = max(lengths)
    if maxlen <= 0:
        raise Unmodelled("pad_sequences(maxlen=0)")  # s[-0:] keeps everything: numpy fails
    data = Data((len(sequences), maxlen), dtype, a.origin)
    value = a.value
    if not is_int_dtype(dtype) or not isinstance(value, (int, float)) or isinstance(value, bool):
        return data
    kept: list[float] = []
    zero_token = False
    for s in sequences:
        cut = list(s[-maxlen:] if a.truncating == "pre" else s[:maxlen])
        kept.extend(cut)
        zero_token = zero_token or any(v == 0 for v in cut)
        if len(cut) < maxlen:
            kept.append(value)
    if kept and sum(lengths) <= MAX_LITERAL_ELEMENTS:
        data.min_value, data.max_value = int(min(kept)), int(max(kept))
        data.bounds = "exact"
    if zero_token:
        data.extra = {**data.extra, "zero_token": True}  # a real 0 token, not padding
    return data


def _padded_bounds(data: Data, sequences: Data, value: Any) -> None:
    """Token ids padded with ``value``: bounds of both (the ids' own bound may not be reached)."""
    if sequences.max_value is None or sequences.min_value is None or \
            not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    data.min_value = int(min(value, sequences.min_value))
    data.max_value = int(max(value, sequences.max_value))
    data.bounds = "at_most" if sequences.bounds == "at_most" and \
        sequences.max_value > value else "uniform"


@library_function("keras.utils.pad_sequences",
                  "sequences, maxlen=None, dtype='int32', padding='pre', truncating='pre', "
                  "value=0.0")
def pad_sequences(a: Bound) -> Data:
    """``(len(sequences), maxlen)`` plus the sample shape of the first non-empty sequence;
    ``maxlen=None``: the longest sequence."""
    if a.maxlen is not None and as_int(a.maxlen) is None:
        raise Unmodelled("pad_sequences(maxlen=?)")
    maxlen = as_int(a.maxlen)
    dtype = dtype_name(a.dtype) if isinstance(a.dtype, str) or a.dtype is not None else None
    if a.padding not in ("pre", "post") or a.truncating not in ("pre", "post"):
        raise Unmodelled("pad_sequences: a padding or truncating mode that is not known")
    if isinstance(a.value, str) and dtype not in ("object", "str"):
        raise Unmodelled("pad_sequences: a string padding value")
    sequences = a.sequences
    if isinstance(sequences, (list, tuple)):
        return _literal_sequences(a, maxlen, dtype)
    if not isinstance(sequences, Data):
        raise Unmodelled("pad_sequences of sequences that are not known")
    shape = sequences.shape
    if sequences.extra.get("sequences") and (shape is None or len(shape) == 1):
        # Token-id lists (imdb, Tokenizer.texts_to_sequences): one row per sequence.
        count = shape[0] if shape else sequences.extra.get("count", UNKNOWN_DIM)
        data = Data((count, UNKNOWN_DIM if maxlen is None else maxlen), dtype, a.origin)
        _padded_bounds(data, sequences, a.value)
        return data
    if shape is None:
        raise Unmodelled("pad_sequences of an array of unknown rank")
    if len(shape) < 2 or sequences.ragged:
        raise Unmodelled("pad_sequences of an array that is not a batch of sequences")
    if maxlen is None:
        if shape[0] == 0:
            raise LibraryError("ValueError", None)
        length = shape[1]
    else:
        length = maxlen
    data = Data((shape[0], length, *shape[2:]), dtype, a.origin)
    if not (is_int_dtype(dtype) and is_int_dtype(sequences.dtype)) or \
            sequences.max_value is None:
        return data
    if length == shape[1]:  # nothing cut, nothing padded: the same values
        data.min_value, data.max_value = sequences.min_value, sequences.max_value
        data.bounds = sequences.bounds
    else:  # a cut may drop the extreme values
        _padded_bounds(data, sequences, a.value)
        data.bounds = "at_most" if data.max_value is not None else None
    return data
