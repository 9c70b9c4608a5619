"""Hand-written scripts, as a new user writes them, checked by layerlint and run by real Keras 3.

``scripts/*.py`` (both import styles, ``add`` and list forms, ``Input`` and ``input_shape``,
numpy data) and the seed's three examples. Each script's first line says what Keras does with it
(``# expect: clean`` or the stage it fails at); that pins the script, and layerlint must agree:
no false alarm on a clean script, and each error inside the statement where Keras raises it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from framework_env import framework_env

from layerlint.pipeline import check_source

from .compare import compare, coverage
from .keras_runner import rewrite_tf_imports, run_script

pytestmark = pytest.mark.keras3

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"
SCRIPTS = sorted((HERE / "scripts").glob("*.py"))
EXPECT = re.compile(r"^# expect: (clean|construct|build|fit|predict)$", re.MULTILINE)


def _expected(path: Path) -> str:
    match = EXPECT.search(path.read_text())
    assert match, f"{path.name} must say what Keras does with it (# expect: ...)"
    return match.group(1)


# --- the runner itself --------------------------------------------------------------------------


def test_runner_reports_the_seed_examples() -> None:
    first = run_script((EXAMPLES / "seed_1_input_shape.py").read_text())
    assert first.error is not None
    assert (first.error.line, first.error.stage, first.error.model) == (12, "fit", 0)
    assert "Invalid input shape" in first.error.message

    second = run_script((EXAMPLES / "seed_2_layer_stack.py").read_text())
    assert second.error is not None
    assert second.error.stage == "construct"
    # The whole `model = keras.Sequential([...])` statement, lines 4 to 8.
    assert (second.error.statement.line, second.error.statement.end_line) == (4, 8)
    assert "expected ndim=3, found ndim=2" in second.error.message
    assert [layer.name for layer in second.models[0].layers] == ["lstm", "flatten", "lstm_1"]
    assert second.models[0].layers[1].output_shape == (None, 640)

    third = run_script((EXAMPLES / "seed_3_padded_sequences.py").read_text())
    assert third.error is None
    assert any("input_length" in w for w in third.warnings)
    assert [layer.params for layer in third.models[0].layers] == [50, 4864, 33]


def test_rewrite_keeps_every_position() -> None:
    source = (
        "import tensorflow as tf\n"
        "from tensorflow import keras\n"
        "from tensorflow.keras.layers import Dense\n"
        "model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n"
    )
    rewritten = rewrite_tf_imports(source)
    assert [len(line) for line in rewritten.splitlines()] == [
        len(line) for line in source.splitlines()
    ]
    assert "tensorflow" not in rewritten and "tf." not in rewritten
    compile(rewritten, "<rewritten>", "exec")


NAMING_SCRIPT = """
import keras
a = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dense(1)])
b = keras.Sequential([keras.layers.LSTM(4), keras.layers.Dense(1)])
"""


def test_layer_names_match_a_fresh_process() -> None:
    run_script("import keras\nkeras.Sequential([keras.layers.Dense(5), keras.layers.LSTM(2)])\n")
    here = run_script(NAMING_SCRIPT)
    names_here = [[m.name] + [layer.name for layer in m.layers] for m in here.models]
    probe = NAMING_SCRIPT + (
        "import json\nprint(json.dumps([[m.name] + [l.name for l in m.layers] for m in (a, b)]))\n"
    )
    env = framework_env()
    fresh = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert names_here == json.loads(fresh.stdout.strip().splitlines()[-1])
    assert names_here == [["sequential", "dense", "dense_1"], ["sequential_1", "lstm", "dense_2"]]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_script_does_in_keras_what_it_says(path: Path) -> None:
    run = run_script(path.read_text())
    assert (run.error.stage if run.error else "clean") == _expected(path), run.error


# --- layerlint against Keras --------------------------------------------------------------------


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("*.py")), *SCRIPTS], ids=lambda p: p.stem)
def test_layerlint_agrees_with_keras(path: Path) -> None:
    source = path.read_text()
    run = run_script(source)
    result = check_source(source, str(path), dialect="keras3")
    problems = compare(result, run)
    assert not problems, f"{path.name} (Keras: {run.error or 'clean'}):\n" + "\n".join(problems)


# Scripts whose every layer is a catalogue layer with values layerlint can evaluate.
FULLY_KNOWN = [
    "seed_1_input_shape",
    "seed_2_layer_stack",
    "mlp_tf_keras_list_input_shape",
    "cnn_keras_layers_add_input",
    "lstm_from_imports_constants",
    "flatten_before_lstm_add",
    "stacked_lstm_without_return_sequences",
    "build_then_summary",
    "dense_on_sequences_is_legal",
    "mnist_data_reshaped",
]


@pytest.mark.parametrize("name", FULLY_KNOWN)
def test_layerlint_knows_every_shape_keras_built(name: str) -> None:
    path = next(p for p in [*EXAMPLES.glob("*.py"), *SCRIPTS] if p.stem == name)
    source = path.read_text()
    cov = coverage(check_source(source, str(path), dialect="keras3"), run_script(source))
    assert cov.total > 0 and cov.known == cov.total, f"{cov.known} of {cov.total} shapes known"
