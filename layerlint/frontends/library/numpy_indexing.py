"""Indexing arrays (``x[:, :-1]``, ``x[..., None]``, ``np.eye(k)[labels]``, ``x[mask]``) and
their attributes (``x.shape``, ``x.ndim``, ``x.size``, ``x.dtype``).

Basic indices (ints, slices, None, Ellipsis) and advanced ones (integer arrays, boolean masks)
follow numpy's rules: advanced indices broadcast together, and their result axes replace the
indexed ones in place when they are adjacent, else go first.
"""

from __future__ import annotations

from typing import Any

from ...shapes import UNKNOWN_DIM, Dim
from ..arrays import as_value
from ..values import Data, as_int, is_unknown
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import Dims, broadcast, format_shape, known, size_of, to_array


def _advanced(item: Any, a: Bound) -> Data | None:
    """An integer-array or boolean-mask index as an array; None for a basic index."""
    if isinstance(item, Data):
        return item
    if isinstance(item, list):
        data = to_array(item, a)
        if data.shape == (0,):
            raise Unmodelled("an empty list index")  # numpy takes it as integers
        if data.dtype == "bool" and len(data.shape or ()) == 1:
            data.extra = {**data.extra, "true_count": sum(1 for v in item if v is True)}
        return data
    return None


def _key(value: Any, a: Bound) -> list[Any]:
    items = list(value) if isinstance(value, tuple) else [value]
    out = []
    for item in items:
        advanced = _advanced(item, a)
        if advanced is not None:
            if advanced.dtype is None or not (advanced.dtype == "bool"
                                              or advanced.dtype.startswith(("int", "uint"))):
                raise Unmodelled("an index array of unknown or non-integer dtype")
            out.append(advanced)
        elif item is None or item is Ellipsis or isinstance(item, slice):
            out.append(item)
        elif isinstance(item, bool):
            raise Unmodelled("a boolean scalar index")
        elif as_int(item) is not None or is_unknown(item):
            out.append(item)
        else:
            raise Unmodelled("an index that is not known")
    return out


def _consumed(item: Any) -> int:
    if item is None or item is Ellipsis:
        return 0
    if isinstance(item, Data) and item.dtype == "bool":
        return len(item.shape) if item.shape is not None else -1
    return 1


def _sliced(length: Dim, item: slice) -> Dim:
    parts = (item.start, item.stop, item.step)
    if any(is_unknown(p) for p in parts):
        return UNKNOWN_DIM  # x[:n_train]: only this axis is unknown
    if not all(p is None or as_int(p) is not None for p in parts):
        raise Unmodelled("a slice with bounds that are not integers")
    if item.step == 0:
        raise LibraryError("ValueError", "slice step cannot be zero")
    if item == slice(None):
        return length
    if known(length):
        return len(range(*item.indices(length)))  # type: ignore[arg-type]
    return UNKNOWN_DIM


def _check_index(n: int, length: Dim, position: int) -> None:
    if known(length) and not -length <= n < length:  # type: ignore[operator]
        raise LibraryError("IndexError", f"index {n} is out of bounds for axis {position} with "
                                          f"size {length}")


@library_function("ndarray.__getitem__", "self, key")
def getitem(a: Bound) -> Any:
    data: Data = a.self
    items = _key(a.key, a)
    if sum(1 for k in items if k is Ellipsis) > 1:
        raise LibraryError("IndexError", "an index can only have a single ellipsis ('...')")
    if data.shape is None:
        raise Unmodelled("indexing an array of unknown rank")
    shape = data.shape
    counts = [_consumed(k) for k in items]
    if -1 in counts:
        raise Unmodelled("a mask of unknown rank")
    if sum(counts) > len(shape):
        raise LibraryError("IndexError", f"too many indices for array: array is "
                                         f"{len(shape)}-dimensional, but {sum(counts)} were "
                                         "indexed")
    rest = len(shape) - sum(counts)
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items[at: at + 1] = [slice(None)] * rest
    else:
        items += [slice(None)] * rest
    return _apply(data, items, a)


def _apply(data: Data, items: list[Any], a: Bound) -> Any:
    shape: Dims = data.shape  # type: ignore[assignment]
    result: list[Any] = []  # dims, and one "ADV" marker where the advanced axes go
    advanced: list[Dims | None] = []
    advanced_at: list[int] = []
    dims = iter(enumerate(shape))
    keep_bounds = True
    for slot, item in enumerate(items):
        if item is None:
            result.append(1)
            continue
        if isinstance(item, Data):
            keep_bounds = False
            advanced_at.append(slot)
            if item.dtype == "bool":
                advanced.append(_mask(item, [next(dims) for _ in range(len(item.shape))]))
            else:
                position, length = next(dims)
                _check_bounds(item, length, position)
                advanced.append(item.shape)
            result.append("ADV")
            continue
        position, length = next(dims)
        if isinstance(item, slice):
            new = _sliced(length, item)
            if new is not length:
                keep_bounds = keep_bounds and data.bounds in ("uniform", "at_most")
            result.append(new)
            continue
        n = as_int(item)
        if n is not None:
            _check_index(n, length, position)
        keep_bounds = keep_bounds and data.bounds in ("uniform", "at_most")
    if advanced:
        try:
            together = broadcast(advanced)
        except LibraryError as exc:
            listed = "".join(f"{format_shape(s)} " for s in advanced)  # type: ignore[arg-type]
            raise LibraryError("IndexError", exc.message and "shape mismatch: indexing arrays "
                               f"could not be broadcast together with shapes {listed}") from None
        if together is None:
            raise Unmodelled("index arrays of unknown rank")
        adjacent = advanced_at == list(range(advanced_at[0], advanced_at[-1] + 1))
        first = result.index("ADV")
        result = [d for d in result if d != "ADV"]
        where = first if adjacent else 0
        result[where:where] = list(together)
        if data.bounds in ("uniform", "at_most"):
            keep_bounds = True
    out = data.derived(tuple(result), a.origin)
    return out if keep_bounds else out.without_bounds()


def _check_bounds(index: Data, length: Dim, position: int) -> None:
    """An integer index array whose values are known to leave the axis (``np.eye(9)[y]`` with
    labels up to 9): numpy raises for the first such value, which layerlint names only when the
    index is a literal with one value."""
    if not known(length) or index.bounds != "exact" or index.max_value is None:
        return
    low, high = index.min_value, index.max_value
    bad = [v for v in (high, low) if v is not None and not -length <= v < length]  # type: ignore
    if bad:
        single = low == high and size_of(index.shape) == 1
        raise LibraryError("IndexError", f"index {bad[0]} is out of bounds for axis {position} "
                                          f"with size {length}" if single else None)


def _mask(mask: Data, indexed: list[tuple[int, Dim]]) -> Dims:
    """A boolean mask selects the true elements: one axis of unknown length (known when the
    mask is a literal whose values are known)."""
    for (position, length), size in zip(indexed, mask.shape):  # type: ignore[arg-type]
        if known(length) and known(size) and length != size:
            raise LibraryError("IndexError", f"boolean index did not match indexed array along "
                                             f"axis {position}; size of axis is {length} but "
                                             f"size of corresponding boolean axis is {size}")
    count = mask.extra.get("true_count")
    return (count if isinstance(count, int) else UNKNOWN_DIM,)


# --- attributes ---------------------------------------------------------------------------------


@library_function("ndarray.shape", "self", prop=True)
def shape(a: Bound) -> Any:
    if a.self.shape is None:
        raise Unmodelled("the shape of an array of unknown rank")
    return tuple(as_value(d) for d in a.self.shape)


@library_function("ndarray.ndim", "self", prop=True)
def ndim(a: Bound) -> Any:
    if a.self.shape is None:
        raise Unmodelled("the rank of an array of unknown rank")
    return len(a.self.shape)


@library_function("ndarray.size", "self", prop=True)
def size(a: Bound) -> Any:
    if a.self.shape is None:
        raise Unmodelled("the size of an array of unknown rank")
    return as_value(size_of(a.self.shape))


@library_function("ndarray.dtype", "self", prop=True)
def dtype(a: Bound) -> Any:
    if a.self.dtype is None:
        raise Unmodelled("an unknown dtype")
    return a.self.dtype
