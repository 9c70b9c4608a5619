"""TensorFlow functions on Keras 3 symbolic tensors (LL112, replay/keras/graph_ops.py): a
KerasTensor refuses TensorFlow's conversion on every backend, so ``tf.concat(...)`` on a
``keras.Input`` raises "A KerasTensor cannot be used as input to a TensorFlow function" at that
call. The 300 seeded tf.keras 2-style graphs of ops_graph_generator.py (``generate_tf_ops_graph``,
written for tf.keras 2, where they are followed: tests/keras2/test_tf_ops_graphs_keras2.py) and
hand-written ones, run as Keras 3 scripts in real Keras 3: verdict, stage, the statement, the
message; the operators and subscripts among them are Keras 3 ops (followed as such)."""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .graph_generator import GraphScript
from .graph_runs import compare_generated
from .keras_runner import run_script
from .ops_graph_generator import generate_tf_ops_graph

pytestmark = pytest.mark.keras3

SEEDS = 300
SHOWN = 5
HEAD = "import tensorflow as tf\nimport keras\nfrom keras import layers\n"
HAND = {
    "reduce_mean_pooling": HEAD + "x = keras.Input((8, 4))\nh = layers.Dense(16)(x)\n"
    "pooled = tf.reduce_mean(h, axis=1)\nmodel = keras.Model(x, layers.Dense(1)(pooled))\n",
    "concat_of_inputs": HEAD + "a = keras.Input((4,))\nb = keras.Input((3,))\n"
    "c = tf.concat([a, b], axis=-1)\nmodel = keras.Model([a, b], c)\n",
    "nn_relu_after_operators": HEAD + "x = keras.Input((5,))\ny = x * 2 + 1\n"
    "z = tf.nn.relu(y)\nmodel = keras.Model(x, z)\n",
    "keras_ops_instead": HEAD + "x = keras.Input((8, 4))\nh = layers.Dense(16)(x)\n"
    "pooled = keras.ops.mean(h, axis=1)\nmodel = keras.Model(x, layers.Dense(1)(pooled))\n",
    "tf_on_plain_values_only": HEAD + "scale = tf.constant(2.0)\nx = keras.Input((5,))\n"
    "model = keras.Model(x, layers.Dense(2)(x))\n",
}


def _keras3(seed: int) -> GraphScript:
    script = generate_tf_ops_graph(seed)
    source = script.source.replace("from tensorflow import keras\n", "import keras\n").replace(
        "from tensorflow.keras import layers\n", "from keras import layers\n")
    return GraphScript(source, script.intent)


def _run(source: str):  # type: ignore[no-untyped-def]
    return run_script(source, rewrite=False)  # the scripts import TensorFlow itself


def _noted(result) -> bool:  # type: ignore[no-untyped-def]
    return any(d.code in ("LL901", "LL902", "LL903") for d in result.diagnostics)


def test_hand_tf_functions_on_keras_tensors_agree_with_keras3() -> None:
    names = sorted(HAND)
    found = compare_generated(lambda i: GraphScript(HAND[names[i]], names[i]),
                              range(len(names)), _run, "keras3")
    assert found.outcomes == {"construct": 3, "clean": 2}, found.outcomes
    assert not found.failures, "\n".join(found.failures[:SHOWN])
    codes = [d.code for d in check_source(HAND["concat_of_inputs"], "c.py").diagnostics]
    assert codes == ["LL112"]


def test_random_tf_functions_on_keras_tensors_agree_with_keras3() -> None:
    found = compare_generated(_keras3, range(SEEDS), _run, "keras3", full_coverage=False,
                              not_followed=_noted)
    print(f"outcomes {found.outcomes}, {found.unfollowed} not followed")
    assert found.outcomes.get("construct", 0) >= 150 and found.outcomes.get("clean", 0) >= 5, \
        found.outcomes
    # Keras 3 raising at a statement layerlint left to a note (a keras.ops subscript it does not
    # model, shapes after it unknown): about one seed in nine
    assert found.unfollowed <= SEEDS // 7, found.unfollowed
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN])
