"""Data reaching Sequential, functional and subclassed models in real tf.keras 2 (tf_keras
2.21, one subprocess for the file): the hand-written cases and 400 seeded scripts of
fit_data_cases.py, compared on verdict, line, stage, names and tf.keras' message (the text
after "in user code:"; layerlint's a prefix of it, see subclass/compare.py). tf.keras 2 differs
from Keras 3 in its InputSpec (batch axis as traced), in feeding data of another rank on to the
layers, in checking sample counts for train_on_batch, in giving one target array to every
output, and in accepting validation data without targets."""

from __future__ import annotations

import pytest
from fit_data_cases import HAND, generated_problems, hand_problems

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras2
CHUNKS = 4


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_case_agrees_with_tf_keras(name: str) -> None:
    assert hand_problems(name, "keras2") == []


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_data_agree_with_tf_keras(chunk: int) -> None:
    failures, outcomes = generated_problems(chunk, CHUNKS, "keras2")
    print(f"chunk {chunk}: outcomes {outcomes}")
    assert outcomes.get("clean", 0) >= 15 and outcomes.get("fit", 0) >= 15  # not vacuous
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])


def test_functional_data_is_checked_not_noted() -> None:
    """tf.keras 2 functional data used to be an LL903 note; now it is checked."""
    result = check_source(HAND["two_in_two_out:b_last_axis"], "b.py", dialect="keras2")
    assert not [d for d in result.diagnostics if d.code == "LL903"]
    (error,) = [d for d in result.diagnostics if d.severity == "error"]
    assert error.framework_error == ('ValueError: Input 1 of layer "model" is incompatible with '
                                     "the layer: expected shape=(None, 3), found shape=(None, 4)")
