"""Scripts whose data come from scikit-learn and pandas, run in real Keras 3 and tf.keras 2
(one subprocess per dialect; tests/sklearn_pandas_fit_cases.py): layerlint agrees on verdict,
line, stage and the framework's message — x/y sample counts after train_test_split (known
counts compared, named ones silent), input widths from frames, heads from encoders."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")
pytest.importorskip("pandas")

from sklearn_pandas_fit_cases import HAND, generated_problems, hand_problems  # noqa: E402


@pytest.mark.keras3
@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_case_agrees_with_keras3(name: str) -> None:
    assert hand_problems(name, "keras3") == []


@pytest.mark.keras2
@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_case_agrees_with_tf_keras(name: str) -> None:
    pytest.importorskip("tf_keras")
    assert hand_problems(name, "keras2") == []


@pytest.mark.keras3
def test_generated_pipelines_agree_with_keras3() -> None:
    failures, outcomes = generated_problems("keras3")
    print(outcomes)
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("fit", 0) >= 15  # not vacuous
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])


@pytest.mark.keras2
def test_generated_pipelines_agree_with_tf_keras() -> None:
    pytest.importorskip("tf_keras")
    failures, outcomes = generated_problems("keras2")
    print(outcomes)
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("fit", 0) >= 15
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
