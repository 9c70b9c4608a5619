"""Keras latent contradictions: a Sequential never built, never called and with no input shape
that fails for every input rank its first layer accepts is reported, at the failing layer, with
no stage (nothing ran), "(this fails for every input)" — as the torch side reports its own.

The oracle is the real framework: each stack is built and called on a concrete input of every
rank 1..6 (keras_latent_oracle.py, one subprocess per dialect). A reported stack must fail for
every rank, at the reported layer whenever the first layer takes the input; a stack not reported
must run for at least one rank. Hand-picked stacks first, then a seeded generator of hundreds.
"""

from __future__ import annotations

import random

import pytest

from layerlint.pipeline import check_source
from layerlint.replay.keras.latent import EVERY_INPUT

from keras_latent_oracle import RANKS, outcomes

HEADS = {"keras3": "import keras\nfrom keras import layers\n\n",
         "keras2": "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"}


def script(stack: list[str], dialect: str = "keras3", tail: str = "") -> str:
    body = ",\n    ".join(stack)
    return f"{HEADS[dialect]}model = keras.Sequential([\n    {body},\n])\n{tail}"


def latent(stack: list[str], dialect: str = "keras3", tail: str = "", fixes: bool = False):
    """The latent contradiction layerlint reports for a stack (None when it reports none)."""
    result = check_source(script(stack, dialect, tail), "m.py", verify_fixes=fixes,
                          dialect=dialect)
    found = [d for d in result.diagnostics if d.message.endswith(EVERY_INPUT)]
    assert len(found) <= 1
    return found[0] if found else None


# --- hand-picked ---------------------------------------------------------------------------

CONTRADICTIONS = [  # (stack, failing layer, code)
    (["layers.Conv1D(8, 3)", "layers.Flatten()", "layers.GRU(4)"], 2, "LL101"),
    (["layers.LSTM(8)", "layers.LSTM(4)"], 1, "LL301"),
    (["layers.Dense(8)", "layers.Flatten()", "layers.Conv2D(3, 3)"], 2, "LL101"),
    (["layers.GlobalAveragePooling2D()", "layers.MaxPooling1D(2)"], 1, "LL101"),
    (["layers.Embedding(100, 8)", "layers.Flatten()", "layers.LSTM(4)"], 2, "LL101"),
    (["layers.Conv2D(4, 3)", "layers.Flatten()", "layers.RepeatVector(3)", "layers.Conv2D(2, 3)"],
     3, "LL101"),
]
CONSISTENT = [
    ["layers.Dense(8)", "layers.LSTM(4)"],  # a 3-D input works
    ["layers.Conv1D(8, 3)", "layers.GRU(4)"],
    ["layers.Embedding(100, 8)", "layers.LSTM(4)"],  # 2-D token ids
    ["layers.Flatten()", "layers.Dense(4)"],
    ["layers.LSTM(8, return_sequences=True)", "layers.LSTM(4)"],
]


@pytest.mark.parametrize("stack, index, code", CONTRADICTIONS)
def test_contradictions_are_reported_at_the_failing_layer(stack, index, code) -> None:
    d = latent(stack)
    assert d is not None and (d.code, d.layer, d.stage, d.severity) == (code, index, None, "error")
    assert d.span.line == 5 + index  # one layer per line from line 5
    assert "Keras raises when the model is built" in d.message


@pytest.mark.parametrize("stack", CONSISTENT)
def test_stacks_some_input_fits_are_not_reported(stack) -> None:
    assert latent(stack) is None


def test_only_models_nothing_builds_are_probed() -> None:
    stack = CONTRADICTIONS[0][0]
    assert latent(stack, tail="model.build((None, 10, 3))\n") is None  # the build's own error
    errors = [d for d in check_source(script(stack, tail="model.build((None, 10, 3))\n"))
              .diagnostics if d.severity == "error"]
    assert [(d.code, d.stage) for d in errors] == [("LL101", "build")]
    assert latent(["layers.Input((10, 3))", *stack]) is None  # the construct error instead
    assert latent(stack, tail="model.fit(features, labels)\n") is None  # data decides
    assert latent(stack, tail="helper(model)\n") is None  # changed elsewhere: not followed
    assert latent(["layers.Lambda(lambda t: t)", "layers.Flatten()", "layers.GRU(4)"]) is None


def test_the_lstm_stack_offers_the_return_sequences_fix() -> None:
    d = latent(["layers.LSTM(8)", "layers.LSTM(4)"], fixes=True)
    assert [f.title for f in d.fixes][:1] == ["Set return_sequences=True on LSTM (lstm)"]


def test_keras2_dialect_reports_too() -> None:
    d = latent(CONTRADICTIONS[0][0], "keras2")
    assert d is not None and d.layer == 2


@pytest.mark.keras3
def test_hand_picked_stacks_agree_with_keras() -> None:
    stacks = [s for s, _, _ in CONTRADICTIONS] + CONSISTENT
    runs = outcomes(stacks)
    for (stack, index, _), per_rank in zip(CONTRADICTIONS, runs):
        assert all(r is not None for r in per_rank), (stack, per_rank)
        assert {r[0] for r in per_rank if r[0] != 0} == {index}, (stack, per_rank)
    for stack, per_rank in zip(CONSISTENT, runs[len(CONTRADICTIONS):]):
        assert any(r is None for r in per_rank), (stack, per_rank)


# --- a seeded generator of unbuilt stacks ---------------------------------------------------

# Layers with literal arguments, all in the catalogue of both dialects. Kernels of 3 and pools
# of 2 at most twice in a stack, so the oracle's concrete inputs are never too small.
SHRINKING = ["layers.Conv1D(4, 3)", "layers.Conv2D(4, 3)", "layers.Conv3D(2, 3)",
             "layers.MaxPooling1D(2)", "layers.MaxPooling2D(2)", "layers.AveragePooling1D(2)"]
OTHERS = [
    "layers.Dense(4)", "layers.Dense(3, activation='relu')", "layers.Flatten()",
    "layers.GlobalAveragePooling1D()", "layers.GlobalMaxPooling2D()", "layers.LSTM(4)",
    "layers.LSTM(4, return_sequences=True)", "layers.GRU(3)", "layers.SimpleRNN(3)",
    "layers.SimpleRNN(3, return_sequences=True)", "layers.Dropout(0.1)",
    "layers.BatchNormalization()", "layers.LayerNormalization()", "layers.RepeatVector(2)",
    "layers.Permute((2, 1))", "layers.Embedding(50, 4)", "layers.Activation('relu')",
    "layers.TimeDistributed(layers.Dense(3))", "layers.Bidirectional(layers.LSTM(2))",
    "layers.UpSampling1D(2)", "layers.ZeroPadding2D(1)", "layers.GlobalAveragePooling3D()",
]


def random_stack(seed: int) -> list[str]:
    rng = random.Random(seed)
    stack: list[str] = []
    shrinking = 0
    for _ in range(rng.randint(2, 5)):
        if shrinking < 2 and rng.random() < 0.35:
            stack.append(rng.choice(SHRINKING))
            shrinking += 1
        else:
            stack.append(rng.choice(OTHERS))
    return stack


def construct_error(stack: list[str], dialect: str):
    """An error when the model is built at construction (a tf.keras 2 Embedding declares the
    input (None, None)): then every call fails, whatever the data."""
    result = check_source(script(stack, dialect), "m.py", verify_fixes=False, dialect=dialect)
    return next((d for d in result.diagnostics
                 if d.severity == "error" and d.stage == "construct"), None)


def check_against(dialect: str, seeds: range) -> tuple[int, int]:
    stacks = [random_stack(seed) for seed in seeds]
    reported = [latent(stack, dialect) for stack in stacks]
    at_construction = [construct_error(stack, dialect) for stack in stacks]
    runs = outcomes(stacks, dialect)
    problems = []
    for seed, stack, d, built, per_rank in zip(seeds, stacks, reported, at_construction, runs):
        if built is not None:
            assert d is None  # a model built at construction is no latent question
            if any(r is None for r in per_rank):
                problems.append(f"seed {seed}: {built.code} at construction but a rank runs: "
                                f"{stack} {per_rank}")
        elif d is not None:
            if any(r is None for r in per_rank):
                problems.append(f"seed {seed}: reported {d.code} at {d.layer} but a rank runs: "
                                f"{stack} {per_rank}")
            elif max(r[0] for r in per_rank) != d.layer:
                problems.append(f"seed {seed}: reported at {d.layer}, Keras fails at "
                                f"{[r[0] for r in per_rank]}: {stack}")
        elif all(r is not None for r in per_rank):
            problems.append(f"seed {seed}: not reported but every rank fails: {stack} "
                            f"{[r for r in per_rank]}")
    assert not problems, "\n".join(problems[:5]) + f"\n({len(problems)} in all)"
    consistent = sum(d is None and b is None for d, b in zip(reported, at_construction))
    return sum(d is not None for d in reported), consistent


@pytest.mark.keras3
def test_random_unbuilt_stacks_agree_with_keras3() -> None:
    contradictions, consistent = check_against("keras3", range(400))
    assert contradictions >= 60 and consistent >= 60, (contradictions, consistent)


@pytest.mark.keras2
def test_random_unbuilt_stacks_agree_with_tf_keras() -> None:
    contradictions, consistent = check_against("keras2", range(1000, 1150))
    assert contradictions >= 20 and consistent >= 20, (contradictions, consistent)


def test_ranks_probed_cover_the_oracles() -> None:
    from layerlint.replay.keras.latent import PROBE_RANKS

    assert list(PROBE_RANKS) == list(RANKS)
