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


def _tf_op(rng: random.Random, t: str, other: str) -> str:
    """A TensorFlow function, operator or subscript on symbolic tensors (tf.keras 2)."""
    axis = rng.choice([-1, 1, 2, -2, 3])
    return rng.choice([
        f"tf.reshape({t}, (-1, {rng.choice([2, 4, 6, 8, 12])}))",
        f"tf.reshape({t}, [-1, 2, {rng.choice([2, 3, 4])}])",
        f"tf.expand_dims({t}, {axis})", f"tf.squeeze({t}, {axis})",
        f"tf.transpose({t}, (0, 2, 1))", f"tf.transpose({t}, perm=[0, 1, 3, 2])",
        f"tf.concat([{t}, {other}], axis={axis})", f"tf.concat([{t}, {other}], {axis})",
        f"tf.stack([{t}, {other}], axis={rng.choice([0, 1, -1])})",
        f"tf.matmul({t}, {other}, transpose_b=True)", f"tf.linalg.matmul({t}, {other})",
        f"{t} @ tf.transpose({other}, (0, 2, 1))",
        f"tf.add({t}, {other})", f"tf.math.multiply({t}, {other})", f"{t} + {other}",
        f"{t} * {other}", f"{t} - 1.0", f"{t} / 2", f"2 * {t}", f"-{t}", f"1 - {t}",
        f"tf.maximum({t}, {other})", f"tf.math.squared_difference({t}, {other})",
        f"tf.reduce_mean({t}, axis={axis})", f"tf.reduce_sum({t}, -1, keepdims=True)",
        f"tf.reduce_max({t}, 1)", f"tf.math.reduce_min({t}, axis=[1, {axis}])",
        f"tf.cast({t}, 'float16')", f"tf.cast({t}, tf.float32)",
        f"tf.nn.relu({t})", f"tf.nn.softmax({t}, axis={axis})", f"tf.tanh({t})",
        f"tf.sigmoid({t})", f"tf.math.square({t})", f"tf.nn.log_softmax({t})",
        f"tf.split({t}, 2, axis=-1)[0]", f"tf.split({t}, [1, -1], axis={axis})[1]",
        f"{t}[:, 0]", f"{t}[:, 1:]", f"{t}[..., 0]", f"{t}[:, :, None]", f"{t}[:, -1, :]",
        f"{t}[:, ::2]", f"{t}[:, {rng.choice([2, 3, 5])}]",
        f"tf.reshape({t}, (-1, {t}.shape[-1]))",
    ])


def generate_tf_ops_graph(seed: int) -> GraphScript:
    """A tf.keras 2 functional graph mixing TensorFlow functions (TFOpLambda layers) and
    layers; some calls fail (a shape TensorFlow rejects, float16 meeting float32)."""
    rng = random.Random(seed)
    dims = tuple(rng.choice([2, 4, 6]) for _ in range(rng.choice([1, 2, 2, 3])))
    lines = ["import tensorflow as tf", "from tensorflow import keras",
             "from tensorflow.keras import layers", "", f"x = keras.Input({dims!r})"]
    names = ["x"]
    for step in range(rng.randint(2, 6)):
        t, other = names[-1], rng.choice(names)
        expression = _tf_op(rng, t, other) if rng.random() < 0.65 else \
            _layer(rng, t, other).replace("keras.ops.shape(", "tf.shape(")
        if "tf.shape(" in expression:  # a tensor in tf.keras 2: keep to x.shape
            expression = f"layers.Dense({t}.shape[-1])({t})"
        name = f"t{step}"
        lines.append(f"{name} = {expression}")
        names.append(name)
    lines.append(f"model = keras.Model(x, {names[-1]})")
    return GraphScript("\n".join(lines) + "\n", "tf ops and layers")
