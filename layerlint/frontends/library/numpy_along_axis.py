"""numpy entries working along an axis: sort, argsort, flip, roll, cumsum, cumprod, diff,
unique, nonzero/argwhere, the atleast_Nd family; and the products matmul (``a @ b``) and dot."""

from __future__ import annotations

from typing import Any

from ...shapes import UNKNOWN_DIM, Dim
from ..values import Data
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import (
    Dims,
    all_known,
    array,
    axes,
    axis,
    broadcast,
    dtype_argument,
    equal_dims,
    format_shape,
    integer,
    is_kind,
    known,
    result_dtype,
    shaped,
    size_of,
    to_array,
)


def _self_or(a: Bound, name: str) -> Data:
    return a.self if a.function.startswith("ndarray.") else array(a, name)


def _flat_or_same(data: Data, along: Any, a: Bound, dtype: str | None) -> Data:
    """``axis=None`` works on the flattened array; an axis keeps the shape."""
    if along is None:
        return Data((size_of(data.shape),), dtype, a.origin)
    shape = shaped(data, a)
    if not shape:
        raise Unmodelled(f"{a.function} of a 0-d array along an axis")
    axis(along, len(shape), a)
    return Data(shape, dtype, a.origin)


@library_function("numpy.sort", "a, axis=-1, kind=None, order=None, *, stable=None")
def sort(a: Bound) -> Data:
    data = array(a, "a")
    return _flat_or_same(data, a.axis, a, data.dtype).without_bounds()


@library_function("numpy.argsort", "a, axis=-1, kind=None, order=None, *, stable=None",
                  method="self, axis=-1, kind=None, order=None, *, stable=None")
def argsort(a: Bound) -> Data:
    return _flat_or_same(_self_or(a, "a"), a.axis, a, "int64")


def _same_shape(data: Data, along: Any, a: Bound) -> Data:
    if along is not None:
        axes(along, len(shaped(data, a)), a)
    return data.derived(data.shape, a.origin)


@library_function("numpy.flip", "m, axis=None")
def flip(a: Bound) -> Data:
    return _same_shape(array(a, "m"), a.axis, a)


@library_function("numpy.roll", "a, shift, axis=None")
def roll(a: Bound) -> Data:
    if a.axis is not None and isinstance(a.shift, (list, tuple)) != isinstance(
            a.axis, (list, tuple)):
        raise Unmodelled("roll with shifts and axes of different forms")
    return _same_shape(array(a, "a"), a.axis, a)


def _accumulate(a: Bound) -> Data:
    data = _self_or(a, "a")
    if a.out is not None:
        raise Unmodelled(f"{a.function}(out=...)")
    dtype = dtype_argument(a.dtype, a, "int64" if is_kind(data.dtype, "bi") else
                           "uint64" if is_kind(data.dtype, "u") else data.dtype)
    return _flat_or_same(data, a.axis, a, dtype)


for _name in ("cumsum", "cumprod"):
    library_function(f"numpy.{_name}", "a, axis=None, dtype=None, out=None",
                     method="self, axis=None, dtype=None, out=None")(_accumulate)


@library_function("numpy.diff", "a, n=1, axis=-1, prepend=None, append=None")
def diff(a: Bound) -> Data:
    data = array(a, "a")
    if a.prepend is not None or a.append is not None:
        raise Unmodelled("diff(prepend=/append=)")
    n = integer(a.n, a, "n")
    if n < 0:
        raise LibraryError("ValueError", f"order must be non-negative but got {n}")
    shape = list(shaped(data, a))
    if n == 0:
        return data.derived(tuple(shape), a.origin)
    if not shape:
        raise LibraryError("ValueError", "diff requires input that is at least one dimensional")
    position = axis(a.axis, len(shape), a)
    length = shape[position]
    shape[position] = max(length - n, 0) if known(length) else UNKNOWN_DIM  # type: ignore
    dtype = data.dtype if data.dtype != "bool" else "bool"
    return Data(tuple(shape), dtype, a.origin)


@library_function("numpy.unique", "ar, return_index=False, return_inverse=False, "
                  "return_counts=False, axis=None, *, equal_nan=True, sorted=True")
def unique(a: Bound) -> Data:
    data = array(a, "ar")
    if any(v is not False for v in (a.return_index, a.return_inverse, a.return_counts)) \
            or a.axis is not None:
        raise Unmodelled("unique with return_*/axis")
    total = size_of(data.shape)
    length: Dim = total if total in (0, 1) else UNKNOWN_DIM
    return data.derived((length,), a.origin)


@library_function("numpy.nonzero", "a", method="self")
def nonzero(a: Bound) -> tuple[Data, ...]:
    data = _self_or(a, "a")
    shape = shaped(data, a)
    if not shape:
        raise LibraryError("ValueError", "Calling nonzero on 0d arrays is not allowed. Use "
                           "np.atleast_1d(scalar).nonzero() instead.")
    return tuple(Data((UNKNOWN_DIM,), "int64", a.origin) for _ in shape)


@library_function("numpy.argwhere", "a")
def argwhere(a: Bound) -> Data:
    shape = shaped(array(a, "a"), a)
    return Data((UNKNOWN_DIM, len(shape)) if shape else (UNKNOWN_DIM, 0), "int64", a.origin)


def _at_least(ndim: int):
    def rule(a: Bound) -> Any:
        results = []
        for value in a.arys:
            data = to_array(value, a)
            shape = shaped(data, a)
            if len(shape) < ndim:
                shape = {1: {0: (1,)}, 2: {0: (1, 1), 1: (1, *shape)},
                         3: {0: (1, 1, 1), 1: (1, *shape, 1), 2: (*shape, 1)}}[ndim][len(shape)]
            results.append(data.derived(tuple(shape), a.origin))
        if not results:
            raise Unmodelled("atleast_nd of nothing")
        return results[0] if len(results) == 1 else tuple(results)

    return rule


for _n in (1, 2, 3):
    library_function(f"numpy.atleast_{_n}d", "*arys")(_at_least(_n))


# --- products -----------------------------------------------------------------------------------

_MATMUL = "(n?,k),(k,m?)->(n?,m?)"


@library_function("numpy.matmul", "x1, x2, /, out=None, *, casting='same_kind', order='K', "
                  "dtype=None, subok=True")
def matmul(a: Bound) -> Any:
    if a.out is not None or a.dtype is not None:
        raise Unmodelled("matmul(out=/dtype=)")
    left, right = to_array(a.x1, a), to_array(a.x2, a)
    if left.shape is None or right.shape is None:
        raise Unmodelled("matmul of an array of unknown rank")
    for index, shape in enumerate((left.shape, right.shape)):
        if not shape:
            raise LibraryError("ValueError", f"matmul: Input operand {index} does not have "
                               f"enough dimensions (has 0, gufunc core with signature {_MATMUL} "
                               "requires 1)")
    lhs = left.shape if len(left.shape) > 1 else (1, *left.shape)
    rhs = right.shape if len(right.shape) > 1 else (*right.shape, 1)
    _, conflict = equal_dims([lhs[-1], rhs[-2]])
    try:
        batch = broadcast([lhs[:-2], rhs[:-2]])
    except LibraryError:
        raise LibraryError("ValueError", None) from None  # numpy words it with remapped shapes
    if conflict:
        raise LibraryError("ValueError", f"matmul: Input operand 1 has a mismatch in its core "
                           f"dimension 0, with gufunc signature {_MATMUL} (size {rhs[-2]} is "
                           f"different from {lhs[-1]})")
    shape: Dims = (*batch, *(lhs[-2:-1] if len(left.shape) > 1 else ()),  # type: ignore[misc]
                   *(rhs[-1:] if len(right.shape) > 1 else ()))
    return Data(shape, _product_dtype(left, right), a.origin)


def _product_dtype(left: Data, right: Data) -> str | None:
    if not all(is_kind(x.dtype, "biuf") for x in (left, right)):
        return None
    return result_dtype([left, right])


@library_function("numpy.dot", "a, b, out=None", method="self, b, out=None")
def dot(a: Bound) -> Any:
    if a.out is not None:
        raise Unmodelled("dot(out=...)")
    left, right = _self_or(a, "a"), to_array(a.b, a)
    if left.shape is None or right.shape is None:
        raise Unmodelled("dot of an array of unknown rank")
    if not left.shape or not right.shape:  # a scalar multiplies (a Python one is not weak here)
        return Data(left.shape or right.shape, _product_dtype(left, right), a.origin)
    along = len(right.shape) - 2 if len(right.shape) > 1 else 0
    k, k2 = left.shape[-1], right.shape[along]
    if known(k) and known(k2) and k != k2:
        message = None
        if all_known(left.shape, right.shape):
            message = (f"shapes {format_shape(left.shape)} and {format_shape(right.shape)} not "
                       f"aligned: {k} (dim {len(left.shape) - 1}) != {k2} (dim {along})")
        raise LibraryError("ValueError", message)
    rest = right.shape[:along] + right.shape[along + 1:]
    if len(left.shape) == 1 and len(right.shape) == 1:
        return Data((), _product_dtype(left, right), a.origin)
    return Data(left.shape[:-1] + rest, _product_dtype(left, right), a.origin)

