"""The data corpus of test_fit_data.py (fit_data_cases.py: hand cases for every model style,
validation data, structures, ranks, counts, targets per output, and 400 seeded scripts) on Keras
3's default backend, TensorFlow (one subprocess for the file). layerlint, resolving the
tensorflow backend, must agree on verdict, line, stage, names and TensorFlow's message: the
batch axis None in fit/evaluate (a traced step), TensorFlow's loss errors."""

from __future__ import annotations

import functools

import pytest
from differential.keras_tf_runner import tf_backend
from fit_data_cases import HAND, SEEDS, agree, generate
from subclass.runner import run_batch

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3
CHUNKS = 4
# TensorFlow raises where layerlint claims nothing: train_on_batch with x and y of other sample
# counts under a cross-entropy (as on torch, fit_data_cases.KERAS3_UNFOLLOWED).
TF_UNFOLLOWED = {"functional:counts_train_on_batch:categorical_crossentropy",
                 "functional:counts_train_on_batch:sparse_categorical_crossentropy"}


@functools.lru_cache(maxsize=1)
def tf_runs() -> tuple[dict, list]:
    names = sorted(HAND)
    generated = [generate(seed) for seed in SEEDS]
    done = run_batch([HAND[n] for n in names] + [g.source for g in generated], "keras3",
                     timeout=2400, backend="tensorflow")
    return dict(zip(names, done)), list(zip(generated, done[len(names):]))


def _check(source: str, path: str):  # type: ignore[no-untyped-def]
    with tf_backend():
        result = check_source(source, path, dialect="keras3")
    assert result.keras_backend == "tensorflow"
    return result


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_case_agrees_with_keras3_on_tensorflow(name: str) -> None:
    run = tf_runs()[0][name]
    result = _check(HAND[name], f"{name}.py")
    if name in TF_UNFOLLOWED:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        assert run["error"] is not None and not errors, (run["error"], errors)
        return
    assert agree(result, run, "keras3") == []


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_data_agree_with_keras3_on_tensorflow(chunk: int) -> None:
    failures, outcomes = [], {}
    for case, run in tf_runs()[1][chunk::CHUNKS]:
        result = _check(case.source, f"data_{case.seed}.py")
        stage = run["error"]["stage"] if run["error"] else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        problems = agree(result, run, "keras3")
        if problems:
            failures.append(f"--- seed {case.seed} ({case.intent})\n{case.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    print(f"chunk {chunk}: outcomes {outcomes}")
    assert outcomes.get("clean", 0) >= 15 and outcomes.get("fit", 0) >= 15  # not vacuous
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])


def test_the_traced_batch_axis_is_none_in_fit_and_concrete_in_predict() -> None:
    fit = _check(HAND["functional:rank_up:mse"], "f.py").diagnostics[0].framework_error
    call = _check(HAND["functional:rank_up_call:mse"], "c.py").diagnostics[0].framework_error
    assert fit is not None and "torch.Size" not in fit and "(None, 8, 2)" in fit
    assert call is not None and "(10, 8, 2)" in call
