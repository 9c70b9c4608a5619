"""numpy entries that rearrange arrays: reshape, ravel, expand_dims, squeeze, transpose,
swapaxes, moveaxis, joins, split, repeat, tile, pad.

Dimensions may be partly known (numpy_common.py): a result keeps every dimension the inputs
make certain (``x.reshape(-1, 32, 32)`` of an array of unknown length is ``(?, 32, 32)``) and
an error is raised only where known sizes make it certain.
"""

from __future__ import annotations

from typing import Any

from ...shapes import UNKNOWN_DIM, Dim
from ..values import ANY_NUMBER, Data, Repeated, Sym, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import (
    Dims,
    all_known,
    array,
    axes,
    axis,
    dtype_argument,
    equal_dims,
    integer,
    integers,
    known,
    result_dtype,
    shaped,
    size_of,
    sum_of,
    to_array,
    unknown_as,
)

# --- reshape ------------------------------------------------------------------------------------


def _target(value: Any, a: Bound) -> tuple[list[Dim], int | None]:
    """The requested shape and the position of its one negative (inferred) dimension."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    target: list[Dim] = []
    inferred = None
    for i, v in enumerate(items):
        n = as_int(v)
        if n is not None and n < 0:
            if inferred is not None:
                raise LibraryError("ValueError", "can only specify one unknown dimension")
            inferred = i
            target.append(UNKNOWN_DIM)
        elif n is not None:
            target.append(n)
        elif isinstance(v, Sym):
            target.append(v.name)
        elif v is ANY_NUMBER:
            target.append(UNKNOWN_DIM)
        else:
            raise Unmodelled("reshape to a shape that is not known")
    return target, inferred


def reshaped(data: Data, value: Any, a: Bound) -> Data:
    target, inferred = _target(value, a)
    total = size_of(data.shape)
    if inferred is not None:
        rest = [d for i, d in enumerate(target) if i != inferred]
        rest_size = size_of(tuple(rest))
        if known(total) and known(rest_size):
            if rest_size == 0 or total % rest_size:  # type: ignore[operator]
                if total == 0:
                    raise Unmodelled("reshape of an empty array")  # numpy words it apart
                spelled = ",".join("newaxis" if i == inferred else str(d)
                                   for i, d in enumerate(target))
                raise LibraryError("ValueError", f"cannot reshape array of size {total} into "
                                                 f"shape ({spelled})")
            target[inferred] = total // rest_size  # type: ignore[operator]
        else:
            target[inferred] = _cancelled(data.shape, rest)
    new = size_of(tuple(target))
    if known(total) and known(new) and total != new:
        spelled = ",".join(str(d) for d in target)
        spelled += "," if len(target) == 1 else ""
        raise LibraryError("ValueError", f"cannot reshape array of size {total} into shape "
                                         f"({spelled})")
    return data.derived(tuple(target), a.origin)


def _cancelled(shape: Dims | None, rest: list[Dim]) -> Dim:
    """The inferred dimension when one unknown input dimension is all that is left after the
    known ones cancel: ``(n, 784).reshape(-1, 28, 28)`` keeps ``n``."""
    if shape is None or not all(known(d) for d in rest):
        return UNKNOWN_DIM
    unknown = [d for d in shape if not known(d)]
    if len(unknown) != 1 or unknown[0] is None:
        return UNKNOWN_DIM
    known_size = size_of(tuple(d for d in shape if known(d)))
    return unknown[0] if known_size == size_of(tuple(rest)) else UNKNOWN_DIM


@library_function("numpy.reshape", "a, /, shape, order='C', *, copy=None",
                  method="self, *shape, order='C', copy=None")
def reshape(a: Bound) -> Data:
    if a.function.startswith("ndarray."):
        shape = a.shape[0] if len(a.shape) == 1 and isinstance(a.shape[0], (list, tuple)) \
            else a.shape
        if not shape:
            raise Unmodelled("x.reshape() without a shape")
        return reshaped(a.self, shape, a)
    return reshaped(array(a, "a"), a.shape, a)


def _flat(data: Data, a: Bound) -> Data:
    shape = data.shape
    if shape is not None:
        big = [d for d in shape if d != 1]
        if len(big) == 1 and not known(big[0]):
            return data.derived((unknown_as(big[0]),), a.origin)
    return data.derived((size_of(shape),), a.origin)


@library_function("numpy.ravel", "a, order='C'", method="self, order='C'",
                  methods=("flatten",))
def ravel(a: Bound) -> Data:
    return _flat(a.self if a.function.startswith("ndarray.") else array(a, "a"), a)


# --- adding, removing and moving axes ------------------------------------------------------------


@library_function("numpy.expand_dims", "a, axis")
def expand_dims(a: Bound) -> Data:
    data = array(a, "a")
    shape = shaped(data, a)
    count = len(a.axis) if isinstance(a.axis, (list, tuple)) else 1
    ndim = len(shape) + count
    positions = axes(a.axis, ndim, a)
    dims = iter(shape)
    return data.derived(tuple(1 if i in positions else next(dims) for i in range(ndim)),
                        a.origin)


@library_function("numpy.squeeze", "a, axis=None", method="self, axis=None")
def squeeze(a: Bound) -> Data:
    data = a.self if a.function.startswith("ndarray.") else array(a, "a")
    if data.shape is None:
        return data.derived(None, a.origin)
    shape = data.shape
    if a.axis is None:
        if not all(known(d) for d in shape):
            return data.derived(None, a.origin)  # an unknown size may be 1: rank unknown
        return data.derived(tuple(d for d in shape if d != 1), a.origin)
    positions = axes(a.axis, len(shape), a, "duplicate value in 'axis'")
    if any(known(shape[p]) and shape[p] != 1 for p in positions):
        raise LibraryError("ValueError", "cannot select an axis to squeeze out which has size "
                                         "not equal to one")
    return data.derived(tuple(d for i, d in enumerate(shape) if i not in positions), a.origin)


def transposed(data: Data, order: Any, a: Bound) -> Data:
    if data.shape is None:
        if order is None:
            return data.derived(None, a.origin)
        raise Unmodelled("transpose of an array of unknown rank")
    shape = data.shape
    if order is None:
        return data.derived(tuple(reversed(shape)), a.origin)
    items = list(order) if isinstance(order, (list, tuple)) else [order]
    if len(items) != len(shape):
        raise LibraryError("ValueError", "axes don't match array")
    positions = axes(items, len(shape), a, "repeated axis in transpose")
    return data.derived(tuple(shape[p] for p in positions), a.origin)


@library_function("numpy.transpose", "a, axes=None", method="self, *axes")
def transpose(a: Bound) -> Data:
    if a.function.startswith("ndarray."):
        order: Any = a.axes
        if len(order) == 1 and (order[0] is None or isinstance(order[0], (list, tuple))):
            order = order[0]
        return transposed(a.self, order or None, a)
    return transposed(array(a, "a"), a.axes, a)


@library_function("ndarray.T", "self", prop=True)
def transpose_property(a: Bound) -> Data:
    return transposed(a.self, None, a)


@library_function("numpy.swapaxes", "a, axis1, axis2", method="self, axis1, axis2")
def swapaxes(a: Bound) -> Data:
    data = a.self if a.function.startswith("ndarray.") else array(a, "a")
    shape = list(shaped(data, a))
    first = axis(a.axis1, len(shape), a, "axis1: ")
    second = axis(a.axis2, len(shape), a, "axis2: ")
    shape[first], shape[second] = shape[second], shape[first]
    return data.derived(tuple(shape), a.origin)


@library_function("numpy.moveaxis", "a, source, destination")
def moveaxis(a: Bound) -> Data:
    data = array(a, "a")
    shape = shaped(data, a)
    ndim = len(shape)
    source = [axis(v, ndim, a, "source: ") for v in _listed(a.source)]
    destination = [axis(v, ndim, a, "destination: ") for v in _listed(a.destination)]
    for name, found in (("source", source), ("destination", destination)):
        if len(set(found)) != len(found):
            raise LibraryError("ValueError", f"repeated axis in `{name}` argument")
    if len(source) != len(destination):
        raise LibraryError("ValueError", "`source` and `destination` arguments must have the "
                                         "same number of elements")
    order = [n for n in range(ndim) if n not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return data.derived(tuple(shape[p] for p in order), a.origin)


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


# --- joining ------------------------------------------------------------------------------------


def _sequence(value: Any, a: Bound) -> list[Data]:
    if isinstance(value, Repeated) and isinstance(value.count, int):
        value = [value.element] * value.count  # a list a loop built, of a known length
    if not isinstance(value, (list, tuple)):
        raise Unmodelled(f"{a.function} of a sequence that is not known")
    return [to_array(v, a) for v in value]


def concatenated(arrays: list[Data], along: Any, a: Bound) -> Data:
    if not arrays:
        raise LibraryError("ValueError", "need at least one array to concatenate")
    kind = _dtype(a, arrays)
    if along is None:
        return Data((sum_of([size_of(x.shape) for x in arrays]),), kind, a.origin)
    ranks = {len(x.shape) for x in arrays if x.shape is not None}
    if not ranks:
        return Data(None, kind, a.origin)
    if arrays[0].shape == ():
        raise LibraryError("ValueError", "zero-dimensional arrays cannot be concatenated")
    if arrays[0].shape is not None:  # numpy places the axis by the first array's rank first
        axis(along, len(arrays[0].shape), a)
    if len(ranks) > 1:
        first = arrays[0].shape
        other = next((i, x.shape) for i, x in enumerate(arrays)
                     if x.shape is not None and first is not None and len(x.shape) != len(first))
        message = None
        if first is not None:
            message = (f"all the input arrays must have same number of dimensions, but the "
                       f"array at index 0 has {len(first)} dimension(s) and the array at index "
                       f"{other[0]} has {len(other[1])} dimension(s)")  # type: ignore[arg-type]
        raise LibraryError("ValueError", message)
    ndim = ranks.pop()
    if ndim == 0:
        raise Unmodelled("concatenate of 0-d arrays after one of unknown rank")
    position = _axis_when_ranks_known(along, ndim, arrays, a)
    shapes = [x.shape for x in arrays if x.shape is not None]
    result: list[Dim] = []
    for d in range(ndim):
        dims = [s[d] for s in shapes]
        if d == position:
            result.append(sum_of(dims) if len(shapes) == len(arrays) else UNKNOWN_DIM)
            continue
        size, conflict = equal_dims(dims)
        if conflict:
            raise LibraryError("ValueError", _mismatch(arrays, position))
        result.append(size)
    return Data(tuple(result), kind, a.origin)


def _axis_when_ranks_known(value: Any, ndim: int, arrays: list[Data], a: Bound) -> int:
    """An axis error is certain only when every rank is known (numpy checks shapes first)."""
    try:
        return axis(value, ndim, a)
    except LibraryError:
        if any(x.shape is None for x in arrays):
            raise Unmodelled("an axis out of range for the ranks known") from None
        raise


def _mismatch(arrays: list[Data], position: int) -> str | None:
    shapes = [x.shape for x in arrays]
    if not all_known(*shapes):
        return None
    first = shapes[0]
    for index, shape in enumerate(shapes[1:], start=1):
        for d, (size0, size) in enumerate(zip(first, shape)):  # type: ignore[arg-type]
            if d != position and size0 != size:
                return ("all the input array dimensions except for the concatenation axis must "
                        f"match exactly, but along dimension {d}, the array at index 0 has size "
                        f"{size0} and the array at index {index} has size {size}")
    return None


@library_function("numpy.concatenate", "arrays, /, axis=0, out=None, *, dtype=None, "
                  "casting='same_kind'", aliases=("numpy.concat",))
def concatenate(a: Bound) -> Data:
    if a.out is not None:
        raise Unmodelled("concatenate(out=...)")
    return concatenated(_sequence(a.arrays, a), a.axis, a)


def _dtype(a: Bound, arrays: list[Data]) -> str | None:
    """The result's dtype: the one asked for, else the arrays' common type."""
    return dtype_argument(getattr(a, "dtype", None), a, result_dtype(arrays))


@library_function("numpy.stack", "arrays, axis=0, out=None, *, dtype=None, "
                  "casting='same_kind'")
def stack(a: Bound) -> Data:
    arrays = _sequence(a.arrays, a)
    if a.out is not None:
        raise Unmodelled("stack(out=...)")
    if not arrays:
        raise LibraryError("ValueError", "need at least one array to stack")
    kind = _dtype(a, arrays)
    shapes = [x.shape for x in arrays if x.shape is not None]
    if not shapes:
        return Data(None, kind, a.origin)
    if len({len(s) for s in shapes}) > 1:
        raise LibraryError("ValueError", "all input arrays must have the same shape")
    ndim = len(shapes[0])
    dims: list[Dim] = []
    for d in range(ndim):
        size, conflict = equal_dims([s[d] for s in shapes])
        if conflict:
            raise LibraryError("ValueError", "all input arrays must have the same shape")
        dims.append(size)
    try:
        position = axis(a.axis, ndim + 1, a)
    except LibraryError:  # numpy compares the shapes first: certain only when all are known
        if not all_known(*[x.shape for x in arrays]):
            raise Unmodelled("an axis out of range of arrays not fully known") from None
        raise
    dims.insert(position, len(arrays))
    return Data(tuple(dims), kind, a.origin)


def _at_least(data: Data, ndim: int, place: str) -> Data:
    """atleast_2d / atleast_3d / column_stack's promotion of arrays with fewer axes."""
    shape = data.shape
    if shape is None or len(shape) >= ndim:
        return data
    if place == "column":  # column_stack: (n,) -> (n, 1)
        new = (shape[0], 1) if shape else (1, 1)
    elif ndim == 1:
        new = (1,)
    elif ndim == 2:
        new = (1, *shape) if shape else (1, 1)
    else:  # atleast_3d: (n,) -> (1, n, 1), (m, n) -> (m, n, 1)
        new = {0: (1, 1, 1), 1: (1, *shape, 1), 2: (*shape, 1)}[len(shape)]
    return data.derived(new, data.origin)


def _stacker(along: int, ndim: int, place: str = ""):
    def rule(a: Bound) -> Data:
        arrays = [_at_least(x, ndim, place) for x in _sequence(a.tup, a)]
        if ndim == 1 and place == "h":  # hstack: 1-D arrays join along their only axis
            if arrays and arrays[0].shape is None:
                raise Unmodelled("hstack of an array of unknown rank")
            first_axis = 0 if arrays and len(arrays[0].shape or ()) <= 1 else along
            arrays = [x.derived((1,), x.origin) if x.shape == () else x for x in arrays]
            return concatenated(arrays, first_axis, a)
        return concatenated(arrays, along, a)

    return rule


library_function("numpy.vstack", "tup, *, dtype=None, casting='same_kind'",
                 aliases=("numpy.row_stack",))(_stacker(0, 2))
library_function("numpy.hstack", "tup, *, dtype=None, casting='same_kind'")(_stacker(1, 1, "h"))
library_function("numpy.dstack", "tup")(_stacker(2, 3))
library_function("numpy.column_stack", "tup")(_stacker(1, 2, "column"))


# --- splitting and repeating --------------------------------------------------------------------


@library_function("numpy.split", "ary, indices_or_sections, axis=0")
def split(a: Bound) -> list[Data]:
    data = array(a, "ary")
    shape = shaped(data, a)
    n = integer(a.axis, a, "axis")
    if not -len(shape) <= n < len(shape):
        raise LibraryError("IndexError", "tuple index out of range")
    position = n % len(shape)
    length = shape[position]
    if isinstance(a.indices_or_sections, (list, tuple)):
        if not known(length):
            raise Unmodelled("split of an axis of unknown length at indices")
        cuts = [0, *integers(a.indices_or_sections, a), length]
        sizes = []
        for start, stop in zip(cuts, cuts[1:]):
            start, stop = _clamp(start, length), _clamp(stop, length)  # type: ignore[arg-type]
            sizes.append(max(0, stop - start))
    else:
        sections = integer(a.indices_or_sections, a, "sections")
        if sections <= 0:
            raise Unmodelled("split into no sections")  # numpy raises, worded per version
        if known(length) and length % sections:  # type: ignore[operator]
            raise LibraryError("ValueError", "array split does not result in an equal division")
        size = length // sections if known(length) else UNKNOWN_DIM  # type: ignore[operator]
        sizes = [size] * sections
    parts = [data.derived(shape[:position] + (s,) + shape[position + 1:], a.origin)
             for s in sizes]  # a part may miss the literal's extreme values
    return parts if data.bounds != "exact" else [p.without_bounds() for p in parts]


def _clamp(index: int, length: int) -> int:
    return max(0, min(length, index + length if index < 0 else index))


@library_function("numpy.repeat", "a, repeats, axis=None", method="self, repeats, axis=None")
def repeat(a: Bound) -> Data:
    data = a.self if a.function.startswith("ndarray.") else array(a, "a")
    if a.axis is None:
        length = size_of(data.shape)
        shape: list[Dim] = [length]
        position = 0
    else:
        shape = list(shaped(data, a))
        position = axis(a.axis, len(shape), a)
        length = shape[position]
    if isinstance(a.repeats, (list, tuple)):
        counts = integers(a.repeats, a, "repeats")
        if len(counts) != 1:
            if known(length) and length != len(counts):
                raise LibraryError("ValueError", "operands could not be broadcast together "
                                   f"with shape ({length},) ({len(counts)},)")
            if any(c < 0 for c in counts):
                raise Unmodelled("negative repeats")
            shape[position] = sum(counts)
            return data.derived(tuple(shape), a.origin).without_bounds()
        count = counts[0]
    else:
        count = integer(a.repeats, a, "repeats")
    if count < 0:
        raise LibraryError("ValueError", "negative dimensions are not allowed")
    shape[position] = length * count if known(length) else (0 if count == 0 else UNKNOWN_DIM)
    return data.derived(tuple(shape), a.origin)


@library_function("numpy.tile", "A, reps")
def tile(a: Bound) -> Data:
    data = array(a, "A")
    shape = shaped(data, a)
    reps = integers(a.reps, a, "reps")
    if any(r < 0 for r in reps):
        raise LibraryError("ValueError", "negative dimensions are not allowed")
    ndim = max(len(shape), len(reps))
    dims = (1,) * (ndim - len(shape)) + tuple(shape)
    reps = (1,) * (ndim - len(reps)) + reps
    result = tuple(d * r if known(d) else (0 if r == 0 else d if r == 1 else UNKNOWN_DIM)
                   for d, r in zip(dims, reps))
    return data.derived(result, a.origin)  # type: ignore[arg-type]


_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap", "mean", "maximum", "minimum",
              "median", "linear_ramp", "empty")


@library_function("numpy.pad", "array, pad_width, mode='constant', **kwargs")
def pad(a: Bound) -> Data:
    data = array(a, "array")
    shape = shaped(data, a)
    if a.mode not in _PAD_MODES:
        raise Unmodelled(f"np.pad(mode={a.mode!r})")
    widths = _pad_widths(a.pad_width, len(shape), a)
    if a.mode != "constant" and any(d == 0 for d in shape):
        raise Unmodelled("np.pad of an empty axis")  # each mode fails in its own words
    result = tuple(d + before + after if known(d) else (d if before == after == 0 else
                   UNKNOWN_DIM) for d, (before, after) in zip(shape, widths))
    return data.derived(result, a.origin).without_bounds()  # type: ignore[arg-type]


def _pad_widths(value: Any, ndim: int, a: Bound) -> list[tuple[int, int]]:
    """``pad_width`` broadcast to (ndim, 2) like numpy's ``_as_pairs``."""
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, (list, tuple)) for v in value):
        rows = [integers(v, a, "pad_width") for v in value]
    elif isinstance(value, (list, tuple)):
        rows = [integers(value, a, "pad_width")]
    else:
        rows = [(integer(value, a, "pad_width"),)]
    if any(w < 0 for row in rows for w in row):
        raise LibraryError("ValueError", "index can't contain negative values")
    if len(rows) not in (1, ndim) or any(len(row) not in (1, 2) for row in rows):
        raise LibraryError("ValueError", None)  # "could not be broadcast ... remapped shapes"
    if len({len(row) for row in rows}) > 1:
        raise Unmodelled("np.pad widths of uneven rows")
    pairs = [(row[0], row[-1]) for row in rows]
    return pairs * ndim if len(pairs) == 1 else pairs


@library_function("numpy.lib.stride_tricks.sliding_window_view",
                  "x, window_shape, axis=None, *, subok=False, writeable=False")
def sliding_window_view(a: Bound) -> Data:
    """The windowed axes shrink by k - 1, the windows go last."""
    data = array(a, "x")
    shape = list(shaped(data, a))
    sizes = integers(a.window_shape, a, "window_shape")
    positions = list(range(len(shape))) if a.axis is None else [
        axis(v, len(shape), a) for v in _listed(a.axis)]
    if len(sizes) != len(positions) or any(k < 0 for k in sizes):
        raise Unmodelled("sliding_window_view with mismatched windows")
    for position, k in zip(positions, sizes):
        n = shape[position]
        if not known(n) or n < k:  # type: ignore[operator]
            raise Unmodelled("a window larger than the axis, or an axis of unknown length")
        shape[position] = n - k + 1  # type: ignore[operator]
    return data.derived(tuple(shape) + sizes, a.origin)
