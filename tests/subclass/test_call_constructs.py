"""Subclassed models whose ``call`` takes a list or dict of inputs (fed as such at fit /
predict), unpacks ``return_state=True``, or runs a ``keras.Sequential`` made in ``__init__``:
hand-written scripts (custom_scripts.CALL_SCRIPTS) and 200 seeded ones (call_generator.py), run
in real Keras 3 and tf_keras 2.21 (one subprocess per dialect), compared by compare.py (verdict,
line inside call(), stage, message, names, built state, parameters). tf.keras 2 too with a list
or dict of arrays: call() receives a tuple / dict of tensors traced on the batch fit sees."""

from __future__ import annotations

import collections
import functools

import pytest

from layerlint.pipeline import check_source

from .call_generator import generate_call
from .compare import compare
from .custom_scripts import CALL_SCRIPTS
from .runner import run_batch

NAMES = list(CALL_SCRIPTS)
SEEDS3 = range(200)
SEEDS2 = range(100)


@functools.lru_cache(maxsize=1)
def _keras3() -> tuple[dict, list]:
    scripts = [generate_call(seed) for seed in SEEDS3]
    runs = run_batch([CALL_SCRIPTS[n] for n in NAMES] + [s.source for s in scripts], "keras3")
    return dict(zip(NAMES, runs[:len(NAMES)])), list(zip(scripts, runs[len(NAMES):]))


KERAS2_NAMES = [n for n in NAMES if "keras.ops" not in CALL_SCRIPTS[n]]  # no keras.ops there


@functools.lru_cache(maxsize=1)
def _keras2() -> tuple[dict, list]:
    scripts = [generate_call(seed) for seed in SEEDS2]
    runs = run_batch([CALL_SCRIPTS[n] for n in KERAS2_NAMES] + [s.source for s in scripts],
                     "keras2")
    return dict(zip(KERAS2_NAMES, runs[:len(KERAS2_NAMES)])), \
        list(zip(scripts, runs[len(KERAS2_NAMES):]))


@pytest.mark.keras3
@pytest.mark.parametrize("name", NAMES)
def test_call_script_agrees_with_keras3(name: str) -> None:
    result = check_source(CALL_SCRIPTS[name], f"{name}.py", dialect="keras3")
    assert compare(result, _keras3()[0][name]) == []


@pytest.mark.keras3
def test_generated_call_constructs_agree_with_keras3() -> None:
    failures = []
    outcomes: collections.Counter = collections.Counter()
    styles: collections.Counter = collections.Counter()
    for script, run in _keras3()[1]:
        result = check_source(script.source, f"net_{script.seed}.py", dialect="keras3")
        problems = compare(result, run, messages="inner")
        outcomes[run["error"]["stage"] if run["error"] else "clean"] += 1
        styles.update(script.styles)
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert outcomes["clean"] >= 80 and outcomes["fit"] + outcomes["predict"] >= 50, outcomes
    for style in ("list", "dict", "one", "state", "sequential"):
        assert styles[style] >= 40, styles


@pytest.mark.keras2
@pytest.mark.parametrize("name", KERAS2_NAMES)
def test_call_script_agrees_with_tf_keras(name: str) -> None:
    result = check_source(CALL_SCRIPTS[name], f"{name}.py", dialect="keras2")
    assert compare(result, _keras2()[0][name], messages="keras2") == []


@pytest.mark.keras2
def test_generated_call_constructs_agree_with_tf_keras() -> None:
    failures = []
    outcomes: collections.Counter = collections.Counter()
    styles: collections.Counter = collections.Counter()
    for script, run in _keras2()[1]:
        result = check_source(script.source, f"net_{script.seed}.py", dialect="keras2")
        assert not any(d.code == "LL903" for d in result.diagnostics), script.source
        outcomes[run["error"]["stage"] if run["error"] else "clean"] += 1
        styles.update(script.styles)
        problems = compare(result, run, messages="keras2")
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert outcomes["clean"] >= 20 and outcomes["fit"] + outcomes["predict"] >= 20, outcomes
    assert styles["list"] >= 25 and styles["dict"] >= 25, styles


def test_followed_constructs_know_shapes_and_params() -> None:
    """Not agreement by silence: the Sequential inside call() is one row with its weights."""
    result = check_source(CALL_SCRIPTS["sequential_inside_call_ok"], "s.py", dialect="keras3")
    model = [m for m in result.models if m.class_name == "Net"][0]
    assert [(r.type, r.name, r.params) for r in model.layers] == [
        ("Sequential", "sequential", 68), ("Dense", "dense_2", 5)]
    functional = check_source(CALL_SCRIPTS["functional_inside_call"], "f.py", dialect="keras3")
    model = [m for m in functional.models if m.class_name == "Net"][0]
    assert not functional.diagnostics  # followed (subclass_models.py), no note
    assert [(r.type, r.name, r.params, r.output_shape) for r in model.layers] == [
        ("Functional", "functional", 16, (None, 4)), ("Dense", "dense_1", 5, (None, 1))]
    keras2 = check_source(CALL_SCRIPTS["functional_inside_call"], "f.py", dialect="keras2")
    (note,) = [d for d in keras2.diagnostics if d.code == "LL903"]  # tf.keras 2: still a note
    assert note.span.line == 15 and "a model called inside call()" in note.message
