"""The seeded random functional graphs (differential/graph_generator.py) against real tf.keras 2.

Graph construction and the data fed to fit/predict/evaluate (arrays per input and output,
lists, dicts; sometimes wrong) are compared as in Keras 3: verdict, stage, statement, every
layer's name, shape and parameters, and tf.keras' message (inside ``fit``/``predict`` the text
after "in user code:" and tf.keras' own frames; layerlint's text a prefix of it, as
subclass/compare.py allows).
"""

from __future__ import annotations

import pytest
from differential.graph_runs import compare_graphs, keras2_message

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

CHUNKS = 2
PER_CHUNK = 60
SHOWN = 5


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_graphs_agree_with_tf_keras(chunk: int) -> None:
    found = compare_graphs(range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK), run_script,
                           "keras2", keras2_message)
    outcomes, total = found.outcomes, found.coverage
    print(f"chunk {chunk}: outcomes {outcomes}, shape coverage {total.known}/{total.total}")
    assert outcomes.get("construct", 0) >= 10 and outcomes.get("clean", 0) >= 10
    assert outcomes.get("fit", 0) + outcomes.get("predict", 0) >= 5  # data compared too
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN])
