"""Arrays as the front end knows them: dtype names, dimensions read from arguments, and
literal arrays (``np.array([[1, 2], [3, 4]])``). Shared by the numpy
catalogue (library/)."""

from __future__ import annotations

import math
from typing import Any

from ..ir import UNKNOWN, Span
from ..shapes import UNKNOWN_DIM, Dim
from .literals import holds
from .text_data import texts_of_array
from .values import ANY_NUMBER, Data, Ref, Repeated, Sym, as_int, is_unknown

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
    if isinstance(value, Repeated):
        return _repeated(value, origin, dtype)
    if not isinstance(value, (list, tuple)):
        return UNKNOWN
    leaves: list[Any] = []
    shape = _literal_shape(value, leaves, 0)
    if shape is None:
        return UNKNOWN
    if shape == "ragged":
        return Data(None, "object", origin, ragged=True)
    plain = _plain_numbers(leaves, shape, origin, dtype)
    if plain is not None:
        return plain
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
        try:
            ints = [int(v) for v in numbers]
        except (ValueError, OverflowError):  # nan or inf as an int
            return data
        data.max_value, data.min_value, data.bounds = max(ints), min(ints), "exact"
    return data


_NUMBER_TYPES = {int, float, bool}


def _plain_numbers(leaves: list[Any], shape: list, origin: Span | None, dtype: Any) -> Data | None:
    """The common case in one pass of C loops (a literal may hold a million numbers): every
    leaf a plain int, float or bool. None otherwise (the general rules below decide)."""
    types = set(map(type, leaves))
    if not types <= _NUMBER_TYPES:
        return None
    kind = dtype_name(dtype)
    if kind is None:
        kind = ("float64" if float in types or not leaves else
                "bool" if types == {bool} else "int64")
    data = Data(tuple(shape), kind, origin)
    if leaves and is_int_dtype(kind):
        try:
            ints = leaves if float not in types else [int(v) for v in leaves]
        except (ValueError, OverflowError):  # nan or inf as an int: numpy raises; no bounds
            return data
        data.max_value, data.min_value, data.bounds = int(max(ints)), int(min(ints)), "exact"
    return data
def _repeated(value: Repeated, origin: Span | None, dtype: Any) -> Data | Any:
    """``np.array(items)`` of a list built by a loop: the count, then the item's shape."""
    item = value.element
    if isinstance(item, Data) and item.shape is not None:
        shape, kind = item.shape, item.dtype
    elif isinstance(item, bool):
        shape, kind = (), "bool"
    elif isinstance(item, int):
        shape, kind = (), "int64"
    elif isinstance(item, float):
        shape, kind = (), "float64"
    elif item is ANY_NUMBER:
        shape, kind = (), None
    else:
        return UNKNOWN
    if dtype is not None:
        kind = dtype_name(dtype)
    return Data((value.count, *shape), kind, origin)


def _literal_shape(value: Any, leaves: list[Any], depth: int) -> list[Dim] | str | None:
    if depth > 32 or len(leaves) > MAX_LITERAL_ELEMENTS:
        return None
    if not isinstance(value, (list, tuple)):
        leaves.append(value)
        return []
    if not holds(value, (list, tuple)):  # innermost: no call per element
        if len(leaves) + len(value) > MAX_LITERAL_ELEMENTS:
            return None
        leaves.extend(value)
        return [len(value)]
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


def argument(args: list[Any], kwargs: dict[str, Any], index: int, name: str, default: Any = None):
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)
