"""Shapes of numpy arrays a script builds plainly: constructors, random data, reshape, slicing.

Each function takes already-evaluated arguments and returns a :class:`Data`, a plain value, or
UNKNOWN. A shape is never guessed: when any part is not plain, the answer is UNKNOWN (or a
symbolic dimension when only that dimension's value is unknown).
"""

from __future__ import annotations

import ast
import math
from typing import Any

from ..ir import UNKNOWN, Span
from ..shapes import UNKNOWN_DIM, Dim
from .text_data import texts_of_array
from .values import ANY_NUMBER, Data, Ref, Sym, as_int, is_plain, is_unknown

Dims = tuple[Dim, ...]

MAX_LITERAL_ELEMENTS = 1_000_000

_DTYPE_ALIASES = {
    "int": "int64",
    "float": "float64",
    "double": "float64",
    "bool": "bool",
    "complex": "complex128",
    "long": "int64",
    "half": "float16",
    "single": "float32",
    "str": "str",
    "object": "object",
}
_DTYPES = {
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "bfloat16", "bool", "complex64", "complex128",
    "str", "object",
}  # fmt: skip


def dtype_name(value: Any) -> str | None:
    """``"float32"``, ``np.float32``, ``float``, ``tf.float32`` → a numpy dtype name."""
    if isinstance(value, Ref):
        value = value.qualname.rsplit(".", 1)[-1]
        value = {"bool_": "bool", "float_": "float64", "int_": "int64"}.get(value, value)
    if not isinstance(value, str):
        return None
    value = _DTYPE_ALIASES.get(value, value)
    return value if value in _DTYPES else None


def is_int_dtype(dtype: str | None) -> bool:
    return dtype is not None and dtype.startswith(("int", "uint"))


def is_float_dtype(dtype: str | None) -> bool:
    return dtype is not None and dtype.startswith(("float", "bfloat"))


# --- dimensions from arguments ------------------------------------------------------------------


def dim(value: Any) -> Dim | bool:
    """One dimension from a value: an int, a symbolic name, "?" or False (not a dimension)."""
    n = as_int(value)
    if n is not None:
        return n if n >= 0 else False
    if isinstance(value, Sym):
        return value.name
    if value is ANY_NUMBER or value is UNKNOWN:
        return UNKNOWN_DIM
    return False


def shape_arg(value: Any) -> Dims | None:
    """A shape argument: an int or a sequence of ints (``np.zeros((3, 4))``, ``size=10``)."""
    if isinstance(value, (tuple, list)):
        dims = [dim(v) for v in value]
        if any(d is False for d in dims):
            return None
        return tuple(dims)  # type: ignore[arg-type]
    n = as_int(value)
    if n is not None and n >= 0:
        return (n,)
    return None


def vararg_dims(args: list[Any]) -> Dims | None:
    """``rand(d0, d1, ...)``: each argument is one dimension."""
    dims = [dim(v) for v in args]
    if any(d is False for d in dims):
        return None
    return tuple(dims)  # type: ignore[arg-type]


def size(shape: Dims) -> Dim:
    if all(isinstance(d, int) for d in shape):
        return math.prod(shape)  # type: ignore[arg-type]
    return UNKNOWN_DIM


def as_value(d: Dim) -> Any:
    """A dimension read back as a value (``x.shape[0]``)."""
    if isinstance(d, int):
        return d
    if isinstance(d, str) and d != UNKNOWN_DIM:
        return Sym(d)
    return ANY_NUMBER


# --- literals ----------------------------------------------------------------------------------


def from_literal(value: Any, origin: Span | None, dtype: Any = None) -> Data | Any:
    """``np.array([[1, 2], [3, 4]])``: shape, dtype and exact bounds of nested literal lists."""
    if isinstance(value, Data):
        return value.derived(value.shape, origin, dtype=dtype_name(dtype) or value.dtype)
    if not isinstance(value, (list, tuple)):
        return UNKNOWN
    leaves: list[Any] = []
    shape = _literal_shape(value, leaves, 0)
    if shape is None:
        return UNKNOWN
    if shape == "ragged":
        return Data(None, "object", origin, ragged=True)
    if any(isinstance(leaf, Data) for leaf in leaves):
        return _stack_literal(value, leaves, shape, origin)
    if any(is_unknown(leaf) and leaf is not ANY_NUMBER for leaf in leaves):
        return UNKNOWN  # an unknown element might itself be a sequence
    numbers = [v for v in leaves if isinstance(v, (bool, int, float))]
    kind = dtype_name(dtype)
    if kind is None:
        if any(isinstance(v, str) for v in leaves):
            kind = "str"
        elif any(isinstance(v, float) or v is ANY_NUMBER for v in leaves):
            kind = "float64"
        elif leaves and all(isinstance(v, bool) for v in leaves):
            kind = "bool"
        else:
            kind = "int64" if leaves else "float64"
    data = Data(tuple(shape), kind, origin)
    if kind == "str":
        texts = texts_of_array(leaves, shape)
        if texts is not None:  # kept for TextVectorization (text_data.py)
            data.extra = {"texts": texts}
    if numbers and len(numbers) == len(leaves) and is_int_dtype(kind):
        ints = [int(v) for v in numbers]
        data.max_value, data.min_value, data.bounds = max(ints), min(ints), "exact"
    return data


def _literal_shape(value: Any, leaves: list[Any], depth: int) -> list[Dim] | str | None:
    if depth > 32 or len(leaves) > MAX_LITERAL_ELEMENTS:
        return None
    if not isinstance(value, (list, tuple)):
        leaves.append(value)
        return []
    shapes = [_literal_shape(v, leaves, depth + 1) for v in value]
    if any(s is None for s in shapes):
        return None
    if any(s == "ragged" for s in shapes):
        return "ragged"
    if shapes and any(s != shapes[0] for s in shapes):
        return "ragged"
    inner = shapes[0] if shapes else []
    return [len(value)] + list(inner)  # type: ignore[arg-type]


def _stack_literal(value: Any, leaves: list[Any], shape: list, origin: Span | None) -> Any:
    """``np.array([a, b])`` of arrays of the same known shape."""
    if not all(isinstance(leaf, Data) and leaf.shape is not None for leaf in leaves):
        return UNKNOWN
    first = leaves[0].shape
    if any(leaf.shape != first for leaf in leaves):
        return UNKNOWN
    dtypes = {leaf.dtype for leaf in leaves}
    return Data(tuple(shape) + first, dtypes.pop() if len(dtypes) == 1 else None, origin)


# --- numpy functions ---------------------------------------------------------------------------


def _get(args: list[Any], kwargs: dict[str, Any], index: int, name: str, default: Any = None):
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


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
    size_ = _get(args, kwargs, 0, "size")
    if size_ is None:
        return ANY_NUMBER
    return _random(shape_arg(size_), "float64", origin)


def _randint(args, kwargs, origin):
    low = _get(args, kwargs, 0, "low")
    high = _get(args, kwargs, 1, "high")
    size_ = _get(args, kwargs, 2, "size")
    dtype = dtype_name(_get(args, kwargs, 3, "dtype", "int64")) or "int64"
    if size_ is None:
        return ANY_NUMBER
    if high is None:
        low, high = 0, low
    return _int_bounds(_random(shape_arg(size_), dtype, origin), low, high)


def _distribution(position: int):
    """uniform(low, high, size) / normal(loc, scale, size): size is argument ``position``."""

    def make(args, kwargs, origin):
        size_ = _get(args, kwargs, position, "size")
        if size_ is None:
            return ANY_NUMBER
        return _random(shape_arg(size_), "float64", origin)

    return make


def _choice(args, kwargs, origin):
    a = _get(args, kwargs, 0, "a")
    size_ = _get(args, kwargs, 1, "size")
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
    x = _get(args, kwargs, 0, "x")
    n = as_int(x)
    if n is not None:
        return _int_bounds(_random((n,), "int64", origin), 0, n)
    if isinstance(x, Data):
        return x.derived(x.shape, origin)
    return UNKNOWN


def _filled(fill: Any):
    def make(args, kwargs, origin):
        shape = shape_arg(_get(args, kwargs, 0, "shape"))
        if shape is None:
            return UNKNOWN
        if fill == "full":
            value = _get(args, kwargs, 1, "fill_value")
            dtype = dtype_name(_get(args, kwargs, 2, "dtype"))
            if dtype is None:
                dtype = _scalar_dtype(value)
        else:
            value = fill
            dtype = dtype_name(_get(args, kwargs, 1, "dtype", "float64"))
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
        a = _get(args, kwargs, 0, "a")
        if isinstance(a, (list, tuple)):
            a = from_literal(a, origin)
        if not isinstance(a, Data) or a.shape is None:
            return UNKNOWN
        if fill == "full":
            value = _get(args, kwargs, 1, "fill_value")
            dtype = dtype_name(_get(args, kwargs, 2, "dtype")) or a.dtype
        else:
            value = fill
            dtype = dtype_name(_get(args, kwargs, 1, "dtype")) or a.dtype
        return _constant_bounds(Data(a.shape, dtype, origin), value)

    return make


def _array(args, kwargs, origin):
    return from_literal(_get(args, kwargs, 0, "object"), origin, _get(args, kwargs, 1, "dtype"))


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
    num = _get(args, kwargs, 2, "num", 50)
    shape = shape_arg(num)
    return UNKNOWN if shape is None or len(shape) != 1 else Data(shape, "float64", origin)


def _eye(args, kwargs, origin):
    n = dim(_get(args, kwargs, 0, "N"))
    m = _get(args, kwargs, 1, "M")
    m = n if m is None else dim(m)
    if n is False or m is False:
        return UNKNOWN
    return Data((n, m), dtype_name(kwargs.get("dtype", "float64")), origin)


def _np_reshape(args, kwargs, origin):
    a = _array_arg(_get(args, kwargs, 0, "a"), origin)
    new = _get(args, kwargs, 1, "newshape", kwargs.get("shape"))
    return reshape(a, [new], origin) if isinstance(a, Data) else UNKNOWN


def _np_expand_dims(args, kwargs, origin):
    a = _array_arg(_get(args, kwargs, 0, "a"), origin)
    return expand_dims(a, _get(args, kwargs, 1, "axis"), origin) if isinstance(a, Data) else UNKNOWN


def _np_squeeze(args, kwargs, origin):
    a = _array_arg(_get(args, kwargs, 0, "a"), origin)
    return squeeze(a, _get(args, kwargs, 1, "axis"), origin) if isinstance(a, Data) else UNKNOWN


def _np_transpose(args, kwargs, origin):
    a = _array_arg(_get(args, kwargs, 0, "a"), origin)
    return transpose(a, _get(args, kwargs, 1, "axes"), origin) if isinstance(a, Data) else UNKNOWN


def _array_arg(value: Any, origin: Span) -> Any:
    if isinstance(value, (list, tuple)):
        return from_literal(value, origin)
    return value


def _sliding_window_view(args, kwargs, origin):
    """``sliding_window_view(x, k)``: the windowed axes shrink by k - 1, windows go last."""
    x = _array_arg(_get(args, kwargs, 0, "x"), origin)
    window = _get(args, kwargs, 1, "window_shape")
    axis = _get(args, kwargs, 2, "axis")
    if not isinstance(x, Data) or x.shape is None:
        return UNKNOWN
    windows = list(window) if isinstance(window, (tuple, list)) else [window]
    sizes = [as_int(w) for w in windows]
    if axis is None:
        axes: list[Any] = list(range(len(x.shape)))
    else:
        axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    positions = [_axis(a, len(x.shape)) for a in axes]
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
        seq = _get(args, kwargs, 0, "arrays")
        axis = as_int(_get(args, kwargs, 1, "axis", 0))
        if not isinstance(seq, (list, tuple)) or not seq or axis is None:
            return UNKNOWN
        arrays = [_array_arg(a, origin) for a in seq]
        if not all(isinstance(a, Data) and a.shape is not None for a in arrays):
            return UNKNOWN
        return join(arrays, axis, stack, origin)

    return make


def _vhstack(axis_for_1d: int, axis: int):
    def make(args, kwargs, origin):
        seq = _get(args, kwargs, 0, "tup")
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
        a = _array_arg(_get(args, kwargs, 0, "x"), origin)
        if not isinstance(a, Data):
            return ANY_NUMBER if isinstance(a, (int, float)) or a is ANY_NUMBER else UNKNOWN
        dtype = a.dtype
        if not is_float_dtype(dtype) and result != "same":
            dtype = "float64" if result == "float" else None
        return a.derived(a.shape, origin, dtype=dtype).without_bounds()

    return make


def _reduction(name: str):
    def make(args, kwargs, origin):
        a = _array_arg(_get(args, kwargs, 0, "a"), origin)
        if not isinstance(a, Data):
            return UNKNOWN
        rest = args[1:]
        return reduce(a, name, rest, kwargs, origin)

    return make


def _to_categorical(args, kwargs, origin):
    y = _array_arg(_get(args, kwargs, 0, "x"), origin)
    num_classes = _get(args, kwargs, 1, "num_classes")
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
    sequences = _get(args, kwargs, 0, "sequences")
    maxlen = _get(args, kwargs, 1, "maxlen")
    dtype = dtype_name(_get(args, kwargs, 2, "dtype", "int32"))
    padding = _get(args, kwargs, 3, "padding", "pre")
    truncating = _get(args, kwargs, 4, "truncating", "pre")
    value = _get(args, kwargs, 5, "value", 0.0)
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
        coarse = classes == 100 and _get(args, kwargs, 0, "label_mode", "fine") == "coarse"
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


# --- operations on arrays ----------------------------------------------------------------------


def reshape(data: Data, args: list[Any], origin: Span) -> Data | Any:
    """``x.reshape(a, b)`` / ``x.reshape((a, b))`` with at most one -1."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = list(args[0])
    elif len(args) == 1 and as_int(args[0]) is not None:
        args = [args[0]]
    if not args:
        return UNKNOWN
    target: list[Dim] = []
    inferred = None
    for i, v in enumerate(args):
        n = as_int(v)
        if n == -1 and inferred is None:
            inferred = i
            target.append(UNKNOWN_DIM)
            continue
        d = dim(v)
        if d is False:
            return UNKNOWN
        target.append(d)  # type: ignore[arg-type]
    if inferred is not None and data.shape is not None:
        total = size(data.shape)
        rest = size(tuple(d for i, d in enumerate(target) if i != inferred))
        if isinstance(total, int) and isinstance(rest, int) and rest > 0:
            if total % rest:
                return UNKNOWN  # numpy raises here; nothing to say about the shape
            target[inferred] = total // rest
    if data.shape is not None:
        total, new = size(data.shape), size(tuple(target))
        if isinstance(total, int) and isinstance(new, int) and total != new:
            return UNKNOWN
    return data.derived(tuple(target), origin)


def _axis(axis: Any, ndim: int) -> int | None:
    n = as_int(axis)
    if n is None or not -ndim <= n < ndim:
        return None
    return n % ndim


def expand_dims(data: Data, axis: Any, origin: Span) -> Data | Any:
    if data.shape is None:
        return UNKNOWN
    axes = axis if isinstance(axis, (tuple, list)) else [axis]
    ndim = len(data.shape) + len(axes)
    positions = [_axis(a, ndim) for a in axes]
    if any(p is None for p in positions) or len(set(positions)) != len(positions):
        return UNKNOWN
    dims = iter(data.shape)
    shape = tuple(1 if i in positions else next(dims) for i in range(ndim))
    return data.derived(shape, origin)


def squeeze(data: Data, axis: Any, origin: Span) -> Data | Any:
    if data.shape is None:
        return UNKNOWN
    if axis is None:
        if any(not isinstance(d, int) for d in data.shape):
            return UNKNOWN
        return data.derived(tuple(d for d in data.shape if d != 1), origin)
    axes = axis if isinstance(axis, (tuple, list)) else [axis]
    positions = {_axis(a, len(data.shape)) for a in axes}
    if None in positions or any(data.shape[p] not in (1,) for p in positions):  # type: ignore
        return UNKNOWN
    return data.derived(tuple(d for i, d in enumerate(data.shape) if i not in positions), origin)


def transpose(data: Data, axes: Any, origin: Span) -> Data | Any:
    if data.shape is None:
        return UNKNOWN
    if axes is None:
        return data.derived(tuple(reversed(data.shape)), origin)
    if not isinstance(axes, (tuple, list)) or len(axes) != len(data.shape):
        return UNKNOWN
    positions = [_axis(a, len(data.shape)) for a in axes]
    if None in positions or len(set(positions)) != len(positions):
        return UNKNOWN
    return data.derived(tuple(data.shape[p] for p in positions), origin)  # type: ignore[index]


def join(arrays: list[Data], axis: int, stack: bool, origin: Span) -> Data | Any:
    shapes = [a.shape for a in arrays]
    first = shapes[0]
    assert first is not None
    ndim = len(first) + (1 if stack else 0)
    position = _axis(axis, ndim)
    if position is None or any(s is None or len(s) != len(first) for s in shapes):
        return UNKNOWN
    dtypes = {a.dtype for a in arrays}
    dtype = dtypes.pop() if len(dtypes) == 1 else None
    if stack:
        if any(s != first for s in shapes):
            return UNKNOWN
        shape = first[:position] + (len(arrays),) + first[position:]
        return Data(shape, dtype, origin)
    others = [tuple(d for i, d in enumerate(s) if i != position) for s in shapes]  # type: ignore
    if any(o != others[0] for o in others):
        return UNKNOWN
    along = [s[position] for s in shapes]  # type: ignore[index]
    total = sum(along) if all(isinstance(d, int) for d in along) else UNKNOWN_DIM  # type: ignore
    return Data(first[:position] + (total,) + first[position + 1 :], dtype, origin)


def reduce(data: Data, name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """``x.mean()``, ``x.argmax(axis=-1)``, ``np.sum(x, axis=0, keepdims=True)``."""
    axis = args[0] if args else kwargs.get("axis")
    keepdims = kwargs.get("keepdims", False)
    if keepdims not in (True, False) or data.shape is None:
        return UNKNOWN if data.shape is None and axis is not None else ANY_NUMBER
    dtype = data.dtype
    if name in ("argmax", "argmin"):
        dtype = "int64"
    elif name in ("mean", "std", "var") and not is_float_dtype(dtype):
        dtype = "float64"
    if axis is None:
        if keepdims:
            return Data(tuple(1 for _ in data.shape), dtype, origin)
        return ANY_NUMBER
    axes = axis if isinstance(axis, (tuple, list)) else [axis]
    positions = {_axis(a, len(data.shape)) for a in axes}
    if None in positions:
        return UNKNOWN
    if keepdims:
        shape = tuple(1 if i in positions else d for i, d in enumerate(data.shape))
    else:
        shape = tuple(d for i, d in enumerate(data.shape) if i not in positions)
    result = Data(shape, dtype, origin)
    if name in ("argmax", "argmin") and len(positions) == 1:
        n = data.shape[next(iter(positions))]  # type: ignore[call-overload]
        if isinstance(n, int) and n > 0:
            result.min_value, result.max_value, result.bounds = 0, n - 1, "uniform"
    return result


def index(data: Data, key: Any, origin: Span) -> Data | Any:
    """Basic numpy indexing: ints, slices with known bounds, None/np.newaxis, Ellipsis."""
    if data.shape is None:
        return UNKNOWN
    items = list(key) if isinstance(key, tuple) else [key]
    if sum(1 for k in items if k is Ellipsis) > 1:
        return UNKNOWN
    consumed = sum(1 for k in items if k is not None and k is not Ellipsis)
    if consumed > len(data.shape):
        return UNKNOWN
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items[at : at + 1] = [slice(None)] * (len(data.shape) - consumed)
    else:
        items += [slice(None)] * (len(data.shape) - consumed)
    shape: list[Dim] = []
    dims = iter(data.shape)
    keep_bounds = True
    for k in items:
        if k is None:
            shape.append(1)
            continue
        d = next(dims)
        if isinstance(k, bool) or not isinstance(k, (int, slice)):
            return UNKNOWN
        if isinstance(k, int):
            if isinstance(d, int) and not -d <= k < d:
                return UNKNOWN
            keep_bounds = keep_bounds and data.bounds in ("uniform", "at_most")
            continue
        parts = (k.start, k.stop, k.step)
        if not all(p is None or isinstance(p, int) or is_unknown(p) for p in parts):
            return UNKNOWN
        if any(is_unknown(p) for p in parts):  # `x[:n_train]`: only this axis is unknown
            keep_bounds = keep_bounds and data.bounds in ("uniform", "at_most")
            shape.append(UNKNOWN_DIM)
            continue
        if k == slice(None):
            shape.append(d)
            continue
        keep_bounds = keep_bounds and data.bounds in ("uniform", "at_most")
        if not isinstance(d, int) or k.step == 0:
            shape.append(UNKNOWN_DIM)
            continue
        shape.append(len(range(*k.indices(d))))
    result = data.derived(tuple(shape), origin)
    return result if keep_bounds else result.without_bounds()


def attribute(data: Data, name: str, origin: Span) -> Any:
    if name == "shape":
        return UNKNOWN if data.shape is None else tuple(as_value(d) for d in data.shape)
    if name == "ndim":
        return UNKNOWN if data.shape is None else len(data.shape)
    if name == "size":
        return UNKNOWN if data.shape is None else as_value(size(data.shape))
    if name == "T":
        return transpose(data, None, origin)
    if name == "dtype":
        return data.dtype if data.dtype else UNKNOWN
    return UNKNOWN


def method(data: Data, name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    try:
        return _method(data, name, args, kwargs, origin)
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError):
        return UNKNOWN


def _method(data: Data, name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    if name == "reshape":
        if not args and "shape" in kwargs:
            args = [kwargs["shape"]]
        return reshape(data, args, origin)
    if name == "astype":
        dtype = dtype_name(_get(args, kwargs, 0, "dtype"))
        return data.derived(data.shape, origin, dtype=dtype)
    if name in ("flatten", "ravel"):
        return UNKNOWN if data.shape is None else data.derived((size(data.shape),), origin)
    if name == "squeeze":
        return squeeze(data, _get(args, kwargs, 0, "axis"), origin)
    if name == "transpose":
        axes = args[0] if len(args) == 1 else (tuple(args) if args else kwargs.get("axes"))
        return transpose(data, axes, origin)
    if name == "swapaxes" and len(args) == 2 and data.shape is not None:
        a, b = (_axis(v, len(data.shape)) for v in args)
        if a is None or b is None:
            return UNKNOWN
        shape = list(data.shape)
        shape[a], shape[b] = shape[b], shape[a]
        return data.derived(tuple(shape), origin)
    if name == "copy":
        return data.derived(data.shape, origin)
    if name in ("mean", "sum", "std", "var", "max", "min", "argmax", "argmin"):
        return reduce(data, name, args, kwargs, origin)
    if name == "tolist":
        return UNKNOWN
    return UNKNOWN


def rng_method(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Methods of ``np.random.default_rng()``."""
    try:
        if name in ("random", "standard_normal"):
            return _random_size(args, kwargs, origin)
        if name in ("normal", "uniform"):
            return _distribution(2)(args, kwargs, origin)
        if name == "integers":
            low = _get(args, kwargs, 0, "low")
            high = _get(args, kwargs, 1, "high")
            size_ = _get(args, kwargs, 2, "size")
            if size_ is None:
                return ANY_NUMBER
            if high is None:
                low, high = 0, low
            return _int_bounds(_random(shape_arg(size_), "int64", origin), low, high)
    except (TypeError, ValueError, ArithmeticError):
        return UNKNOWN
    return UNKNOWN


# --- arithmetic with arrays --------------------------------------------------------------------


def broadcast(a: tuple[Dim, ...], b: tuple[Dim, ...]) -> tuple[Dim, ...] | None:
    """numpy broadcasting of two shapes, None when the result is not certain."""
    result: list[Dim] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == y:
            result.append(x)
        elif x == 1:
            result.append(y)
        elif y == 1:
            result.append(x)
        else:
            return None  # different known sizes (numpy raises) or an unknown one
    return tuple(reversed(result))


def arithmetic(op: ast.operator | str, left: Any, right: Any, origin: Span) -> Any:
    """``x / 255.0``, ``x - x.mean(axis=0)``, ``(y > 0.5)``: elementwise, with broadcasting."""
    a = _operand(left, origin)
    b = _operand(right, origin)
    if a is None or b is None:
        return UNKNOWN
    shape_a = a.shape if isinstance(a, Data) else ()
    shape_b = b.shape if isinstance(b, Data) else ()
    if shape_a is None or shape_b is None:
        return UNKNOWN
    shape = broadcast(shape_a, shape_b)
    if shape is None:
        return UNKNOWN
    if op == "compare":
        dtype: str | None = "bool"
    else:
        dtype = _result_dtype(op, a, b)
    return Data(shape, dtype, origin)


def _operand(value: Any, origin: Span) -> Data | str | None:
    """An array, or the kind of a scalar ("int", "float"), or None if unusable."""
    if isinstance(value, Data):
        return value
    if isinstance(value, int):  # bool included
        return "int"
    if isinstance(value, float) or value is ANY_NUMBER:
        return "float"
    if isinstance(value, (list, tuple)) and is_plain(value):
        data = from_literal(value, origin)
        return data if isinstance(data, Data) else None
    return None


_FLOAT_RANK = {"bfloat16": 0, "float16": 1, "float32": 2, "float64": 3}


def _result_dtype(op: Any, a: Data | str, b: Data | str) -> str | None:
    """numpy 2 promotion, simplified: Python scalars are weak, true division gives floats."""
    operands = [x.dtype if isinstance(x, Data) else x for x in (a, b)]
    if any(d is None for d in operands):
        return None
    arrays = [d for d, x in zip(operands, (a, b)) if isinstance(x, Data)]
    if any(d not in _FLOAT_RANK and not is_int_dtype(d) and d != "bool" for d in arrays):
        return None
    floats = [d for d in arrays if d in _FLOAT_RANK]
    if floats:
        return max(floats, key=_FLOAT_RANK.__getitem__)
    if isinstance(op, ast.Div) or "float" in operands:
        return "float64"
    ints = [d for d in arrays if is_int_dtype(d)]
    return ints[0] if ints else "int64"
