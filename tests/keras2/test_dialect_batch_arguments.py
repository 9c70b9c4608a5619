"""Keras 2 batch arguments choose the Keras 2 dialect (dialect.py): ``batch_input_shape=`` /
``batch_size=`` on a layer and ``Input(batch_input_shape=)``, the stateful-RNN spellings. Each
script runs in real Keras 3 (torch backend), which must reject it where layerlint's Keras 3
dialect says, and in tf_keras 2.21, which must run it as layerlint's chosen Keras 2 dialect
replays it (shapes, parameters, the batch size fixed by the argument). A Keras 3-only module or a
pinned requirement keeps Keras 3."""

from __future__ import annotations

import pathlib

import pytest
from differential import keras_runner
from differential.compare import compare

from layerlint.pipeline import check_file, check_source

from . import tf_keras_runner

pytestmark = [pytest.mark.keras2, pytest.mark.keras3]

IMPORTS = {
    "tf": "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n",
    "standalone": "import numpy as np\nimport keras\nfrom keras import layers\n",
}
# name -> (model statement, the argument LL905 points at)
SPELLINGS = {
    "lstm-batch-input-shape": (
        "model = keras.Sequential([layers.LSTM(32, batch_input_shape=(4, 10, 8), stateful=True),\n"
        "                          layers.Dense(1)])\n", "batch_input_shape"),
    "stacked-stateful": (
        "model = keras.Sequential()\n"
        "model.add(layers.LSTM(16, batch_input_shape=(2, 5, 3), stateful=True, "
        "return_sequences=True))\nmodel.add(layers.GRU(4, stateful=True))\n"
        "model.add(layers.Dense(2))\n", "batch_input_shape"),
    "dense-batch-size": (
        "model = keras.Sequential([layers.Dense(3, input_shape=(8,), batch_size=4)])\n",
        "batch_size"),
    "lstm-batch-size": (
        "model = keras.Sequential([layers.LSTM(3, input_shape=(10, 8), batch_size=4, "
        "stateful=True)])\n", "batch_size"),
    "embedding-batch-input-shape": (
        "model = keras.Sequential([layers.Embedding(10, 4, batch_input_shape=(4, 7)),\n"
        "                          layers.SimpleRNN(3, stateful=True)])\n", "batch_input_shape"),
    "conv-batch-input-shape": (
        "model = keras.Sequential([layers.Conv1D(3, 2, batch_input_shape=(4, 10, 8)), "
        "layers.Flatten()])\n", "batch_input_shape"),
    "input-batch-input-shape": (
        "model = keras.Sequential([keras.Input(batch_input_shape=(4, 10, 8)), "
        "layers.LSTM(3, stateful=True)])\n", "batch_input_shape"),
}
CASES = [(spelling, style) for spelling in SPELLINGS for style in IMPORTS]


def _errors(result):  # type: ignore[no-untyped-def]
    return [d for d in result.diagnostics if d.severity == "error"]


@pytest.mark.parametrize(("spelling", "style"), CASES)
def test_keras2_batch_argument_selects_keras2_and_replays_as_tf_keras(spelling: str,
                                                                      style: str) -> None:
    statement, argument = SPELLINGS[spelling]
    source = IMPORTS[style] + statement
    result = check_source(source, f"{spelling}.py")
    assert {m.dialect for m in result.models} == {"keras2"}
    [note] = [d for d in result.diagnostics if d.code == "LL905"]
    assert f"({argument}=...) is Keras 2 usage" in note.message
    assert source.splitlines()[note.span.line - 1][note.span.col - 1:].startswith(argument)
    run = tf_keras_runner.run_script(source)
    assert run.error is None
    assert compare(result, run) == []
    assert _errors(result) == []
    # The batch size is fixed by the argument, in every layer's output.
    mine = [layer.output_shape for layer in result.models[0].layers]
    assert mine == [layer.output_shape for layer in run.models[0].layers]
    assert all(shape is not None and isinstance(shape[0], int) for shape in mine)


@pytest.mark.parametrize(("spelling", "style"), CASES)
def test_keras3_rejects_each_spelling_where_the_keras3_dialect_says(spelling: str,
                                                                    style: str) -> None:
    """The premise, and what layerlint says when the user asks for Keras 3."""
    source = IMPORTS[style] + SPELLINGS[spelling][0]
    run = keras_runner.run_script(source)
    assert run.error is not None and run.error.stage in ("construct", None)
    [error] = _errors(check_source(source, f"{spelling}.py", dialect="keras3"))
    assert (error.code, error.span.line, error.framework_error) == (
        "LL105", run.error.line, f"{run.error.type}: {run.error.message}")


KERAS3_SIGNS = {
    "imports-ops": "from keras import ops\n",
    "uses-ops": "x = keras.ops.ones((2, 3))\n",
    "imports-config": "import keras.config\n",
    "tf-keras-ops": "from tensorflow.keras import ops\n",
}


@pytest.mark.parametrize("sign", KERAS3_SIGNS)
def test_a_keras3_only_module_keeps_keras3(sign: str) -> None:
    source = IMPORTS["standalone"] + KERAS3_SIGNS[sign] + SPELLINGS["lstm-batch-input-shape"][0]
    result = check_source(source, "k3.py")
    assert {m.dialect for m in result.models} == {"keras3"}
    assert "which only Keras 3 has" in result.dialect_reason
    assert [d.code for d in result.diagnostics] == ["LL105"]


def test_keras3_only_modules_are_missing_from_tf_keras_and_present_in_keras3() -> None:
    import importlib

    from layerlint.frontends.names import KERAS3_ONLY_MODULES

    for module in KERAS3_ONLY_MODULES:
        importlib.import_module(module)  # keras 3
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module("tf_keras" + module.removeprefix("keras"))


def test_pinned_keras3_wins_over_the_batch_argument(tmp_path: pathlib.Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.16\n")
    script = tmp_path / "train.py"
    script.write_text(IMPORTS["tf"] + SPELLINGS["dense-batch-size"][0])
    result = check_file(str(script))
    assert {m.dialect for m in result.models} == {"keras3"}
    assert [d.code for d in result.diagnostics] == ["LL105"]


KERAS3_TOO = {
    "input-batch-size": "model = keras.Sequential([keras.Input((10, 8), batch_size=4), "
    "layers.LSTM(3, stateful=True)])\n",
    "inputlayer-batch-input-shape": "model = keras.Sequential([layers.InputLayer("
    "batch_input_shape=(4, 10, 8)), layers.LSTM(3, stateful=True)])\n",
}


@pytest.mark.parametrize("name", KERAS3_TOO)
def test_batch_arguments_keras3_accepts_keep_the_default(name: str) -> None:
    source = IMPORTS["standalone"] + KERAS3_TOO[name]
    run = keras_runner.run_script(source)
    result = check_source(source, f"{name}.py")
    assert result.dialect_reason == "default" and run.error is None
    assert compare(result, run) == [] and _errors(result) == []
    assert result.models[0].layers[-1].output_shape == (4, 3)
