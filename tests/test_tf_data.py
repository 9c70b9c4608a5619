"""tf.data pipelines (library/tf_data.py) against real TensorFlow, and ``model.fit(dataset)``
against real Keras 3 and tf_keras.

1. Pipelines (hand-picked and seeded random: sources from_tensor_slices / from_tensors / zip /
   timeseries_dataset_from_array, then chains of batch, shuffle, prefetch, cache, repeat, take,
   skip, map; and cases of their own for unbatch, shard, ignore_errors), run in one TensorFlow
   subprocess (tensor_data_runner.py): error or not (type,
   message), every element's shape and dtype where layerlint states them (against the element
   spec, and against the first element itself where the spec leaves an axis None), and the
   cardinality.
2. Scripts feeding a dataset to ``fit`` / ``evaluate`` / ``predict`` (hand-written and seeded
   random), each dialect in one subprocess (subclass/runner.py), compared as test_fit_data.py
   compares arrays (fit_data_cases.agree): verdict, line, stage, the framework's message.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import subprocess
import sys
from typing import Any

import pytest
from fit_data_cases import agree
from subclass.runner import run_batch

from framework_env import framework_env
from layerlint.frontends.library.catalogue import LibraryError, Unmodelled, lookup
from layerlint.frontends.library.tf_data import INFINITE, Dataset
from layerlint.frontends.values import Data
from layerlint.ir import UNKNOWN
from layerlint.pipeline import check_source

HERE = os.path.dirname(__file__)


def arr(*shape: int, dtype: str = "float32") -> dict:
    return {"array": list(shape), "dtype": dtype}


def tup(*items: Any) -> dict:
    return {"tuple": list(items)}


# --- 1. pipelines -------------------------------------------------------------------------------

X, Y = arr(100, 28, 28, dtype="uint8"), arr(100, dtype="uint8")
HAND_PIPELINES: list[list] = [
    ["pipeline", ["slices", tup(X, Y)], []],
    ["pipeline", ["slices", tup(X, arr(90, dtype="uint8"))], []],
    ["pipeline", ["slices", {"dict": {"img": X, "n": arr(100, 3)}}], [["batch", {"batch_size": 7}]]],
    ["pipeline", ["slices", tup({"dict": {"img": X}}, Y)], [["batch", {"batch_size": 32}]]],
    ["pipeline", ["slices", [[1.0, 2.0], [3.0, 4.0]]], []],
    ["pipeline", ["slices", [[1, 2], [3, 4], [5, 6]]], [["batch", {"batch_size": 2}]]],
    ["pipeline", ["slices", 3.0], []],
    ["pipeline", ["slices", tup(X, Y)], [["shuffle", {"buffer_size": 1000}],
                                         ["batch", {"batch_size": 32}],
                                         ["prefetch", {"buffer_size": -1}]]],
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 32, "drop_remainder": True}]]],
    ["pipeline", ["slices", tup(X, Y)], [["repeat", {}], ["batch", {"batch_size": 32}]]],
    ["pipeline", ["slices", tup(X, Y)], [["repeat", {"count": 3}], ["batch", {"batch_size": 7}]]],
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 32}], ["take", {"count": 2}]]],
    ["pipeline", ["slices", tup(X, Y)], [["skip", {"count": 95}], ["batch", {"batch_size": 2}]]],
    ["pipeline", ["slices", tup(X, Y)], [["map", {}], ["batch", {"batch_size": 10}]]],
    ["pipeline", ["slices", tup(X, Y)], [["cache", {}], ["batch", {"batch_size": 10}]]],
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 0}]]],
    ["pipeline", ["zip", [[["slices", X], []], [["slices", arr(90)], []]]], []],
    ["pipeline", ["tensors", tup(X, Y)], [["batch", {"batch_size": 4}]]],
    ["pipeline", ["timeseries", {"data": arr(100, 3), "targets": arr(100),
                                 "sequence_length": 10, "batch_size": 16}], []],
    ["pipeline", ["timeseries", {"data": arr(100, 3), "targets": None, "sequence_length": 10,
                                 "sequence_stride": 3, "sampling_rate": 2, "batch_size": 16}], []],
    ["pipeline", ["timeseries", {"data": arr(50, 2), "targets": arr(40, 1),
                                 "sequence_length": 5, "batch_size": None}], []],
    ["pipeline", ["timeseries", {"data": arr(50, 2), "targets": None, "sequence_length": 5,
                                 "sampling_rate": 60}], []],
]

DTYPES = ("float32", "float64", "uint8", "int64", "int32")
OPS = ("batch", "batch", "shuffle", "prefetch", "cache", "repeat", "take", "skip", "map")


def _source(rng: random.Random, n: int) -> list:
    roll = rng.random()
    x = arr(n, *[rng.randint(1, 5) for _ in range(rng.randint(0, 3))], dtype=rng.choice(DTYPES))
    y = arr(n if rng.random() < 0.9 else n + 1, *([rng.randint(1, 4)] if rng.random() < 0.4
                                                  else []), dtype=rng.choice(DTYPES))
    if roll < 0.4:
        return ["slices", tup(x, y)]
    if roll < 0.55:
        return ["slices", x]
    if roll < 0.65:
        return ["slices", {"dict": {"a": x, "b": y}}]
    if roll < 0.75:
        return ["zip", [[["slices", x], []], [["slices", y], []]]]
    if roll < 0.8:
        return ["tensors", tup(x, y)]
    return ["timeseries", {
        "data": arr(n, *([rng.randint(1, 4)] if rng.random() < 0.8 else []),
                    dtype=rng.choice(DTYPES)),
        "targets": None if rng.random() < 0.3 else arr(rng.choice([n, n - 5, n + 5])),
        "sequence_length": rng.randint(1, 12), "sequence_stride": rng.choice([1, 1, 2, 5]),
        "sampling_rate": rng.choice([1, 1, 2]),
        "batch_size": rng.choice([None, 4, 16, 128])}]


def _op(rng: random.Random) -> list:
    name = rng.choice(OPS)
    if name == "batch":
        return [name, {"batch_size": rng.randint(1, 40),
                       **({"drop_remainder": rng.random() < 0.5} if rng.random() < 0.6 else {})}]
    if name == "shuffle":
        return [name, {"buffer_size": rng.choice([10, 1000])}]
    if name == "prefetch":
        return [name, {"buffer_size": rng.choice([1, -1])}]
    if name == "repeat":
        return [name, {"count": rng.choice([2, 3])} if rng.random() < 0.7 else {}]
    if name in ("take", "skip"):
        return [name, {"count": rng.choice([-1, 0, 1, 5, 30, 200])}]
    return [name, {}]


def pipelines(n: int) -> list[list]:
    rng = random.Random("tf-data")
    return [["pipeline", _source(rng, rng.randint(1, 60)),
             [_op(rng) for _ in range(rng.randint(0, 4))]] for _ in range(n)]


# unbatch, shard and ignore_errors: cases of their own (hand-picked, then seeded random chains
# around them), run in the same TensorFlow subprocess.
LESS_COMMON = ("unbatch", "shard", "ignore_errors")
HAND_LESS_COMMON: list[list] = [
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 32}], ["unbatch", {}]]],
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 32}], ["unbatch", {}],
                                         ["batch", {"batch_size": 10}]]],
    ["pipeline", ["tensors", tup(X, Y)], [["unbatch", {}], ["batch", {"batch_size": 8}]]],
    ["pipeline", ["slices", tup(X, Y)], [["unbatch", {}]]],
    ["pipeline", ["slices", Y], [["unbatch", {}]]],
    ["pipeline", ["timeseries", {"data": arr(100, 3), "targets": arr(100),
                                 "sequence_length": 10, "batch_size": 16}], [["unbatch", {}]]],
    ["pipeline", ["slices", tup(X, Y)], [["shard", {"num_shards": 3, "index": 0}]]],
    ["pipeline", ["slices", tup(X, Y)], [["shard", {"num_shards": 3, "index": 2}],
                                         ["batch", {"batch_size": 32}]]],
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 32}],
                                         ["shard", {"num_shards": 2, "index": 1}]]],
    ["pipeline", ["slices", tup(X, Y)], [["shard", {"num_shards": 2, "index": 2}]]],
    ["pipeline", ["slices", tup(X, Y)], [["shard", {"num_shards": 0, "index": 0}]]],
    ["pipeline", ["slices", tup(X, Y)], [["shard", {"num_shards": 2, "index": -1}]]],
    ["pipeline", ["slices", tup(X, Y)], [["repeat", {}], ["shard", {"num_shards": 4,
                                                                    "index": 1}]]],
    ["pipeline", ["slices", tup(X, Y)], [["ignore_errors", {}]]],
    ["pipeline", ["slices", tup(X, Y)], [["ignore_errors", {"log_warning": True}],
                                         ["batch", {"batch_size": 32}]]],
    ["pipeline", ["slices", tup(X, Y)], [["batch", {"batch_size": 32}], ["ignore_errors", {}],
                                         ["unbatch", {}]]],
]


def _less_common_op(rng: random.Random) -> list:
    name = rng.choice((*LESS_COMMON, *LESS_COMMON, "batch", "repeat", "take", "map"))
    if name == "shard":
        shards = rng.choice([1, 2, 3, 5, 0])
        return [name, {"num_shards": shards,
                       "index": rng.choice([0, 1, 2, 4, -1]) if rng.random() < 0.3
                       else rng.randrange(max(shards, 1))}]
    if name == "ignore_errors":
        return [name, {"log_warning": True} if rng.random() < 0.3 else {}]
    if name == "unbatch":
        return [name, {}]
    return _op(rng) if name != "batch" else [name, {"batch_size": rng.randint(1, 40)}]


def less_common_pipelines(n: int) -> list[list]:
    rng = random.Random("tf-data unbatch shard ignore_errors")
    cases = []
    while len(cases) < n:
        ops = [_less_common_op(rng) for _ in range(rng.randint(1, 4))]
        if any(op[0] in LESS_COMMON for op in ops):
            cases.append(["pipeline", _source(rng, rng.randint(1, 60)), ops])
    return cases


LESS_COMMON_PIPELINES = HAND_LESS_COMMON + less_common_pipelines(200)
PIPELINES = HAND_PIPELINES + pipelines(300)


def lint_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "array" in value:
            return Data(tuple(value["array"]), value["dtype"], None)
        if "tuple" in value:
            return tuple(lint_value(v) for v in value["tuple"])
        if "dict" in value:
            return {k: lint_value(v) for k, v in value["dict"].items()}
    return value


def _call(name: str, args: list, kwargs: dict) -> Any:
    entry = lookup(name)
    assert entry is not None, name
    return entry.call(args, kwargs, None)


def lint_pipeline(source: list, ops: list) -> Any:
    kind, arg = source
    if kind == "slices":
        ds = _call("tensorflow.data.Dataset.from_tensor_slices", [lint_value(arg)], {})
    elif kind == "tensors":
        ds = _call("tensorflow.data.Dataset.from_tensors", [lint_value(arg)], {})
    elif kind == "zip":
        ds = _call("tensorflow.data.Dataset.zip", [tuple(lint_pipeline(*p) for p in arg)], {})
    else:
        ds = _call("keras.utils.timeseries_dataset_from_array", [],
                   {k: lint_value(v) for k, v in arg.items()})
    for method, kwargs in ops:
        args = [UNKNOWN] if method == "map" else []
        ds = _call(f"Dataset.{method}", [ds, *args], kwargs)
    return ds


def run_ours(case: list) -> tuple[str, Any]:
    try:
        return "ok", lint_pipeline(case[1], case[2])
    except LibraryError as exc:
        return "error", exc
    except Unmodelled as exc:
        return "unknown", str(exc)


def _compare_element(mine: Any, spec: Any, first: Any) -> str | None:
    if isinstance(mine, tuple):
        if "tuple" not in spec or len(spec["tuple"]) != len(mine):
            return f"structure {mine} vs {spec}"
        firsts = first["tuple"] if first else [None] * len(mine)
        for m, s, f in zip(mine, spec["tuple"], firsts):
            problem = _compare_element(m, s, f)
            if problem:
                return problem
        return None
    if isinstance(mine, dict):
        if "dict" not in spec or set(spec["dict"]) != set(mine):
            return f"structure {mine} vs {spec}"
        return next((p for k in mine if (p := _compare_element(
            mine[k], spec["dict"][k], first["dict"][k] if first else None))), None)
    assert isinstance(mine, Data)
    if mine.dtype is not None and mine.dtype != spec["dtype"]:
        return f"dtype {mine.dtype} vs {spec['dtype']}"
    if mine.shape is None:
        return None
    if len(mine.shape) != len(spec["shape"]):
        return f"shape {mine.shape} vs {spec['shape']}"
    for i, (d, e) in enumerate(zip(mine.shape, spec["shape"])):
        if d is None and e is not None:
            return f"shape {mine.shape}: axis {i} is {e} in the spec"
        if isinstance(d, int) and d != (e if e is not None else
                                        (first["shape"][i] if first else d)):
            return f"shape {mine.shape} vs {spec['shape']} (first element {first})"
    return None


def compare_pipeline(ours: tuple[str, Any], theirs: list) -> str | None:
    kind, value = ours
    if kind == "unknown":
        return None
    if kind == "error":
        if theirs[0] != "error" or theirs[1] != value.kind:
            return f"layerlint raises {value.kind}; TensorFlow {theirs[:2]}"
        if value.message is not None and value.message != theirs[2]:
            return f"message {value.message!r} vs {theirs[2]!r}"
        return None
    if theirs[0] == "error":
        return f"TensorFlow raises {theirs[1:]}; layerlint returns a dataset"
    assert isinstance(value, Dataset)
    _, spec, count, first = theirs
    if first is not None and "error" in first:  # iterating fails (batches of uneven batches)
        first = None
    expected = -1 if value.count == INFINITE else value.count
    if isinstance(expected, int) and expected != count:
        return f"cardinality {value.count} vs {count}"
    if value.element is UNKNOWN:
        return None
    return _compare_element(value.element, spec, first)


def _run(framework: str, cases: list) -> list:
    done = subprocess.run([sys.executable, os.path.join(HERE, "tensor_data_runner.py"),
                           framework], input=json.dumps(cases), capture_output=True, text=True,
                          timeout=900, env=framework_env("keras3"), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@functools.lru_cache(maxsize=1)
def pipeline_runs() -> list:
    """TensorFlow's outcome of every pipeline case of this file, in one subprocess."""
    return _run("tf", PIPELINES + LESS_COMMON_PIPELINES)


@pytest.mark.keras3
def test_pipelines_agree_with_tensorflow() -> None:
    results = pipeline_runs()[:len(PIPELINES)]
    mismatches, unknown, errors, known_counts = [], 0, 0, 0
    for case, theirs in zip(PIPELINES, results):
        ours = run_ours(case)
        unknown += ours[0] == "unknown"
        errors += theirs[0] == "error"
        known_counts += ours[0] == "ok" and isinstance(ours[1].count, int)
        problem = compare_pipeline(ours, theirs)
        if problem:
            mismatches.append(f"{case}: {problem}")
    assert not mismatches, f"{len(mismatches)} of {len(PIPELINES)}:\n" + "\n".join(mismatches[:20])
    assert unknown <= len(PIPELINES) // 10, unknown
    assert errors >= 10 and known_counts >= len(PIPELINES) // 2, (errors, known_counts)


@pytest.mark.keras3
def test_unbatch_shard_and_ignore_errors_agree_with_tensorflow() -> None:
    """Their element, cardinality and errors: TensorFlow's checks of shard's arguments and of
    unbatch's components (scalars, first axes that differ: its message), cardinalities it
    knows (shard's) and does not (after unbatch, ignore_errors)."""
    results = pipeline_runs()[len(PIPELINES):]
    mismatches, seen = [], {name: 0 for name in LESS_COMMON}
    outcomes = {"unknown": 0, "errors": 0, "shard_counts": 0, "unbatched_elements": 0}
    for case, theirs in zip(LESS_COMMON_PIPELINES, results):
        ours = run_ours(case)
        for method, _ in case[2]:
            seen[method] = seen.get(method, 0) + 1
        outcomes["unknown"] += ours[0] == "unknown"
        outcomes["errors"] += ours[0] == "error" and theirs[0] == "error"
        if ours[0] == "ok" and isinstance(ours[1].count, int) and theirs[2] >= 0:
            outcomes["shard_counts"] += case[2][-1][0] == "shard"
        if ours[0] == "ok" and case[2][-1][0] == "unbatch" and ours[1].element is not UNKNOWN:
            outcomes["unbatched_elements"] += 1
        problem = compare_pipeline(ours, theirs)
        if problem:
            mismatches.append(f"{case}: {problem}")
    assert not mismatches, f"{len(mismatches)} of {len(LESS_COMMON_PIPELINES)}:\n" + \
        "\n".join(mismatches[:20])
    assert min(seen[name] for name in LESS_COMMON) >= 60, seen
    assert outcomes["unknown"] <= len(LESS_COMMON_PIPELINES) // 10, outcomes
    assert outcomes["errors"] >= 40 and outcomes["shard_counts"] >= 10, outcomes
    assert outcomes["unbatched_elements"] >= 10, outcomes


def test_unbatch_by_hand() -> None:
    """A dataset batched once gives its samples back, its cardinality no longer known to
    TensorFlow; TensorFlow's own checks of the components."""
    x, y = Data((100, 28, 28), "uint8", None), Data((100,), "uint8", None)
    ds = lint_pipeline(["slices", tup(X, Y)], [["batch", {"batch_size": 32}], ["unbatch", {}]])
    assert [d.shape for d in ds.element] == [(28, 28), ()] and (ds.count, ds.samples) == ("?", 100)
    with pytest.raises(LibraryError, match="Cannot unbatch an input with scalar components"):
        _call("Dataset.unbatch", [_call("tensorflow.data.Dataset.from_tensor_slices",
                                        [(x, y)], {})], {})
    pair = _call("tensorflow.data.Dataset.from_tensors",
                 [{"b": Data((3, 2), "float32", None), "a": Data((4,), "int64", None)}], {})
    with pytest.raises(LibraryError, match="Encountered both 4 and 3[.]$"):  # sorted keys
        _call("Dataset.unbatch", [pair], {})


def test_shard_and_ignore_errors_by_hand() -> None:
    source = ["slices", tup(X, Y)]
    assert lint_pipeline(source, [["shard", {"num_shards": 3, "index": 0}]]).count == 34
    assert lint_pipeline(source, [["shard", {"num_shards": 3, "index": 1}]]).count == 33
    sharded = lint_pipeline(source, [["repeat", {}], ["shard", {"num_shards": 4, "index": 1}]])
    assert sharded.count == INFINITE
    for shards, index in ((0, 0), (2, 2), (2, -1)):
        with pytest.raises(LibraryError) as raised:
            lint_pipeline(source, [["shard", {"num_shards": shards, "index": index}]])
        assert raised.value.kind == "InvalidArgumentError"
    kept = lint_pipeline(source, [["ignore_errors", {}], ["batch", {"batch_size": 10}]])
    assert kept.count == "?" and [d.shape for d in kept.element] == [(None, 28, 28), (None,)]


# --- 2. fit(dataset) ----------------------------------------------------------------------------

HEAD = "import numpy as np\nimport tensorflow as tf\nimport keras\nfrom keras import layers\n"
CONV = "keras.Sequential([layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10, " \
    "activation='softmax')])"
CONV_IN = "keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(4, 3), " \
    "layers.Flatten(), layers.Dense(10, activation='softmax')])"
DENSE_IN = "keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10, " \
    "activation='softmax')])"
DATA = "x = np.zeros((100, 28, 28), 'float32')\ny = np.zeros((100,), 'uint8')\n"


def fit_script(model: str, dataset: str, loss: str = "sparse_categorical_crossentropy",
               call: str = "model.fit(ds, epochs=1, verbose=0)", data: str = DATA) -> str:
    return (HEAD + data + f"ds = {dataset}\nmodel = {model}\n"
            f"model.compile(optimizer='adam', loss={loss!r})\n{call}\n")


SLICES = "tf.data.Dataset.from_tensor_slices((x, y))"
HAND_FITS = {
    "conv_batched": fit_script(CONV, f"{SLICES}.batch(64)"),
    "conv_input_batched": fit_script(CONV_IN, f"{SLICES}.shuffle(100).batch(64).prefetch(2)"),
    "conv_unbatched": fit_script(CONV, SLICES),
    "dense_batched": fit_script(DENSE_IN, f"{SLICES}.batch(32)"),
    "dense_unbatched": fit_script(DENSE_IN, SLICES),
    "onehot_sparse": fit_script(
        "keras.Sequential([layers.Flatten(), layers.Dense(10, activation='softmax')])",
        "tf.data.Dataset.from_tensor_slices((x, tf.one_hot(y, 10))).batch(64)"),
    "onehot_categorical": fit_script(
        "keras.Sequential([layers.Flatten(), layers.Dense(10, activation='softmax')])",
        "tf.data.Dataset.from_tensor_slices((x, tf.one_hot(y, 10))).batch(64)",
        loss="categorical_crossentropy"),
    "batch_size_ignored": fit_script(DENSE_IN, f"{SLICES}.batch(64)",
                                     call="model.fit(ds, batch_size=10, epochs=1, verbose=0)"),
    "validation_dataset": fit_script(
        DENSE_IN, f"{SLICES}.batch(64)",
        call="val = tf.data.Dataset.from_tensor_slices((np.zeros((10, 28, 27), 'float32'), "
             "y[:10])).batch(4)\nmodel.fit(ds, validation_data=val, epochs=1, verbose=0)"),
    "validation_arrays": fit_script(
        DENSE_IN, f"{SLICES}.batch(64)",
        call="model.fit(ds, validation_data=(np.zeros((50, 28, 27), 'float32'), y[:50]), "
             "epochs=1, verbose=0)"),
    "evaluate_drop_remainder": fit_script(
        "keras.Sequential([layers.Flatten(), layers.Dense(3, activation='softmax')])",
        f"{SLICES}.batch(30, drop_remainder=True)",
        call="model.evaluate(ds, verbose=0)"),
    "predict": fit_script(CONV, "tf.data.Dataset.from_tensor_slices(x).batch(16)",
                          call="model.predict(ds, verbose=0)"),
    "dict_inputs": HEAD + DATA + (
        "inp = keras.Input(shape=(28, 28), name='img')\n"
        "out = layers.Dense(10, activation='softmax')(layers.Flatten()(inp))\n"
        "model = keras.Model(inp, out)\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "ds = tf.data.Dataset.from_tensor_slices(({'img': x[:, :, :27]}, y)).batch(20)\n"
        "model.fit(ds, epochs=1, verbose=0)\n"),
    "timeseries_lstm": HEAD + (
        "series = np.zeros((200, 3), 'float32')\n"
        "ds = keras.utils.timeseries_dataset_from_array(series[:-10], series[10:, 0], "
        "sequence_length=10, batch_size=32)\n"
        "model = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(ds, epochs=1, verbose=0)\n"),
    "loader_conv": HEAD + (
        "(x, y), _ = keras.datasets.mnist.load_data()\nx, y = x[:256], y[:256]\n"
        f"ds = {SLICES}.batch(128)\nmodel = {CONV}\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "model.fit(ds, epochs=1, verbose=0)\n"),
}
# The loader needs its file: the real run stands in the arrays mnist.load_data() returns.
_STAND_IN = {"(x, y), _ = keras.datasets.mnist.load_data()":
             "x, y = np.zeros((600, 28, 28), 'uint8'), np.arange(600, dtype='uint8') % 10"}

MODELS = {
    "conv": ((28, 28), "keras.Sequential([layers.Conv2D(4, 3), layers.Flatten(), "
                       "layers.Dense({units}, activation='softmax')])"),
    "conv_in": ((28, 28, 1), "keras.Sequential([keras.Input(shape=(28, 28, 1)), "
                             "layers.Conv2D(4, 3), layers.Flatten(), "
                             "layers.Dense({units}, activation='softmax')])"),
    "dense_in": ((12,), "keras.Sequential([keras.Input(shape=(12,)), layers.Dense(8), "
                        "layers.Dense({units}, activation='softmax')])"),
    "dense": ((12,), "keras.Sequential([layers.Dense(8), "
                     "layers.Dense({units}, activation='softmax')])"),
}


def generated_fit(seed: int) -> str:
    rng = random.Random(f"fit-dataset-{seed}")
    model_name = rng.choice(sorted(MODELS))
    shape, model = MODELS[model_name]
    fed = rng.choice([shape, shape[:-1] if len(shape) > 1 else (shape[0] + 1,),
                      (*shape[:-1], shape[-1] + 1), shape])
    n = rng.choice([20, 50, 64, 100])
    units = rng.choice([3, 4])
    labels = rng.choice(["sparse", "onehot", "onehot_wrong"])
    x = f"np.zeros(({n}, {', '.join(map(str, fed))}), 'float32')"
    y = f"np.arange({n}) % {units}"
    if labels == "onehot":
        y = f"keras.utils.to_categorical(np.arange({n}) % {units}, {units})"
    elif labels == "onehot_wrong":
        y = f"tf.one_hot(np.arange({n}) % {units}, {units + 1})"
    loss = rng.choice(["sparse_categorical_crossentropy", "categorical_crossentropy"])
    chain = ""
    for _ in range(rng.randint(0, 2)):
        chain += rng.choice([".shuffle(100)", ".prefetch(1)", ".cache()", ".repeat(2)"])
    if rng.random() < 0.85:
        size = rng.choice([8, 16, 32, 64])
        # (drop_remainder leaving no batch at all makes Keras fail its own way: not followed)
        chain += f".batch({size}" + (", drop_remainder=True)" if rng.random() < 0.3 and
                                     size <= n else ")")
    chain += rng.choice(["", ".prefetch(tf.data.AUTOTUNE)", ".shuffle(10)"])
    method = rng.choice(["fit", "fit", "evaluate", "predict"])
    call = f"model.{method}(ds, verbose=0)" if method != "fit" else \
        "model.fit(ds, epochs=1, verbose=0)"
    source = "tf.data.Dataset.from_tensor_slices(x)" if method == "predict" else \
        "tf.data.Dataset.from_tensor_slices((x, y))"
    return fit_script(model.format(units=units), source + chain, loss=loss, call=call,
                      data=f"x = {x}\ny = {y}\n")


FIT_SEEDS = range(120)


def _real(source: str) -> str:
    for line, stand_in in _STAND_IN.items():
        source = source.replace(line, stand_in)
    return source


@functools.lru_cache(maxsize=2)
def fit_runs(dialect: str) -> list[dict]:
    sources = list(HAND_FITS.values()) + [generated_fit(s) for s in FIT_SEEDS]
    if dialect == "keras2":
        sources = [s.replace("import keras\nfrom keras import layers",
                             "import tf_keras as keras\nlayers = keras.layers") for s in sources]
    return run_batch([_real(s) for s in sources], dialect)


# Where layerlint's replay words an error of arrays and datasets alike without Keras' text
# (verdict, line and stage still compared): weights built for another input "(Keras raises
# while running the layer)"; a rank-adjusted Conv2D input that the backend's own convolution
# rejects (torch's "Kernel size can't be greater", TensorFlow's "Negative dimension size").
_KNOWN_WORDINGS = ("(Keras raises while running the layer)", "and do not fit the data",
                   "Computed output size would be zero or negative",
                   "would produce output shape with a zero or negative value")


def _known_wording(problem: str) -> bool:
    if not problem.startswith("message differs"):
        return False
    theirs, _, mine = problem.partition("\n  layerlint: ")
    if any(w in mine for w in _KNOWN_WORDINGS):
        return True
    # Shuffled batches: which batch comes first is drawn at random, so layerlint leaves its
    # size None (library/tf_data.py shuffle); Keras names the one it drew.
    drawn = re.sub(r"(shape(?: received)?[=:]? ?(?:torch\.Size\(\[)?\(?)\d+", r"\1None", theirs.partition(
        "Keras:     ")[2])
    if ("None" in mine or "[batch" in mine) and drawn == mine.replace("Size([batch", "Size([None"):
        return True
    # tf.keras 2 traces fit's step on the element spec: axes it leaves None (the batch axis
    # without drop_remainder, the window axis of timeseries_dataset_from_array) print None
    # where layerlint prints the batches' own sizes.
    return _none_where_known(theirs.partition("Keras:     ")[2], mine)


def _none_where_known(theirs: str, mine: str) -> bool:
    pieces = re.split(r"(None|\d+)", theirs)
    mine_pieces = re.split(r"(None|\d+)", mine)
    if len(pieces) != len(mine_pieces) or "None" not in pieces:
        return False
    return all(t == m or t == "None" and m.isdigit() for t, m in zip(pieces, mine_pieces))


def _fit_problems(dialect: str) -> tuple[list[str], dict]:
    sources = list(HAND_FITS.items()) + [(f"seed {s}", generated_fit(s)) for s in FIT_SEEDS]
    problems, outcomes = [], {}
    for (name, source), run in zip(sources, fit_runs(dialect)):
        if dialect == "keras2":
            source = source.replace("import keras\nfrom keras import layers",
                                    "import tf_keras as keras\nlayers = keras.layers")
        result = check_source(source, "ds.py", dialect=dialect)
        stage = run["error"]["stage"] if run["error"] else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        found = [p for p in agree(result, run, dialect) if not _known_wording(p)]
        if found:
            problems.append(f"--- {name}\n{source}" + "\n".join(f"  * {p}" for p in found))
    return problems, outcomes


@pytest.mark.parametrize("dialect", [
    pytest.param("keras3", marks=pytest.mark.keras3),
    pytest.param("keras2", marks=pytest.mark.keras2),
])
def test_fit_on_datasets_agrees_with_keras(dialect: str) -> None:
    problems, outcomes = _fit_problems(dialect)
    print(outcomes)
    assert outcomes.get("clean", 0) >= 20 and sum(outcomes.values()) - outcomes.get("clean", 0) \
        >= 20, outcomes
    assert not problems, f"{len(problems)} disagree:\n" + "\n".join(problems[:4])
