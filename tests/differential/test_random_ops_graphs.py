"""300 seeded random functional graphs mixing ``keras.ops`` and layers (ops_graph_generator.py)
against real Keras 3: verdict, stage, the statement that raises, Keras' message, and every layer
of ``model.layers`` (names included: ops take names from the same counters as layers), with the
shapes known wherever Keras built them. Keras runs in this worker's process, once per script."""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import compare, coverage, first_error, keras_message
from .keras_runner import run_script
from .ops_graph_generator import generate_ops_graph

pytestmark = pytest.mark.keras3

CHUNKS = 2
PER_CHUNK = 150
SHOWN_FAILURES = 6


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_ops_graphs_agree_with_keras(chunk: int) -> None:
    failures: list[str] = []
    outcomes: dict[str, int] = {}
    known = total = 0
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        script = generate_ops_graph(seed)
        run = run_script(script.source)
        result = check_source(script.source, f"ops_{seed}.py", dialect="keras3")
        problems = compare(result, run)
        mine = first_error(result)
        if run.error is not None and mine is not None and \
                mine.framework_error != keras_message(run.error):
            problems.append(f"message: layerlint {mine.framework_error!r}, Keras "
                            f"{keras_message(run.error)!r}")
        cov = coverage(result, run)
        known, total = known + cov.known, total + cov.total
        if cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        stage = (run.error.stage or "other") if run.error else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        if problems:
            failures.append(f"--- seed {seed} (Keras: {run.error or 'clean'})\n"
                            + script.source + "\n".join(f"  * {p}" for p in problems))
    print(f"chunk {chunk}: outcomes {outcomes}, shape coverage {known}/{total}")
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("construct", 0) >= 20, outcomes
    assert not failures, f"{len(failures)} mismatches:\n" + "\n".join(failures[:SHOWN_FAILURES])
