"""600 seeded random Keras functional graphs (graph_generator.py), most then compiled and fed
arrays per input and output (lists, dicts, single arrays; sometimes wrong): layerlint must agree
with real Keras 3 on every one — verdict, stage, the statement that raises, the framework's
message, and every layer of ``model.layers`` (type, name, output shape, parameters), with full
shape coverage.
Keras runs in this worker's process, once per script (as test_random_stacks.py)."""

from __future__ import annotations

import pytest

from .compare import first_error, keras_message
from .graph_runs import compare_graphs
from .keras_runner import KerasRun, run_script

pytestmark = pytest.mark.keras3

CHUNKS = 4
PER_CHUNK = 150
SHOWN_FAILURES = 5


def _message_problem(result, run: KerasRun) -> list[str]:
    """layerlint carries Keras' message verbatim (except "Invalid input shape", which prints
    the data itself)."""
    mine = first_error(result)
    if run.error is None or mine is None or "Invalid input shape" in run.error.message:
        return []
    theirs = keras_message(run.error)
    return [] if mine.framework_error == theirs else \
        [f"message: layerlint {mine.framework_error!r}, Keras {theirs!r}"]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_graphs_agree_with_keras(chunk: int) -> None:
    found = compare_graphs(range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK), run_script,
                           "keras3", _message_problem)
    outcomes, total = found.outcomes, found.coverage
    print(f"chunk {chunk}: {PER_CHUNK} graphs, outcomes {outcomes}, "
          f"shape coverage {total.known}/{total.total}")
    # Both kinds of graph occur in every chunk: the comparison is not vacuous.
    assert outcomes.get("clean", 0) >= PER_CHUNK // 5 and outcomes.get("construct", 0) >= 10
    assert outcomes.get("fit", 0) >= 5
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN_FAILURES])
