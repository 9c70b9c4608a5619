"""Custom ``layers.Layer`` subclasses inside Sequential and functional models: hand-written
scripts (custom_scripts.py) and seeded random ones (custom_generator.py), each dialect's batch
run in one subprocess of real Keras 3 (torch backend) / tf_keras 2.21, compared on verdict, the
line inside the custom call(), stage, message, and every model's layers (names, parameters,
output shapes)."""

from __future__ import annotations

import collections
import functools

import pytest

from layerlint.pipeline import check_source

from .compare import compare_stacks
from .custom_generator import generate_custom
from .custom_scripts import CUSTOM_SCRIPTS, CUSTOM_UNFOLLOWED
from .runner import run_batch

NAMES = list(CUSTOM_SCRIPTS)
# keras.ops (Keras 3 API) does not exist in tf.keras 2.
KERAS2_NAMES = [n for n in NAMES if "keras.ops" not in CUSTOM_SCRIPTS[n]]
SEEDS3 = range(300)
SEEDS2 = range(150)


@functools.lru_cache(maxsize=1)
def _keras3() -> tuple[dict, list]:
    scripts = [generate_custom(seed, reshape=False) for seed in SEEDS3]
    runs = run_batch([CUSTOM_SCRIPTS[n] for n in NAMES] + [s.source for s in scripts], "keras3")
    return dict(zip(NAMES, runs[:len(NAMES)])), list(zip(scripts, runs[len(NAMES):]))


@functools.lru_cache(maxsize=1)
def _keras2() -> tuple[dict, list]:
    scripts = [generate_custom(seed, reshape=False, batch_size=7, ops=False) for seed in SEEDS2]
    runs = run_batch([CUSTOM_SCRIPTS[n] for n in KERAS2_NAMES] + [s.source for s in scripts],
                     "keras2")
    return dict(zip(KERAS2_NAMES, runs[:len(KERAS2_NAMES)])), \
        list(zip(scripts, runs[len(KERAS2_NAMES):]))


def _disagreements(pairs, dialect: str) -> tuple[list[str], int, int]:
    """Scripts that disagree, and how many built layers layerlint knew (of how many). A
    script whose call() uses keras.ops (not followed) may be silent where Keras raised after
    it, provided an LL903 note says so: unknown, not a miss."""
    failures = []
    known = total = 0
    for script, run in pairs:
        result = check_source(script.source, f"net_{script.seed}.py", dialect=dialect)
        problems = compare_stacks(result, run, dialect, script.source)
        noted = any(d.code == "LL903" and "keras.ops" in d.message for d in result.diagnostics)
        if noted and run["error"] is not None and len(problems) == 1 and \
                problems[0].endswith("layerlint reports no error"):
            continue
        if run["error"] is None and not noted:
            for model, theirs in zip(result.models, run["variables"]):
                for row, layer in zip(model.layers, theirs["layers"]):
                    if layer.get("output_shape") is not None:
                        total += 1
                        known += row.output_shape is not None and row.params is not None
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    return failures, known, total


@pytest.mark.keras3
@pytest.mark.parametrize("name", NAMES)
def test_custom_layer_script_agrees_with_keras3(name: str) -> None:
    result = check_source(CUSTOM_SCRIPTS[name], f"{name}.py", dialect="keras3")
    assert compare_stacks(result, _keras3()[0][name], "keras3", CUSTOM_SCRIPTS[name]) == []


@pytest.mark.keras2
@pytest.mark.parametrize("name", KERAS2_NAMES)
def test_custom_layer_script_agrees_with_tf_keras(name: str) -> None:
    result = check_source(CUSTOM_SCRIPTS[name], f"{name}.py", dialect="keras2")
    assert compare_stacks(result, _keras2()[0][name], "keras2", CUSTOM_SCRIPTS[name]) == []


@pytest.mark.keras3
@pytest.mark.parametrize("chunk", range(3))
def test_generated_custom_layers_agree_with_keras3(chunk: int) -> None:
    failures, known, total = _disagreements(_keras3()[1][chunk::3], "keras3")
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert known == total, f"layerlint knew {known} of {total} layers' shapes and params"


@pytest.mark.keras2
def test_generated_custom_layers_agree_with_tf_keras() -> None:
    failures, known, total = _disagreements(_keras2()[1], "keras2")
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert known == total, f"layerlint knew {known} of {total} layers' shapes and params"


@pytest.mark.keras3
def test_generated_suite_is_balanced() -> None:
    outcomes: collections.Counter = collections.Counter()
    styles: collections.Counter = collections.Counter()
    for script, run in _keras3()[1]:
        outcomes[run["error"]["stage"] if run["error"] else "clean"] += 1
        styles.update(script.styles)
    assert outcomes["clean"] >= 100 and outcomes["construct"] >= 60
    assert outcomes["fit"] + outcomes["predict"] >= 25
    for style in ("dense", "rnn", "conv", "nested", "scale", "linear", "input", "data",
                  "functional"):
        assert styles[style] >= 25, (style, styles)


def test_custom_layer_row_and_error_line() -> None:
    """One summary row with the layer's total parameters; an error at the line in call()."""
    ok = check_source(CUSTOM_SCRIPTS["sequential_block_ok"], "ok.py", dialect="keras3")
    (model,) = ok.models
    assert [(r.type, r.name, r.output_shape, r.params) for r in model.layers] == [
        ("Dense", "dense", (None, 4), 36), ("Block", "block", (None, 4), 40),
        ("Dense", "dense_3", (None, 2), 10)]
    bad = check_source(CUSTOM_SCRIPTS["sequential_block_mismatch"], "bad.py", dialect="keras3")
    (error,) = [d for d in bad.diagnostics if d.severity == "error"]
    assert (error.code, error.span.line, error.stage) == ("LL102", 13, "construct")
    assert "inside Block.call()" in error.message
    assert [r.span.line for r in error.related][:1] == [15]  # where the Sequential runs it


@pytest.mark.parametrize("name", sorted(CUSTOM_UNFOLLOWED))
def test_unfollowed_custom_call_is_a_note(name: str) -> None:
    line, words = CUSTOM_UNFOLLOWED[name]
    result = check_source(CUSTOM_SCRIPTS[name], f"{name}.py", dialect="keras3")
    notes = [d for d in result.diagnostics if d.code == "LL903"]
    assert [n.span.line for n in notes] == [line] and words in notes[0].message
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert result.models[0].layers[-1].output_shape is None  # after it: unknown, not guessed


def test_build_weights_are_the_layers_params() -> None:
    """add_weight shapes from input_shape[-1] and self.units give the row's parameters, and
    keras.ops on the weights its output; trainable=False weights are non-trainable."""
    linear = check_source(CUSTOM_SCRIPTS["build_add_weight_ops"], "l.py", dialect="keras3")
    row = linear.models[0].layers[0]
    assert (row.type, row.params, row.output_shape) == ("Linear", 36, (None, 4))
    scale = check_source(CUSTOM_SCRIPTS["build_add_weight_ok"], "s.py", dialect="keras3")
    row = scale.models[0].layers[0]
    assert (row.params, row.non_trainable, row.output_shape) == (12, 6, (None, 5, 6))
