"""``layerlint summary`` for tf.keras 2 functional and Sequential models == real tf_keras
``model.summary()``, character for character: its fixed-width plain-text layout, "Connected to"
as tf_keras lists it (``['dense[0][0]']``, ``[]`` for an input), an InputLayer's shape as a list,
``(None,)`` tuples, the error an unbuilt model raises. Scripts: the hand-written graph scripts,
seeded random graphs (differential/graph_generator.py, up to their compile) and seeded random
Sequential stacks (differential/generator.py), run in this worker's process with tf_keras (the
suite's own scripts only), as the other tf_keras tests here do."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from differential.generator import available_layers, generate
from differential.graph_generator import generate_graph
from differential.nested_generator import generate_nested

from layerlint.pipeline import check_source
from layerlint.replay.keras.keras2 import KERAS3_ONLY
from layerlint.report.summary import render_model

from .tf_keras_runner import _keras_is_tf_keras, tf_keras

pytestmark = pytest.mark.keras2

GRAPH_SCRIPTS = sorted((Path(__file__).parent.parent / "differential" / "graph_scripts")
                       .glob("*.py"))
GRAPH_SEEDS = range(200)
NESTED_SEEDS = range(80)  # a model called as a layer: one row (Sequential / Functional)
STACK_SEEDS = range(200)
HAND = {
    "unbuilt_sequential": "import keras\nfrom keras import layers\nmodel = keras.Sequential("
                          "[layers.Dense(3), layers.Dense(1)])\n",
    "input_shape": "import keras\nfrom keras import layers\nmodel = keras.Sequential("
                   "[layers.Dense(3, input_shape=(4,)), layers.Dense(1)])\n",
    "long_names": "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input("
                  "(5,)), layers.Dense(1, name='x' * 40), layers.Dense(123456)], name='y' * 70)\n",
    "one_dim_output": "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input("
                      "(5, 3)), layers.Flatten(), layers.Dense(1), layers.Reshape((1,))])\n",
    "connections": "import keras\nfrom keras import layers\n"
                   "i = keras.Input((4,), name='a_really_long_input_name_for_the_connections')\n"
                   "x = layers.Dense(3, name='dense_with_a_long_long_long_name')(i)\n"
                   "y = layers.Dense(3)(i)\n"
                   "model = keras.Model(i, layers.Concatenate()([x, y, x, y]))\n",
    "return_state": "import keras\nfrom keras import layers\ni = keras.Input((7, 3))\n"
                    "a, h, c = layers.LSTM(2, return_state=True)(i)\nmodel = keras.Model(i, [a, h])\n",
    "two_inputs": "import keras\nfrom keras import layers\na = keras.Input((4,))\nb = keras.Input((6,))\n"
                  "x = layers.Concatenate()([a, b])\nmodel = keras.Model([a, b], layers.Dense(2)(x),"
                  " name='two')\n",
    "shared": "import keras\nfrom keras import layers\ni = keras.Input((4,))\nd = layers.Dense(4)\n"
              "model = keras.Model(i, d(d(i)))\n",
    # a built model called on other shapes: tf_keras reruns its layers, and its row shows the
    # shapes it was built for (its first node), not the rerun's
    "nested_rerun_sequential": "import keras\nfrom keras import layers\ninner = keras.Sequential("
                               "[keras.Input((10, 4)), layers.Conv1D(4, 3)])\ni = keras.Input((7, 4))"
                               "\nmodel = keras.Model(i, layers.Flatten()(inner(i)))\n",
    "nested_rerun_functional": "import keras\nfrom keras import layers\na = keras.Input((9, 2))\n"
                               "inner = keras.Model(a, layers.Conv1D(3, 4)(a))\n"
                               "i = keras.Input((6, 2))\n"
                               "model = keras.Model(i, layers.Flatten()(inner(i)))\n",
}


def tf_keras_summary(source: str) -> str | None:
    """The summary tf_keras prints for the script's last model (None if the script raised)."""
    keras = tf_keras()
    from tf_keras.src.engine.functional import Functional

    keras.backend.clear_session()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()), _keras_is_tf_keras():
            exec(compile(source, "<summary-script>", "exec"), namespace)  # noqa: S102
    except Exception:  # noqa: BLE001 - scripts that raise have no summary to compare
        return None
    models = [v for v in namespace.values() if isinstance(v, Functional)]  # Sequential too
    if not models:
        return None
    lines: list[str] = []
    try:
        models[-1].summary(print_fn=lambda text, **_: lines.append(text + "\n"))
    except ValueError as error:  # an unbuilt model
        return f"ValueError: {error}\n"
    return "".join(lines)


def _graph_only(source: str) -> str:
    """The script up to its first compile (tf.keras 2 data is not followed by layerlint)."""
    lines = source.splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines) if ".compile(" in line), len(lines))
    return "".join(lines[:cut]).replace("model.summary()\n", "")


def _sources() -> list[tuple[str, str]]:
    available = available_layers() - KERAS3_ONLY
    named = list(HAND.items())
    named += [(p.stem, _graph_only(p.read_text())) for p in GRAPH_SCRIPTS]
    named += [(f"graph {s}", _graph_only(generate_graph(s).source)) for s in GRAPH_SEEDS]
    named += [(f"nested {s}", generate_nested(s).source) for s in NESTED_SEEDS]
    named += [(f"stack {s}", generate(s, available).source) for s in STACK_SEEDS]
    return named


def test_summaries_match_tf_keras() -> None:
    compared, unclaimed, kinds, failures = 0, 0, {"graph": 0, "chain": 0, "unbuilt": 0}, []
    for name, source in _sources():
        theirs = tf_keras_summary(source)
        if theirs is None:
            continue
        result = check_source(source, "s.py", verify_fixes=False, dialect="keras2")
        models = [m for m in result.models if m.framework == "keras"]
        if not models or any(d.severity == "error" for d in result.diagnostics):
            failures.append(f"--- {name}: tf_keras ran it, layerlint has no clean model")
            continue
        mine = render_model(models[-1])
        compared += 1
        kinds["graph" if "Connected to" in theirs else
              "unbuilt" if theirs.startswith("ValueError") else "chain"] += 1
        if mine == theirs:
            continue
        if "unknown to layerlint" in mine:
            unclaimed += 1
        else:
            failures.append(f"--- {name}\n{source}\n--- layerlint\n{mine}--- tf_keras\n{theirs}")
    assert not failures, f"{len(failures)} of {compared} differ:\n" + "\n".join(failures[:2])
    assert compared >= 180 and unclaimed <= compared // 10, (compared, unclaimed)
    print(f"compared {compared}: {kinds}, unclaimed {unclaimed}")
    assert min(kinds.values()) >= 1 and kinds["graph"] >= 20 and kinds["chain"] >= 50, kinds
