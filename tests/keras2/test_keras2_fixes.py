"""Fixes for the errors only tf.keras 2 raises (keras2_model.Keras2Replay), against tf_keras 2.21.

Each failing script runs in tf_keras (it must fail where layerlint says), every fix layerlint
offers is applied and the fixed script runs in tf_keras without an error and re-checks clean.
The errors without a right fix are pinned too: layerlint offers nothing there.
"""

from __future__ import annotations

import pytest
from differential.compare import compare

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2


def model(*layers: str) -> str:
    body = "".join(f"    {layer},\n" for layer in layers)
    return f"from tensorflow import keras\n\nmodel = keras.Sequential([\n{body}])\n"


def errors(source: str):
    result = check_source(source, "k2.py", dialect="keras2")
    return result, [d for d in result.diagnostics if d.severity == "error"]


# name -> (script, code, line, fix title, safe)
FIXED = {
    "use_cudnn default": (
        model("keras.Input((10, 4))", 'keras.layers.LSTM(8, use_cudnn="auto")'),
        "LL105", 5, "Remove `use_cudnn`", True),
    "use_cudnn False": (
        model("keras.Input((10, 4))", "keras.layers.GRU(8, use_cudnn=False)"),
        "LL105", 5, "Remove `use_cudnn`", False),
    "lora_rank": (
        model("keras.Input((4,))", "keras.layers.Dense(3, lora_rank=None)"),
        "LL105", 5, "Remove `lora_rank`", True),
    "two Keras 3 keywords": (
        model("keras.Input((4,))", "keras.layers.Dense(3, lora_rank=None, lora_alpha=None)"),
        "LL105", 5, "Remove `lora_rank`; remove `lora_alpha`", True),
    "rnn seed": (
        model("keras.Input((10, 4))", "keras.layers.SimpleRNN(8, seed=1)"),
        "LL105", 5, "Remove `seed`", False),
    "rms_scaling": (
        model("keras.Input((10, 4))", "keras.layers.LayerNormalization(rms_scaling=True)"),
        "LL105", 5, "Remove `rms_scaling`", False),
    "ZeroPadding1D data_format": (
        model("keras.Input((10, 4))",
              'keras.layers.ZeroPadding1D(2, data_format="channels_last")'),
        "LL105", 5, "Remove `data_format`", False),
    "LeakyReLU negative_slope": (
        model("keras.Input((4,))", "keras.layers.LeakyReLU(negative_slope=0.2)"),
        "LL105", 5, "Write alpha= instead of negative_slope=", True),
    "InputLayer shape": (
        model("keras.layers.InputLayer(shape=(10, 4))", "keras.layers.LSTM(8)"),
        "LL105", 4, "Write input_shape= instead of shape=", True),
    "InputLayer batch_shape": (
        model("keras.layers.InputLayer(batch_shape=(None, 10, 4))", "keras.layers.LSTM(8)"),
        "LL105", 4, "Write batch_input_shape= instead of batch_shape=", True),
    "return_state": (
        model("keras.Input((10, 4))", "keras.layers.LSTM(8, return_state=True)"),
        "LL107", 5, "Remove the `return_state` argument", True),
    "return_state before Dense": (
        model("keras.Input((10, 4))", "keras.layers.LSTM(8, return_state=True)",
              "keras.layers.Dense(1)"),
        "LL107", 5, "Remove the `return_state` argument", True),
    "Bidirectional merge_mode None": (
        model("keras.Input((10, 4))",
              "keras.layers.Bidirectional(keras.layers.LSTM(8), merge_mode=None)"),
        "LL107", 5, "Use merge_mode='concat' (the default)", False),
}


@pytest.mark.parametrize("name", FIXED)
def test_keras2_only_error_is_fixed_and_the_fix_runs_in_tf_keras(name):
    source, code, line, title, safe = FIXED[name]
    run = run_script(source)
    assert run.error is not None and run.error.stage == "construct"
    result, [finding] = errors(source)
    assert compare(result, run) == []  # the same statement and stage
    assert (finding.code, finding.span.line) == (code, line)
    assert [(f.title, f.safe) for f in finding.fixes] == [(title, safe)]
    fixed = apply_edits(source, finding.fixes[0].edits)
    after = run_script(fixed)
    assert after.error is None, (fixed, after.error)
    assert errors(fixed)[1] == []


def test_keras3_reads_the_fixed_keywords_too():
    """The Keras 2 spellings are what Keras 3 deprecates, not rejects: the fix is for tf.keras 2
    and leaves a Keras 3 warning at most (LL404), never a Keras 3 error."""
    source, *_ = FIXED["LeakyReLU negative_slope"]
    _, [finding] = errors(source)
    fixed = apply_edits(source, finding.fixes[0].edits)
    keras3 = check_source(fixed, "k3.py", dialect="keras3").diagnostics
    assert [d.code for d in keras3 if d.severity != "info"] == ["LL404"]


@pytest.mark.parametrize(("source", "line"), [
    # Two rejected keywords on two layers: removing the first only moves the error on.
    (model("keras.Input((10, 4))", "keras.layers.LSTM(8, use_cudnn=False)",
           "keras.layers.Dense(4, lora_rank=None)"), 5),
    # The fixed InputLayer would hand its input to an LSTM returning 3 tensors: a new error.
    (model("keras.layers.InputLayer(shape=(10, 4))", "keras.layers.LSTM(8, return_state=True)"),
     4),
])
def test_no_fix_when_the_fixed_script_still_fails(source, line):
    run = run_script(source)
    assert run.error is not None and run.error.line == line
    _, [finding] = errors(source)
    assert finding.span.line == line and finding.fixes == []


def test_keras3_only_layer_has_no_keras2_fix():
    """RMSNormalization has no tf.keras 2 counterpart (LayerNormalization normalises with the
    mean as well, and tf.keras 2 has no rms_scaling): nothing is offered."""
    source = model("keras.Input((10, 4))", "keras.layers.RMSNormalization()")
    run = run_script(source)
    assert run.error is not None and run.error.type == "AttributeError"
    _, [finding] = errors(source)
    assert finding.code == "LL105" and finding.fixes == []


FIT = ("model.compile(optimizer=\"adam\", loss=\"binary_crossentropy\")\n"
       "model.fit(np.random.randint(0, 50, (40, 12)), np.random.randint(0, 2, (40, 1)), "
       "epochs=1, verbose=0)\n")


@pytest.mark.parametrize("middle", [
    ("keras.layers.Flatten()",),
    ("keras.layers.LSTM(6, return_sequences=True)", "keras.layers.Flatten()"),
    ("keras.layers.Conv1D(4, 3)", "keras.layers.Flatten()"),
])
def test_embedding_without_input_length_gets_the_length_of_the_data(middle):
    """tf.keras 2 only: an Embedding without input_length declares (None, None), so a Dense
    after Flatten fails when the model is built (Keras 3 builds it from the data). Setting
    input_length to the length of the data fit receives makes tf.keras build and train it."""
    source = "import numpy as np\n" + model(
        "keras.layers.Embedding(50, 8)", *middle,
        'keras.layers.Dense(1, activation="sigmoid")') + FIT
    run = run_script(source)
    assert run.error is not None and run.error.stage == "construct"
    assert "should be defined. Found None" in run.error.message
    result, [finding] = errors(source)
    assert compare(result, run) == [] and finding.code == "LL106"
    by_title = {f.title: f for f in finding.fixes}
    title = ("Set input_length=12 on Embedding (embedding), the length of the data passed to "
             f"fit (line {9 + len(middle)})")
    assert not by_title[title].safe
    for fix in finding.fixes:  # with an LSTM, also return_sequences=False (test_sequence_head)
        fixed = apply_edits(source, fix.edits)
        assert run_script(fixed).error is None, fix.title
        assert errors(fixed)[1] == []
    assert "keras.layers.Embedding(50, 8, input_length=12)" in apply_edits(
        source, by_title[title].edits)


def test_no_input_length_fix_without_known_data():
    source = "import numpy as np\n" + model(
        "keras.layers.Embedding(50, 8)", "keras.layers.Flatten()", "keras.layers.Dense(1)")
    _, [finding] = errors(source)
    assert finding.code == "LL106" and finding.fixes == []
