"""Operations on arrays a script applies plainly: reshape, expand_dims, squeeze, transpose,
joins, reductions, indexing and slicing, methods, and arithmetic (numpy broadcasting and dtype
promotion). Each returns a :class:`Data`, a plain value, or UNKNOWN; never a guess."""

from __future__ import annotations

import ast
from typing import Any

from ..ir import UNKNOWN, Span
from ..shapes import UNKNOWN_DIM, Dim
from .arrays import (
    argument,
    as_value,
    dim,
    dtype_name,
    from_literal,
    is_float_dtype,
    is_int_dtype,
    size,
)
from .values import ANY_NUMBER, Data, as_int, is_plain, is_unknown

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


def axis_index(axis: Any, ndim: int) -> int | None:
    n = as_int(axis)
    if n is None or not -ndim <= n < ndim:
        return None
    return n % ndim


def expand_dims(data: Data, axis: Any, origin: Span) -> Data | Any:
    if data.shape is None:
        return UNKNOWN
    axes = axis if isinstance(axis, (tuple, list)) else [axis]
    ndim = len(data.shape) + len(axes)
    positions = [axis_index(a, ndim) for a in axes]
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
    positions = {axis_index(a, len(data.shape)) for a in axes}
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
    positions = [axis_index(a, len(data.shape)) for a in axes]
    if None in positions or len(set(positions)) != len(positions):
        return UNKNOWN
    return data.derived(tuple(data.shape[p] for p in positions), origin)  # type: ignore[index]


def join(arrays: list[Data], axis: int, stack: bool, origin: Span) -> Data | Any:
    shapes = [a.shape for a in arrays]
    first = shapes[0]
    assert first is not None
    ndim = len(first) + (1 if stack else 0)
    position = axis_index(axis, ndim)
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
    positions = {axis_index(a, len(data.shape)) for a in axes}
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
        dtype = dtype_name(argument(args, kwargs, 0, "dtype"))
        return data.derived(data.shape, origin, dtype=dtype)
    if name in ("flatten", "ravel"):
        return UNKNOWN if data.shape is None else data.derived((size(data.shape),), origin)
    if name == "squeeze":
        return squeeze(data, argument(args, kwargs, 0, "axis"), origin)
    if name == "transpose":
        axes = args[0] if len(args) == 1 else (tuple(args) if args else kwargs.get("axes"))
        return transpose(data, axes, origin)
    if name == "swapaxes" and len(args) == 2 and data.shape is not None:
        a, b = (axis_index(v, len(data.shape)) for v in args)
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
