"""1,100 seeded random Keras scripts: layerlint must agree with real Keras 3 on every one.

Each chunk generates its scripts (``generator.generate``), runs them in real Keras 3
(``keras_runner.run_script``) and through layerlint (``pipeline.check_source``), and requires no
mismatch (``compare.compare``) and full shape coverage: every layer Keras built, layerlint knew
the output shape of (the stacks use catalogue layers with literal arguments only).
"""

from __future__ import annotations

import ast
import collections
import time

import pytest

from layerlint.pipeline import check_source

from .compare import Coverage, compare, coverage
from .generator import (
    DATA_CALLS,
    IMPORT_STYLES,
    INPUT_STYLES,
    LOSSES,
    GeneratedScript,
    available_layers,
    generate,
)
from .keras_runner import KerasRun, run_script

pytestmark = pytest.mark.keras3

CHUNKS = 10
PER_CHUNK = 110
SHOWN_FAILURES = 5

# Keras' outcome per seed, shared by the chunks and the balance summary (filled on demand).
_RUNS: dict[int, tuple[GeneratedScript, KerasRun]] = {}


def _keras_run(seed: int, available: frozenset[str]) -> tuple[GeneratedScript, KerasRun]:
    if seed not in _RUNS:
        script = generate(seed, available)
        _RUNS[seed] = (script, run_script(script.source))
    return _RUNS[seed]


def _outcome(run: KerasRun) -> str:
    return run.error.stage or "other" if run.error else "clean"


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_stacks_agree_with_keras(chunk: int) -> None:
    available = available_layers()
    failures: list[str] = []
    total = Coverage()
    started = time.perf_counter()
    keras_time = 0.0
    seeds = range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK)
    for seed in seeds:
        t0 = time.perf_counter()
        script, run = _keras_run(seed, available)
        keras_time += time.perf_counter() - t0
        result = check_source(script.source, f"stack_{seed}.py", dialect="keras3")
        problems = compare(result, run)
        cov = coverage(result, run)
        total.add(cov)
        if cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        if problems:
            failures.append(
                f"--- seed {seed} ({script.intent}; Keras: {run.error or 'clean'})\n"
                + script.source
                + "\n".join(f"  * {p}" for p in problems)
            )
    elapsed = time.perf_counter() - started
    print(
        f"chunk {chunk}: {len(seeds)} stacks in {elapsed:.1f}s (Keras {keras_time:.1f}s), "
        f"shape coverage {total.known}/{total.total}"
    )
    assert not failures, (
        f"{len(failures)} of {len(seeds)} stacks disagree with Keras; the first ones:\n"
        + "\n".join(failures[:SHOWN_FAILURES])
    )


def test_random_stacks_are_a_balanced_mix() -> None:
    """The generated mix must exercise every outcome Keras can have, in visible proportions."""
    available = available_layers()
    outcomes: collections.Counter[str] = collections.Counter()
    intents: collections.Counter[tuple[str, str]] = collections.Counter()
    for seed in range(CHUNKS * PER_CHUNK):
        script, run = _keras_run(seed, available)
        outcomes[_outcome(run)] += 1
        intents[(script.intent, _outcome(run))] += 1
    print("Keras outcomes of the random stacks:", dict(outcomes.most_common()))
    print("by the generator's intent:", dict(sorted(intents.items())))
    total = CHUNKS * PER_CHUNK
    assert outcomes["other"] == 0, "every error must happen at a stage layerlint reports"
    assert outcomes["clean"] >= total * 0.3, outcomes
    errors = total - outcomes["clean"]
    assert errors >= total * 0.3, outcomes
    for stage in ("construct", "build", "fit", "predict"):
        assert outcomes[stage] >= 10, f"too few stacks fail at {stage}: {outcomes}"


def test_generator_covers_every_style_and_is_deterministic() -> None:
    scripts = [generate(seed, available_layers()) for seed in range(400)]
    assert {s.import_style for s in scripts} == set(IMPORT_STYLES)
    assert {s.form for s in scripts} == {"list", "add"}
    assert {s.input_style for s in scripts} == set(INPUT_STYLES)
    assert {s.data_call for s in scripts} == set(DATA_CALLS)
    assert {s.intent for s in scripts} == {"valid", "layer_break", "data_break"}
    assert {s.loss for s in scripts} == {None, *LOSSES}
    for script in scripts[:20]:
        ast.parse(script.source)
        assert generate(script.seed, available_layers()).source == script.source


def test_generator_draws_only_catalogue_layers() -> None:
    only_dense = frozenset({"Dense"})
    for seed in range(100):
        script = generate(seed, only_dense)
        assert set(script.layers) <= only_dense, script.source
