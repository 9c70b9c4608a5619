"""Data reaching Sequential, functional and subclassed models in real Keras 3 (one subprocess
for the file, subclass/runner.py): the hand-written cases of fit_data_cases.py (validation data
for every style, structures, ranks, counts, targets per output) and 400 seeded generated
scripts. layerlint must agree on verdict, line, stage, names and Keras' message."""

from __future__ import annotations

import pytest
from fit_data_cases import HAND, generated_problems, hand_problems

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3
CHUNKS = 4


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_case_agrees_with_keras3(name: str) -> None:
    assert hand_problems(name, "keras3") == []


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_data_agree_with_keras3(chunk: int) -> None:
    failures, outcomes = generated_problems(chunk, CHUNKS, "keras3")
    print(f"chunk {chunk}: outcomes {outcomes}")
    assert outcomes.get("clean", 0) >= 15 and outcomes.get("fit", 0) >= 15  # not vacuous
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])


def test_validation_runs_only_when_an_epoch_validates_and_after_training() -> None:
    for epochs, errors in (("freq_2_epochs_1", 0), ("freq_2_epochs_2", 1)):
        result = check_source(HAND[f"subclass:validation:{epochs}:mse"], "v.py",
                              dialect="keras3")
        assert len([d for d in result.diagnostics if d.severity == "error"]) == errors
    # training data with a wrong axis raise before the validation data's counts
    first = check_source(HAND["functional:validation:training_first:mse"], "t.py",
                         dialect="keras3").diagnostics[0]
    assert (first.code, first.message.startswith("validation_data")) == ("LL201", False)
