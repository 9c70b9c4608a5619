"""TensorFlow functions and keras.ops on data (library/tensor_ops.py) against real TensorFlow and
real Keras 3 (torch backend), one subprocess per framework (tensor_data_runner.py): hand-picked
and seeded random calls, then the same calls with dimensions hidden (unknown, named, the rank):
error or not (exception type; message where layerlint states one), shape, dtype."""

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


def arr(*shape: int, dtype: str = "float32") -> dict:
    return {"array": list(shape), "dtype": dtype}


X = arr(10, 28, 28, dtype="uint8")
HAND_TF: list[list] = [
    ["call", "tf.one_hot", [arr(100, dtype="int64"), 10], {}],
    ["call", "tf.one_hot", [arr(5, 1, dtype="int64"), 10], {}],
    ["call", "tf.one_hot", [arr(5, 3, dtype="int64"), 4], {"axis": 0}],
    ["call", "tf.one_hot", [arr(5, 3, dtype="int64"), 4], {"axis": 3}],
    ["call", "tf.one_hot", [[0, 2, 1], 3], {"dtype": {"dtype": "int32"}}],
    ["call", "tf.reshape", [X, [-1, 28, 28, 1]], {}],
    ["call", "tf.reshape", [X, [-1, 27]], {}],
    ["call", "tf.expand_dims", [X, -1], {}],
    ["call", "tf.expand_dims", [X, 5], {}],
    ["call", "tf.constant", [[[1.0, 2.0]]], {}],
    ["call", "tf.constant", [[[1, 2]]], {}],
    ["call", "tf.constant", [arr(2, 3, dtype="float64")], {}],
    ["call", "tf.constant", [0.0], {"shape": [2, 3]}],
    ["call", "tf.constant", [[1, 2]], {"dtype": {"dtype": "float32"}}],
    ["call", "tf.convert_to_tensor", [X], {}],
    ["call", "tf.convert_to_tensor", [[1.5, 2]], {}],
    ["call", "tf.cast", [X, {"dtype": "float32"}], {}],
    ["call", "tf.cast", [X, "float16"], {}],
    ["call", "tf.squeeze", [arr(5, 1, 3, 1, dtype="float64")], {}],
    ["call", "tf.squeeze", [arr(5, 1, 3, 1, dtype="float64")], {"axis": 1}],
    ["call", "tf.squeeze", [arr(5, 1, 3, 1, dtype="float64")], {"axis": 2}],
    ["call", "tf.transpose", [arr(5, 1, 3)], {}],
    ["call", "tf.transpose", [arr(5, 1, 3)], {"perm": [0, 2, 1]}],
    ["call", "tf.transpose", [arr(5, 1, 3)], {"perm": [0, 2]}],
]
HAND_KERAS: list[list] = [
    ["call", "keras.ops.one_hot", [arr(10, dtype="int64"), 3], {}],
    ["call", "keras.ops.one_hot", [arr(10, 1, dtype="uint8"), 3], {}],
    ["call", "keras.ops.one_hot", [arr(5, 2, dtype="int64"), 3], {"axis": 0}],
    ["call", "keras.ops.reshape", [X, [-1, 28, 28, 1]], {}],
    ["call", "keras.ops.reshape", [X, [-1, 27]], {}],
    ["call", "keras.ops.expand_dims", [X, -1], {}],
    ["call", "keras.ops.expand_dims", [X, 5], {}],
    ["call", "keras.ops.convert_to_tensor", [X], {}],
    ["call", "keras.ops.convert_to_tensor", [arr(4, 3, dtype="float64")], {}],
    ["call", "keras.ops.convert_to_tensor", [[1.5, 2.0]], {}],
    ["call", "keras.ops.convert_to_tensor", [[1, 2]], {}],
    ["call", "keras.ops.convert_to_tensor", [X], {"dtype": "float32"}],
    ["call", "keras.ops.cast", [X, "float32"], {}],
    ["call", "keras.ops.squeeze", [arr(5, 1, 3, 1, dtype="float64")], {}],
    ["call", "keras.ops.squeeze", [arr(5, 1, 3, 1, dtype="float64")], {"axis": 1}],
    ["call", "keras.ops.squeeze", [arr(5, 1, 3, 1, dtype="float64")], {"axis": 2}],
    ["call", "keras.ops.transpose", [arr(5, 1, 3)], {}],
    ["call", "keras.ops.transpose", [arr(5, 1, 3)], {"axes": [0, 2, 1]}],
    ["call", "keras.ops.transpose", [arr(5, 1, 3)], {"axes": [0, 2]}],
]

DTYPES = ("float32", "float64", "uint8", "int64", "int32")


def _shape(rng: random.Random) -> list[int]:
    return [rng.randint(1, 4) for _ in range(rng.randint(0, 4))]


def grid(prefix: str, n: int) -> list[list]:
    rng = random.Random(f"tensor-ops-{prefix}")
    cases = []
    tf = prefix == "tf"
    for _ in range(n):
        name = rng.choice(["one_hot", "reshape", "expand_dims", "squeeze", "transpose", "cast",
                           "convert_to_tensor"] + (["constant"] if tf else []))
        shape = _shape(rng)
        x = arr(*shape, dtype=rng.choice(DTYPES))
        args: list = [x]
        kwargs: dict = {}
        if name == "one_hot":
            args = [arr(*shape, dtype=rng.choice(["int64", "int32", "uint8"])), rng.randint(1, 6)]
            if rng.random() < 0.4:
                kwargs["axis"] = rng.randint(-2, len(shape) + 1)
        elif name == "reshape":
            size = 1
            for d in shape:
                size *= d
            target = [size] if rng.random() < 0.3 else [-1, *([1] * rng.randint(0, 2))]
            if rng.random() < 0.3:
                target = [-1, rng.randint(1, 5)]
            args.append(target)
        elif name == "expand_dims":
            args.append(rng.randint(-len(shape) - 2, len(shape) + 1))
        elif name == "squeeze" and rng.random() < 0.6 and shape:
            kwargs["axis"] = rng.randint(-len(shape), len(shape) - 1)
        elif name == "transpose" and rng.random() < 0.6:
            order = list(range(len(shape)))
            rng.shuffle(order)
            if rng.random() < 0.2 and order:
                order = order[:-1]
            kwargs["perm" if tf else "axes"] = order
        elif name == "cast":
            args.append(rng.choice(DTYPES))
        elif name == "convert_to_tensor" and rng.random() < 0.3:
            args = [[[rng.choice([1, 2.5])] * 2] * rng.randint(1, 3)]
        elif name == "constant" and rng.random() < 0.3:
            args = [rng.choice([0.0, 1])]
            kwargs["shape"] = _shape(rng)
        cases.append(["call", f"{'tf' if tf else 'keras.ops'}.{name}", args, kwargs])
    return cases


def lint_value(value: Any, hide: Any = None) -> Any:
    if isinstance(value, dict):
        if "array" in value:
            shape = tuple(value["array"])
            data = Data(shape if hide is None else hide(shape), value["dtype"], None)
            size = 1
            for d in shape:
                size *= d
            if size and value["dtype"].startswith(("int", "uint")):  # the runner's arange % 3
                data.min_value, data.max_value, data.bounds = 0, min(2, size - 1), "exact"
            return data
        if "dtype" in value:
            return value["dtype"]
    return value


def run_ours(case: list, hide: Any = None) -> tuple[str, Any]:
    _, name, args, kwargs = case
    entry = lookup(name.replace("tf.", "tensorflow.", 1))
    assert entry is not None, name
    try:
        return "ok", entry.call([lint_value(a, hide) for a in args],
                                {k: lint_value(v, hide) for k, v in kwargs.items()}, None)
    except LibraryError as exc:
        return "error", exc
    except Unmodelled as exc:
        return "unknown", str(exc)


def compare(ours: tuple[str, Any], theirs: list, names: dict | None = None) -> str | None:
    """``names``: for a case with dimensions hidden, the sizes named dimensions stand for."""
    kind, value = ours
    if kind == "unknown":
        return None
    if kind == "error":
        if theirs[0] != "error" or theirs[1] != value.kind:
            return f"layerlint raises {value.kind}; the framework {theirs[:2]}"
        if value.message is not None and value.message != theirs[2]:
            return f"message {value.message!r} vs {theirs[2]!r}"
        return None
    if theirs[0] == "error":
        return None if names is not None else \
            f"the framework raises {theirs[1:]}; layerlint {value.shape}"
    _, shape, dtype = theirs
    if value.dtype is not None and value.dtype != dtype:
        return f"dtype {value.dtype} vs {dtype}"
    if value.shape is None:
        return None
    if len(value.shape) != len(shape):
        return f"shape {value.shape} vs {shape}"
    for d, e in zip(value.shape, shape):
        if isinstance(d, int) and d != e or isinstance(d, str) and names and d in names and \
                names[d] != e:
            return f"shape {value.shape} vs {shape}"
    return None



@pytest.mark.keras3
@pytest.mark.parametrize("framework", ["tf", "keras"])
def test_functions_agree_with_the_framework(framework: str) -> None:
    cases = (HAND_TF + grid("tf", 300)) if framework == "tf" else (HAND_KERAS +
                                                                  grid("keras", 300))
    done = subprocess.run([sys.executable, os.path.join(HERE, "tensor_data_runner.py"),
                           framework], input=json.dumps(cases), capture_output=True, text=True,
                          timeout=900, env=framework_env("keras3"), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    rng = random.Random(f"partial-{framework}")
    mismatches, unknown, compared = [], 0, 0
    for case, theirs in zip(cases, results):
        ours = run_ours(case)
        unknown += ours[0] == "unknown"
        problem = compare(ours, theirs)
        if problem:
            mismatches.append(f"{case}: {problem}")
        for _ in range(2):
            hide, names = hider(rng)
            partial = run_ours(case, hide)
            compared += 1
            problem = compare(partial, theirs, names)
            if problem:
                mismatches.append(f"{case} partial {names}: {problem}")
    assert not mismatches, f"{len(mismatches)} of {len(cases)}:\n" + "\n".join(mismatches[:30])
    assert unknown <= len(cases) // 8, unknown
    assert compared >= 600
