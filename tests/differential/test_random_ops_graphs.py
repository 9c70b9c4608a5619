"""300 seeded random functional graphs mixing ``keras.ops`` and layers (ops_graph_generator.py)
against real Keras 3: verdict, stage, the statement that raises, Keras' message, and every layer
of ``model.layers`` (names included: ops take names from the same counters as layers), with the
shapes known wherever Keras built them. Keras runs in this worker's process, once per script."""

from __future__ import annotations

import pytest

from .graph_runs import compare_generated
from .keras_runner import run_script
from .ops_graph_generator import generate_ops_graph

pytestmark = pytest.mark.keras3

CHUNKS = 2
PER_CHUNK = 150
SHOWN_FAILURES = 6


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_ops_graphs_agree_with_keras(chunk: int) -> None:
    found = compare_generated(generate_ops_graph,
                              range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK), run_script,
                              "keras3")
    outcomes, cov = found.outcomes, found.coverage
    print(f"chunk {chunk}: outcomes {outcomes}, shape coverage {cov.known}/{cov.total}")
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("construct", 0) >= 20, outcomes
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN_FAILURES])
