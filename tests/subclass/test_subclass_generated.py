"""400 seeded random subclassed Keras models (generator.py) run in real Keras 3 in one
subprocess and through layerlint: verdict, line inside call(), stage, the framework's message
(up to its argument list), model and layer names, built state and parameter counts must agree,
and layerlint must know the parameters of every layer Keras built in the models that ran
cleanly (not agree by silence)."""

from __future__ import annotations

import collections
import functools

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .generator import Generated, generate
from .runner import run_batch

pytestmark = pytest.mark.keras3
SEEDS = range(400)
CHUNKS = 4


@functools.lru_cache(maxsize=1)
def _runs() -> list[tuple[Generated, dict]]:
    scripts = [generate(seed) for seed in SEEDS]
    return list(zip(scripts, run_batch([s.source for s in scripts], "keras3")))


def _known_params(result, run) -> tuple[int, int]:
    """Layers of models that ran cleanly: how many Keras built, how many layerlint knew the
    parameters of. (After an error the layers Keras built on its way differ: weightless
    layers are built when created, a subclassed layer that failed half-way keeps its weights.)"""
    known = total = 0
    if run["error"] is not None:
        return 0, 0
    mine = [m for m in result.models if m.class_name is not None]
    for model, theirs in zip(mine, run["models"]):
        for layer, keras_layer in zip(model.layers, theirs["layers"]):
            if keras_layer["params"] is not None:
                total += 1
                known += layer.params is not None
    return known, total


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_subclassed_models_agree_with_keras3(chunk: int) -> None:
    runs = _runs()[chunk::CHUNKS]
    failures = []
    known = total = 0
    for script, run in runs:
        result = check_source(script.source, f"net_{script.seed}.py", dialect="keras3")
        problems = compare(result, run, messages="inner")
        k, t = _known_params(result, run)
        known, total = known + k, total + t
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} of {len(runs)} disagree:\n" + "\n".join(failures[:3])
    assert known == total, f"layerlint knew the parameters of {known} of {total} built layers"


def test_generated_models_cover_every_construct_and_outcome() -> None:
    """The suite is balanced: clean and failing runs, at each stage, for every construct."""
    outcomes = collections.Counter()
    styles = collections.Counter()
    for script, run in _runs():
        error = run["error"]
        outcomes[error["stage"] if error else "clean"] += 1
        styles.update(script.styles)
    assert outcomes["clean"] >= 120 and outcomes["fit"] >= 60 and outcomes["predict"] >= 30
    for style in ("attributes", "list", "helper", "block", "training", "residual", "fit",
                  "predict", "call", "evaluate"):
        assert styles[style] >= 40, (style, styles)
