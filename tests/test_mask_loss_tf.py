"""LL308 on Keras 3's TensorFlow backend: the mask of Embedding(mask_zero=True)/Masking that
reaches the loss weighs the per-sample losses there too (``values * mask``), and fails where
torch fails. TensorFlow traces the step: a static batch fails the trace ("Dimensions must be
equal, but are 4 and 5 for ... with input shapes: [4], [4,5]."), a batch axis of None passes it
and the step fails on the batches it runs ("Graph execution error: ... Incompatible shapes:
[8] vs. [8,4]"). test_mask_loss.py's hand cases and seeded stacks run in one TensorFlow
subprocess; layerlint, resolving the tensorflow backend, must agree on verdict, line, stage and
TensorFlow's message."""

from __future__ import annotations

import functools

import pytest
from differential.keras_tf_runner import tf_backend
from fit_data_cases import agree
from subclass.runner import run_batch
from test_mask_loss import EMBED, SEEDS, TOKENS, generated, script

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3

HAND = {
    "dense_per_step_mae": script(f"{EMBED}, L.Dense(1)", "mae", TOKENS, "np.zeros((8, 5))"),
    "lstm_sequences_per_sequence": script(f"{EMBED}, L.LSTM(3, return_sequences=True), "
                                          "L.Dense(1)", "mse", TOKENS, "np.zeros((8, 1))"),
    "dropout_kept_mask": script(f"{EMBED}, L.Dropout(0.1), L.Dense(1)", "mse", TOKENS,
                                "np.zeros((8, 1))"),
    "static_batch_fails_the_trace": script(f"{EMBED}, L.Dense(1)", "mse", TOKENS,
                                           "np.zeros((8, 1))", ", batch_size=4"),
    "batch_equal_to_steps_broadcasts": script(f"{EMBED}, L.Dense(1)", "mse",
                                              "np.random.randint(1, 10, (5, 5))",
                                              "np.zeros((5, 1))"),
    "only_the_last_batch_fails": script(f"{EMBED}, L.Dense(1)", "mse",
                                        "np.random.randint(1, 10, (36, 32))",
                                        "np.zeros((36, 1))"),
    "consumed_by_lstm": script(f"{EMBED}, L.LSTM(3), L.Dense(1)", "mse", TOKENS,
                               "np.zeros((8, 1))"),
    "per_step_targets": script(f"{EMBED}, L.Dense(1)", "mse", TOKENS, "np.zeros((8, 5, 1))"),
}


@functools.lru_cache(maxsize=1)
def tf_runs() -> tuple[dict, list]:
    names = sorted(HAND)
    sources = [HAND[n] for n in names] + [generated(seed) for seed in SEEDS]
    done = run_batch(sources, "keras3", timeout=1800, backend="tensorflow")
    return dict(zip(names, done)), list(zip(sources[len(names):], done[len(names):]))


def _check(source: str):  # type: ignore[no-untyped-def]
    with tf_backend():
        result = check_source(source, "example.py", dialect="keras3")
    assert result.keras_backend == "tensorflow"
    return result


def _ll308(result) -> list:  # type: ignore[no-untyped-def]
    return [d for d in result.diagnostics if d.code == "LL308"]


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_case_agrees_with_keras3_on_tensorflow(name: str) -> None:
    run = tf_runs()[0][name]
    result = _check(HAND[name])
    assert agree(result, run, "keras3") == []
    fails = name not in ("batch_equal_to_steps_broadcasts", "consumed_by_lstm",
                         "per_step_targets")
    assert bool(_ll308(result)) == fails == (run["error"] is not None)


def test_the_two_forms_of_tensorflows_message() -> None:
    [traced] = _ll308(_check(HAND["static_batch_fails_the_trace"]))
    assert traced.framework_error == ("ValueError: Dimensions must be equal, but are 4 and 5 "
                                      "for ... with input shapes: [4], [4,5].")
    [ran] = _ll308(_check(HAND["lstm_sequences_per_sequence"]))
    assert ran.framework_error == ("InvalidArgumentError: Graph execution error: ... "
                                   "Incompatible shapes: [8] vs. [8,5]")
    [last] = _ll308(_check(HAND["only_the_last_batch_fails"]))  # [32] * [32,32] broadcasts
    assert "they do not broadcast (in the last batch, of 4 samples)" in last.message
    assert last.framework_error.endswith("Incompatible shapes: [4] vs. [4,32]")


def test_generated_stacks_agree_with_keras3_on_tensorflow() -> None:
    mismatches, masked = [], 0
    for source, run in tf_runs()[1]:
        result = _check(source)
        problems = agree(result, run, "keras3")
        masked += bool(_ll308(result))
        if problems:
            mismatches.append((problems, source))
    assert not mismatches, mismatches[:3]
    assert masked >= 8  # the generator does reach the masked loss
