"""pandas DataFrames and Series: readers, constructors, attributes and the methods that keep or
change their shape (indexing: pandas_indexing.py).

A DataFrame is a ``values.Data`` of rank 2 whose ``library_type`` is ``pandas.DataFrame`` (a
Series: rank 1, ``pandas.Series``), so Keras' ``fit(df, y)`` sees its shape. ``extra`` holds
what pandas knows and layerlint may: ``labels`` (the column labels, a tuple, when every one is
known) and ``unique`` (labels certainly distinct, e.g. a file's header: pandas renames repeated
names), which make ``df["a"]`` a Series and ``df[["a", "b"]]`` two columns. A file's row count
is a named size (library/symbols.py); its columns are unknown unless ``usecols=`` / ``names=``
say how many. The ``dtype`` is the columns' one dtype when they share it, else None.

A method that changes a frame in place (``inplace=True``, ``df["c"] = ...``, ``pop``) makes
its shape unknown where it may have changed: the change may sit in a branch that did not run.
"""

from __future__ import annotations

import ast
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim
from ..arrays import as_value, from_literal
from ..values import ANY_NUMBER, Data, LibraryObject, as_int
from . import symbols
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import dtype_argument, known

FRAME = "pandas.DataFrame"
SERIES = "pandas.Series"
INDEX = "pandas.Index"
PANDAS_TYPES = (FRAME, SERIES, INDEX)


# --- values -------------------------------------------------------------------------------------


def new_frame(rows: Dim, cols: Dim, a: Bound, *, labels: tuple | None = None,
              dtype: str | None = None, unique: bool = False) -> Data:
    extra: dict[str, Any] = {}
    if labels is not None:
        extra["labels"] = labels
        unique = len(set(labels)) == len(labels)
    if unique:
        extra["unique"] = True
    if cols == 0:
        dtype = None  # no column: no dtype to share
    return Data((rows, cols), dtype, a.origin, extra=extra, library_type=FRAME)


def new_series(rows: Dim, a: Bound, dtype: str | None = None) -> Data:
    return Data((rows,), dtype, a.origin, library_type=SERIES)


def is_frame(value: Any) -> bool:
    return isinstance(value, Data) and value.library_type == FRAME and value.shape is not None


def is_series(value: Any) -> bool:
    return isinstance(value, Data) and value.library_type == SERIES and value.shape is not None


def labels_of(frame: Data) -> tuple | None:
    labels = frame.extra.get("labels")
    if labels is None or frame.shape is None or len(labels) != frame.shape[1]:
        return None
    return labels


def unique_labels(frame: Data) -> bool:
    return bool(frame.extra.get("unique"))


def frame_arg(value: Any, a: Bound) -> Data:
    if not is_frame(value):
        raise Unmodelled(f"{a.function}: not a DataFrame layerlint knows")
    return value


def pandas_arg(value: Any, a: Bound) -> Data:
    if not (is_frame(value) or is_series(value)):
        raise Unmodelled(f"{a.function}: not a DataFrame or Series layerlint knows")
    return value


def like(data: Data, shape: tuple[Dim, ...], a: Bound, **changes: Any) -> Data:
    """The same kind of pandas object (its labels kept) with another shape."""
    changes.setdefault("library_type", data.library_type)
    if data.library_type == FRAME and len(shape) == 2 and shape[1] == 0:
        changes["dtype"] = None  # no column left: no dtype to share
    result = data.derived(shape, a.origin, **changes).without_bounds()
    if "extra" not in changes:
        result.extra = {k: v for k, v in data.extra.items() if k in ("labels", "unique")}
    return result


def label_list(value: Any) -> list | None:
    """A literal label or list of labels (``"a"``, ``["a", "b"]``) as a list; None otherwise."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items):
        return items
    return None


def _literal_labels(value: Any, a: Bound) -> tuple:
    labels = label_list(value) if isinstance(value, (list, tuple)) else None
    if labels is None:
        raise Unmodelled(f"{a.function}: labels that are not literal")
    return tuple(labels)


# --- readers ------------------------------------------------------------------------------------


def _distinct_count(value: Any, a: Bound) -> int:
    items = label_list(value) if isinstance(value, (list, tuple)) else None
    if items is None:
        raise Unmodelled(f"{a.function}: usecols that are not a literal list")
    return len(set(items))


@library_function("pandas.read_csv", "filepath_or_buffer, *, sep=',', delimiter=None, "
                  "header='infer', names=None, index_col=None, usecols=None, dtype=None, "
                  "nrows=None, chunksize=None, iterator=False, **kwargs",
                  aliases=("pandas.read_table",))
def read_csv(a: Bound) -> Data:
    """Unknown rows (a named size); columns from ``usecols=`` (distinct names or positions) or
    ``names=`` (extra fields of a row become its index), else unknown."""
    if a.chunksize is not None or a.iterator is not False:
        raise Unmodelled("read_csv(chunksize=/iterator=) reads chunks")
    cols: Dim = UNKNOWN_DIM
    labels = None
    if a.index_col in (None, False):
        if a.usecols is not None:
            cols = _distinct_count(a.usecols, a)
        elif a.names is not None:
            labels = _literal_labels(a.names, a)
            cols = len(labels)
    return new_frame(symbols.fresh("rows", a.origin), cols, a, labels=labels, unique=True,
                     dtype=dtype_argument(a.dtype, a) if isinstance(a.dtype, str) else None)


# Excel, parquet and feather files need engines (openpyxl, pyarrow) the tests do not install:
# these entries claim only a frame of unknown rows and columns (labels maybe repeated), and
# tests/test_pandas_catalogue.py checks that they bind arguments as pandas' own signatures do.


@library_function("pandas.read_excel", "io, sheet_name=0, *, header=0, names=None, "
                  "index_col=None, usecols=None, dtype=None, nrows=None, **kwargs")
def read_excel(a: Bound) -> Data:
    if not isinstance(a.sheet_name, (str, int)) or isinstance(a.sheet_name, bool):
        raise Unmodelled("read_excel(sheet_name=None or a list) returns a dict of frames")
    return new_frame(symbols.fresh("rows", a.origin), UNKNOWN_DIM, a)


@library_function("pandas.read_json", "path_or_buf, *, orient=None, typ='frame', dtype=None, "
                  "lines=False, chunksize=None, nrows=None, **kwargs")
def read_json(a: Bound) -> Data:
    if a.typ != "frame" or a.chunksize is not None:
        raise Unmodelled("read_json(typ='series' / chunksize=)")
    return new_frame(symbols.fresh("rows", a.origin), UNKNOWN_DIM, a, unique=True)


@library_function("pandas.read_parquet", "path, engine='auto', columns=None, **kwargs")
def read_parquet(a: Bound) -> Data:
    return new_frame(symbols.fresh("rows", a.origin), UNKNOWN_DIM, a)


@library_function("pandas.read_feather", "path, columns=None, use_threads=True, "
                  "storage_options=None, dtype_backend=None")
def read_feather(a: Bound) -> Data:
    return new_frame(symbols.fresh("rows", a.origin), UNKNOWN_DIM, a)


# --- constructors -------------------------------------------------------------------------------


def _column_length(value: Any, a: Bound) -> Dim | None:
    """One dict value's length (None for a scalar, broadcast to the others)."""
    if isinstance(value, (int, float, str, bool)):
        return None
    if isinstance(value, list) and all(not isinstance(v, (list, tuple, dict)) for v in value):
        return len(value)
    if isinstance(value, Data) and value.shape is not None and len(value.shape) == 1:
        return value.shape[0]
    raise Unmodelled(f"{a.function}: a column that is not a literal list or a 1-D array")


def _from_dict(data: dict, a: Bound) -> Data:
    if a.columns is not None or a.index is not None:
        raise Unmodelled("DataFrame(dict, columns=/index=) selects and aligns")
    lengths = [_column_length(v, a) for v in data.values()]
    sized = [n for n in lengths if n is not None]
    if data and not sized:
        raise LibraryError("ValueError", "If using all scalar values, you must pass an index")
    ints = {n for n in sized if known(n)}
    if len(ints) > 1:
        raise LibraryError("ValueError", "All arrays must be of the same length")
    rows = ints.pop() if ints else (sized[0] if len(set(sized)) == 1 else UNKNOWN_DIM)
    kinds = {_column_dtype(v) for v in data.values()}
    dtype = kinds.pop() if len(kinds) == 1 else None
    return new_frame(rows if sized else 0, len(data), a, labels=tuple(data), dtype=dtype)


def _column_dtype(value: Any) -> str | None:
    if isinstance(value, Data):
        return value.dtype
    items = value if isinstance(value, list) else [value]
    if items and all(isinstance(v, bool) for v in items):
        return "bool"
    if items and all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        return "int64"
    if items and all(isinstance(v, float) for v in items):
        return "float64"
    return None


@library_function("pandas.DataFrame", "data=None, index=None, columns=None, dtype=None, "
                  "copy=None")
def data_frame(a: Bound) -> Data:
    data = a.data
    if isinstance(data, dict):
        frame = _from_dict(data, a)
    else:
        if is_frame(data) and a.columns is None and a.index is None:
            return like(data, data.shape, a, dtype=dtype_argument(a.dtype, a, data.dtype))
        if a.index is not None or not isinstance(data, (Data, list, tuple)) or \
                isinstance(data, Data) and data.library_type is not None:
            raise Unmodelled("DataFrame of this data is not modelled")
        array = from_literal(data, a.origin) if isinstance(data, (list, tuple)) else data
        if not isinstance(array, Data) or array.shape is None or array.ragged:
            raise Unmodelled("DataFrame of data of unknown shape")
        shape = array.shape
        if len(shape) == 1:
            shape = (shape[0], 1)
        if len(shape) != 2:
            raise LibraryError("ValueError", f"Must pass 2-d input. shape={_tuple(shape)}"
                               if all(map(known, shape)) else None)
        labels = None
        if a.columns is not None:
            labels = _literal_labels(a.columns, a)
            if known(shape[1]) and len(labels) != shape[1]:
                passed = _tuple(shape)
                implied = _tuple((shape[0], len(labels)))
                raise LibraryError("ValueError", f"Shape of passed values is {passed}, indices "
                                                 f"imply {implied}" if known(shape[0]) else None)
        elif known(shape[1]):
            labels = tuple(range(shape[1]))  # type: ignore[arg-type]
        dtype = array.dtype if isinstance(data, Data) else None  # a literal: per column
        frame = new_frame(shape[0], len(labels) if labels else shape[1], a, labels=labels,
                          dtype=dtype)
    if a.dtype is not None:
        frame.dtype = dtype_argument(a.dtype, a)
    return frame


def _tuple(shape: tuple) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


@library_function("pandas.Series", "data=None, index=None, dtype=None, name=None, copy=None")
def series(a: Bound) -> Data:
    data = a.data
    if a.index is not None:
        raise Unmodelled("Series(index=) aligns")
    if isinstance(data, dict):
        return new_series(len(data), a, dtype_argument(a.dtype, a))
    if isinstance(data, list) and all(not isinstance(v, (list, tuple, dict)) for v in data):
        return new_series(len(data), a, dtype_argument(a.dtype, a, _column_dtype(data)))
    if not isinstance(data, Data) or data.shape is None or \
            data.library_type not in (None, SERIES):
        raise Unmodelled("Series of this data is not modelled")
    if len(data.shape) != 1:
        shown = _tuple(data.shape)
        raise LibraryError("ValueError", f"Data must be 1-dimensional, got ndarray of shape "
                                         f"{shown} instead" if all(map(known, data.shape))
                           else None)
    return new_series(data.shape[0], a, dtype_argument(a.dtype, a, data.dtype))


# --- attributes ---------------------------------------------------------------------------------


for _kind in (FRAME, SERIES):
    @library_function(f"{_kind}.shape", "self", prop=True)
    def shape(a: Bound) -> Any:
        return tuple(as_value(d) for d in pandas_arg(a.self, a).shape)  # type: ignore[union-attr]

    @library_function(f"{_kind}.values", "self", prop=True)
    def values(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return Data(data.shape, data.dtype, a.origin)

    @library_function(f"{_kind}.to_numpy", "self, dtype=None, copy=False, na_value=None")
    def to_numpy(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return Data(data.shape, dtype_argument(a.dtype, a, data.dtype), a.origin)

    @library_function(f"{_kind}.index", "self", prop=True)
    def index(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return Data(data.shape[:1], None, a.origin, library_type=INDEX)  # type: ignore[index]

    @library_function(f"{_kind}.astype", "self, dtype, copy=None, errors='raise'")
    def astype(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        if isinstance(a.dtype, dict):
            return like(data, data.shape, a, dtype=None)  # type: ignore[arg-type]
        return like(data, data.shape, a, dtype=dtype_argument(a.dtype, a))  # type: ignore

    @library_function(f"{_kind}.copy", "self, deep=True")
    def copy(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return like(data, data.shape, a, dtype=data.dtype)  # type: ignore[arg-type]

    for _end in ("head", "tail"):
        @library_function(f"{_kind}.{_end}", "self, n=5")
        def head(a: Bound) -> Data:
            data = pandas_arg(a.self, a)
            n = as_int(a.n)
            rows = data.shape[0]  # type: ignore[index]
            if n is None:
                raise Unmodelled("head(n) of an unknown n")
            if n >= 0 and known(rows):
                kept: Dim = min(n, rows)  # type: ignore[type-var]
            elif n >= 0 and n == 0:
                kept = 0
            elif known(rows):
                kept = max(rows + n, 0)  # type: ignore[operator]
            else:
                kept = UNKNOWN_DIM
            return like(data, (kept, *data.shape[1:]), a, dtype=data.dtype)  # type: ignore


@library_function(f"{FRAME}.columns", "self", prop=True)
def columns(a: Bound) -> Data:
    frame = frame_arg(a.self, a)
    labels = labels_of(frame)
    extra = {"labels": labels} if labels is not None else {}
    return Data(frame.shape[1:], None, a.origin, extra=extra,  # type: ignore[index]
                library_type=INDEX)


@library_function(f"{FRAME}.T", "self", prop=True)
def transposed(a: Bound) -> Data:
    frame = frame_arg(a.self, a)
    rows, cols = frame.shape  # type: ignore[misc]
    return new_frame(cols, rows, a)


# --- methods that keep or change the shape ------------------------------------------------------


def _axis_name(value: Any, a: Bound) -> str:
    if value in (0, "index", "rows"):
        return "index"
    if value in (1, "columns"):
        return "columns"
    raise Unmodelled(f"{a.function}: an axis that is not known")


@library_function(f"{FRAME}.drop", "self, labels=None, *, axis=0, index=None, columns=None, "
                  "level=None, inplace=False, errors='raise'")
def drop(a: Bound) -> Data:
    frame = frame_arg(a.self, a)
    rows, cols = frame.shape  # type: ignore[misc]
    dropped_columns, dropped_rows = a.columns, a.index
    if a.labels is not None:
        if a.index is not None or a.columns is not None:
            raise LibraryError("ValueError", "Cannot specify both 'labels' and "
                                             "'index'/'columns'")
        if _axis_name(a.axis, a) == "columns":
            dropped_columns = a.labels
        else:
            dropped_rows = a.labels
    if dropped_rows is not None:
        rows = UNKNOWN_DIM
    labels = labels_of(frame)
    if dropped_columns is not None:
        names = label_list(dropped_columns)
        if names is None or labels is None or a.level is not None:
            return like(frame, (rows, UNKNOWN_DIM), a, extra={}, dtype=None)
        missing = [n for n in names if n not in labels]
        if missing and a.errors == "raise":
            raise LibraryError("KeyError", repr(f"{missing!r} not found in axis"))
        labels = tuple(label for label in labels if label not in names)
        cols = len(labels)
    result = like(frame, (rows, cols), a, dtype=frame.dtype if not dropped_columns else None)
    if labels is not None:
        result.extra = {"labels": labels, **({"unique": True} if unique_labels(frame) else {})}
    return result


@library_function(f"{FRAME}.dropna", "self, *, axis=0, how=None, thresh=None, subset=None, "
                  "inplace=False, ignore_index=False")
def dropna(a: Bound) -> Data:
    frame = frame_arg(a.self, a)
    rows, cols = frame.shape  # type: ignore[misc]
    if _axis_name(a.axis, a) == "columns":  # perhaps no column left: no dtype
        return like(frame, (rows, UNKNOWN_DIM), a, extra={}, dtype=None)
    return like(frame, (UNKNOWN_DIM, cols), a, dtype=frame.dtype)


@library_function(f"{SERIES}.dropna", "self, *, axis=0, inplace=False, how=None, "
                  "ignore_index=False")
def series_dropna(a: Bound) -> Data:
    data = pandas_arg(a.self, a)
    return like(data, (UNKNOWN_DIM,), a, dtype=data.dtype)


for _kind in (FRAME, SERIES):
    @library_function(f"{_kind}.drop_duplicates", "self, subset=None, *, keep='first', "
                      "inplace=False, ignore_index=False")
    def drop_duplicates(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return like(data, (UNKNOWN_DIM, *data.shape[1:]), a, dtype=data.dtype)  # type: ignore

    @library_function(f"{_kind}.fillna", "self, value=None, *, axis=None, inplace=False, "
                      "limit=None")
    def fillna(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return like(data, data.shape, a)  # type: ignore[arg-type]


@library_function(f"{FRAME}.reset_index", "self, level=None, *, drop=False, inplace=False, "
                  "col_level=0, col_fill='', allow_duplicates=False, names=None")
def reset_index(a: Bound) -> Data:
    """``drop=False`` adds the (single-level) index as a column; frames layerlint knows the
    column count of never have a MultiIndex."""
    frame = frame_arg(a.self, a)
    rows, cols = frame.shape  # type: ignore[misc]
    if a.drop is True and a.level is None:
        return like(frame, (rows, cols), a, dtype=frame.dtype)
    if a.drop is False and a.level is None and known(cols):  # the index: another dtype
        return like(frame, (rows, cols + 1), a, extra={}, dtype=None)  # type: ignore[operator]
    return like(frame, (rows, UNKNOWN_DIM), a, extra={}, dtype=None)


@library_function("pandas.get_dummies", "data, prefix=None, prefix_sep='_', dummy_na=False, "
                  "columns=None, sparse=False, drop_first=False, dtype=None")
def get_dummies(a: Bound) -> Data:
    """One column per category seen: the column count is unknown."""
    data = pandas_arg(a.data, a)
    if a.sparse is not False:
        raise Unmodelled("get_dummies(sparse=True)")
    dtype = dtype_argument(a.dtype, a, "bool") if is_series(data) else None
    return new_frame(data.shape[0], UNKNOWN_DIM, a, dtype=dtype)  # type: ignore[index]


@library_function(f"{FRAME}.pop", "self, item")
def pop(a: Bound) -> Data:
    """Removes the column: ``stored`` below forgets the frame's columns."""
    frame = frame_arg(a.self, a)
    labels = labels_of(frame)
    if labels is not None and a.item not in labels:
        raise LibraryError("KeyError", repr(a.item))
    if not (unique_labels(frame) or labels is not None and labels.count(a.item) == 1):
        raise Unmodelled("pop of a label that may be repeated")
    return new_series(frame.shape[0], a)  # type: ignore[index]


@library_function(f"{SERIES}.to_frame", "self, name=None")
def to_frame(a: Bound) -> Data:
    data = pandas_arg(a.self, a)
    return new_frame(data.shape[0], 1, a, dtype=data.dtype, unique=True)  # type: ignore


for _name in ("map", "replace", "clip", "round", "abs"):
    @library_function(f"{SERIES}.{_name}", "self, *args, **kwargs")
    def same_length(a: Bound) -> Data:
        data = pandas_arg(a.self, a)
        return like(data, data.shape, a)  # type: ignore[arg-type]


@library_function(f"{SERIES}.unique", "self")
def unique(a: Bound) -> Data:
    pandas_arg(a.self, a)
    return Data((UNKNOWN_DIM,), a.self.dtype, a.origin)


# --- changes in place ---------------------------------------------------------------------------

_CHANGES_IN_PLACE = {"pop", "insert"}  # change the frame whatever their arguments say
# In-place changes after which distinct column labels stay distinct (``rename`` may repeat one).
_KEEP_DISTINCT = {"drop", "dropna", "fillna", "drop_duplicates", "reset_index", "sort_values",
                  "sort_index", "replace", "clip", "query", "set_index", "interpolate", "bfill",
                  "ffill", "where", "mask", "update", "pop", "__setitem__"}


def forget_shape(data: Data, distinct: bool = False) -> None:
    """The object changed in a way layerlint does not follow: its sizes are unknown now (its
    column labels too; ``distinct``: they are still distinct if they were)."""
    if data.shape is not None:
        data.shape = tuple(UNKNOWN_DIM for _ in data.shape)
    data.extra = {"unique": True} if distinct and data.extra.get("unique") else {}
    data.dtype = None


def after_method(receiver: Any, name: str, kwargs: dict[str, Any], result: Any,
                 catalogued: bool) -> Any:
    """A method called on a pandas object: ``inplace=True`` (or an unknown ``inplace``) and
    ``pop``/``insert`` change the receiver, whose changed sizes become unknown."""
    if not (isinstance(receiver, Data) and receiver.library_type in PANDAS_TYPES):
        return result
    inplace = "inplace" in kwargs and kwargs["inplace"] is not False
    if inplace or name in _CHANGES_IN_PLACE:
        forget_shape(receiver, distinct=name in _KEEP_DISTINCT or name == "insert" and
                     kwargs.get("allow_duplicates", False) is False)
        return None if inplace else result
    return result


def stored(container: Any, key: Any, deleted: bool = False) -> None:
    """``df["c"] = ...``, ``del df["c"]``, ``df.loc[i] = ...``: the frame may have gained or
    lost a column (or a row)."""
    if isinstance(container, LibraryObject) and isinstance(container.state.get("of"), Data):
        container = container.state["of"]  # an indexer: .loc / .iloc of a frame
    if not (isinstance(container, Data) and container.library_type in PANDAS_TYPES):
        return
    labels = labels_of(container) if is_frame(container) else None
    if labels is not None and isinstance(key, str) and key in labels and not deleted and \
            container.library_type == FRAME:
        return  # an existing column replaced (the labels are certain): same shape
    forget_shape(container, distinct=True)


def attribute_stored(owner: Any, name: str, value: Any) -> None:
    """``df.columns = [...]``: new labels (the same count, or pandas raises)."""
    if not is_frame(owner) or name != "columns":
        return
    labels = label_list(value) if isinstance(value, (list, tuple)) else None
    if labels is not None and len(labels) == owner.shape[1]:  # type: ignore[index]
        owner.extra = {"labels": tuple(labels)}
        if len(set(labels)) == len(labels):
            owner.extra["unique"] = True
    else:
        owner.extra = {}


_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def operator(op: ast.AST, left: Any, right: Any, origin: Any) -> Any:
    """``df / 255``, ``s == 1``: a pandas object with a number keeps its shape and type (a
    comparison's is bool); two pandas objects align on their labels, so their result's shape is
    not modelled, nor is one with an array."""
    pandas = [v for v in (left, right) if isinstance(v, Data) and v.library_type in (FRAME,
                                                                                      SERIES)]
    other = right if pandas and pandas[0] is left else left
    if len(pandas) != 1 or pandas[0].shape is None:
        return UNKNOWN
    if not (other is ANY_NUMBER or isinstance(other, (int, float))):
        return UNKNOWN
    data = pandas[0]
    dtype = "bool" if isinstance(op, _COMPARISONS) else None
    result = data.derived(data.shape, origin, dtype=dtype, library_type=data.library_type)
    result.extra = {k: v for k, v in data.extra.items() if k in ("labels", "unique")}
    return result.without_bounds()
