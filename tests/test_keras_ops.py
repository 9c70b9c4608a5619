"""keras.ops on symbolic tensors (layerlint/layers/keras/ops.py) against real Keras 3 (torch
backend): hand-picked cases plus seeded random ones per op family, all evaluated by Keras in
one subprocess. For each: the verdict, every output's shape and dtype, and the exception word
for word. layerlint may say "unknown" only where a test below allows it (never: every case
here is modelled)."""

from __future__ import annotations

import random

import pytest
from keras_ops_harness import layerlint_op, run_in_keras

pytestmark = pytest.mark.keras3

F, INT = "float32", "int32"
HAND = [
    ("ops.reshape(t0, (-1, 2, 2))", [((None, 4), F)]),
    ("ops.reshape(t0, (-1, 24))", [((None, 4, 6), F)]),
    ("ops.reshape(t0, (2, 12))", [((None, 4, 6), F)]),
    ("ops.reshape(t0, (-1, -1))", [((None, 4, 6), F)]),
    ("ops.reshape(t0, (3, -2))", [((None, 4, 6), F)]),
    ("ops.reshape(t0, (5, 5))", [((2, 4, 6), F)]),
    ("ops.reshape(t0, (5, -1))", [((2, 4, 6), F)]),
    ("ops.reshape(t0, (-1, 8))", [((2, 4, 6), INT)]),
    ("ops.reshape(t0, 48)", [((2, 4, 6), F)]),
    ("ops.expand_dims(t0, 1)", [((None, 4, 6), F)]),
    ("ops.expand_dims(t0, 5)", [((None, 4, 6), F)]),
    ("ops.expand_dims(t0, (0, -1))", [((None, 4), F)]),
    ("ops.squeeze(t0)", [((None, 1, 6, 1), F)]),
    ("ops.squeeze(t0, 1)", [((None, 4, 6), F)]),
    ("ops.squeeze(t0, 7)", [((None, 4, 6), F)]),
    ("ops.squeeze(t0, axis=(1, -1))", [((None, 1, 6, 1), F)]),
    ("ops.transpose(t0)", [((None, 4, 6), F)]),
    ("ops.transpose(t0, (0, 2, 1))", [((None, 4, 6), F)]),
    ("ops.transpose(t0, (0, 1))", [((None, 4, 6), F)]),
    ("ops.transpose(t0, (0, 1, 1))", [((None, 4, 6), F)]),
    ("ops.transpose(t0, (0, 1, 3))", [((None, 4, 6), F)]),
    ("ops.concatenate([t0, t1], axis=1)", [((None, 4, 6), F), ((None, 2, 6), F)]),
    ("ops.concatenate([t0, t1], axis=1)", [((None, 4, 6), F), ((None, 4), F)]),
    ("ops.concatenate([t0, t1], axis=-1)", [((None, 4, 6), F), ((None, 5, 6), INT)]),
    ("ops.concatenate([t0, t1])", [((None, 4), F), ((None, 4), F)]),
    ("ops.concatenate([t0, t1], axis=3)", [((None, 4), F), ((None, 4), F)]),
    ("ops.stack([t0, t1], axis=1)", [((None, 4, 6), F), ((None, 4, 6), F)]),
    ("ops.stack([t0, t1], axis=-1)", [((None, 4, 6), F), ((None, 4, 5), F)]),
    ("ops.stack([t0, t1], axis=4)", [((None, 4, 6), F), ((None, 4, 6), F)]),
    ("ops.matmul(t0, t1)", [((None, 4, 6), F), ((None, 6, 3), F)]),
    ("ops.matmul(t0, t1)", [((None, 4, 6), F), ((None, 4, 6), F)]),
    ("ops.matmul(t0, t1)", [((None, 4, 6), F), ((6,), F)]),
    ("ops.matmul(t0, t1)", [((6,), F), ((None, 6, 2), INT)]),
    ("ops.matmul(t0, t1)", [((2, 4, 6), F), ((3, 6, 2), F)]),
    ("t0 @ t1", [((None, 4, 6), F), ((6, 5), F)]),
    ("ops.add(t0, t1)", [((None, 4, 6), F), ((None, 4), INT)]),
    ("ops.add(t0, t1)", [((None, 4), INT), ((None, 4), INT)]),
    ("ops.divide(t0, t1)", [((None, 4), INT), ((None, 4), INT)]),
    ("t0 + 1", [((None, 4, 6), F)]),
    ("t0 + 1.5", [((None, 4), INT)]),
    ("t0 * 2", [((None, 4), INT)]),
    ("t0 / 2", [((None, 4), INT)]),
    ("t0 - t1", [((None, 1, 6), F), ((None, 5, 1), F)]),
    ("-t0", [((None, 4), INT)]),
    ("ops.mean(t0, axis=1)", [((None, 4, 6), F)]),
    ("ops.mean(t0)", [((None, 4), INT)]),
    ("ops.sum(t0, axis=-1, keepdims=True)", [((None, 4), INT)]),
    ("ops.max(t0, axis=(1, 2))", [((None, 4, 6), F)]),
    ("ops.min(t0, axis=[0, 1], keepdims=True)", [((None, 4, 6), F)]),
    ("ops.mean(t0, axis=3)", [((None, 4, 6), F)]),
    ("ops.cast(t0, 'int32')", [((None, 4, 6), F)]),
    ("ops.one_hot(t0, 5)", [((None, 4), INT)]),
    ("ops.one_hot(t0, 5, axis=1)", [((None, 4), INT)]),
    ("ops.one_hot(t0, 5, axis=2)", [((None, 4), INT)]),
    ("ops.one_hot(t0, 3, dtype='int32')", [((None, 4), F)]),
    ("ops.relu(t0)", [((None, 4, 6), F)]),
    ("ops.sigmoid(t0)", [((None, 4), INT)]),
    ("ops.tanh(t0)", [((None, 4), "float16")]),
    ("ops.softmax(t0, axis=1)", [((None, 4, 6), F)]),
    ("ops.softmax(t0, axis=3)", [((None, 4, 6), F)]),
    ("ops.softmax(t0)", [((None, 4), INT)]),
    ("ops.split(t0, 2, axis=-1)", [((None, 4, 6), F)]),
    ("ops.split(t0, 4, axis=-1)", [((None, 4, 6), F)]),
    ("ops.split(t0, [1, 3], axis=1)", [((None, 4, 6), F)]),
    ("ops.split(t0, 3)", [((None, 4, 6), F)]),
]

DTYPES = ["float32", "float32", "int32", "int64", "float16", "bool", "float64"]


def _shape(rng: random.Random, rank: int, batch: bool = True) -> tuple:
    dims = tuple(rng.choice([1, 2, 3, 4, 6]) for _ in range(rank))
    if batch and rng.random() < 0.8:
        return (None, *dims[1:]) if dims else dims
    return dims


def _axis(rng: random.Random, rank: int) -> int:
    return rng.randint(-rank - 1, rank)


def _random_case(rng: random.Random) -> tuple[str, list]:
    family = rng.choice(["reshape", "expand", "squeeze", "transpose", "concat", "stack",
                         "matmul", "binary", "reduce", "cast", "one_hot", "act", "split"])
    rank = rng.randint(1, 4)
    x = (_shape(rng, rank), rng.choice(DTYPES))
    if family == "reshape":
        size = 1
        for d in x[0]:
            size *= d or 1
        dims = [rng.choice([-1, 1, 2, 3, 4, 6, 12, size]) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.1:
            dims[0] = rng.choice([-2, -1])
        return f"ops.reshape(t0, {tuple(dims)!r})", [x]
    if family == "expand":
        axis = _axis(rng, rank + 1) if rng.random() < 0.8 else (0, _axis(rng, rank + 1))
        return f"ops.expand_dims(t0, {axis!r})", [x]
    if family == "squeeze":
        choice = rng.random()
        axis = None if choice < 0.3 else _axis(rng, rank)
        return ("ops.squeeze(t0)" if axis is None else f"ops.squeeze(t0, axis={axis})"), [x]
    if family == "transpose":
        axes = list(range(rank))
        rng.shuffle(axes)
        if rng.random() < 0.2:
            axes = axes[:-1] or [0, 0]
        elif rng.random() < 0.1:
            axes[0] = axes[-1]
        elif rng.random() < 0.1:
            axes[0] = -axes[0] - 1
        return (f"ops.transpose(t0, {tuple(axes)!r})" if rng.random() < 0.8
                else "ops.transpose(t0)"), [x]
    if family in ("concat", "stack"):
        count = rng.randint(2, 3)
        others = []
        for _ in range(count - 1):
            shape = list(x[0])
            if shape and rng.random() < 0.5:
                i = rng.randrange(len(shape))
                shape[i] = rng.choice([None, 1, 2, 5])
            if rng.random() < 0.1:
                shape = shape[:-1]
            others.append((tuple(shape), rng.choice(DTYPES)))
        names = ", ".join(f"t{i}" for i in range(count))
        op = "concatenate" if family == "concat" else "stack"
        return f"ops.{op}([{names}], axis={_axis(rng, rank + 1)})", [x, *others]
    if family == "matmul":
        inner = rng.choice([2, 3, 4])
        a = (*_shape(rng, rng.randint(1, 3))[:-1], inner) if rng.random() < 0.9 else (3,)
        b_inner = inner if rng.random() < 0.7 else rng.choice([None, 2, 5])
        b = (b_inner, rng.choice([1, 2, 5])) if rng.random() < 0.7 else \
            (rng.choice([None, 1, 2]), b_inner, 3) if rng.random() < 0.5 else (b_inner,)
        text = "ops.matmul(t0, t1)" if rng.random() < 0.7 else "t0 @ t1"
        return text, [(tuple(a), rng.choice(DTYPES[:4])), (tuple(b), rng.choice(DTYPES[:4]))]
    if family == "binary":
        other = list(x[0])
        for i in range(len(other)):
            if rng.random() < 0.3:
                other[i] = rng.choice([None, 1, 2, 3])
        other = other[rng.randint(0, len(other)):] if rng.random() < 0.3 else other
        op = rng.choice(["add", "subtract", "multiply", "divide", "+", "-", "*", "/"])
        second = rng.choice(["t1", "t1", "2", "1.5"])
        inputs = [x] + ([(tuple(other), rng.choice(DTYPES))] if second == "t1" else [])
        if op.isalpha():
            return f"ops.{op}(t0, {second})", inputs
        return (f"t0 {op} {second}" if rng.random() < 0.7 else f"{second} {op} t0"), inputs
    if family == "reduce":
        op = rng.choice(["mean", "sum", "max", "min"])
        choice = rng.random()
        axis = None if choice < 0.2 else _axis(rng, rank) if choice < 0.7 else \
            (0, _axis(rng, rank))
        keep = rng.choice([True, False])
        return f"ops.{op}(t0, axis={axis!r}, keepdims={keep})", [x]
    if family == "cast":
        return f"ops.cast(t0, {rng.choice(['int32', 'float16', 'bool', 'float32'])!r})", [x]
    if family == "one_hot":
        axis = rng.choice([-1, -1, 0, 1, 2, rank, rank + 1, -2])
        return f"ops.one_hot(t0, {rng.randint(1, 5)}, axis={axis})", [x]
    if family == "act":
        op = rng.choice(["relu", "sigmoid", "tanh", "softmax"])
        if op == "softmax" and rng.random() < 0.6:
            return f"ops.softmax(t0, axis={_axis(rng, rank)})", [x]
        return f"ops.{op}(t0)", [x]
    axis = _axis(rng, rank)
    sections = rng.choice([1, 2, 3, [1], [1, 2], [2, 3]])
    return f"ops.split(t0, {sections!r}, axis={axis})", [x]


def _cases() -> list[tuple[str, list]]:
    rng = random.Random(20261206)
    return HAND + [_random_case(rng) for _ in range(700)]


@pytest.fixture(scope="module")
def keras_outcomes() -> list:
    return run_in_keras(_cases())


def test_keras_ops_agree_with_keras(keras_outcomes: list) -> None:
    cases = _cases()
    mismatches, unknown, raised = [], 0, 0
    for (call, inputs), theirs in zip(cases, keras_outcomes):
        mine = layerlint_op(call, inputs)
        if mine.error == "unknown":
            unknown += 1
            mismatches.append(f"{call} on {inputs}: layerlint unknown; Keras {theirs}")
            continue
        raised += theirs.error is not None
        if mine.error != theirs.error:
            mismatches.append(f"{call} on {inputs}: layerlint {mine}, Keras {theirs}")
        elif mine.error is None and (mine.shapes != theirs.shapes or mine.dtypes != theirs.dtypes
                                     or mine.several != theirs.several):
            mismatches.append(f"{call} on {inputs}: layerlint {mine}, Keras {theirs}")
        elif mine.error is not None and mine.message != theirs.message:
            mismatches.append(f"{call} on {inputs}: message {mine.message!r}, Keras "
                              f"{theirs.message!r}")
    print(f"{len(cases)} keras.ops cases, {raised} raise in Keras, {len(mismatches)} mismatches")
    assert raised >= 100 and len(cases) - raised >= 300
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:25])
