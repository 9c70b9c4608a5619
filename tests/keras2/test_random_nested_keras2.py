"""The seeded random graphs that call a model as a layer (differential/nested_generator.py), and
the hand-written ``graph_scripts/nested_*.py``, against real tf.keras 2: verdict, stage, the
statement that raises, tf.keras' message, and every layer of ``model.layers`` (the nested model
one row: type, name, output shape, parameters). A built model called on other shapes than it
was built for reruns its inner layers in tf.keras 2, each with the checks its build left it, a
model inside it checking its Input first (nested_keras2.py): every seed and hand script is
followed (what is not would get an LL903 note and be counted here). tf_keras runs in this
worker's process, once per script."""

from __future__ import annotations

from pathlib import Path

import pytest
from differential.graph_generator import GraphScript
from differential.graph_runs import GraphRuns, compare_generated, keras2_message
from differential.nested_generator import generate_nested

from layerlint.results import FileResult

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

SEEDS = 300
SHOWN = 5
NOT_FOLLOWED = "is not followed in tf.keras 2"
HAND = sorted((Path(__file__).parent.parent / "differential" / "graph_scripts")
              .glob("nested_*.py"))


def _reruns_inner_layers(result: FileResult) -> bool:
    return any(d.code == "LL903" and NOT_FOLLOWED in d.message for d in result.diagnostics)


def _compare(generate, seeds: range) -> GraphRuns:  # type: ignore[no-untyped-def]
    return compare_generated(generate, seeds, run_script, "keras2", keras2_message,
                             not_followed=_reruns_inner_layers)


def test_random_nested_models_agree_with_tf_keras() -> None:
    found = _compare(generate_nested, range(SEEDS))
    outcomes, cov = found.outcomes, found.coverage
    print(f"outcomes {outcomes}, shape coverage {cov.known}/{cov.total}, "
          f"{found.unfollowed} not followed")
    assert found.unfollowed == 0
    assert outcomes.get("clean", 0) >= 60 and outcomes.get("construct", 0) >= 60, outcomes
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN])


def test_hand_nested_scripts_agree_with_tf_keras() -> None:
    found = _compare(lambda i: GraphScript(HAND[i].read_text(), HAND[i].stem), range(len(HAND)))
    print(f"outcomes {found.outcomes}, {found.unfollowed} not followed")
    assert len(HAND) >= 5 and found.unfollowed == 0
    assert not found.failures, f"{len(found.failures)} mismatches:\n" + "\n".join(
        found.failures[:SHOWN])
