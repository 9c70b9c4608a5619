"""What numpy entries share: arrays from arguments, axes, dimensions that may be partly known,
broadcasting, and dtype promotion (numpy 2: Python scalars are weak).

Dimensions follow ``shapes.py``: an int is known; a str is fixed but unknown to layerlint (a
named one is the same value wherever it appears, ``"?"`` is anonymous); None (free in a
framework) is treated as unknown here. A shape of None is an array of unknown rank.
"""

from __future__ import annotations

from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim
from ..arrays import dtype_name, from_literal
from ..values import ANY_NUMBER, Data, Repeated, Sym, as_int
from .catalogue import Bound, LibraryError, Unmodelled

Dims = tuple[Dim, ...]


# --- arguments ----------------------------------------------------------------------------------


def array(a: Bound, name: str) -> Data:
    """An array argument (array_like): an array, nested literal lists, or a Python number."""
    return to_array(getattr(a, name), a)


def to_array(value: Any, a: Bound) -> Data:
    if isinstance(value, Data):
        return value
    if isinstance(value, bool):
        return Data((), "bool", a.origin)
    if isinstance(value, int):
        return Data((), "int64", a.origin, min_value=value, max_value=value, bounds="exact")
    if isinstance(value, float):
        return Data((), "float64", a.origin)
    if value is ANY_NUMBER:
        return Data((), None, a.origin)
    if isinstance(value, (list, tuple, Repeated)):
        data = from_literal(value, a.origin)
        if isinstance(data, Data):
            return data
    raise Unmodelled(f"{a.function}: an array argument is not known")


def shaped(data: Data, a: Bound) -> Dims:
    """The array's shape; Unmodelled when even its rank is unknown."""
    if data.shape is None:
        raise Unmodelled(f"{a.function}: the rank of an array is unknown")
    return data.shape


def integer(value: Any, a: Bound, name: str = "argument") -> int:
    n = as_int(value)
    if n is None:
        raise Unmodelled(f"{a.function}: {name} is not a known integer")
    return n


def integers(value: Any, a: Bound, name: str = "argument") -> tuple[int, ...]:
    """An int or a sequence of ints."""
    if isinstance(value, (list, tuple)):
        return tuple(integer(v, a, name) for v in value)
    return (integer(value, a, name),)


def dtype_argument(value: Any, a: Bound, default: str | None = None) -> str | None:
    """A dtype argument: ``default`` when not given, None (unknown) when not evaluable. An
    unknown dtype never changes a shape, so the shape still flows."""
    if value is None:
        return default
    return dtype_name(value)


def dimension(value: Any, a: Bound) -> Dim:
    """One size argument: a non-negative int (negative: numpy's error), or a symbolic size."""
    n = value if value.__class__ is int else as_int(value)  # (as_int of the usual int, inline)
    if n is not None:
        if n < 0:
            raise LibraryError("ValueError", "negative dimensions are not allowed")
        return n
    if isinstance(value, Sym):
        return value.name
    if value is ANY_NUMBER or value is UNKNOWN:  # where only a size can stand (rand(n, 10))
        return UNKNOWN_DIM
    raise Unmodelled(f"{a.function}: a size is not known")


def shape_argument(value: Any, a: Bound) -> Dims:
    """A shape argument: an int or a sequence of sizes (``np.zeros((3, 4))``, ``size=10``).
    An unknown value there may be a tuple: the rank is unknown then."""
    if isinstance(value, (list, tuple)):
        return tuple(dimension(v, a) for v in value)
    if as_int(value) is None:
        raise Unmodelled(f"{a.function}: a shape that is not known")
    return (dimension(value, a),)


# --- axes ---------------------------------------------------------------------------------------


def axis(value: Any, ndim: int, a: Bound, prefix: str = "") -> int:
    """Normalise an axis like numpy's ``normalize_axis_index`` (AxisError outside the range)."""
    n = integer(value, a, "axis")
    if not -ndim <= n < ndim:
        raise LibraryError("AxisError", f"{prefix}axis {n} is out of bounds for array of "
                                        f"dimension {ndim}")
    return n % ndim


def axes(value: Any, ndim: int, a: Bound, repeated: str = "repeated axis") -> list[int]:
    """An axis or a tuple of axes (``normalize_axis_tuple``)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    found = [axis(v, ndim, a) for v in items]
    if len(set(found)) != len(found):
        raise LibraryError("ValueError", repeated)
    return found


# --- dimensions ---------------------------------------------------------------------------------


def known(d: Dim) -> bool:
    return isinstance(d, int)


def unknown_as(d: Dim) -> Dim:
    """A dimension kept as it is, free ones read as unknown (numpy has no free axes)."""
    return UNKNOWN_DIM if d is None else d


def same_size(d: Dim, e: Dim) -> bool:
    """Certainly the same size: equal known ints, or the same named unknown."""
    return d == e and d is not None and d != UNKNOWN_DIM


def size_of(shape: Dims | None) -> Dim:
    """Number of elements: known only when every dimension is (or one is a known 0)."""
    if shape is None:
        return UNKNOWN_DIM
    if any(d == 0 for d in shape):
        return 0
    total = 1
    for d in shape:
        if not known(d):
            return UNKNOWN_DIM
        total *= d  # type: ignore[operator]
    return total


def sum_of(dims: list[Dim]) -> Dim:
    return sum(dims) if all(known(d) for d in dims) else UNKNOWN_DIM  # type: ignore[arg-type]


def equal_dims(dims: list[Dim]) -> tuple[Dim, bool]:
    """The one size dimensions that must be equal have: (size, whether two known ones differ).
    A known size wins over unknown ones (the program fails unless they are the same)."""
    ints = {d for d in dims if known(d)}
    if len(ints) > 1:
        return UNKNOWN_DIM, True
    if ints:
        return ints.pop(), False
    first = dims[0]
    return (first if all(same_size(d, first) for d in dims) else UNKNOWN_DIM), False


def format_shape(shape: Dims) -> str:
    """numpy's spelling in messages: ``(10,3)``, ``(3,)``, ``()``."""
    inner = ",".join(str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def all_known(*shapes: Dims | None) -> bool:
    return all(s is not None and all(known(d) for d in s) for s in shapes)


# --- broadcasting -------------------------------------------------------------------------------


def broadcast(shapes: list[Dims | None], message: str | None = None) -> Dims | None:
    """numpy broadcasting: the result shape (None when a rank is unknown); LibraryError when two
    known sizes differ and neither is 1. The message lists every operand's shape."""
    if any(s is None for s in shapes):
        return None
    ranks = [len(s) for s in shapes]  # type: ignore[arg-type]
    result: list[Dim] = []
    for i in range(1, max(ranks, default=0) + 1):
        dims = [s[-i] for s in shapes if i <= len(s)]  # type: ignore[index, arg-type]
        ints = {d for d in dims if known(d) and d != 1}
        if len(ints) > 1:
            if message is None and all_known(*shapes):
                listed = "".join(f"{format_shape(s)} " for s in shapes)  # type: ignore[arg-type]
                message = f"operands could not be broadcast together with shapes {listed}"
            raise LibraryError("ValueError", message if all_known(*shapes) else None)
        if ints:
            result.append(ints.pop())
            continue
        rest = [d for d in dims if d != 1]
        if not rest:
            result.append(1)
        elif all(same_size(d, rest[0]) for d in rest):
            result.append(rest[0])
        else:
            result.append(UNKNOWN_DIM)
    return tuple(reversed(result))


# --- dtypes -------------------------------------------------------------------------------------

_FLOAT_FOR_INT_BITS = {8: 16, 16: 32, 32: 64, 64: 64}  # the smallest float holding the ints


def _kind(dtype: str) -> tuple[str, int] | None:
    if dtype == "bool":
        return "b", 8
    for prefix, kind in (("uint", "u"), ("int", "i"), ("float", "f")):
        if dtype.startswith(prefix) and dtype[len(prefix):].isdigit():
            return kind, int(dtype[len(prefix):])
    return None


def _name(kind: str, bits: int) -> str:
    return {"b": "bool", "u": f"uint{bits}", "i": f"int{bits}", "f": f"float{bits}"}[kind]


def promote(x: str, y: str) -> str | None:
    """``np.result_type`` of two numeric dtypes (None for others)."""
    kx, ky = _kind(x), _kind(y)
    if kx is None or ky is None:
        return None
    if x == y:
        return x
    if kx[0] == "b":
        return y
    if ky[0] == "b":
        return x
    if kx[0] == "f" or ky[0] == "f":
        floats = [k[1] for k in (kx, ky) if k[0] == "f"]
        ints = [_FLOAT_FOR_INT_BITS[k[1]] for k in (kx, ky) if k[0] != "f"]
        return _name("f", max(floats + ints))
    if kx[0] == ky[0]:
        return _name(kx[0], max(kx[1], ky[1]))
    signed, unsigned = (kx, ky) if kx[0] == "i" else (ky, kx)
    if signed[1] > unsigned[1]:
        return _name("i", signed[1])
    return _name("i", unsigned[1] * 2) if unsigned[1] < 64 else "float64"


def scalar_kind(value: Any) -> str | None:
    """A Python scalar's kind ("bool", "int", "float"), or None for an array / other value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return None  # an array, or a number of unknown kind (ANY_NUMBER)


def result_dtype(operands: list[Any]) -> str | None:
    """The dtype numpy 2 gives operands combined element-wise: arrays (Data) are strong,
    Python scalars weak (they take the arrays' kind unless theirs is higher)."""
    strong: str | None = None
    weak: set[str] = set()
    for value in operands:
        if isinstance(value, Data):
            if value.dtype is None:
                return None
            strong = value.dtype if strong is None else promote(strong, value.dtype)
            if strong is None:
                return None
        elif value is ANY_NUMBER:  # a number of unknown kind: it decides only over integers
            weak.add("number")
        else:
            kind = scalar_kind(value)
            if kind is None:
                return None
            weak.add(kind)
    if strong is None:
        if "number" in weak:
            return None
        return "float64" if "float" in weak else "int64" if "int" in weak else "bool"
    if _kind(strong) is None:
        return None
    if "number" in weak and _kind(strong)[0] in "biu":  # type: ignore[index]
        return None
    if "float" in weak and _kind(strong)[0] in "biu":  # type: ignore[index]
        return "float64"
    if "int" in weak and strong == "bool":
        return "int64"
    return strong


def float_result(dtype: str | None) -> str | None:
    """The dtype of exp/log/sqrt/mean-like results: integers turn into a float big enough."""
    if dtype is None or _kind(dtype) is None:
        return None
    kind, bits = _kind(dtype)  # type: ignore[misc]
    if kind == "f":
        return dtype
    return _name("f", _FLOAT_FOR_INT_BITS[bits])


def is_kind(dtype: str | None, kinds: str) -> bool:
    k = _kind(dtype) if dtype else None
    return k is not None and k[0] in kinds


def new_array(shape: Dims | None, dtype: str | None, a: Bound) -> Data:
    return Data(shape, dtype, a.origin)
