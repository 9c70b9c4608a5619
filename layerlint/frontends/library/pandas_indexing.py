"""Selecting from pandas objects: ``df["a"]``, ``df[["a", "b"]]``, ``df.a``, ``df[mask]``,
``df.iloc[:, a:b]`` / ``df.iloc[:, [0, 2]]``, ``df.loc[:, ["a", "b"]]``, ``s[1:3]``.

A column selected by label is a Series only when the label names one column: certain when the
labels are known, or distinct (a file's header). Positions (``iloc``) follow Python's slice
rules and pandas' bounds checks; rows selected by a mask or by labels are an unknown count.
"""

from __future__ import annotations

from typing import Any

from ...shapes import UNKNOWN_DIM, Dim
from ..values import Data, LibraryObject, as_int, is_unknown
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import known
from .pandas_frames import (
    FRAME,
    INDEX,
    SERIES,
    frame_arg,
    is_frame,
    is_series,
    label_list,
    labels_of,
    like,
    new_frame,
    new_series,
    pandas_arg,
    unique_labels,
)
from .pandas_names import FRAME_ATTRIBUTES

ILOC = "pandas.core.indexing._iLocIndexer"
LOC = "pandas.core.indexing._LocIndexer"
_ALL = slice(None)


# --- columns by label ---------------------------------------------------------------------------


def _selected(frame: Data, key: Any, a: Bound, *, single: str) -> Data:
    """Columns by label: a Series for one label naming one column, else a DataFrame."""
    rows = frame.shape[0]  # type: ignore[index]
    labels = labels_of(frame)
    names = label_list(key)
    if names is None:
        raise Unmodelled(f"{a.function}: labels that are not literal")
    one = not isinstance(key, (list, tuple))
    if labels is not None:
        missing = [n for n in names if n not in labels]
        if missing:
            raise LibraryError("KeyError", _missing_message(key, names, missing))
        picked = tuple(label for n in names for label in labels if label == n)
        if one and len(picked) == 1:
            return new_series(rows, a, frame.dtype)
        if one and single == "loc" and len(picked) > 1:
            raise Unmodelled("a repeated label")
        return new_frame(rows, len(picked), a, labels=picked, dtype=frame.dtype)
    if not unique_labels(frame):
        raise Unmodelled(f"{a.function}: labels that may be repeated")
    if one:
        return new_series(rows, a)
    return new_frame(rows, len(names), a, labels=tuple(names))


def _missing_message(key: Any, names: list, missing: list) -> str | None:
    """pandas' KeyError text (``str()`` of it: the repr of its argument)."""
    if not isinstance(key, (list, tuple)):
        return repr(key)
    if len(missing) < len(names):
        return repr(f"{missing!r} not in index")
    kinds = {type(n) for n in names}
    dtype = {str: "str", int: "int64"}.get(kinds.pop()) if len(kinds) == 1 else None
    if dtype is None:
        return None
    return repr(f"None of [Index({names!r}, dtype='{dtype}')] are in the [columns]")


def _mask(key: Any) -> bool:
    """A boolean row mask: a bool array or Series (``df[df.a > 1]``)."""
    return isinstance(key, Data) and key.dtype == "bool" and key.shape is not None and \
        len(key.shape) == 1 and key.library_type in (None, SERIES)


def _row_slice(length: Dim, key: slice, a: Bound) -> Dim:
    parts = (key.start, key.stop, key.step)
    if any(is_unknown(p) for p in parts):
        return UNKNOWN_DIM
    if not all(p is None or as_int(p) is not None for p in parts):
        raise Unmodelled(f"{a.function}: a slice of labels")
    if key.step == 0:
        raise LibraryError("ValueError", "slice step cannot be zero")
    if key == _ALL:
        return length
    return len(range(*key.indices(length))) if known(length) else UNKNOWN_DIM  # type: ignore


@library_function(f"{FRAME}.__getitem__", "self, key")
def frame_getitem(a: Bound) -> Data:
    frame = frame_arg(a.self, a)
    rows, cols = frame.shape  # type: ignore[misc]
    key = a.key
    if isinstance(key, slice):
        return like(frame, (_row_slice(rows, key, a), cols), a, dtype=frame.dtype)
    if _mask(key):
        return like(frame, (UNKNOWN_DIM, cols), a, dtype=frame.dtype)
    if isinstance(key, Data) and key.library_type == INDEX and key.shape is not None:
        if not unique_labels(frame):
            raise Unmodelled("columns by an Index of a frame whose labels may repeat")
        known_labels = key.extra.get("labels")
        if known_labels is not None:
            return _selected(frame, list(known_labels), a, single="getitem")
        return new_frame(rows, key.shape[0], a, unique=True)
    return _selected(frame, key, a, single="getitem")


@library_function(f"{FRAME}.__getattr__", "self, name")
def frame_getattr(a: Bound) -> Data:
    """``df.price``: a column, unless the name is one of DataFrame's own attributes."""
    frame = frame_arg(a.self, a)
    if a.name in FRAME_ATTRIBUTES:
        raise Unmodelled(f"DataFrame.{a.name} is not modelled")
    labels = labels_of(frame)
    if labels is not None and a.name not in labels:
        raise LibraryError("AttributeError", f"'DataFrame' object has no attribute {a.name!r}")
    return _selected(frame, a.name, a, single="getitem")


@library_function(f"{SERIES}.__getitem__", "self, key")
def series_getitem(a: Bound) -> Data:
    data = pandas_arg(a.self, a)
    if isinstance(a.key, slice):
        return like(data, (_row_slice(data.shape[0], a.key, a),), a,  # type: ignore[index]
                    dtype=data.dtype)
    if _mask(a.key):
        return like(data, (UNKNOWN_DIM,), a, dtype=data.dtype)
    raise Unmodelled("a Series indexed by labels")


@library_function(f"{INDEX}.__getitem__", "self, key")
def index_getitem(a: Bound) -> Data:
    """``df.columns[:-1]``: an Index of the labels at those positions."""
    index: Data = a.self
    if not isinstance(a.key, slice) or index.shape is None:
        raise Unmodelled("an Index indexed by other than a slice")
    length = _row_slice(index.shape[0], a.key, a)
    labels = index.extra.get("labels")
    extra = {"labels": labels[a.key]} if labels is not None else {}
    return Data((length,), None, a.origin, extra=extra, library_type=INDEX)


# --- .iloc and .loc -----------------------------------------------------------------------------


for _kind in (FRAME, SERIES):
    for _name, _indexer in (("iloc", ILOC), ("loc", LOC)):
        def _make(indexer: str):
            def rule(a: Bound) -> LibraryObject:
                return LibraryObject(indexer, state={"of": pandas_arg(a.self, a)})
            return rule

        library_function(f"{_kind}.{_name}", "self", prop=True)(_make(_indexer))


def _parts(a: Bound, ndim: int) -> list[Any]:
    key = a.key
    parts = list(key) if isinstance(key, tuple) else [key]
    if len(parts) > ndim:
        raise LibraryError("IndexingError", "Too many indexers")
    return parts + [_ALL] * (ndim - len(parts))


def _position(part: Any, length: Dim, a: Bound) -> Dim | None:
    """What one ``iloc`` part keeps of an axis: a length, or None when an int drops it."""
    if isinstance(part, slice):
        return _row_slice(length, part, a)
    n = as_int(part)
    if n is not None and not isinstance(part, bool):
        if known(length) and not -length <= n < length:  # type: ignore[operator]
            raise LibraryError("IndexError", "single positional indexer is out-of-bounds")
        return None
    if isinstance(part, list) and all(isinstance(v, bool) for v in part) and part:
        if known(length) and len(part) != length:
            raise Unmodelled("a boolean list of another length")
        return sum(part)
    if isinstance(part, list) and all(as_int(v) is not None and not isinstance(v, bool)
                                      for v in part):
        if known(length) and any(not -length <= v < length for v in part):  # type: ignore
            raise LibraryError("IndexError", "positional indexers are out-of-bounds")
        return len(part)
    if isinstance(part, Data) and part.shape is not None and len(part.shape) == 1 and \
            part.dtype is not None and part.dtype.startswith(("int", "uint")):
        return part.shape[0]
    if _mask(part):
        return UNKNOWN_DIM
    raise Unmodelled(f"{a.function}: a position that is not known")


def _picked_labels(labels: tuple | None, part: Any) -> tuple | None:
    if labels is None:
        return None
    if isinstance(part, slice):
        return labels[part]
    if isinstance(part, list) and all(isinstance(v, bool) for v in part):
        return tuple(label for label, keep in zip(labels, part) if keep)
    if isinstance(part, list):
        return tuple(labels[v] for v in part)
    return None


@library_function(f"{ILOC}.__getitem__", "self, key")
def iloc_getitem(a: Bound) -> Any:
    data: Data = a.self.state["of"]
    if is_series(data):
        (part,) = _parts(a, 1)
        kept = _position(part, data.shape[0], a)  # type: ignore[index]
        if kept is None:
            raise Unmodelled("one element of a Series")
        return like(data, (kept,), a, dtype=data.dtype)
    rows, cols = data.shape  # type: ignore[misc]
    row_part, col_part = _parts(a, 2)
    kept_rows, kept_cols = _position(row_part, rows, a), _position(col_part, cols, a)
    if kept_rows is None and kept_cols is None:
        raise Unmodelled("one element of a DataFrame")
    if kept_cols is None:
        return new_series(kept_rows, a, data.dtype)
    if kept_rows is None:
        return new_series(kept_cols, a, data.dtype)
    labels = _picked_labels(labels_of(data), col_part)
    unique = unique_labels(data) and (isinstance(col_part, slice) or _no_repeats(col_part))
    kept = col_part == _ALL if isinstance(col_part, slice) else False
    dtype = data.dtype if kept or known(kept_cols) and kept_cols else None  # none: no dtype
    return new_frame(kept_rows, kept_cols, a, labels=labels, dtype=dtype, unique=unique)


def _no_repeats(part: Any) -> bool:
    if isinstance(part, list) and not all(isinstance(v, bool) for v in part):
        return len(set(part)) == len(part)
    return isinstance(part, list)


def _loc_rows(part: Any, rows: Dim, a: Bound) -> Dim:
    if isinstance(part, slice) and part == _ALL:
        return rows
    if _mask(part) or isinstance(part, slice):
        return UNKNOWN_DIM  # a mask, or labels from one to another (inclusive)
    raise Unmodelled("rows by label")


@library_function(f"{LOC}.__getitem__", "self, key")
def loc_getitem(a: Bound) -> Any:
    data: Data = a.self.state["of"]
    if is_series(data):
        (part,) = _parts(a, 1)
        return like(data, (_loc_rows(part, data.shape[0], a),), a,  # type: ignore[index]
                    dtype=data.dtype)
    rows, cols = data.shape  # type: ignore[misc]
    row_part, col_part = _parts(a, 2)
    kept_rows = _loc_rows(row_part, rows, a)
    if isinstance(col_part, slice):
        if col_part == _ALL:
            return like(data, (kept_rows, cols), a, dtype=data.dtype)
        labels = labels_of(data)
        if labels is None or col_part.step is not None or labels.count(col_part.start) > 1 \
                or labels.count(col_part.stop) > 1:
            return new_frame(kept_rows, UNKNOWN_DIM, a)
        start = 0 if col_part.start is None else _label_position(labels, col_part.start)
        stop = len(labels) if col_part.stop is None else _label_position(labels,
                                                                          col_part.stop) + 1
        picked = labels[start:stop]
        return new_frame(kept_rows, len(picked), a, labels=picked, dtype=data.dtype)
    if isinstance(col_part, list) and col_part and all(isinstance(v, bool) for v in col_part):
        if known(cols) and len(col_part) != cols:
            raise Unmodelled("a boolean list of another length")
        picked = _picked_labels(labels_of(data), col_part)
        return new_frame(kept_rows, sum(col_part), a, labels=picked, dtype=data.dtype)
    selected = _selected(data, col_part, a, single="loc")
    return like(selected, (kept_rows, *selected.shape[1:]), a,  # type: ignore[index]
                dtype=selected.dtype)


def _label_position(labels: tuple, label: Any) -> int:
    if label not in labels:
        raise Unmodelled("a slice from a label that is not a column")  # pandas: KeyError
    return labels.index(label)


__all__ = ["ILOC", "LOC", "is_frame"]
