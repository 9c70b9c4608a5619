"""Subclassed models in tf.keras 2 (tf_keras 2.21, one subprocess for the file): the
hand-written scripts that use no Keras 3-only API and 200 seeded random models, compared on
verdict, line, stage, names, parameters and tf.keras 2's message (see compare.py, "keras2").
tf.keras 2 differs from Keras 3 where it matters: ``model.build(shape)`` runs call() (errors
at build), fit/predict trace call() in a tf.function (batch axis free unless every batch is
full), and its own message wording."""

from __future__ import annotations

import functools

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .generator import generate
from .runner import run_batch
from .scripts import SCRIPTS

pytestmark = pytest.mark.keras2
# Scripts using keras.ops / keras.activations (Keras 3 API) do not run in tf.keras 2.
NAMES = [name for name, source in SCRIPTS.items()
         if "keras.ops" not in source and "keras.activations" not in source]
SEEDS = range(200)
CHUNKS = 2


@functools.lru_cache(maxsize=1)
def _runs() -> tuple[dict, list]:
    scripts = [generate(seed, reshape=False) for seed in SEEDS]
    runs = run_batch([SCRIPTS[n] for n in NAMES] + [s.source for s in scripts], "keras2")
    return dict(zip(NAMES, runs[:len(NAMES)])), list(zip(scripts, runs[len(NAMES):]))


@pytest.mark.parametrize("name", NAMES)
def test_script_agrees_with_tf_keras(name: str) -> None:
    run = _runs()[0][name]
    result = check_source(SCRIPTS[name], f"{name}.py", dialect="keras2")
    assert compare(result, run, messages="keras2") == []


def test_build_runs_call_in_tf_keras() -> None:
    """Keras 3 only marks a subclassed model built; tf.keras 2 runs call() there."""
    source = SCRIPTS["build_then_fit_error"]
    keras3 = check_source(source, "b.py", dialect="keras3")
    keras2 = check_source(source, "b.py", dialect="keras2")
    (error3,) = [d for d in keras3.diagnostics if d.severity == "error"]
    (error2,) = [d for d in keras2.diagnostics if d.severity == "error"]
    assert (error3.stage, error2.stage) == ("fit", "build")
    assert error2.span.line == error3.span.line == 13  # the line inside call() in both
    assert error2.framework_error == ('ValueError: Input 0 of layer "simple_rnn" is incompatible'
                                      " with the layer: expected ndim=3, found ndim=2. Full "
                                      "shape received: (None, 30)")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_models_agree_with_tf_keras(chunk: int) -> None:
    failures = []
    runs = _runs()[1][chunk::CHUNKS]
    for script, run in runs:
        result = check_source(script.source, f"net_{script.seed}.py", dialect="keras2")
        problems = compare(result, run, messages="keras2")
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} of {len(runs)} disagree:\n" + "\n".join(failures[:3])
    assert sum(1 for _, run in runs if run["error"]) >= 30  # failing models are compared too
