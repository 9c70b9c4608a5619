"""TensorFlow functions, operators and slicing on symbolic tensors in tf.keras 2
(layerlint/layers/keras/tf_ops.py) against real tf_keras 2.21: hand-picked cases plus seeded
random ones per family, all evaluated by tf_keras in one subprocess. For each: the verdict,
every output's shape and dtype, the layer tf.keras makes (name and class: ``tf.concat
(TFOpLambda)``), and the exception word for word up to the op's node definition. layerlint may
say "unknown" (no claim) only for the few cases counted below."""

from __future__ import annotations

import random

import pytest

from .tf_ops_harness import agree, layerlint_tf_op, run_in_tf_keras

pytestmark = pytest.mark.keras2

F, H, INT = "float32", "float16", "int32"
R3, R2 = (None, 4, 6), (None, 6)
HAND = [
    ("tf.concat([t0, t1], axis=-1)", [(R3, F), ((None, 4, 5), F)]),
    ("tf.concat([t0, t1], axis=1)", [(R3, F), ((None, 3, 6), F)]),
    ("tf.concat([t0, t1], 1)", [(R3, F), (R3, F)]),
    ("tf.concat([t0, t1], axis=-1)", [(R3, F), ((None, 3, 6), F)]),
    ("tf.concat([t0, t1], axis=-1)", [(R3, F), (R2, F)]),
    ("tf.concat([t0, t1], axis=1)", [(R3, F), ((None, 4, 5), F)]),
    ("tf.concat([t0, t1], axis=3)", [(R3, F), (R3, F)]),
    ("tf.concat([t0, t1], axis=-4)", [(R3, F), (R3, F)]),
    ("tf.concat([t0, t1], axis=1)", [(R3, F), (R3, INT)]),
    ("tf.concat([t0, t1, t2], axis=0)", [(R3, F), (R3, F), ((2, 4, 6), F)]),
    ("tf.stack([t0, t1])", [(R3, F), (R3, F)]),
    ("tf.stack([t0, t1], axis=1)", [(R3, F), ((None, 3, 6), F)]),
    ("tf.stack([t0, t1], axis=4)", [(R3, F), (R3, F)]),
    ("tf.stack([t0, t1], axis=-1)", [(R3, F), (R3, F)]),
    ("tf.stack([t0, t1], axis=1)", [(R3, F), (R2, F)]),
    ("tf.stack([t0, t1, t2], axis=1)", [(R3, F), (R3, F), ((None, 4, 5), F)]),
    ("tf.reshape(t0, (-1, 12))", [(R3, F)]),
    ("tf.reshape(t0, [-1, 2, 6])", [(R3, F)]),
    ("tf.reshape(t0, (2, 12))", [(R3, F)]),
    ("tf.reshape(t0, (-1, 7))", [(R3, F)]),
    ("tf.expand_dims(t0, -1)", [(R3, F)]),
    ("tf.expand_dims(t0, 5)", [(R3, F)]),
    ("tf.expand_dims(t0, -5)", [(R3, F)]),
    ("tf.expand_dims(t0, 3)", [(R3, F)]),
    ("tf.squeeze(t0, -1)", [((None, 4, 1), F)]),
    ("tf.squeeze(t0, -1)", [(R3, F)]),
    ("tf.squeeze(t0, 0)", [(R3, F)]),
    ("tf.squeeze(t0, 3)", [(R3, F)]),
    ("tf.squeeze(t0, [2])", [((None, 4, 1), F)]),
    ("tf.transpose(t0, (0, 2, 1))", [(R3, F)]),
    ("tf.transpose(t0)", [(R3, F)]),
    ("tf.transpose(t0, [0, 1])", [(R3, F)]),
    ("tf.transpose(t0, (0, 2, 2))", [(R3, F)]),
    ("tf.transpose(t0, (0, 2, 3))", [(R3, F)]),
    ("tf.transpose(t0, (0, -1, 1))", [(R3, F)]),
    ("tf.reduce_mean(t0, axis=1)", [(R3, F)]),
    ("tf.reduce_sum(t0, -1, keepdims=True)", [(R3, F)]),
    ("tf.reduce_max(t0)", [(R3, F)]),
    ("tf.reduce_min(t0, axis=3)", [(R3, F)]),
    ("tf.math.reduce_mean(t0, axis=[1, 2])", [(R3, F)]),
    ("tf.reduce_max(t0, axis=[1, 5])", [(R3, F)]),
    ("tf.reduce_mean(t0, 1)", [(R3, INT)]),
    ("tf.reduce_prod(t0, keepdims=True)", [(R3, F)]),
    ("tf.matmul(t0, t1, transpose_b=True)", [(R3, F), (R3, F)]),
    ("tf.matmul(t0, t1)", [(R3, F), ((None, 3, 6), F)]),
    ("tf.matmul(t0, t1)", [(R3, F), (R2, F)]),
    ("tf.matmul(t0, t1)", [(R2, F), (R2, F)]),
    ("tf.matmul(t0, t1)", [((None, 2, 4, 6), F), ((None, 6, 3), F)]),
    ("tf.linalg.matmul(t0, t1, transpose_a=True)", [(R3, F), (R3, F)]),
    ("t0 @ t1", [(R3, F), ((None, 6, 2), F)]),
    ("tf.nn.relu(t0)", [(R3, F)]),
    ("tf.nn.softmax(t0, axis=1)", [(R3, F)]),
    ("tf.nn.softmax(t0, axis=3)", [(R3, F)]),
    ("tf.nn.softmax(t0, axis=-4)", [(R3, F)]),
    ("tf.nn.sigmoid(t0)", [(R3, F)]),
    ("tf.sigmoid(t0)", [(R3, H)]),
    ("tf.tanh(t0)", [(R3, F)]),
    ("tf.math.log(t0)", [(R3, F)]),
    ("tf.nn.gelu(t0)", [(R3, F)]),
    ("tf.nn.leaky_relu(t0, alpha=0.1)", [(R3, F)]),
    ("tf.split(t0, 2, axis=-1)", [(R3, F)]),
    ("tf.split(t0, 5, axis=-1)", [(R3, F)]),
    ("tf.split(t0, 2, axis=3)", [(R3, F)]),
    ("tf.split(t0, 2)", [(R3, F)]),
    ("tf.split(t0, [2, 4], axis=-1)", [(R3, F)]),
    ("tf.split(t0, [2, 2], axis=-1)", [(R3, F)]),
    ("tf.split(t0, [2, -1], axis=2)", [(R3, F)]),
    ("tf.cast(t0, 'int32')", [(R3, F)]),
    ("tf.cast(t0, tf.float16)", [(R3, F)]),
    ("tf.math.add(t0, t1)", [(R3, F), (R3, F)]),
    ("tf.add(t0, t1)", [(R3, F), ((None, 3, 6), F)]),
    ("tf.maximum(t0, t1)", [(R3, F), ((None, 1, 6), F)]),
    ("t0 + t1", [(R3, F), (R2, F)]),
    ("t0 + t1", [(R3, F), ((None, 4, 5), F)]),
    ("t0 + t1", [(R3, F), (R3, INT)]),
    ("t0 * 2", [(R3, F)]),
    ("2 * t0", [(R3, F)]),
    ("t0 - 1.0", [(R3, F)]),
    ("1 - t0", [(R3, F)]),
    ("t0 / 2", [(R3, F)]),
    ("t0 / 2", [(R3, INT)]),
    ("t0 + 1", [(R3, INT)]),
    ("-t0", [(R3, F)]),
    ("t0[:, 0]", [(R3, F)]),
    ("t0[:, :, 0]", [(R3, F)]),
    ("t0[:, 1:3]", [(R3, F)]),
    ("t0[0]", [(R3, F)]),
    ("t0[..., 0]", [(R3, F)]),
    ("t0[:, None]", [(R3, F)]),
    ("t0[:, 5]", [(R3, F)]),
    ("t0[:, -5]", [(R3, F)]),
    ("t0[:, -1]", [(R3, F)]),
    ("t0[:, 0, 0, 0]", [(R3, F)]),
    ("t0[:, ::2]", [(R3, F)]),
    ("t0[:, 1:10]", [(R3, F)]),
    ("t0[..., None]", [(R3, F)]),
    ("t0[:, tf.newaxis, :, 0]", [(R3, F)]),
    ("t0[1:, 0]", [(R3, F)]),
    ("t0[:2]", [(R3, F)]),
    ("t0[:, ::-1]", [(R3, F)]),
]


def _shape(rng: random.Random, rank: int) -> tuple:
    return (None, *(rng.choice([1, 2, 3, 4, 6]) for _ in range(rank - 1)))


def _like(rng: random.Random, shape: tuple) -> tuple:
    """Mostly the same shape, sometimes one size changed or a rank dropped."""
    roll = rng.random()
    if roll < 0.6:
        return shape
    if roll < 0.85 and len(shape) > 1:
        i = rng.randrange(1, len(shape))
        return shape[:i] + (rng.choice([1, 2, 3, 5]),) + shape[i + 1:]
    return _shape(rng, rng.randint(2, 4))


def _random_case(rng: random.Random) -> tuple[str, list]:
    rank = rng.randint(2, 4)
    x = _shape(rng, rank)
    other = _like(rng, x)
    axis = rng.randint(-rank - 1, rank)
    dtype = rng.choice([F, F, F, H, INT])
    family = rng.choice(["concat", "stack", "binary", "operator", "reduce", "expand", "squeeze",
                         "transpose", "matmul", "unary", "softmax", "split", "reshape", "slice"])
    if family == "concat":
        return f"tf.concat([t0, t1], axis={axis})", [(x, F), (other, rng.choice([F, F, H]))]
    if family == "stack":
        return f"tf.stack([t0, t1], axis={axis})", [(x, F), (other, F)]
    if family == "binary":
        name = rng.choice(["add", "subtract", "multiply", "divide", "maximum", "minimum",
                           "math.squared_difference"])
        return f"tf.{name}(t0, t1)", [(x, dtype), (other, rng.choice([dtype, dtype, F]))]
    if family == "operator":
        op = rng.choice(["+", "-", "*", "/"])
        if rng.random() < 0.3:
            number = rng.choice(["2", "0.5", "1"])
            return rng.choice([f"t0 {op} {number}", f"{number} {op} t0"]), [(x, dtype)]
        return f"t0 {op} t1", [(x, dtype), (other, rng.choice([dtype, dtype, F]))]
    if family == "reduce":
        name = rng.choice(["reduce_mean", "reduce_sum", "reduce_max", "reduce_min",
                           "math.reduce_prod"])
        axes = rng.choice([str(axis), "None", f"[1, {axis}]", f"({axis},)"])
        keep = rng.choice(["", ", keepdims=True"])
        return f"tf.{name}(t0, axis={axes}{keep})", [(x, dtype)]
    if family == "expand":
        return f"tf.expand_dims(t0, {axis})", [(x, dtype)]
    if family == "squeeze":
        x = tuple(1 if d is not None and rng.random() < 0.4 else d for d in x)
        return f"tf.squeeze(t0, {rng.choice([axis, [axis], -1, 1])})", [(x, dtype)]
    if family == "transpose":
        perm = list(range(rank))
        rng.shuffle(perm)
        if rng.random() < 0.3:
            perm[rng.randrange(rank)] = rng.randint(-1, rank)
        if rng.random() < 0.15:
            perm = perm[:-1]
        return f"tf.transpose(t0, {tuple(perm)!r})", [(x, dtype)]
    if family == "matmul":
        flips = rng.choice(["", ", transpose_b=True", ", transpose_a=True"])
        form = rng.choice([f"tf.matmul(t0, t1{flips})", "t0 @ t1"])
        return form, [(x, F), (_like(rng, x) if rng.random() < 0.5 else
                               x[:-2] + (x[-1], rng.choice([2, 3])), F)]
    if family == "unary":
        name = rng.choice(["nn.relu", "nn.sigmoid", "tanh", "math.exp", "math.square",
                           "math.abs", "nn.elu", "nn.softplus", "identity", "math.negative"])
        return f"tf.{name}(t0)", [(x, rng.choice([F, F, H]))]
    if family == "softmax":
        name = rng.choice(["nn.softmax", "nn.log_softmax"])
        return f"tf.{name}(t0, axis={axis})", [(x, F)]
    if family == "split":
        sections = rng.choice([2, 3, [1, -1], [2, 2], [1, 1, 1]])
        return f"tf.split(t0, {sections}, axis={axis})", [(x, F)]
    if family == "reshape":
        return f"tf.reshape(t0, {rng.choice(['(-1, 12)', '[-1, 2, 3]', '(-1,)', '(4, 6)'])})", \
            [(x, F)]
    items = []
    for _ in range(rng.randint(1, rank + 1)):
        items.append(rng.choice([":", "0", "-1", "1:", ":2", "::2", "None", str(axis),
                                 "...", "2:5"]))
    if items.count("...") > 1:
        items = [i for i in items if i != "..."]
    return f"t0[{', '.join(items) or ':'}]", [(x, dtype)]


RANDOM = [_random_case(random.Random(seed)) for seed in range(600)]


def test_tf_ops_agree_with_tf_keras() -> None:
    cases = HAND + RANDOM
    theirs = run_in_tf_keras(cases)
    failures, unknown, errors = [], [], 0
    for (call, inputs), real in zip(cases, theirs):
        mine = layerlint_tf_op(call, inputs)
        if mine.error == "unknown":
            unknown.append(f"{call} {inputs}: tf.keras {real.error or real.shapes}")
            continue
        errors += real.error is not None
        if mine.error != real.error:
            failures.append(f"{call} {inputs}: layerlint {mine}, tf.keras {real}")
        elif real.error is None and (mine.shapes, mine.dtypes, mine.layer) != (
                real.shapes, real.dtypes, real.layer):
            failures.append(f"{call} {inputs}: layerlint {mine.shapes} {mine.dtypes} "
                            f"{mine.layer}, tf.keras {real.shapes} {real.dtypes} {real.layer}")
        elif real.error is not None and not agree(mine.message or "", real.message or ""):
            failures.append(f"{call} {inputs}:\n  layerlint {mine.message!r}\n"
                            f"  tf.keras  {real.message!r}")
    print(f"{len(cases)} cases, {errors} errors, {len(unknown)} unknown to layerlint")
    assert not failures, f"{len(failures)} of {len(cases)} differ:\n" + "\n".join(failures[:12])
    assert len(unknown) <= len(cases) // 10, "\n".join(unknown[:20])
    assert errors >= 100
