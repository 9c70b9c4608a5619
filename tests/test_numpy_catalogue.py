"""The numpy catalogue (layerlint/frontends/library/) against real numpy.

Every case (hand-picked, and a seeded random grid per family: tests/numpy_catalogue_cases.py)
calls one catalogue entry on arrays of known shapes and the real numpy function on concrete
arrays of those shapes, and compares: error or not (and the exception type and message where
layerlint states one), result shapes, dtypes and value bounds. Then the same cases with some
dimensions made unknown (anonymous ``?``, or named after their value so that equal sizes share
a name, or the whole rank unknown): what layerlint still says must agree with numpy.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import numpy as np
import pytest

from layerlint.frontends.library.catalogue import (
    LibraryError,
    Unmodelled,
    all_entries,
    lookup,
)
from layerlint.frontends.values import ANY_NUMBER, Data
import shape_hiding
from numpy_catalogue_cases import HAND, Arr, Case, grid

FAMILIES = {"creation": 150, "shaping": 250, "joining": 150, "computing": 250, "indexing": 200,
            "along": 200}


# --- running a case in numpy --------------------------------------------------------------------


def real(value: Any) -> Any:
    if isinstance(value, Arr):
        if value.values is not None:
            return np.array(value.values, dtype=value.dtype).reshape(value.shape)
        n = int(np.prod(value.shape)) if value.shape else 1
        return (np.arange(n) % 5 + 1).astype(value.dtype).reshape(value.shape)
    if isinstance(value, list):
        return [real(v) for v in value]
    if isinstance(value, tuple):
        return tuple(real(v) for v in value)
    return value


def run_numpy(case: Case) -> tuple[str, Any]:
    """("ok", result) or ("error", (type name, message))."""
    args = [real(a) for a in case.args]
    kwargs = {k: real(v) for k, v in case.kwargs.items()}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            owner, _, name = case.name.rpartition(".")
            if owner == "ndarray":
                entry = lookup(case.name)
                if name == "__getitem__":
                    result = args[0][args[1]]
                elif entry is not None and entry.prop:
                    result = getattr(args[0], name)
                else:
                    result = getattr(args[0], name)(*args[1:], **kwargs)
            elif owner == "Generator":
                result = getattr(np.random.default_rng(0), name)(*args, **kwargs)
            else:
                target: Any = np
                for part in case.name.split(".")[1:]:
                    target = getattr(target, part)
                result = target(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any numpy failure is an outcome to compare
        return "error", (type(exc).__name__, str(exc))
    return "ok", result


# --- running a case in layerlint ----------------------------------------------------------------


def lint_value(value: Any, dims: Any = None) -> Any:
    """A case argument as the interpreter would hold it; ``dims(arr)`` may hide dimensions."""
    if isinstance(value, Arr):
        shape = value.shape if dims is None else dims(value)
        data = Data(shape, value.dtype, None)
        if value.values is not None and value.dtype.startswith(("int", "uint")) and value.values:
            data.min_value, data.max_value = min(value.values), max(value.values)
            data.bounds = "exact"
        return data
    if isinstance(value, list):
        return [lint_value(v, dims) for v in value]
    if isinstance(value, tuple):
        return tuple(lint_value(v, dims) for v in value)
    return value


def run_layerlint(case: Case, dims: Any = None) -> tuple[str, Any]:
    """("ok", result), ("error", LibraryError) or ("unknown", reason)."""
    entry = lookup(case.name)
    assert entry is not None, f"no catalogue entry {case.name}"
    args = [lint_value(a, dims) for a in case.args]
    kwargs = {k: lint_value(v, dims) for k, v in case.kwargs.items()}
    try:
        return "ok", entry.call(args, kwargs, None)
    except LibraryError as exc:
        return "error", exc
    except Unmodelled as exc:
        return "unknown", str(exc)


# --- comparing ----------------------------------------------------------------------------------


def _results(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) and value and all(
        isinstance(v, (np.ndarray, Data)) for v in value) else [value]


def compare(case: Case, ours: tuple[str, Any], theirs: tuple[str, Any],
            names: dict[str, int] | None = None) -> str | None:
    """None when layerlint agrees with numpy (or says less); else what differs.

    ``names`` maps the named dimensions of a partial case to the sizes they stand for."""
    kind, value = ours
    if kind == "unknown":
        return None
    if kind == "error":
        if theirs[0] != "error":
            return f"layerlint raises {value.kind}: {value.message}; numpy returns"
        if value.kind != theirs[1][0]:
            return f"{value.kind} vs numpy's {theirs[1][0]}"
        if value.message is not None and value.message != theirs[1][1]:
            return f"message {value.message!r} vs numpy's {theirs[1][1]!r}"
        return None
    if theirs[0] == "error":
        if names is not None:
            return None  # an unknown size may be the one numpy fails on
        return f"numpy raises {theirs[1]}; layerlint returns {_describe(value)}"
    mine, real_ = _results(value), _results(theirs[1])
    if len(mine) != len(real_):
        return f"{len(mine)} results vs numpy's {len(real_)}"
    for m, r in zip(mine, real_):
        problem = _compare_one(m, r, names)
        if problem:
            return problem
    return None


def _compare_one(mine: Any, real_: Any, names: dict[str, int] | None) -> str | None:
    if mine is ANY_NUMBER:
        return None if np.ndim(real_) == 0 else f"a number vs numpy's shape {np.shape(real_)}"
    if not isinstance(mine, Data):
        if isinstance(real_, np.dtype):
            real_ = real_.name
        return None if mine == real_ or (names is not None and _agrees(mine, real_, names)) \
            else f"{mine!r} vs numpy's {real_!r}"
    real_ = np.asarray(real_)
    if mine.shape is not None:
        if len(mine.shape) != real_.ndim:
            return f"shape {mine.shape} vs numpy's {real_.shape}"
        for d, e in zip(mine.shape, real_.shape):
            if isinstance(d, int) and d != e:
                return f"shape {mine.shape} vs numpy's {real_.shape}"
            if isinstance(d, str) and names is not None and d in names and names[d] != e:
                return f"shape {mine.shape} ({d}={names[d]}) vs numpy's {real_.shape}"
            if isinstance(d, str) and d != "?" and (names is None or d not in names):
                return f"shape {mine.shape} has a name from nowhere; numpy's {real_.shape}"
    if mine.dtype is not None and mine.dtype != real_.dtype.name:
        return f"dtype {mine.dtype} vs numpy's {real_.dtype.name}"
    if mine.max_value is not None and real_.size:
        low, high = real_.min(), real_.max()
        if mine.bounds == "exact" and (low, high) != (mine.min_value, mine.max_value):
            return f"exact bounds {(mine.min_value, mine.max_value)} vs {(low, high)}"
        if mine.bounds in ("uniform", "at_most") and not (
                mine.min_value <= low and high <= mine.max_value):
            return f"bounds {(mine.min_value, mine.max_value)} vs {(low, high)}"
    return None


def _agrees(mine: Any, real_: Any, names: dict[str, int]) -> bool:
    """A shape tuple read from a partial array: each known part equals numpy's."""
    if not isinstance(mine, tuple) or not isinstance(real_, tuple) or len(mine) != len(real_):
        return False
    return all(not isinstance(m, int) or m == r for m, r in zip(mine, real_))


def _describe(value: Any) -> str:
    return repr([(v.shape, v.dtype) if isinstance(v, Data) else v for v in _results(value)])


# --- partial shapes -----------------------------------------------------------------------------


def hider(rng: random.Random) -> tuple[Any, dict[str, int]]:
    """Hide some dimensions of an array's shape (tests/shape_hiding.py)."""
    hide, names = shape_hiding.hider(rng)
    return (lambda arr: hide(arr.shape)), names


def _has_arrays(case: Case) -> bool:
    def walk(v: Any) -> bool:
        if isinstance(v, Arr):
            return True
        if isinstance(v, (list, tuple)):
            return any(walk(x) for x in v)
        return False
    return walk(case.args) or walk(tuple(case.kwargs.values()))


# --- the tests ----------------------------------------------------------------------------------


def _cases(family: str) -> list[Case]:
    return grid(family, FAMILIES[family])


def _check(cases: list[Case]) -> tuple[list[str], int]:
    mismatches, unknown = [], 0
    for case in cases:
        ours, theirs = run_layerlint(case), run_numpy(case)
        unknown += ours[0] == "unknown"
        problem = compare(case, ours, theirs)
        if problem:
            mismatches.append(f"{case}: {problem}")
    return mismatches, unknown


def test_hand_cases_agree_with_numpy() -> None:
    mismatches, unknown = _check(HAND)
    assert not mismatches, "\n".join(mismatches)
    assert unknown <= 2, unknown


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_random_grid_agrees_with_numpy(family: str) -> None:
    cases = _cases(family)
    mismatches, unknown = _check(cases)
    assert not mismatches, f"{len(mismatches)} of {len(cases)}:\n" + "\n".join(mismatches[:30])
    assert unknown <= len(cases) // 10, f"{unknown} of {len(cases)} not modelled"


@pytest.mark.parametrize("family", ["hand", *sorted(FAMILIES)])
def test_partial_shapes_agree_with_numpy(family: str) -> None:
    cases = HAND if family == "hand" else _cases(family)
    rng = random.Random(f"partial-{family}")
    mismatches, compared = [], 0
    for case in cases:
        if not _has_arrays(case):
            continue
        theirs = run_numpy(case)
        for _ in range(3):
            dims, names = hider(rng)
            ours = run_layerlint(case, dims)
            compared += 1
            problem = compare(case, ours, theirs, names)
            if problem:
                mismatches.append(f"{case} with {names}: {problem}")
    assert compared > 50 or family == "creation"
    assert not mismatches, f"{len(mismatches)} of {compared}:\n" + "\n".join(mismatches[:30])


def _saved_array(tmp_path: Any) -> Case:
    path = tmp_path / "x.npy"
    np.save(path, np.zeros((5, 4, 3), "float32"))
    return Case("numpy.load", (str(path),))


def test_np_load_is_an_array_of_unknown_rank(tmp_path: Any) -> None:
    case = _saved_array(tmp_path)
    kind, value = run_layerlint(case)
    assert kind == "ok" and value.shape is None and value.dtype is None
    assert compare(case, (kind, value), run_numpy(case)) is None
    assert run_layerlint(Case("numpy.load", ("data.npz",)))[0] == "unknown"


def test_every_entry_is_compared_with_a_known_answer(tmp_path: Any) -> None:
    answered: set[str] = set()
    for case in HAND + [_saved_array(tmp_path)] + [c for f in FAMILIES for c in _cases(f)]:
        if run_layerlint(case)[0] != "unknown":
            answered.add(case.name)
    missing = sorted(e.name for e in all_entries() if e.name not in answered
                     and e.name.startswith(("numpy.", "ndarray.", "Generator.")))
    assert not missing, missing


# --- partial shapes through the interpreter (issue 10's examples) -------------------------------


def _fit_x(lines: str) -> Any:
    from layerlint.frontends import parse_source
    from layerlint.ir import DataCall

    ir = parse_source("import numpy as np\nimport keras\n" + lines +
                      "\nmodel = keras.Sequential([keras.layers.Dense(1)])\nmodel.fit(x)\n")
    (event,) = [e for e in ir.models[0].events if isinstance(e, DataCall)]
    return event.x


@pytest.mark.parametrize("lines, shape", [
    ("x = np.load('x.npy').reshape(-1, 32, 32)", ("?", 32, 32)),
    ("x = np.load('x.npy').reshape(-1, 32, 32)[..., None]", ("?", 32, 32, 1)),
    ("x = np.expand_dims(np.load('x.npy').reshape(-1, 28, 28), -1)", ("?", 28, 28, 1)),
    ("a = np.zeros((n, 4))\nb = np.ones((n, 2))\nx = np.concatenate([a, b], axis=1)", ("n", 6)),
    ("a = np.zeros((n, 4))\nx = np.concatenate([a, np.zeros((m, 4))])", ("?", 4)),
    ("x = np.stack([np.zeros((n, 4))] * 3, axis=1)", ("n", 3, 4)),
    ("labels = np.random.randint(0, 10, size=(n,))\nx = np.eye(10)[labels]", ("n", 10)),
    ("d = np.random.rand(n, 5)\nx = d[:, :-1]", ("n", 4)),
    ("d = np.random.rand(n, 5)\nx = d[:, -1]", ("n",)),
    ("d = np.random.rand(n, 5)\nx = d - d.mean(axis=0)", ("n", 5)),
    ("d = np.random.rand(n, 5)\nx = (d / d.max(axis=1, keepdims=True)).T", (5, "n")),
    ("x = np.random.rand(n, 5) @ np.random.rand(5, 3)", ("n", 3)),
    ("d = np.random.rand(n, 5)\nx = d[(d[:, 0] > 0.2) & ~(d[:, 1] < 0.5)]", ("?", 5)),
])
def test_partial_shapes_flow_through_a_script(lines: str, shape: tuple) -> None:
    assert _fit_x(lines).shape == shape


def test_a_loaded_array_has_unknown_rank_until_reshaped() -> None:
    from layerlint.ir import UNKNOWN

    assert _fit_x("x = np.load('x.npy')") is UNKNOWN
    assert _fit_x("x = np.load('data.npz')['x'].reshape(-1, 4)") is UNKNOWN  # an archive


def test_a_number_of_unknown_kind_keeps_float_arrays_float() -> None:
    value = _fit_x("d = np.random.rand(6, 2).astype('float32')\nx = d / d.max()")
    assert value.shape == (6, 2) and value.dtype == "float32"
    value = _fit_x("d = np.arange(12).reshape(6, 2)\nx = d * d.max()")
    assert value.shape == (6, 2) and value.dtype is None  # int * int or int * float


def test_an_unknown_dtype_keeps_the_shape() -> None:
    value = _fit_x("x = np.random.rand(8, 3).astype(some_dtype)")
    assert value.shape == (8, 3) and value.dtype is None
    value = _fit_x("x = np.zeros((4, 2), dtype=some_dtype)")
    assert value.shape == (4, 2) and value.dtype is None
    value = _fit_x("x = np.array([[1, 2]], dtype=some_dtype)")
    assert value.shape == (1, 2) and value.dtype is None and value.max_value is None
