"""Every rule's examples are tests: ``bad`` yields its code, ``good`` does not; error rules'
examples are also run in real Keras 3, which must fail on ``bad`` and run ``good``."""

from __future__ import annotations

import warnings

import pytest

from layerlint.pipeline import check_source
from layerlint.rules import all_rules

RULES = all_rules()
# Errors only tf.keras 2 raises: their examples run in tf_keras (keras2 mark), not Keras 3.
KERAS2_ONLY = {"LL304"}
# Findings about the command line, not a program: their examples are commands, run by
# tests/test_cli_ruff_habits.py.
COMMAND_LINE = {"LL906"}
# Rules of torch programs only: their examples run in torch (tests/test_torch_training.py).
TORCH_ONLY = {r.code for r in RULES if r.frameworks == ("torch",)}
ERRORS = [r for r in RULES if r.severity == "error"
          and r.code not in {"LL900", *KERAS2_ONLY, *COMMAND_LINE, *TORCH_ONLY}]
# Examples that load images from a directory: tests/test_keras_images.py runs them on generated
# directories of one and two classes, in the dialect they are written for.
ON_DISK = {"LL405", "LL406"}
LEGAL = [r for r in RULES if r.severity != "error" and r.code not in {*ON_DISK, *TORCH_ONLY}]
SOURCE_RULES = [r for r in RULES if r.code not in COMMAND_LINE]

# Every code docs/ARCHITECTURE.md lists that Keras can produce now.
EXPECTED_CODES = {
    "LL101", "LL102", "LL103", "LL104", "LL105", "LL106", "LL107", "LL110", "LL111", "LL112",
    "LL208", "LL407",  # torch losses
    "LL201", "LL202", "LL203", "LL204", "LL205", "LL206", "LL207", "LL301", "LL302", "LL303", "LL304", "LL305", "LL306", "LL307", "LL308",
    "LL401", "LL402", "LL403", "LL404", "LL405", "LL406",
    "LL210", "LL211", "LL212", "LL408",  # the torch training step
    "LL900", "LL901", "LL902", "LL903", "LL904", "LL905", "LL906",
}


def codes(source: str) -> list[str]:
    return [d.code for d in check_source(source, "example.py", verify_fixes=False).diagnostics]


def run_in_keras(source: str) -> Exception | None:
    """Exec an example (our own literal source) in real Keras 3; the exception it raises."""
    source = source.replace("from tensorflow import keras", "import keras")
    source = source.replace("tensorflow.keras", "keras")
    source = source.replace(  # tf.keras is Keras 3 here: the test oracle has no TensorFlow
        "import tensorflow as tf", "import keras, types; tf = types.SimpleNamespace(keras=keras)"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, "<example>", "exec"), {"__name__": "example"})  # noqa: S102
        except Exception as error:  # noqa: BLE001 - any failure is the outcome we measure
            return error
    return None


def test_every_code_has_a_rule():
    assert {r.code for r in RULES} == EXPECTED_CODES


@pytest.mark.parametrize("rule", SOURCE_RULES, ids=lambda r: r.code)
def test_bad_example_yields_code(rule):
    assert rule.code in codes(rule.bad)


@pytest.mark.parametrize("rule", SOURCE_RULES, ids=lambda r: r.code)
def test_good_example_is_clean_of_code(rule):
    found = codes(rule.good)
    assert rule.code not in found
    assert not [c for c in found if c.startswith(("LL1", "LL2", "LL3"))], found


@pytest.mark.keras3
@pytest.mark.parametrize("rule", ERRORS, ids=lambda r: r.code)
def test_error_examples_match_keras(rule):
    assert run_in_keras(rule.bad) is not None, "Keras accepted the bad example"
    assert run_in_keras(rule.good) is None


@pytest.mark.keras3
@pytest.mark.parametrize("rule", LEGAL, ids=lambda r: r.code)
def test_warning_and_note_examples_run_in_keras(rule):
    assert run_in_keras(rule.bad) is None
    assert run_in_keras(rule.good) is None


@pytest.mark.keras2
@pytest.mark.parametrize("code", sorted(KERAS2_ONLY))
def test_keras2_error_examples_match_tf_keras(code):
    from keras2.tf_keras_runner import run_script

    rule = next(r for r in RULES if r.code == code)
    assert run_script(rule.bad).error is not None, "tf.keras accepted the bad example"
    assert run_script(rule.good).error is None


def test_syntax_error_example_does_not_compile():
    rule = next(r for r in RULES if r.code == "LL900")
    with pytest.raises(SyntaxError):
        compile(rule.bad, "<example>", "exec")
    compile(rule.good, "<example>", "exec")
