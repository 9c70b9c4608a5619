"""Hand-written subclassed Keras models (scripts.py) run in real Keras 3 (one subprocess for
the file) and through layerlint: verdict, line, stage, the framework's message, model and layer
names, built state and parameters must agree; models layerlint cannot follow get an LL903
note at the statement that stops it."""

from __future__ import annotations

import functools

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .runner import run_batch
from .scripts import SCRIPTS, UNFOLLOWED

pytestmark = pytest.mark.keras3
NAMES = list(SCRIPTS)


@functools.lru_cache(maxsize=1)
def _runs() -> dict[str, dict]:
    return dict(zip(NAMES, run_batch([SCRIPTS[name] for name in NAMES], "keras3")))


@pytest.mark.parametrize("name", NAMES)
def test_script_agrees_with_keras3(name: str) -> None:
    run = _runs()[name]
    result = check_source(SCRIPTS[name], f"{name}.py", dialect="keras3")
    assert compare(result, run) == []
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert bool(errors) == (run["error"] is not None)  # the verdict, beyond the first error


def test_issue_example_fails_at_fit_inside_call() -> None:
    result = check_source(SCRIPTS["issue_pool_then_lstm"], "issue.py", dialect="keras3")
    (error,) = [d for d in result.diagnostics if d.severity == "error"]
    assert (error.code, error.stage, error.span.line) == ("LL101", "fit", 15)
    assert "LSTM expects 3-D input but receives 2-D input" in error.message
    assert [r.span.line for r in error.related] == [10, 22]  # defined in __init__; fit
    assert error.framework_error.startswith(
        "ValueError: Exception encountered when calling SequenceClassifier.call().")


@pytest.mark.parametrize("name", sorted(UNFOLLOWED))
def test_unfollowed_call_gets_a_note_and_no_error(name: str) -> None:
    line, words = UNFOLLOWED[name]
    result = check_source(SCRIPTS[name], f"{name}.py", dialect="keras3")
    notes = [d for d in result.diagnostics if d.code == "LL903"]
    assert [n.span.line for n in notes] == [line]
    assert words in notes[0].message
    assert not [d for d in result.diagnostics if d.severity == "error"]


def test_correct_models_have_known_shapes_and_params() -> None:
    """No false alarm, and not by silence: the followed correct models know their layers."""
    result = check_source(SCRIPTS["residual_block_layer_ok"], "res.py", dialect="keras3")
    (model,) = result.models
    assert [(row.type, row.params) for row in model.layers] == [
        ("Dense", 352), ("ResidualBlock", 2176), ("ResidualBlock", 2176),
        ("ResidualBlock", 2176), ("Dense", 33)]
    assert model.layers[0].output_shape == (None, 32)
