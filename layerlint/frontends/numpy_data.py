"""Shapes of numpy arrays a script builds plainly: constructors, random data, joins, keras
dataset loaders and utilities (to_categorical, pad_sequences, train_test_split).

Each function takes already-evaluated arguments and returns a :class:`Data`, a plain value, or
UNKNOWN. A shape is never guessed: when any part is not plain, the answer is UNKNOWN (or a
symbolic dimension when only that dimension's value is unknown). Operations on arrays live in
array_ops.py, dtypes, dimensions and literals in arrays.py.
"""

from __future__ import annotations

import math
from typing import Any

from ..ir import UNKNOWN, Span
from ..shapes import UNKNOWN_DIM
from .array_ops import axis_index, expand_dims, join, reduce, reshape, squeeze, transpose
from .arrays import (
    MAX_LITERAL_ELEMENTS,
    Dims,
    argument,
    dim,
    dtype_name,
    from_literal,
    is_float_dtype,
    is_int_dtype,
    shape_arg,
    size,
    vararg_dims,
)
from .values import ANY_NUMBER, Data, as_int

# --- numpy functions ---------------------------------------------------------------------------


def _random(shape: Dims | None, dtype: str, origin: Span | None) -> Data | Any:
    return UNKNOWN if shape is None else Data(shape, dtype, origin)


def _int_bounds(data: Data | Any, low: Any, high: Any) -> Data | Any:
    """Integers drawn uniformly from [low, high): every element independently."""
    if isinstance(data, Data):
        lo, hi = as_int(low), as_int(high)
        if lo is not None and hi is not None and hi > lo:
            data.min_value, data.max_value, data.bounds = lo, hi - 1, "uniform"
            data.extra = {**data.extra, "draws": hi - lo}
    return data


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


def numpy_call(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Evaluate ``numpy.<name>(...)``; UNKNOWN for anything not modelled."""
    fn = FUNCTIONS.get(name)
    if fn is None:
        return UNKNOWN
    try:
        return fn(args, kwargs, origin)
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError):
        return UNKNOWN


def _rand(args, kwargs, origin):
    if not args:
        return ANY_NUMBER
    return _random(vararg_dims(args), "float64", origin)


def _random_size(args, kwargs, origin):
    size_ = argument(args, kwargs, 0, "size")
    if size_ is None:
        return ANY_NUMBER
    return _random(shape_arg(size_), "float64", origin)


def _randint(args, kwargs, origin):
    low = argument(args, kwargs, 0, "low")
    high = argument(args, kwargs, 1, "high")
    size_ = argument(args, kwargs, 2, "size")
    dtype = dtype_name(argument(args, kwargs, 3, "dtype", "int64")) or "int64"
    if size_ is None:
        return ANY_NUMBER
    if high is None:
        low, high = 0, low
    return _int_bounds(_random(shape_arg(size_), dtype, origin), low, high)


def _distribution(position: int):
    """uniform(low, high, size) / normal(loc, scale, size): size is argument ``position``."""

    def make(args, kwargs, origin):
        size_ = argument(args, kwargs, position, "size")
        if size_ is None:
            return ANY_NUMBER
        return _random(shape_arg(size_), "float64", origin)

    return make


def _choice(args, kwargs, origin):
    a = argument(args, kwargs, 0, "a")
    size_ = argument(args, kwargs, 1, "size")
    if size_ is None:
        return ANY_NUMBER
    data = _random(shape_arg(size_), "int64", origin)
    if isinstance(data, Data):
        n = as_int(a)
        if n is not None:
            return _int_bounds(data, 0, n)
        if isinstance(a, (list, tuple)) and a and all(isinstance(v, int) for v in a):
            return _int_bounds(data, min(a), max(a) + 1)
        if isinstance(a, (list, tuple)) and all(isinstance(v, (int, float)) for v in a):
            data.dtype = "float64"
            return data
        data.dtype = None
    return data


def _permutation(args, kwargs, origin):
    x = argument(args, kwargs, 0, "x")
    n = as_int(x)
    if n is not None:
        return _int_bounds(_random((n,), "int64", origin), 0, n)
    if isinstance(x, Data):
        return x.derived(x.shape, origin)
    return UNKNOWN


def _filled(fill: Any):
    def make(args, kwargs, origin):
        shape = shape_arg(argument(args, kwargs, 0, "shape"))
        if shape is None:
            return UNKNOWN
        if fill == "full":
            value = argument(args, kwargs, 1, "fill_value")
            dtype = dtype_name(argument(args, kwargs, 2, "dtype"))
            if dtype is None:
                dtype = _scalar_dtype(value)
        else:
            value = fill
            dtype = dtype_name(argument(args, kwargs, 1, "dtype", "float64"))
        data = Data(shape, dtype, origin)
        return _constant_bounds(data, value)

    return make


def _scalar_dtype(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return None


def _constant_bounds(data: Data, value: Any) -> Data:
    if is_int_dtype(data.dtype) and isinstance(value, (int, float)) and value == int(value):
        data.min_value = data.max_value = int(value)
        data.bounds = "uniform"
    return data


def _like(fill: Any):
    def make(args, kwargs, origin):
        a = argument(args, kwargs, 0, "a")
        if isinstance(a, (list, tuple)):
            a = from_literal(a, origin)
        if not isinstance(a, Data) or a.shape is None:
            return UNKNOWN
        if fill == "full":
            value = argument(args, kwargs, 1, "fill_value")
            dtype = dtype_name(argument(args, kwargs, 2, "dtype")) or a.dtype
        else:
            value = fill
            dtype = dtype_name(argument(args, kwargs, 1, "dtype")) or a.dtype
        return _constant_bounds(Data(a.shape, dtype, origin), value)

    return make


def _array(args, kwargs, origin):
    return from_literal(argument(args, kwargs, 0, "object"), origin, argument(args, kwargs, 1, "dtype"))


def _arange(args, kwargs, origin):
    dtype = dtype_name(kwargs.get("dtype"))
    values = list(args[:3])
    if not values and "stop" in kwargs:
        values = [kwargs.get("start", 0), kwargs["stop"], kwargs.get("step", 1)]
    if len(values) == 1:
        values = [0, values[0]]
    if len(values) == 2:
        values.append(1)
    start, stop, step = values
    if not all(isinstance(v, (int, float)) for v in values) or step == 0:
        return UNKNOWN
    n = max(0, math.ceil((stop - start) / step))
    if n > 2**40:
        return UNKNOWN
    integral = all(isinstance(v, int) for v in values)
    data = Data((n,), dtype or ("int64" if integral else "float64"), origin)
    if integral and n and is_int_dtype(data.dtype):
        last = start + (n - 1) * step
        data.min_value, data.max_value, data.bounds = min(start, last), max(start, last), "exact"
    return data


def _linspace(args, kwargs, origin):
    num = argument(args, kwargs, 2, "num", 50)
    shape = shape_arg(num)
    return UNKNOWN if shape is None or len(shape) != 1 else Data(shape, "float64", origin)


def _eye(args, kwargs, origin):
    n = dim(argument(args, kwargs, 0, "N"))
    m = argument(args, kwargs, 1, "M")
    m = n if m is None else dim(m)
    if n is False or m is False:
        return UNKNOWN
    return Data((n, m), dtype_name(kwargs.get("dtype", "float64")), origin)


def _np_reshape(args, kwargs, origin):
    a = _array_arg(argument(args, kwargs, 0, "a"), origin)
    new = argument(args, kwargs, 1, "newshape", kwargs.get("shape"))
    return reshape(a, [new], origin) if isinstance(a, Data) else UNKNOWN


def _np_expand_dims(args, kwargs, origin):
    a = _array_arg(argument(args, kwargs, 0, "a"), origin)
    return expand_dims(a, argument(args, kwargs, 1, "axis"), origin) if isinstance(a, Data) else UNKNOWN


def _np_squeeze(args, kwargs, origin):
    a = _array_arg(argument(args, kwargs, 0, "a"), origin)
    return squeeze(a, argument(args, kwargs, 1, "axis"), origin) if isinstance(a, Data) else UNKNOWN


def _np_transpose(args, kwargs, origin):
    a = _array_arg(argument(args, kwargs, 0, "a"), origin)
    return transpose(a, argument(args, kwargs, 1, "axes"), origin) if isinstance(a, Data) else UNKNOWN


def _array_arg(value: Any, origin: Span) -> Any:
    if isinstance(value, (list, tuple)):
        return from_literal(value, origin)
    return value


def _sliding_window_view(args, kwargs, origin):
    """``sliding_window_view(x, k)``: the windowed axes shrink by k - 1, windows go last."""
    x = _array_arg(argument(args, kwargs, 0, "x"), origin)
    window = argument(args, kwargs, 1, "window_shape")
    axis = argument(args, kwargs, 2, "axis")
    if not isinstance(x, Data) or x.shape is None:
        return UNKNOWN
    windows = list(window) if isinstance(window, (tuple, list)) else [window]
    sizes = [as_int(w) for w in windows]
    if axis is None:
        axes: list[Any] = list(range(len(x.shape)))
    else:
        axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    positions = [axis_index(a, len(x.shape)) for a in axes]
    if None in positions or None in sizes or len(sizes) != len(positions):
        return UNKNOWN
    shape = list(x.shape)
    for position, k in zip(positions, sizes):
        n = shape[position]  # type: ignore[index]
        if not isinstance(n, int) or k < 0 or n < k:  # type: ignore[operator]
            return UNKNOWN  # numpy raises for a window larger than the axis
        shape[position] = n - k + 1  # type: ignore[index, operator]
    return x.derived(tuple(shape) + tuple(sizes), origin)  # type: ignore[arg-type]


def _join(stack: bool):
    def make(args, kwargs, origin):
        seq = argument(args, kwargs, 0, "arrays")
        axis = as_int(argument(args, kwargs, 1, "axis", 0))
        if not isinstance(seq, (list, tuple)) or not seq or axis is None:
            return UNKNOWN
        arrays = [_array_arg(a, origin) for a in seq]
        if not all(isinstance(a, Data) and a.shape is not None for a in arrays):
            return UNKNOWN
        return join(arrays, axis, stack, origin)

    return make


def _vhstack(axis_for_1d: int, axis: int):
    def make(args, kwargs, origin):
        seq = argument(args, kwargs, 0, "tup")
        if not isinstance(seq, (list, tuple)) or not seq:
            return UNKNOWN
        arrays = [_array_arg(a, origin) for a in seq]
        if not all(isinstance(a, Data) and a.shape is not None for a in arrays):
            return UNKNOWN
        if all(len(a.shape) == 1 for a in arrays):  # type: ignore[arg-type]
            if axis_for_1d == -1:  # vstack of 1-D arrays stacks them as rows
                return join(arrays, 0, True, origin)
            return join(arrays, 0, False, origin)
        return join(arrays, axis, False, origin)

    return make


def _elementwise(result: str):
    """Same shape. ``result``: "float" (exp, log...), "same" dtype, or "version" (floor/ceil
    keep integers since numpy 2.1 and made floats before: unknown for integer input)."""

    def make(args, kwargs, origin):
        a = _array_arg(argument(args, kwargs, 0, "x"), origin)
        if not isinstance(a, Data):
            return ANY_NUMBER if isinstance(a, (int, float)) or a is ANY_NUMBER else UNKNOWN
        dtype = a.dtype
        if not is_float_dtype(dtype) and result != "same":
            dtype = "float64" if result == "float" else None
        return a.derived(a.shape, origin, dtype=dtype).without_bounds()

    return make


def _reduction(name: str):
    def make(args, kwargs, origin):
        a = _array_arg(argument(args, kwargs, 0, "a"), origin)
        if not isinstance(a, Data):
            return UNKNOWN
        rest = args[1:]
        return reduce(a, name, rest, kwargs, origin)

    return make


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
    "numpy.random.rand": _rand,
    "numpy.random.randn": _rand,
    "numpy.random.random": _random_size,
    "numpy.random.random_sample": _random_size,
    "numpy.random.ranf": _random_size,
    "numpy.random.sample": _random_size,
    "numpy.random.standard_normal": _random_size,
    "numpy.random.randint": _randint,
    "numpy.random.uniform": _distribution(2),
    "numpy.random.normal": _distribution(2),
    "numpy.random.choice": _choice,
    "numpy.random.permutation": _permutation,
    "numpy.zeros": _filled(0),
    "numpy.ones": _filled(1),
    "numpy.empty": _filled(None),
    "numpy.full": _filled("full"),
    "numpy.zeros_like": _like(0),
    "numpy.ones_like": _like(1),
    "numpy.empty_like": _like(None),
    "numpy.full_like": _like("full"),
    "numpy.array": _array,
    "numpy.asarray": _array,
    "numpy.asanyarray": _array,
    "numpy.ascontiguousarray": _array,
    "numpy.arange": _arange,
    "numpy.linspace": _linspace,
    "numpy.eye": _eye,
    "numpy.identity": _eye,
    "numpy.reshape": _np_reshape,
    "numpy.expand_dims": _np_expand_dims,
    "numpy.squeeze": _np_squeeze,
    "numpy.transpose": _np_transpose,
    "numpy.lib.stride_tricks.sliding_window_view": _sliding_window_view,
    "numpy.concatenate": _join(False),
    "numpy.stack": _join(True),
    "numpy.vstack": _vhstack(-1, 0),
    "numpy.hstack": _vhstack(0, 1),
    "keras.utils.to_categorical": _to_categorical,
    "keras.utils.pad_sequences": _pad_sequences,
}
for _name in ("exp", "log", "log1p", "sqrt", "sin", "cos", "tanh"):
    FUNCTIONS[f"numpy.{_name}"] = _elementwise("float")
for _name in ("abs", "round", "around", "clip", "copy", "square", "negative"):
    FUNCTIONS[f"numpy.{_name}"] = _elementwise("same")
for _name in ("floor", "ceil"):
    FUNCTIONS[f"numpy.{_name}"] = _elementwise("version")
for _name in ("mean", "sum", "std", "var", "max", "min", "argmax", "argmin"):
    FUNCTIONS[f"numpy.{_name}"] = _reduction(_name)


def rng_method(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Methods of ``np.random.default_rng()``."""
    try:
        if name in ("random", "standard_normal"):
            return _random_size(args, kwargs, origin)
        if name in ("normal", "uniform"):
            return _distribution(2)(args, kwargs, origin)
        if name == "integers":
            low = argument(args, kwargs, 0, "low")
            high = argument(args, kwargs, 1, "high")
            size_ = argument(args, kwargs, 2, "size")
            if size_ is None:
                return ANY_NUMBER
            if high is None:
                low, high = 0, low
            return _int_bounds(_random(shape_arg(size_), "int64", origin), low, high)
    except (TypeError, ValueError, ArithmeticError):
        return UNKNOWN
    return UNKNOWN
