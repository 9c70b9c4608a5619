"""Seeded random functional graphs mixing layers and ``keras.ops`` on symbolic tensors
(reshape, expand_dims, squeeze, transpose, concatenate, stack, matmul, elementwise ops and
operators, reductions, cast, one_hot, activations, split; sizes read from ``x.shape`` and
``keras.ops.shape(x)``), with merge layers whose automatic
names share the ops' counters (``ops.add`` then ``layers.Add()`` is ``add_1``). Arguments are
drawn without regard to shapes, so some calls fail; Keras is the oracle."""

from __future__ import annotations

import random

from .graph_generator import GraphScript


def _op(rng: random.Random, t: str, other: str) -> str:
    axis = rng.choice([-1, 1, 2, -2])
    return rng.choice([
        f"keras.ops.reshape({t}, (-1, {rng.choice([2, 4, 6, 8, 12])}))",
        f"keras.ops.reshape({t}, (-1, 2, {rng.choice([2, 3, 4])}))",
        f"keras.ops.expand_dims({t}, {axis})",
        f"keras.ops.squeeze({t}, {axis})",
        f"keras.ops.transpose({t}, (0, 2, 1))",
        f"keras.ops.concatenate([{t}, {other}], axis={axis})",
        f"keras.ops.stack([{t}, {other}], axis=1)",
        f"keras.ops.matmul({t}, keras.ops.transpose({other}, (0, 2, 1)))",
        f"keras.ops.add({t}, {other})", f"{t} * {other}", f"{t} - 1.0", f"{t} / 2",
        f"keras.ops.mean({t}, axis={axis})", f"keras.ops.sum({t}, axis=-1, keepdims=True)",
        f"keras.ops.max({t}, axis=1)", f"keras.ops.cast({t}, 'float16')",
        f"keras.ops.relu({t})", f"keras.ops.softmax({t}, axis={axis})", f"keras.ops.tanh({t})",
        f"keras.ops.one_hot(keras.ops.cast({t}, 'int32'), 3)",
        f"keras.ops.split({t}, 2, axis=-1)[0]",
        f"keras.ops.reshape({t}, (-1, {t}.shape[-1]))",
        f"keras.ops.reshape({t}, (-1,) + tuple({t}.shape[1:]) + (1,))",
    ])


def _layer(rng: random.Random, t: str, other: str) -> str:
    units = rng.randint(2, 6)
    return rng.choice([
        f"layers.Dense({units})({t})", "layers.Flatten()(" + t + ")",
        f"layers.LSTM({units}, return_sequences=True)({t})", f"layers.Conv1D({units}, 1)({t})",
        f"layers.Add()([{t}, {other}])", f"layers.Concatenate()([{t}, {other}])",
        f"layers.RepeatVector(2)({t})", f"layers.Activation('relu')({t})",
        f"layers.Dense({t}.shape[-1])({other})", f"layers.Dense(keras.ops.shape({t})[-1])({t})",
    ])


def generate_ops_graph(seed: int) -> GraphScript:
    rng = random.Random(seed)
    dims = tuple(rng.choice([2, 4, 6]) for _ in range(rng.choice([1, 2, 2])))
    lines = ["import keras", "from keras import layers", "",
             f"x = keras.Input({dims!r})"]
    names = ["x"]
    for step in range(rng.randint(2, 5)):
        t, other = names[-1], rng.choice(names)
        expression = _op(rng, t, other) if rng.random() < 0.6 else _layer(rng, t, other)
        name = f"t{step}"
        lines.append(f"{name} = {expression}")
        names.append(name)
    lines.append(f"model = keras.Model(x, {names[-1]})")
    return GraphScript("\n".join(lines) + "\n", "ops and layers")
