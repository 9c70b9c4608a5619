"""tf.keras 2 functional graphs that apply TensorFlow functions, operators and subscripts to
symbolic tensors (TFOpLambda / SlicingOpLambda layers): hand-written scripts and 300 seeded
random graphs (differential/ops_graph_generator.py ``generate_tf_ops_graph``) against real
tf_keras 2.21: verdict, stage, the statement that raises, tf.keras' message, every layer of
``model.layers`` (type, name, output shape, parameters) with every shape known, and for the
scripts that run, ``layerlint summary`` against ``model.summary()`` character for character."""

from __future__ import annotations

import pytest
from differential.graph_generator import GraphScript
from differential.graph_runs import compare_generated, keras2_message
from differential.ops_graph_generator import generate_tf_ops_graph

from layerlint.pipeline import check_source
from layerlint.report.summary import render_model

from .test_summary_keras2 import tf_keras_summary
from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

SEEDS = 300
SHOWN = 5
HEAD = "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
HAND = {
    "attention": HEAD + "q = keras.Input((5, 8))\nk = keras.Input((7, 8))\n"
    "scores = tf.matmul(q, k, transpose_b=True) / 8 ** 0.5\n"
    "weights = tf.nn.softmax(scores, axis=-1)\ncontext = tf.matmul(weights, k)\n"
    "pooled = tf.reduce_mean(context, axis=1)\n"
    "model = keras.Model([q, k], layers.Dense(3)(pooled))\n",
    "residual_scale": HEAD + "x = keras.Input((10, 4))\nh = layers.Dense(4)(x)\n"
    "y = x + 0.5 * h\ny = tf.nn.relu(y)\nmodel = keras.Model(x, layers.Flatten()(y))\n",
    "last_step": HEAD + "x = keras.Input((12, 3))\nh = layers.LSTM(6, return_sequences=True)(x)\n"
    "last = h[:, -1, :]\nfirst = h[:, 0]\nboth = tf.concat([last, first], axis=-1)\n"
    "model = keras.Model(x, layers.Dense(1, activation='sigmoid')(both))\n",
    "concat_mismatch": HEAD + "a = keras.Input((4, 6))\nb = keras.Input((3, 6))\n"
    "c = tf.concat([a, b], axis=-1)\nmodel = keras.Model([a, b], c)\n",
    "matmul_mismatch": HEAD + "a = keras.Input((4, 6))\nb = layers.Dense(5)(a)\n"
    "c = tf.matmul(a, b)\nmodel = keras.Model(a, c)\n",
    "dtype_mismatch": HEAD + "a = keras.Input((4,))\nb = tf.cast(a, 'float16')\n"
    "c = a + b\nmodel = keras.Model(a, c)\n",
    "expand_then_conv": HEAD + "x = keras.Input((16,))\nh = tf.expand_dims(x, -1)\n"
    "h = layers.Conv1D(4, 3)(h)\nh = tf.reduce_max(h, axis=1)\n"
    "model = keras.Model(x, layers.Dense(2)(h))\n",
    "squeeze_wrong_axis": HEAD + "x = keras.Input((16, 2))\nh = tf.squeeze(x, -1)\n"
    "model = keras.Model(x, h)\n",
    "split_heads": HEAD + "x = keras.Input((6, 8))\nh = tf.reshape(x, (-1, 6, 2, 4))\n"
    "h = tf.transpose(h, perm=[0, 2, 1, 3])\na, b = tf.split(h, 2, axis=1)\n"
    "model = keras.Model(x, tf.squeeze(a, 1) - tf.squeeze(b, 1))\n",
    "twice_named": HEAD + "x = keras.Input((3,))\ny = tf.nn.relu(x)\nz = tf.nn.relu(y) * 2\n"
    "w = tf.nn.relu(z) * 3\nmodel = keras.Model(x, w)\n",
    "slice_out_of_range": HEAD + "x = keras.Input((4, 6))\nh = layers.Dense(3)(x)\n"
    "y = h[:, :, 3]\nmodel = keras.Model(x, y)\n",
}


def test_hand_tf_ops_graphs_agree_with_tf_keras() -> None:
    names = list(HAND)
    found = compare_generated(lambda i: GraphScript(HAND[names[i]], names[i]),
                              range(len(names)), run_script, "keras2", keras2_message)
    print(f"outcomes {found.outcomes}")
    assert found.outcomes.get("construct", 0) >= 5 and found.outcomes.get("clean", 0) >= 5
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN])


def test_random_tf_ops_graphs_agree_with_tf_keras() -> None:
    found = compare_generated(generate_tf_ops_graph, range(SEEDS), run_script, "keras2",
                              keras2_message)
    outcomes, cov = found.outcomes, found.coverage
    print(f"outcomes {outcomes}, shape coverage {cov.known}/{cov.total}")
    assert outcomes.get("clean", 0) >= 60 and outcomes.get("construct", 0) >= 60, outcomes
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN])


def test_tf_ops_summaries_match_tf_keras() -> None:
    sources = list(HAND.values()) + [generate_tf_ops_graph(s).source for s in range(SEEDS)]
    compared, failures = 0, []
    for source in sources:
        theirs = tf_keras_summary(source)
        if theirs is None:  # the script raised
            continue
        result = check_source(source, "s.py", verify_fixes=False, dialect="keras2")
        models = [m for m in result.models if m.framework == "keras"]
        mine = render_model(models[-1]) if models else "(no model)"
        compared += 1
        if mine != theirs:
            failures.append(f"{source}--- layerlint\n{mine}--- tf_keras\n{theirs}")
    print(f"compared {compared} summaries")
    assert compared >= 100
    assert not failures, f"{len(failures)} of {compared} differ:\n" + "\n".join(failures[:2])
