"""The seeded random graphs that call a model as a layer (differential/nested_generator.py), and
the hand-written ``graph_scripts/nested_*.py``, against real tf.keras 2: verdict, stage, the
statement that raises, tf.keras' message, and every layer of ``model.layers`` (the nested model
one row: type, name, output shape, parameters). A built model called on other shapes than it
was built for reruns its inner layers in tf.keras 2, each with its own checks: followed when its
first layer rejects the input, else layerlint says so (LL903). tf_keras runs in this
worker's process, once per script."""

from __future__ import annotations

from pathlib import Path

import pytest
from differential.compare import compare, coverage, first_error, keras_message
from differential.nested_generator import generate_nested
from subclass.compare import _keras2_agree, _without_user_code

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

SEEDS = 150
SHOWN = 5
NOT_FOLLOWED = "is not followed in tf.keras 2"
HAND = sorted((Path(__file__).parent.parent / "differential" / "graph_scripts")
              .glob("nested_*.py"))


class Runs:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.outcomes: dict[str, int] = {}
        self.known = self.total = self.unfollowed = 0

    def compare(self, name: str, source: str) -> None:
        run = run_script(source)
        result = check_source(source, f"{name}.py", dialect="keras2")
        problems = compare(result, run)
        mine = first_error(result)
        if run.error is not None and mine is None and any(
                d.code == "LL903" and NOT_FOLLOWED in d.message for d in result.diagnostics):
            self.unfollowed += 1  # tf.keras 2 reruns the inner layers on other shapes
            return  # not followed, and said so
        if run.error is not None and mine is not None:
            theirs = _without_user_code(keras_message(run.error))
            said = (mine.framework_error or "").split("\n\nCall arguments received by")[0]
            if not _keras2_agree(said, theirs):
                problems.append(f"message: layerlint {mine.framework_error!r}, tf.keras "
                                f"{theirs!r}")
        cov = coverage(result, run)
        self.known, self.total = self.known + cov.known, self.total + cov.total
        if cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes tf.keras built")
        stage = (run.error.stage or "other") if run.error else "clean"
        self.outcomes[stage] = self.outcomes.get(stage, 0) + 1
        if problems:
            self.failures.append(f"--- {name} (tf.keras: {run.error or 'clean'})\n" + source
                                 + "\n".join(f"  * {p}" for p in problems))


def test_random_nested_models_agree_with_tf_keras() -> None:
    runs = Runs()
    for seed in range(SEEDS):
        script = generate_nested(seed)
        runs.compare(f"nested {seed} ({script.intent})", script.source)
    outcomes = runs.outcomes
    print(f"outcomes {outcomes}, shape coverage {runs.known}/{runs.total}, "
          f"{runs.unfollowed} not followed")
    assert runs.unfollowed <= SEEDS // 15  # 8 of 150 at seeds 0..149
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("construct", 0) >= 20, outcomes
    assert not runs.failures, f"{len(runs.failures)} mismatches:\n" + "\n".join(
        runs.failures[:SHOWN])


def test_hand_nested_scripts_agree_with_tf_keras() -> None:
    runs = Runs()
    for path in HAND:
        runs.compare(path.stem, path.read_text())
    print(f"outcomes {runs.outcomes}, {runs.unfollowed} not followed")
    assert len(HAND) >= 5 and runs.unfollowed <= 1  # nested_functional_wrong_input
    assert not runs.failures, f"{len(runs.failures)} mismatches:\n" + "\n".join(
        runs.failures[:SHOWN])
