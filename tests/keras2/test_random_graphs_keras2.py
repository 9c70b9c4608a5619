"""The seeded random functional graphs (differential/graph_generator.py) against real tf.keras 2.

Graph construction is compared as in Keras 3 (verdict, stage, statement, tf.keras' message,
every layer's name, shape and parameters). Data reaching a tf.keras 2 functional model is not
followed (tf_keras adjusts ranks and words errors its own way): there layerlint must stay
silent with an LL903 note — never a false alarm.
"""

from __future__ import annotations

import pytest
from differential.compare import Coverage, compare, coverage, first_error, keras_message
from differential.graph_generator import generate_graph

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

CHUNKS = 2
PER_CHUNK = 60
SHOWN = 5


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_graphs_agree_with_tf_keras(chunk: int) -> None:
    failures: list[str] = []
    total = Coverage()
    outcomes: dict[str, int] = {}
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        script = generate_graph(seed)
        run = run_script(script.source)
        result = check_source(script.source, f"graph_{seed}.py", dialect="keras2")
        stage = (run.error.stage or "other") if run.error else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        mine = first_error(result)
        if stage in ("fit", "predict"):  # data: not followed, said so
            problems = [] if mine is None else [f"an error on data not followed: {mine.message}"]
            if not any(d.code == "LL903" for d in result.diagnostics):
                problems.append("no LL903 note for the data not followed")
        else:
            problems = compare(result, run)
            if run.error is not None and mine is not None and \
                    "Graph disconnected" not in run.error.message:
                if mine.framework_error != keras_message(run.error):
                    problems.append(f"message: {mine.framework_error!r}, "
                                    f"tf.keras {keras_message(run.error)!r}")
        cov = coverage(result, run)
        total.add(cov)
        if cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        if problems:
            failures.append(f"--- seed {seed} ({script.intent}; tf.keras: {run.error})\n"
                            + script.source + "\n".join(f"  * {p}" for p in problems))
    print(f"chunk {chunk}: outcomes {outcomes}, shape coverage {total.known}/{total.total}")
    assert outcomes.get("construct", 0) >= 10 and outcomes.get("clean", 0) >= 10
    assert not failures, f"{len(failures)} mismatches:\n" + "\n".join(failures[:SHOWN])
