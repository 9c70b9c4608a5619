"""300 seeded random functional graphs calling a model as a layer (nested_generator.py):
layerlint agrees with real Keras 3 on verdict, stage, the statement that raises, the message,
and every layer of ``model.layers`` (the nested model one row: type, name, output shape,
parameters). A built model called on other shapes than it was built for is followed when
every layer's entry computes an output (Keras reruns its graph leniently); else layerlint says
so (LL902), at most 2% of the cases. Keras runs in this worker's process, once per script."""

from __future__ import annotations

import pytest

from layerlint.results import FileResult

from .graph_runs import compare_generated
from .keras_runner import run_script
from .nested_generator import generate_nested

pytestmark = pytest.mark.keras3

CHUNKS = 2
PER_CHUNK = 150
SHOWN_FAILURES = 5
OTHER_INPUTS = "called on inputs other than the ones it was built for"


def _other_inputs(result: FileResult) -> bool:
    """A built model run on other shapes, an entry stricter than Keras' compute_output_spec:
    not followed, and said so."""
    return any(d.code == "LL902" and OTHER_INPUTS in d.message for d in result.diagnostics)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_nested_models_agree_with_keras(chunk: int) -> None:
    found = compare_generated(generate_nested, range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK),
                              run_script, "keras3", full_coverage=False,
                              not_followed=_other_inputs)
    outcomes, cov = found.outcomes, found.coverage
    print(f"chunk {chunk}: outcomes {outcomes}, shape coverage {cov.known}/{cov.total}, "
          f"{found.unfollowed} not followed")
    assert found.unfollowed <= PER_CHUNK // 50
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("construct", 0) >= 20, outcomes
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN_FAILURES])
