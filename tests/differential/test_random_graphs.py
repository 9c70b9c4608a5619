"""600 seeded random Keras functional graphs (graph_generator.py), most then compiled and fed
arrays per input and output (lists, dicts, single arrays; sometimes wrong): layerlint must agree
with real Keras 3 on every one — verdict, stage, the statement that raises, the framework's
message, and every layer of ``model.layers`` (type, name, output shape, parameters), with full
shape coverage.
Keras runs in this worker's process, once per script (as test_random_stacks.py)."""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import Coverage, compare, coverage, first_error, keras_message
from .graph_generator import generate_graph
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
    failures: list[str] = []
    total = Coverage()
    outcomes: dict[str, int] = {}
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        script = generate_graph(seed)
        run = run_script(script.source)
        result = check_source(script.source, f"graph_{seed}.py", dialect="keras3")
        problems = compare(result, run) + _message_problem(result, run)
        cov = coverage(result, run)
        total.add(cov)
        if cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        stage = (run.error.stage or "other") if run.error else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        if problems:
            failures.append(f"--- seed {seed} ({script.intent}; Keras: {run.error or 'clean'})\n"
                            + script.source + "\n".join(f"  * {p}" for p in problems))
    print(f"chunk {chunk}: {PER_CHUNK} graphs, outcomes {outcomes}, "
          f"shape coverage {total.known}/{total.total}")
    # Both kinds of graph occur in every chunk: the comparison is not vacuous.
    assert outcomes.get("clean", 0) >= PER_CHUNK // 5 and outcomes.get("construct", 0) >= 10
    assert outcomes.get("fit", 0) >= 5
    assert not failures, f"{len(failures)} mismatches:\n" + "\n".join(failures[:SHOWN_FAILURES])
