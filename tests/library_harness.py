"""Run a catalogue entry and the real library (scikit-learn, pandas, in this process) on the
same arguments and compare, for tests/test_sklearn_catalogue.py and test_pandas_catalogue.py.

A :class:`Case` calls one function or class (``call``) and then ``steps`` on its result or on
the object it made (``fit`` then ``transform``). Arguments are plain values, :class:`Arr`
(an array), :class:`Frame` / :class:`Ser` (pandas objects) or :class:`Csv` (a file written for
the real run; layerlint sees only its path). Every result is compared: error or not (type and
message where layerlint states one), type (ndarray / DataFrame / Series / sparse / Bunch /
the estimator itself), shape, dtype, value bounds, column labels. With dimensions hidden (``?``,
or a name per size), what layerlint still says must hold; a name layerlint makes (``rows@3``,
``train@7``) must stand for one size wherever it appears in the case's results.
"""

from __future__ import annotations

import importlib
import random
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layerlint.frontends import library
from layerlint.frontends.library.catalogue import LibraryError, Unmodelled, lookup
from layerlint.frontends.library.pandas_frames import FRAME, SERIES
from layerlint.frontends.values import ANY_NUMBER, Data, LibraryObject, Sym


@dataclass(frozen=True)
class Arr:
    shape: tuple[int, ...]
    dtype: str = "float64"
    values: tuple | None = None  # flat values; else 0, 1, 2, ... (mod 5)


@dataclass(frozen=True)
class Frame:
    shape: tuple[int, int]
    labels: tuple | None = None  # None: 0, 1, 2, ... (pandas' default)
    dtype: str = "float64"


@dataclass(frozen=True)
class Ser:
    length: int
    dtype: str = "float64"


@dataclass(frozen=True)
class Csv:
    rows: int
    header: tuple[str, ...]


@dataclass(frozen=True)
class Json:
    """A JSON file of records (``[{"a": 0, "b": 1}, ...]``)."""

    rows: int
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    kind: str  # "method" | "attr" | "getitem"
    name: Any  # method / attribute name, or the key of a getitem
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    on: str = "last"  # "last": the previous result; "root": the object the call made

    def __str__(self) -> str:
        if self.kind == "getitem":
            return f"[{self.name!r}]"
        if self.kind == "attr":
            return f".{self.name}"
        args = ", ".join([repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in
                                                          self.kwargs.items()])
        return f"{'' if self.on == 'last' else '<root>'}.{self.name}({args})"


@dataclass
class Case:
    call: str
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()

    def __str__(self) -> str:
        args = ", ".join([repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in
                                                          self.kwargs.items()])
        return f"{self.call}({args})" + "".join(str(s) for s in self.steps)


def method(name: str, *args: Any, on: str = "last", **kwargs: Any) -> Step:
    return Step("method", name, args, kwargs, on)


def attr(name: str) -> Step:
    return Step("attr", name)


def item(key: Any) -> Step:
    return Step("getitem", key)


# --- the real libraries --------------------------------------------------------------------------


def _values(shape: tuple[int, ...], dtype: str, values: tuple | None) -> np.ndarray:
    if values is not None:
        return np.array(values, dtype=dtype).reshape(shape)
    n = int(np.prod(shape)) if shape else 1
    return ((np.arange(n) * 7 % 5) + 1).astype(dtype).reshape(shape)


def real_value(value: Any, tmp: Any) -> Any:
    import pandas as pd

    if isinstance(value, Arr):
        return _values(value.shape, value.dtype, value.values)
    if isinstance(value, Frame):
        columns = list(value.labels) if value.labels is not None else None
        return pd.DataFrame(_values(value.shape, value.dtype, None), columns=columns)
    if isinstance(value, Ser):
        return pd.Series(_values((value.length,), value.dtype, None))
    if isinstance(value, Csv):
        path = tmp / f"data_{value.rows}_{len(value.header)}.csv"
        lines = [",".join(value.header)] + [
            ",".join(str((r * 3 + c) % 7) for c in range(len(value.header)))
            for r in range(value.rows)]
        path.write_text("\n".join(lines) + "\n")
        return str(path)
    if isinstance(value, Json):
        import json

        path = tmp / f"data_{value.rows}_{len(value.keys)}.json"
        path.write_text(json.dumps([{k: (r + i) % 4 for i, k in enumerate(value.keys)}
                                    for r in range(value.rows)]))
        return str(path)
    if isinstance(value, list):
        return [real_value(v, tmp) for v in value]
    if isinstance(value, tuple):
        return tuple(real_value(v, tmp) for v in value)
    if isinstance(value, dict):
        return {k: real_value(v, tmp) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("numpy."):
        return getattr(np, value[len("numpy."):])
    return value


def _snapshot(value: Any) -> Any:
    """A pandas object as it is now (a later step may change it in place: ``pop``)."""
    import pandas as pd

    return value.copy() if isinstance(value, (pd.DataFrame, pd.Series)) else value


def _resolve(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def run_real(case: Case, tmp: Any) -> list[tuple[str, Any]]:
    """One outcome per result: ("ok", value) or ("error", (type name, message)); the first
    error ends the case."""
    outcomes: list[tuple[str, Any]] = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            root = last = _resolve(case.call)(*real_value(case.args, tmp),
                                              **real_value(case.kwargs, tmp))
            outcomes.append(("ok", _snapshot(last)))
            for step in case.steps:
                subject = root if step.on == "root" else last
                if step.kind == "attr":
                    last = getattr(subject, step.name)
                    outcomes.append(("ok", _snapshot(last)))
                    continue
                elif step.kind == "getitem":
                    last = subject[real_value(step.name, tmp)]
                    outcomes.append(("ok", _snapshot(last)))
                    continue
                else:
                    last = getattr(subject, step.name)(*real_value(step.args, tmp),
                                                       **real_value(step.kwargs, tmp))
                outcomes.append(("ok", _snapshot(last)))
        except Exception as exc:  # noqa: BLE001 - any failure is an outcome to compare
            outcomes.append(("error", (type(exc).__name__, str(exc))))
    return outcomes


# --- layerlint -----------------------------------------------------------------------------------


def lint_value(value: Any, dims: Any = None) -> Any:
    """A case argument as the interpreter would hold it; ``dims(obj)`` may hide sizes (and
    return the labels layerlint is told, for a Frame)."""
    if isinstance(value, Arr):
        shape = value.shape if dims is None else dims(value)
        data = Data(shape, value.dtype, None)
        if value.dtype.startswith(("int", "uint")):
            flat = _values(value.shape, value.dtype, value.values).ravel()
            if flat.size:
                data.min_value, data.max_value = int(flat.min()), int(flat.max())
                data.bounds = "exact"
        return data
    if isinstance(value, Frame):
        shape = value.shape if dims is None else dims(value)
        labels = value.labels if value.labels is not None else tuple(range(value.shape[1]))
        extra: dict[str, Any] = {"labels": labels}
        if len(set(labels)) == len(labels):
            extra["unique"] = True
        if dims is not None and getattr(dims, "hide_labels", lambda: False)():
            extra.pop("labels")
        return Data(shape, value.dtype, None, extra=extra, library_type=FRAME)
    if isinstance(value, Ser):
        shape = (value.length,) if dims is None else dims(value)
        return Data(shape, value.dtype, None, library_type=SERIES)
    if isinstance(value, Csv):
        return f"data_{value.rows}.csv"
    if isinstance(value, Json):
        return f"data_{value.rows}.json"
    if isinstance(value, list):
        return [lint_value(v, dims) for v in value]
    if isinstance(value, tuple):
        return tuple(lint_value(v, dims) for v in value)
    if isinstance(value, dict):
        return {k: lint_value(v, dims) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("numpy."):
        from layerlint.frontends.values import Ref

        return Ref(value)
    return value


def _entry_call(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    entry = lookup(name)
    if entry is None:
        raise Unmodelled(f"no entry {name}")
    return entry.call(args, kwargs, None)


def run_layerlint(case: Case, dims: Any = None) -> list[tuple[str, Any]]:
    """One outcome per result: ("ok", value), ("error", LibraryError) or ("unknown", why);
    an error or an unknown ends the case."""
    outcomes: list[tuple[str, Any]] = []
    try:
        root = last = _entry_call(case.call, list(lint_value(case.args, dims)),
                                  lint_value(case.kwargs, dims))
        outcomes.append(("ok", last))
        for step in case.steps:
            subject = root if step.on == "root" else last
            kind = library.type_of(subject)
            if kind is None:
                raise Unmodelled(f"{step} of a value without methods")
            if step.kind == "attr":
                entry = lookup(f"{kind}.{step.name}")
                if entry is not None and entry.prop:
                    last = entry.call([subject], {}, None)
                else:
                    last = _entry_call(f"{kind}.__getattr__", [subject, step.name], {})
            elif step.kind == "getitem":
                last = _entry_call(f"{kind}.__getitem__", [subject, lint_value(step.name,
                                                                               dims)], {})
            else:
                last = _entry_call(f"{kind}.{step.name}",
                                   [subject, *lint_value(step.args, dims)],
                                   lint_value(step.kwargs, dims))
            outcomes.append(("ok", last))
    except LibraryError as exc:
        outcomes.append(("error", exc))
    except Unmodelled as exc:
        outcomes.append(("unknown", str(exc)))
    return outcomes


# --- comparing -----------------------------------------------------------------------------------


class Names:
    """Named sizes seen in one case: each must stand for one real size."""

    def __init__(self, hidden: dict[str, int] | None = None) -> None:
        self.sizes = dict(hidden or {})
        self.partial = hidden is not None

    def agrees(self, name: str, size: int) -> bool:
        if name == "?":
            return True
        if "@" in name:  # made by layerlint: the same everywhere in the case
            return self.sizes.setdefault(name, size) == size
        return name in self.sizes and self.sizes[name] == size


# Errors that depend on the values of the data, which layerlint does not follow (it knows
# bounds at most): the library may raise them where layerlint returns a shape.
VALUE_DEPENDENT = ("Found unknown categories", "y contains previously unseen labels",
                   "Usecols do not match columns",
                   "The least populated class in y has only", "should be greater or equal to "
                   "the number of classes")


def compare(case: Case, ours: list[tuple[str, Any]], theirs: list[tuple[str, Any]],
            hidden: dict[str, int] | None = None) -> str | None:
    """None when layerlint agrees with the library (or says less); else what differs."""
    names = Names(hidden)
    subjects = [None] + [ours[0][1] if step.on == "root" else
                         ours[i][1] if i < len(ours) else None
                         for i, step in enumerate(case.steps)]
    for i, (mine, real) in enumerate(zip(ours, theirs)):
        where = f"result {i}"
        kind, value = mine
        if kind == "unknown":
            return None
        if kind == "error":
            if real[0] != "error":
                return f"{where}: layerlint raises {value.kind}: {value.message}; the library " \
                       "returns"
            if value.kind != real[1][0]:
                return f"{where}: {value.kind} vs the library's {real[1][0]}: {real[1][1]}"
            if value.message is not None and value.message != real[1][1]:
                return f"{where}: message {value.message!r} vs {real[1][1]!r}"
            return None
        if real[0] == "error":
            if names.partial or real[1][1].startswith(VALUE_DEPENDENT) or \
                    _uncertain(subjects[i]):
                return None  # an unknown size (or value) may be the one the library fails on
            return f"{where}: the library raises {real[1]}; layerlint returns {describe(value)}"
        problem = _compare_value(value, real[1], names)
        if problem:
            return f"{where}: {problem}"
    if len(ours) < len(theirs) and ours and ours[-1][0] == "ok":
        return f"layerlint stops after {len(ours)} results, the library gives {len(theirs)}"
    return None


def _uncertain(value: Any) -> bool:
    """What layerlint does not know of an object: a size, or a frame's column labels (a file's
    header). The library may fail on exactly that."""
    if isinstance(value, LibraryObject):
        value = value.state.get("of")
    if not isinstance(value, Data):
        return False
    if value.shape is None or not all(isinstance(d, int) for d in value.shape):
        return True
    return value.library_type == FRAME and value.extra.get("labels") is None


def _real_type(value: Any) -> str:
    import pandas as pd
    import scipy.sparse

    if isinstance(value, pd.DataFrame):
        return FRAME
    if isinstance(value, pd.Series):
        return SERIES
    if isinstance(value, np.ndarray):
        return "ndarray"
    if scipy.sparse.issparse(value):
        return "sparse"
    return type(value).__name__


def _compare_value(mine: Any, real: Any, names: Names) -> str | None:
    if isinstance(mine, (tuple, list)) and not _is_shape_tuple(mine):
        if not isinstance(real, (tuple, list)) or len(real) != len(mine):
            return f"{len(mine)} results vs the library's {type(real).__name__}"
        for m, r in zip(mine, real):
            problem = _compare_value(m, r, names)
            if problem:
                return problem
        return None
    if isinstance(mine, LibraryObject):
        return _compare_object(mine, real, names)
    if isinstance(mine, Data):
        return _compare_data(mine, real, names)
    if mine is ANY_NUMBER:
        return None if np.ndim(real) == 0 else f"a number vs {real!r}"
    if isinstance(mine, Sym):
        return None if names.agrees(mine.name, real) else f"{mine} vs {real!r}"
    if isinstance(mine, tuple):  # a shape read back
        if not isinstance(real, tuple) or len(real) != len(mine):
            return f"{mine} vs {real!r}"
        for m, r in zip(mine, real):
            problem = _compare_value(m, r, names)
            if problem:
                return problem
        return None
    return None if mine == real else f"{mine!r} vs {real!r}"


def _is_shape_tuple(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(v, (int, Sym)) or v is ANY_NUMBER for v in value)


def _compare_object(mine: LibraryObject, real: Any, names: Names) -> str | None:
    if mine.kind.startswith("scipy.sparse"):
        if _real_type(real) != "sparse":
            return f"a sparse matrix vs {_real_type(real)}"
        problem = _shape(mine.state["shape"], real.shape, names)
        if problem:
            return problem
        dtype = mine.state["dtype"]
        return None if dtype is None or dtype == real.dtype.name else \
            f"dtype {dtype} vs {real.dtype.name}"
    if mine.kind.endswith("Bunch"):
        for key, value in mine.state.items():
            if value is None:
                if real.get(key) is not None:
                    return f"Bunch.{key} None vs {type(real.get(key)).__name__}"
                continue
            problem = _compare_value(value, real[key], names)
            if problem:
                return f"Bunch.{key}: {problem}"
        return None
    real_kind = f"{type(real).__module__.split('.')[0]}.preprocessing.{type(real).__name__}"
    if real_kind != mine.kind and not mine.kind.startswith("pandas.core.indexing"):
        return f"{mine.kind} vs {type(real).__module__}.{type(real).__name__}"
    return None


def _shape(mine: tuple, real: tuple, names: Names) -> str | None:
    if len(mine) != len(real):
        return f"shape {mine} vs {real}"
    for d, e in zip(mine, real):
        if isinstance(d, int) and d != e:
            return f"shape {mine} vs {real}"
        if isinstance(d, str) and not names.agrees(d, e):
            return f"shape {mine} ({d}) vs {real}"
        if d is None:
            return f"shape {mine} has a free axis; the library's {real}"
    return None


def _common_dtype(real: Any) -> str | None:
    import pandas as pd

    kinds = {str(t) for t in real.dtypes} if isinstance(real, pd.DataFrame) else \
        {str(real.dtype)}
    return kinds.pop() if len(kinds) == 1 else None


def _compare_data(mine: Data, real: Any, names: Names) -> str | None:
    real_type = _real_type(real)
    mine_type = mine.library_type or "ndarray"
    if real_type == "StringArray" or real_type.endswith("Array"):  # pandas 3 string columns
        real_type = "ndarray"
    if mine_type == "pandas.Index":
        mine_type = real_type if type(real).__name__.endswith("Index") else mine_type
    if mine_type != real_type:
        return f"{mine_type} vs the library's {real_type}"
    shape = np.shape(real)
    if mine.shape is not None:
        problem = _shape(mine.shape, shape, names)
        if problem:
            return problem
    if mine.dtype is not None:
        real_dtype = _common_dtype(real)
        if mine.dtype != real_dtype:
            return f"dtype {mine.dtype} vs the library's {real_dtype}"
    labels = mine.extra.get("labels")
    if labels is not None and hasattr(real, "columns") and mine_type == FRAME and \
            list(labels) != list(real.columns):
        return f"labels {labels} vs {list(real.columns)}"
    if mine.extra.get("unique") and hasattr(real, "columns") and not real.columns.is_unique:
        return f"labels said distinct: {list(real.columns)}"
    if mine.max_value is not None and np.size(real):
        flat = np.asarray(real).ravel()
        low, high = flat.min(), flat.max()
        if mine.bounds == "exact" and (low, high) != (mine.min_value, mine.max_value):
            return f"exact bounds {(mine.min_value, mine.max_value)} vs {(low, high)}"
        if mine.bounds in ("uniform", "at_most") and not (
                mine.min_value <= low and high <= mine.max_value):
            return f"bounds {(mine.min_value, mine.max_value)} vs {(low, high)}"
    return None


def describe(value: Any) -> str:
    if isinstance(value, Data):
        return f"{value.library_type or 'ndarray'}{value.shape} {value.dtype}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(describe(v) for v in value) + "]"
    if isinstance(value, LibraryObject):
        return value.kind
    return repr(value)


# --- hiding sizes --------------------------------------------------------------------------------


class Hider:
    """Hide some sizes of a case's arrays and frames: ``?``, a name per size (equal sizes
    share it), the whole rank (arrays); and sometimes a frame's labels."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: dict[str, int] = {}

    def hide_labels(self) -> bool:
        return self.rng.random() < 0.3

    def __call__(self, obj: Any) -> tuple | None:
        shape = obj.shape if isinstance(obj, (Arr, Frame)) else (obj.length,)
        if isinstance(obj, Arr) and self.rng.random() < 0.1:
            return None
        out: list[Any] = []
        for d in shape:
            roll = self.rng.random()
            if roll < 0.25:
                out.append("?")
            elif roll < 0.45:
                self.names[f"n{d}"] = d
                out.append(f"n{d}")
            else:
                out.append(d)
        return tuple(out)


def has_inputs(case: Case) -> bool:
    def walk(v: Any) -> bool:
        if isinstance(v, (Arr, Frame, Ser)):
            return True
        if isinstance(v, (list, tuple)):
            return any(walk(x) for x in v)
        if isinstance(v, dict):
            return any(walk(x) for x in v.values())
        return False
    return walk(case.args) or walk(tuple(case.kwargs.values())) or any(
        walk(s.args) or walk(tuple(s.kwargs.values())) for s in case.steps)


def check(cases: list[Case], tmp: Any) -> tuple[list[str], int]:
    """Mismatches and the number of cases layerlint left unknown at the first result."""
    from layerlint.frontends.library import symbols

    mismatches, unknown = [], 0
    for case in cases:
        symbols.start_file()
        ours, theirs = run_layerlint(case), run_real(case, tmp)
        unknown += ours[0][0] == "unknown"
        problem = compare(case, ours, theirs)
        if problem:
            mismatches.append(f"{case}: {problem}")
    return mismatches, unknown


def check_partial(cases: list[Case], tmp: Any, seed: str, rounds: int = 3) -> tuple[list[str],
                                                                                    int]:
    from layerlint.frontends.library import symbols

    rng = random.Random(seed)
    mismatches, compared = [], 0
    for case in cases:
        if not has_inputs(case):
            continue
        theirs = run_real(case, tmp)
        for _ in range(rounds):
            symbols.start_file()
            hider = Hider(rng)
            ours = run_layerlint(case, hider)
            compared += 1
            problem = compare(case, ours, theirs, hider.names)
            if problem:
                mismatches.append(f"{case} with {hider.names}: {problem}")
    return mismatches, compared
