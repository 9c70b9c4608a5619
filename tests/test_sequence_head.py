"""An RNN returning sequences where the model's head wanted the last step (sequence_head.py).

Every case runs in real Keras 3 (torch backend) or tf_keras 2.21 and through
``pipeline.check_source``; ``differential.compare`` must agree (error or not, statement, stage),
and every fix offered, applied, must make the real framework run the script.
"""

from __future__ import annotations

import random

import pytest
from differential.compare import compare
from differential.keras_runner import run_script

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

RETURN_LAST = "Set return_sequences=False on LSTM (lstm)"
ONE_PER_STEP = "returns one output per step (return_sequences=True)"


def script(head: str, middle: str, dense: str, loss: str, x: str, y: str,
           keras: str = "import keras") -> str:
    return f"""import numpy as np
{keras}

model = keras.Sequential([
    {head}
    {middle}
    keras.layers.{dense},
])
model.compile(optimizer="adam", loss={loss})
model.fit({x}, {y}, epochs=1, verbose=0)
"""


TOKENS = "np.random.randint(0, 50, (40, 12))"
FLOATS = "np.random.rand(40, 12, 4)"
LSTM_SEQ = "keras.layers.LSTM(6, return_sequences=True),"


def checked(source: str, dialect: str | None = None):
    result = check_source(source, "head.py", dialect=dialect)
    return result, [d for d in result.diagnostics if d.severity != "info"]


def assert_fixes_run(source: str, diagnostic, runner=run_script) -> dict[str, str]:
    """Apply every fix of ``diagnostic``: the real framework runs each fixed script."""
    assert diagnostic.fixes
    fixed = {}
    for fix in diagnostic.fixes:
        text = apply_edits(source, fix.edits)
        run = runner(text)
        assert run.error is None, (fix.title, run.error, text)
        fixed[fix.title] = text
    return fixed


# --- Keras 3, hand-written -----------------------------------------------------------------------


@pytest.mark.keras3
def test_flatten_over_a_sequence_of_unknown_length_is_ll106_with_both_fixes():
    source = script("keras.Input((None, 4)),", LSTM_SEQ + "\n    keras.layers.Flatten(),",
                    'Dense(1, activation="sigmoid")', '"binary_crossentropy"', FLOATS,
                    "np.random.randint(0, 2, (40, 1))")
    run = run_script(source)
    assert run.error.stage == "construct" and "fully-defined" in run.error.message
    result, [finding] = checked(source)
    assert compare(result, run) == []
    assert (finding.code, finding.stage, finding.span.line) == ("LL106", "construct", 8)
    assert ONE_PER_STEP in finding.message and "unknown length" in finding.message
    fixed = assert_fixes_run(source, finding)
    assert list(fixed) == [f"{RETURN_LAST} and remove the Flatten (flatten)", RETURN_LAST]
    both = fixed[f"{RETURN_LAST} and remove the Flatten (flatten)"]
    assert "Flatten" not in both and "LSTM(6, return_sequences=False)" in both
    assert not checked(both)[1] and not checked(fixed[RETURN_LAST])[1]


@pytest.mark.keras3
def test_flatten_after_dropout_and_gru_of_unknown_length():
    source = script("keras.Input((None, 4)),",
                    "keras.layers.GRU(5, return_sequences=True),\n    keras.layers.Dropout(0.1),"
                    "\n    keras.layers.Flatten(),\n    keras.layers.Dropout(0.1),",
                    "Dense(2)", '"mse"', FLOATS, "np.random.rand(40, 2)")
    run = run_script(source)
    result, [finding] = checked(source)
    assert compare(result, run) == [] and finding.code == "LL106"
    assert "GRU (gru), which returns one output per step" in finding.message
    assert [f.title for f in finding.fixes] == [
        "Set return_sequences=False on GRU (gru) and remove the Flatten (flatten)",
        "Set return_sequences=False on GRU (gru)"]
    assert_fixes_run(source, finding)


@pytest.mark.keras3
def test_flatten_over_a_sequence_of_known_length_is_legitimate():
    source = script("keras.Input((12, 4)),", LSTM_SEQ + "\n    keras.layers.Flatten(),",
                    'Dense(3, activation="softmax")', '"sparse_categorical_crossentropy"', FLOATS,
                    "np.random.randint(0, 3, (40,))")
    assert run_script(source).error is None
    assert checked(source)[1] == []


@pytest.mark.keras3
def test_flatten_without_input_is_built_from_the_data_in_keras3():
    # Keras 3 builds at fit with the real length 12: no error (tf.keras 2 fails, below).
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ + "\n    keras.layers.Flatten(),",
                    "Dense(1)", '"mse"', TOKENS, "np.random.rand(40, 1)")
    assert run_script(source).error is None
    assert checked(source)[1] == []


LABELS = {
    "sparse (N,)": ('"sparse_categorical_crossentropy"', "np.random.randint(0, 3, (40,))"),
    "sparse (N, 1)": ('"sparse_categorical_crossentropy"', "np.random.randint(0, 3, (40, 1))"),
    "sparse object": ("keras.losses.SparseCategoricalCrossentropy()",
                      "np.random.randint(0, 3, (40,))"),
    "categorical": ('"categorical_crossentropy"',
                    "keras.utils.to_categorical(np.random.randint(0, 3, (40,)), 3)"),
    "categorical object": ("keras.losses.CategoricalCrossentropy()",
                           "keras.utils.to_categorical(np.random.randint(0, 3, (40,)), 3)"),
    "mse (N, 3)": ('"mse"', "np.random.rand(40, 3)"),
}


@pytest.mark.keras3
@pytest.mark.parametrize("labels", LABELS)
def test_per_sequence_targets_against_a_per_step_output_fail_with_the_fix(labels):
    loss, y = LABELS[labels]
    source = script("keras.layers.Embedding(50, 8),",
                    LSTM_SEQ + "\n    keras.layers.Dropout(0.2),",
                    'Dense(3, activation="softmax")', loss, TOKENS, y)
    run = run_script(source)
    assert run.error is not None and run.error.stage == "fit"
    result, [finding] = checked(source)
    assert compare(result, run) == []
    assert finding.code in ("LL202", "LL204") and ONE_PER_STEP in finding.message
    assert "the targets fit the output of its last step, (N, 3)" in finding.message
    assert finding.fixes[0].title == RETURN_LAST
    fixed = apply_edits(source, finding.fixes[0].edits)
    assert run_script(fixed).error is None and checked(fixed)[1] == []


@pytest.mark.keras3
def test_binary_labels_against_per_step_sigmoid_fail_with_the_fix():
    source = script("keras.Input((None, 4)),",
                    "keras.layers.Bidirectional(keras.layers.LSTM(6, return_sequences=True)),",
                    'Dense(1, activation="sigmoid")', '"binary_crossentropy"', FLOATS,
                    "np.random.randint(0, 2, (40, 1))")
    run = run_script(source)
    result, [finding] = checked(source)
    assert compare(result, run) == [] and finding.code == "LL202"
    assert "Bidirectional (bidirectional) returns one output per step" in finding.message
    fixed = assert_fixes_run(source, finding)
    assert "Bidirectional(keras.layers.LSTM(6, return_sequences=False))" in fixed[
        "Set return_sequences=False on Bidirectional (bidirectional)"]


@pytest.mark.keras3
@pytest.mark.parametrize("y", ["np.random.rand(40,)", "np.random.rand(40, 1)"])
def test_mse_broadcasting_per_sequence_targets_is_ll401_with_the_fix(y):
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ, "Dense(1)", '"mse"', TOKENS, y)
    assert run_script(source).error is None  # trains silently on every step against one target
    _, [warning] = checked(source)
    assert warning.code == "LL401" and ONE_PER_STEP in warning.message
    assert [f.title for f in warning.fixes] == [RETURN_LAST]
    fixed = assert_fixes_run(source, warning)
    assert checked(fixed[RETURN_LAST])[1] == []


@pytest.mark.keras3
@pytest.mark.parametrize(("loss", "y"), [
    ('"sparse_categorical_crossentropy"', "np.random.randint(0, 3, (40, 12))"),  # per step
    ('"mse"', "np.random.rand(40, 12, 3)"),
])
def test_targets_per_step_are_sequence_labelling(loss, y):
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ,
                    'Dense(3, activation="softmax")', loss, TOKENS, y)
    assert run_script(source).error is None
    assert checked(source)[1] == []


@pytest.mark.keras3
def test_targets_fitting_neither_get_no_return_sequences_hint():
    # (N, 5) labels fit neither (N, 12, 3) nor the last step (N, 3): a data problem.
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ,
                    'Dense(3, activation="softmax")', '"categorical_crossentropy"', TOKENS,
                    "np.random.rand(40, 5)")
    run = run_script(source)
    result, [finding] = checked(source)
    assert run.error is not None and compare(result, run) == []
    assert ONE_PER_STEP not in finding.message
    assert not any("return_sequences" in f.title for f in finding.fixes)


@pytest.mark.keras3
def test_dense_on_a_conv1d_sequence_gets_no_rnn_hint():
    source = script("keras.Input((12, 4)),", "keras.layers.Conv1D(6, 3),", "Dense(1)", '"mse"',
                    FLOATS, "np.random.rand(40, 1)")
    assert run_script(source).error is None
    _, [warning] = checked(source)
    assert warning.code == "LL401" and "return_sequences" not in warning.message
    assert warning.fixes == []


# --- Keras 3, seeded random stacks ---------------------------------------------------------------

SEEDS = range(100)


def random_stack(seed: int) -> str:
    """Embedding/Input -> RNN(return_sequences=...) -> [Dropout] [Flatten] [Dropout] -> Dense,
    compiled with one of four losses (string or object), fitted with targets of some rank."""
    rng = random.Random(seed)
    length = rng.choice(["12", "None"])
    head, x = rng.choice([
        ("keras.layers.Embedding(50, 8),", TOKENS),
        (f"keras.Input(({length},)),\n    keras.layers.Embedding(50, 8),", TOKENS),
        (f"keras.Input(({length}, 4)),", FLOATS),
    ])
    sequences = rng.random() < 0.85
    rnn = rng.choice(["LSTM", "GRU", "SimpleRNN", "Bidirectional"])
    inner = f"keras.layers.{'LSTM' if rnn == 'Bidirectional' else rnn}(6" + (
        ", return_sequences=True)" if sequences else ")")
    middle = [f"keras.layers.Bidirectional({inner})," if rnn == "Bidirectional"
              else f"{inner},"]
    if rng.random() < 0.3:
        middle.append("keras.layers.Dropout(0.2),")
    if rng.random() < 0.35:
        middle.append("keras.layers.Flatten(),")
        if rng.random() < 0.3:
            middle.append("keras.layers.Dropout(0.1),")
    units = rng.choice([1, 3])
    loss = rng.choice(["mse", "binary_crossentropy", "categorical_crossentropy",
                       "sparse_categorical_crossentropy"])
    activation = {"mse": None, "binary_crossentropy": "sigmoid"}.get(loss, "softmax")
    dense = f"Dense({units})" if activation is None else \
        f'Dense({units}, activation="{activation}")'
    if rng.random() < 0.3:
        name = "".join(part.capitalize() for part in loss.split("_"))
        name = name.replace("Mse", "MeanSquaredError")
        loss_text = f"keras.losses.{name}()"
    else:
        loss_text = f'"{loss}"'
    classes = 2 if loss == "binary_crossentropy" else units
    shape = rng.choice(["(40,)", "(40, 1)", f"(40, {units})", "(40, 12)", f"(40, 12, {units})"])
    if loss == "categorical_crossentropy":
        y = f"keras.utils.to_categorical(np.random.randint(0, {units}, {shape}), {units})" \
            if shape in ("(40,)", "(40, 12)") else f"np.random.rand{shape.replace(',)', ')')}"
    elif loss == "mse":
        y = f"np.random.rand{shape.replace(',)', ')')}"
    else:
        y = f"np.random.randint(0, {classes}, {shape})"
    return script(head, "\n    ".join(middle), dense, loss_text, x, y)


def test_random_stacks_are_varied():
    stacks = [random_stack(seed) for seed in SEEDS]
    assert len(set(stacks)) >= 0.95 * len(stacks)
    assert sum("Flatten" in s for s in stacks) >= 20
    assert sum("keras.losses." in s for s in stacks) >= 15
    assert sum("None" in s for s in stacks) >= 20


@pytest.mark.keras3
@pytest.mark.parametrize("chunk", range(4))
def test_random_stacks_agree_with_keras3_and_their_fixes_run(chunk):
    problems: list[str] = []
    hinted = 0
    for seed in SEEDS[chunk::4]:
        source = random_stack(seed)
        run = run_script(source)
        result, found = checked(source)
        mismatch = compare(result, run)
        if mismatch:
            problems.append(f"seed {seed}: {mismatch}\n{source}")
            continue
        for diagnostic in found:
            hinted += ONE_PER_STEP in diagnostic.message
            if run.error is not None and diagnostic.severity != "error":
                continue  # a warning's fix is not meant to remove the error Keras raises
            for fix in diagnostic.fixes:
                fixed = apply_edits(source, fix.edits)
                after = run_script(fixed)
                if after.error is not None:
                    problems.append(f"seed {seed}: fix {fix.title!r} fails: {after.error}\n"
                                    f"{fixed}")
    assert not problems, "\n".join(problems[:8])
    assert hinted >= 3  # every chunk meets the finding


# --- tf.keras 2 ----------------------------------------------------------------------------------

TF_KERAS = "from tensorflow import keras"


def tf_keras_run(source: str):
    from keras2.tf_keras_runner import run_script as run_tf_keras

    return run_tf_keras(source)


@pytest.mark.keras2
def test_tf_keras_embedding_without_input_length_then_flatten_is_ll106_with_fixes():
    # The Embedding declares the input (None, None): the model is built, and fails, at once.
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ + "\n    keras.layers.Flatten(),",
                    'Dense(1, activation="sigmoid")', '"binary_crossentropy"', TOKENS,
                    "np.random.randint(0, 2, (40, 1))", keras=TF_KERAS)
    run = tf_keras_run(source)
    assert run.error.stage == "construct" and "should be defined. Found None" in run.error.message
    result, [finding] = checked(source, "keras2")
    assert compare(result, run) == []
    assert (finding.code, finding.span.line) == ("LL106", 8) and ONE_PER_STEP in finding.message
    fixed = assert_fixes_run(source, finding, tf_keras_run)
    # The third keeps the Flatten over a fixed length (tests/keras2/test_keras2_fixes.py).
    assert list(fixed) == [f"{RETURN_LAST} and remove the Flatten (flatten)", RETURN_LAST,
                           ("Set input_length=12 on Embedding (embedding), the length of the "
                            "data passed to fit (line 11)")]
    assert all(not checked(text, "keras2")[1] for text in fixed.values())


@pytest.mark.keras2
@pytest.mark.parametrize("labels", ["sparse (N,)", "sparse (N, 1)", "categorical"])
def test_tf_keras_per_sequence_labels_against_per_step_output_fail_with_the_fix(labels):
    loss, y = LABELS[labels]
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ, 'Dense(3, activation="softmax")',
                    loss, TOKENS, y, keras=TF_KERAS)
    run = tf_keras_run(source)
    assert run.error is not None and run.error.stage == "fit"
    result, [finding] = checked(source, "keras2")
    assert compare(result, run) == [] and finding.code == "LL202"
    assert ONE_PER_STEP in finding.message
    fixed = assert_fixes_run(source, finding, tf_keras_run)
    assert [checked(text, "keras2")[1] for text in fixed.values()] == [[]]


@pytest.mark.keras2
@pytest.mark.parametrize(("dense", "loss", "y"), [
    ("Dense(1)", '"mse"', "np.random.rand(40, 1)"),
    ("Dense(1)", '"mae"', "np.random.rand(40,)"),
    ('Dense(1, activation="sigmoid")', '"binary_crossentropy"',
     "np.random.randint(0, 2, (40, 1))"),
])
def test_tf_keras_broadcasting_per_sequence_targets_is_ll401_with_the_fix(dense, loss, y):
    source = script("keras.layers.Embedding(50, 8),", LSTM_SEQ, dense, loss, TOKENS, y,
                    keras=TF_KERAS)
    assert tf_keras_run(source).error is None  # trains silently
    _, [warning] = checked(source, "keras2")
    assert warning.code == "LL401" and ONE_PER_STEP in warning.message
    fixed = assert_fixes_run(source, warning, tf_keras_run)
    assert [checked(text, "keras2")[1] for text in fixed.values()] == [[]]


@pytest.mark.keras2
def test_tf_keras_embedding_with_input_length_then_flatten_is_legitimate():
    source = script("keras.layers.Embedding(50, 8, input_length=12),",
                    LSTM_SEQ + "\n    keras.layers.Flatten(),", "Dense(1)", '"mse"', TOKENS,
                    "np.random.rand(40, 1)", keras=TF_KERAS)
    assert tf_keras_run(source).error is None
    assert checked(source, "keras2")[1] == []


@pytest.mark.keras2
@pytest.mark.parametrize("chunk", range(2))
def test_random_stacks_agree_with_tf_keras_and_their_fixes_run(chunk):
    problems: list[str] = []
    hinted = 0
    for seed in SEEDS[chunk::2]:
        source = random_stack(seed).replace("import keras\n", TF_KERAS + "\n", 1)
        run = tf_keras_run(source)
        result, found = checked(source, "keras2")
        mismatch = compare(result, run)
        if mismatch:
            problems.append(f"seed {seed}: {mismatch}\n{source}")
            continue
        for diagnostic in found:
            hinted += ONE_PER_STEP in diagnostic.message
            if run.error is not None and diagnostic.severity != "error":
                continue
            for fix in diagnostic.fixes:
                after = tf_keras_run(apply_edits(source, fix.edits))
                if after.error is not None:
                    problems.append(f"seed {seed}: fix {fix.title!r} fails: {after.error}")
    assert not problems, "\n".join(problems[:8])
    assert hinted >= 10
