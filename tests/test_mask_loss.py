"""LL308: a mask from Embedding(mask_zero=True) or Masking still attached to the model output
weighs the loss (Keras 3 ``Loss.__call__``: ``values * mask`` after ``squeeze_or_expand``) and
fails at fit when the per-sample losses and the mask do not broadcast.

Hand-written cases and a seeded generator of small stacks run in real Keras 3 (torch backend);
layerlint must agree (error <=> real failure, same line and stage, the framework's message).
tf.keras 2 applies the mask too (as a sample weight, with its own squeeze rules): LL308 is not
claimed in that dialect, and tf.keras' outcome for the seed case is pinned below."""

from __future__ import annotations

import random

import pytest
from differential.compare import compare, first_error
from differential.keras_runner import run_script

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3

HEAD = "import numpy as np\nimport keras\nL = keras.layers\n\n"


def script(layers: str, loss: str, x: str, y: str, extra: str = "") -> str:
    return (f"{HEAD}x = {x}\ny = {y}\nmodel = keras.Sequential([{layers}])\n"
            f"model.compile(optimizer='adam', loss={loss!r})\n"
            f"model.fit(x, y, epochs=1, verbose=0{extra})\n")


EMBED = "L.Embedding(10, 4, mask_zero=True)"
TOKENS = "np.random.randint(1, 10, (8, 5))"


def both(source: str):
    result = check_source(source, "example.py", dialect="keras3")
    run = run_script(source)
    assert compare(result, run) == [], source
    return result, run


def ll308(result):
    return [d for d in result.diagnostics if d.code == "LL308"]


def test_seed_case_lstm_sequences_dense1_with_per_sequence_targets():
    source = script(f"{EMBED}, L.LSTM(3, return_sequences=True), L.Dense(1)", "mse", TOKENS,
                    "np.zeros((8, 1))")
    result, run = both(source)
    assert (run.error.type, run.error.stage, run.error.line) == ("RuntimeError", "fit", 9)
    [d] = ll308(result)
    assert (d.severity, d.span.line, d.stage, d.layer) == ("error", 9, "fit", 2)
    assert d.framework_error.split(": ", 1)[1] == run.error.message.strip()
    assert [r.span.line for r in d.related] == [7, 7]
    titles = [f.title for f in d.fixes]
    assert titles == ["Set return_sequences=False on LSTM (lstm): one output per sequence",
                      ("Insert L.GlobalAveragePooling1D() before Dense (dense): it averages the "
                       "unmasked steps")]
    for fix in d.fixes:  # each fix runs in real Keras 3 and layerlint sees no error after it
        fixed = apply_edits(source, fix.edits)
        assert not [x for x in check_source(fixed, "example.py").diagnostics
                    if x.severity == "error"]
        assert run_script(fixed).error is None, fix.title


def test_without_mask_zero_it_only_broadcasts():
    source = script("L.Embedding(10, 4), L.LSTM(3, return_sequences=True), L.Dense(1)", "mse",
                    TOKENS, "np.zeros((8, 1))")
    result, run = both(source)
    assert run.error is None and not ll308(result)
    assert "LL401" in {d.code for d in result.diagnostics}


@pytest.mark.parametrize(("layers", "loss", "y", "fails"), [
    (f"{EMBED}, L.Dense(1)", "mse", "np.zeros((8, 5, 1))", False),
    (f"{EMBED}, L.Dense(1)", "mae", "np.zeros((8, 5))", True),
    (f"{EMBED}, L.Dense(1)", "mse", "np.zeros((8,))", False),  # (8,) vs (8,5,1): broadcast
    (f"{EMBED}, L.LSTM(3), L.Dense(1)", "mse", "np.zeros((8, 1))", False),  # consumed
    (f"{EMBED}, L.GlobalAveragePooling1D(), L.Dense(1)", "mse", "np.zeros((8, 1))", False),
    (f"{EMBED}, L.Flatten(), L.Dense(1)", "mse", "np.zeros((8, 1))", False),  # dropped
    (f"{EMBED}, L.Dense(3, activation='softmax')", "sparse_categorical_crossentropy",
     "np.zeros((8, 5))", False),
    (f"{EMBED}, L.Dropout(0.1), L.Dense(1)", "mse", "np.zeros((8, 1))", True),
    (f"{EMBED}, L.Bidirectional(L.LSTM(2, return_sequences=True)), L.Dense(1)", "mse",
     "np.zeros((8, 1))", True),
])
def test_hand_written_cases(layers: str, loss: str, y: str, fails: bool):
    result, run = both(script(layers, loss, TOKENS, y))
    assert (run.error is not None) == fails == bool(ll308(result))


def test_evaluate_and_validation_data_reach_the_mask_too():
    layers = f"{EMBED}, L.Dense(1)"
    source = (f"{HEAD}x = {TOKENS}\nmodel = keras.Sequential([{layers}])\n"
              "model.compile(optimizer='adam', loss='mse')\n"
              "model.fit(x, np.zeros((8, 5, 1)), verbose=0, validation_data=(x, np.zeros((8, 1))))\n")
    result, run = both(source)
    [d] = ll308(result)
    assert d.message.startswith("validation_data: ") and run.error.line == d.span.line == 8


def test_a_sample_weight_is_not_modelled():
    source = script(f"{EMBED}, L.Dense(1)", "mse", TOKENS, "np.zeros((8, 1))",
                    ", sample_weight=np.ones((8,))")
    result = check_source(source, "example.py", dialect="keras3")
    assert not ll308(result)


# --- generated stacks ---------------------------------------------------------------------------

# (expression, whether the output is still a sequence (rank 3))
SEQUENCE_LAYERS = [
    ("L.Dense({k})", True), ("L.Dropout(0.1)", True), ("L.Activation('relu')", True),
    ("L.LayerNormalization()", True), ("L.BatchNormalization()", True),
    ("L.LSTM({k}, return_sequences=True)", True), ("L.GRU({k}, return_sequences=True)", True),
    ("L.SimpleRNN({k}, return_sequences=True)", True),
    ("L.TimeDistributed(L.Dense({k}))", True),
    ("L.LSTM({k})", False), ("L.GlobalAveragePooling1D()", False),
    ("L.GlobalMaxPooling1D()", False), ("L.Flatten()", False), ("L.Conv1D({k}, 2)", True),
]
FLAT_LAYERS = ["L.Dense({k})", "L.Dropout(0.1)", "L.Activation('relu')"]
LOSSES = [("mse", None), ("mae", None), ("huber", None), ("binary_crossentropy", "sigmoid"),
          ("categorical_crossentropy", "softmax"), ("sparse_categorical_crossentropy", "softmax")]


def generated(seed: int) -> str:
    rng = random.Random(seed)
    n = rng.choice([4, 6, 8, 40])
    t = rng.choice([4, 5, 7])
    if rng.random() < 0.7:
        first = f"L.Embedding(12, {rng.choice([2, 4])}, mask_zero=True)"
        x = f"np.random.randint(0, 12, ({n}, {t}))"
        shape = f"({t},)"
    else:
        features = rng.choice([2, 3])  # 1: masked BatchNormalization fails (Keras bug)
        first = "L.Masking()"
        x = f"np.random.rand({n}, {t}, {features})"
        shape = f"({t}, {features})"
    layers = [first] if rng.random() < 0.5 else [f"keras.Input({shape})", first]
    sequence = True
    for _ in range(rng.randint(0, 3)):
        if sequence:  # mostly layers that keep the mask, so that it often reaches the loss
            keepers = [entry for entry in SEQUENCE_LAYERS if entry[1]]
            expression, sequence = rng.choice(keepers if rng.random() < 0.7
                                              else SEQUENCE_LAYERS)
        else:
            expression = rng.choice(FLAT_LAYERS)
        layers.append(expression.format(k=rng.choice([2, 3])))
    loss, activation = rng.choice(LOSSES)
    units = 1 if loss == "binary_crossentropy" else rng.choice([1, 3])
    head = f"L.Dense({units}" + (f", activation={activation!r})" if activation else ")")
    layers.append(head)
    target_shape = rng.choice([(n,), (n, 1), (n, 1), (n, units), (n, units), (n, t),
                               (n, t, 1), (n, t, units)])
    if loss == "sparse_categorical_crossentropy":
        y = f"np.random.randint(0, {units}, {target_shape})"
    else:
        y = f"np.random.randint(0, 2, {target_shape}).astype('float32')"
    batch = rng.choice(["", "", ", batch_size=4"])
    return script(", ".join(layers), loss, x, y, batch)


SEEDS = range(120)


def test_generated_stacks_agree_with_keras3():
    mismatches, failures, masked = [], 0, 0
    for seed in SEEDS:
        source = generated(seed)
        result, run = check_source(source, "example.py", dialect="keras3"), run_script(source)
        problems = compare(result, run)
        error = first_error(result)
        if run.error is not None and error is not None and error.code == "LL308":
            masked += 1
            if error.framework_error.split(": ", 1)[1] != run.error.message.strip():
                problems.append(f"message {error.framework_error!r} vs {run.error.message!r}")
        failures += run.error is not None
        if problems:
            mismatches.append((seed, problems, source))
    assert not mismatches, mismatches[:3]
    assert masked >= 8 and failures >= masked  # the generator does reach the masked loss


# --- tf.keras 2 ---------------------------------------------------------------------------------


def _tf_keras_run(source: str):
    from keras2.tf_keras_runner import run_script as run_tf_keras

    return run_tf_keras(source)


@pytest.mark.keras2
def test_tf_keras_seed_case_fails_squeezing_the_mask():
    source = script(f"{EMBED}, L.LSTM(3, return_sequences=True), L.Dense(1)", "mse", TOKENS,
                    "np.zeros((8, 1))")
    result, run = check_source(source, "example.py", dialect="keras2"), _tf_keras_run(source)
    assert compare(result, run) == []
    [d] = ll308(result)
    assert (d.span.line, d.stage) == (run.error.line, run.error.stage) == (9, "fit")
    assert d.framework_error.removeprefix("ValueError: ") in run.error.message


@pytest.mark.keras2
def test_generated_stacks_agree_with_tf_keras():
    """The same generated scripts in tf_keras, in one batch (TensorFlow loads once)."""
    mismatches, masked = [], 0
    for seed in SEEDS:
        source = generated(seed)
        result, run = check_source(source, "example.py", dialect="keras2"), _tf_keras_run(source)
        problems = compare(result, run)
        error = first_error(result)
        if run.error is not None and error is not None and error.code == "LL308":
            masked += 1
            if error.framework_error.removeprefix("ValueError: ") not in run.error.message:
                problems.append(f"message {error.framework_error!r} vs {run.error.message!r}")
        if problems:
            mismatches.append((seed, problems, source))
    assert not mismatches, mismatches[:3]
    assert masked >= 8
