"""``keras.utils.to_categorical`` / ``pad_sequences`` entries (library/keras_utils.py) against
real Keras 3 and tf_keras (tests/keras_utils_runner.py, one subprocess per framework): hand-picked
and seeded random cases, then the same cases with dimensions hidden (unknown, named, or the rank):
verdict, exception type and message, shape, dtype, value bounds.

Known dialect difference: to_categorical returns float64 in Keras 3 (np.zeros' default; it takes
no ``dtype``) and float32 in tf_keras 2 (its ``dtype`` default); the entry says Keras 3's unless
``dtype=`` is given, and the tf_keras comparison accepts float32 there.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from typing import Any

import pytest

from framework_env import framework_env
from shape_hiding import hider
from layerlint.frontends.library.catalogue import LibraryError, Unmodelled, lookup
from layerlint.frontends.values import Data

HERE = os.path.dirname(__file__)


def arr(shape: tuple, values: list, dtype: str = "int64") -> dict:
    return {"array": list(shape), "dtype": dtype, "values": values}


def _labels(rng: random.Random, shape: tuple, high: int, dtype: str = "int64") -> dict:
    n = 1
    for d in shape:
        n *= d
    return arr(shape, [rng.randint(0, high) for _ in range(n)], dtype)


HAND: list[tuple[str, list, dict]] = [
    ("to_categorical", [[0, 2, 1, 2]], {}),
    ("to_categorical", [[0, 2, 1, 2]], {"num_classes": 5}),
    ("to_categorical", [[0, 2, 1, 2]], {"num_classes": 2}),  # IndexError
    ("to_categorical", [arr((4, 1), [3, 1, 0, 3])], {"num_classes": 4}),
    ("to_categorical", [arr((2, 3), [0, 1, 2, 2, 1, 0])], {}),
    ("to_categorical", [arr((2, 3, 1), [0, 1, 2, 2, 1, 0])], {"num_classes": 3}),
    ("to_categorical", [arr((1,), [0])], {}),
    ("to_categorical", [3], {"num_classes": 4}),
    ("to_categorical", [arr((5,), [1, 2, 3, 4, 5], "uint8")], {"num_classes": 5}),
    ("to_categorical", [arr((5,), [0, 1, 2, 3, 4], "uint8")], {"num_classes": 0}),
    ("pad_sequences", [[[1, 2, 3], [4, 5], [6, 7, 8, 9]]], {}),
    ("pad_sequences", [[[1, 2, 3], [4, 5], [6, 7, 8, 9]]], {"maxlen": 2}),
    ("pad_sequences", [[[1, 2, 3], [4, 5], [6, 7, 8, 9]]], {"maxlen": 6, "padding": "post"}),
    ("pad_sequences", [[[1, 2, 3], [4, 5]]], {"value": -1}),
    ("pad_sequences", [[[1, 2, 3], [4, 0]]], {"truncating": "post", "maxlen": 1}),
    ("pad_sequences", [[[1.5, 2], [3]]], {"dtype": "float32"}),
    ("pad_sequences", [arr((4, 6), list(range(24)))], {"maxlen": 10}),
    ("pad_sequences", [arr((4, 6), list(range(24)))], {}),
    ("pad_sequences", [arr((3, 4, 2), list(range(24)))], {"maxlen": 2}),
    ("pad_sequences", [arr((0, 4), [])], {}),
    ("pad_sequences", [[]], {}),
]


def grid(n: int) -> list[tuple[str, list, dict]]:
    rng = random.Random("keras-utils")
    cases: list[tuple[str, list, dict]] = []
    for _ in range(n):
        if rng.random() < 0.5:
            shape = tuple(rng.randint(1, 4) for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.3:
                shape = (*shape, 1)
            high = rng.randint(0, 9)
            kwargs: dict = {}
            if rng.random() < 0.7:
                kwargs["num_classes"] = rng.randint(max(0, high - 1), high + 3)
            labels = _labels(rng, shape, high, rng.choice(["int64", "int32", "uint8"]))
            cases.append(("to_categorical", [labels], kwargs))
            continue
        kwargs = {k: rng.choice(v) for k, v in {
            "maxlen": [None, 1, 3, 5, 8], "padding": ["pre", "post"],
            "truncating": ["pre", "post"], "value": [0, 0.0, -1, 7],
            "dtype": ["int32", "int64", "float32"]}.items() if rng.random() < 0.5}
        if rng.random() < 0.5:
            sequences: Any = [[rng.randint(0, 20) for _ in range(rng.randint(0, 6))]
                              for _ in range(rng.randint(1, 5))]
        else:
            shape = (rng.randint(1, 4), rng.randint(1, 6), *([2] if rng.random() < 0.2 else []))
            sequences = _labels(rng, shape, 30, rng.choice(["int64", "int32"]))
        cases.append(("pad_sequences", [sequences], kwargs))
    return cases


CASES = HAND + grid(300)


def _run_real(dialect: str) -> list:
    done = subprocess.run(
        [sys.executable, os.path.join(HERE, "keras_utils_runner.py"), dialect],
        input=json.dumps(CASES), capture_output=True, text=True, timeout=600,
        env=framework_env(dialect), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def lint_value(value: Any, hide: Any = None) -> Any:
    if isinstance(value, dict) and "array" in value:
        shape = tuple(value["array"]) if hide is None else hide(tuple(value["array"]))
        data = Data(shape, value["dtype"], None)
        if value["values"]:
            data.min_value, data.max_value = min(value["values"]), max(value["values"])
            data.bounds = "exact"
        return data
    return value


def run_ours(case: tuple, hide: Any = None) -> tuple[str, Any]:
    name, args, kwargs = case
    entry = lookup(f"keras.utils.{name}")
    assert entry is not None
    try:
        return "ok", entry.call([lint_value(a, hide) for a in args],
                                {k: lint_value(v, hide) for k, v in kwargs.items()}, None)
    except LibraryError as exc:
        return "error", exc
    except Unmodelled as exc:
        return "unknown", str(exc)


def compare(case: tuple, ours: tuple[str, Any], theirs: list, dialect: str,
            names: dict[str, int] | None = None) -> str | None:
    kind, value = ours
    if kind == "unknown":
        return None
    if kind == "error":
        if theirs[0] != "error":
            return f"layerlint raises {value.kind}; Keras returns {theirs[1:]}"
        if value.kind != theirs[1] or (value.message is not None and value.message != theirs[2]):
            return f"{value.kind}: {value.message} vs {theirs[1]}: {theirs[2]}"
        return None
    if theirs[0] == "error":
        return f"Keras raises {theirs[1:]}; layerlint returns {value.shape}"
    _, shape, dtype, low, high = theirs
    if value.shape is None or len(value.shape) != len(shape):
        return f"shape {value.shape} vs {shape}"
    for d, e in zip(value.shape, shape):
        if isinstance(d, int) and d != e or isinstance(d, str) and names and d in names \
                and names[d] != e:
            return f"shape {value.shape} vs {shape}"
    expected = dtype
    if dialect == "keras2" and case[0] == "to_categorical" and "dtype" not in case[2]:
        expected = "float64" if dtype == "float32" else dtype  # see the module docstring
    if value.dtype is not None and value.dtype != expected:
        return f"dtype {value.dtype} vs {dtype}"
    if value.max_value is not None and low is not None:
        if value.bounds == "exact" and (value.min_value, value.max_value) != (low, high):
            return f"exact bounds {(value.min_value, value.max_value)} vs {(low, high)}"
        if not value.min_value <= low or not high <= value.max_value:
            return f"bounds {(value.min_value, value.max_value)} vs {(low, high)}"
    return None



@pytest.mark.parametrize("dialect", [
    pytest.param("keras3", marks=pytest.mark.keras3),
    pytest.param("keras2", marks=pytest.mark.keras2),
])
def test_utilities_agree_with_keras(dialect: str) -> None:
    results = _run_real(dialect)
    mismatches, unknown, compared = [], 0, 0
    rng = random.Random(f"partial-{dialect}")
    for case, theirs in zip(CASES, results):
        ours = run_ours(case)
        unknown += ours[0] == "unknown"
        problem = compare(case, ours, theirs, dialect)
        if problem:
            mismatches.append(f"{case}: {problem}")
        for _ in range(2):  # the same case with dimensions hidden
            hide, names = hider(rng)
            partial = run_ours(case, hide)
            compared += 1
            if partial[0] == "error" and theirs[0] == "ok":
                mismatches.append(f"{case} partial {names}: raises {partial[1]}")
            elif partial[0] == "ok" and theirs[0] == "ok":
                problem = compare(case, partial, theirs, dialect, names)
                if problem:
                    mismatches.append(f"{case} partial {names}: {problem}")
    assert not mismatches, f"{len(mismatches)} of {len(CASES)}:\n" + "\n".join(mismatches[:30])
    assert unknown <= len(CASES) // 10, unknown
    assert compared >= 600
