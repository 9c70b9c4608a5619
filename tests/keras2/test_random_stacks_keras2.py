"""Seeded random Keras scripts (tests/differential/generator.py) against real tf.keras 2.

Each script runs in tf_keras (``tf_keras_runner.run_script``) and through layerlint in the
keras2 dialect; ``differential.compare`` must find no mismatch (models, layer names, output
shapes and parameter counts wherever layerlint claims them, error/no-error, statement and stage),
and layerlint must know the output shape of nearly every layer Keras built.
"""

from __future__ import annotations

import pytest
from differential.compare import Coverage, compare, coverage
from differential.generator import available_layers, generate

from layerlint.pipeline import check_source
from layerlint.replay.keras.keras2 import KERAS3_ONLY

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

CHUNKS = 24  # seeds 0-2399; 900-2399 found the Cropping3D, UpSampling3D, rank and loss gaps
PER_CHUNK = 100
SHOWN = 5


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_stacks_agree_with_tf_keras(chunk: int) -> None:
    available = available_layers() - KERAS3_ONLY  # layers tf.keras 2 has
    failures: list[str] = []
    total = Coverage()
    outcomes: dict[str, int] = {}
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        script = generate(seed, available)
        run = run_script(script.source)
        result = check_source(script.source, f"stack_{seed}.py", dialect="keras2")
        stage = (run.error.stage or "other") if run.error else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        problems = compare(result, run)
        if problems:
            failures.append(f"seed {seed}:\n  " + "\n  ".join(problems) + "\n" + script.source)
        cov = coverage(result, run)
        total.known += cov.known
        total.total += cov.total
    assert not failures, f"{len(failures)} disagreements:\n" + "\n".join(failures[:SHOWN])
    # Both outcomes occur: the chunk tests errors at several stages and clean scripts.
    assert outcomes.get("clean", 0) >= 10 and outcomes.get("construct", 0) >= 10, outcomes
    assert total.known >= 0.9 * total.total, f"shapes known for {total.known}/{total.total}"
