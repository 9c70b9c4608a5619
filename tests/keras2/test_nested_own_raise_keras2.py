"""A built model called on other shapes in tf.keras 2 reruns its layers (nested_keras2.py); a
layer there that passes its input checks but raises from its own code (a kernel longer than the
new input, a Reshape of another size, a Cropping that eats the axis) is an LL903 note naming
that layer, never silence and never a claimed error. Seeded inner Sequentials built on one
length and called on another, and hand scripts, against real tf_keras (in this worker's
process): where tf_keras runs cleanly layerlint finds no error and says nothing of a raise;
where it raises, layerlint's error is at that line with its message, or its note says what it
did not follow; every "raises from its own code" note sits at a call where tf_keras raised.
(The row of a model rerun on other shapes shows the shapes it was built for, as tf_keras'
summary does: compared in test_summary_keras2.py.)"""

from __future__ import annotations

import random

import pytest
from differential.compare import first_error
from differential.graph_runs import keras2_message

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

SEEDS = range(120)
OWN = "raises from its own code there"
HEAD = "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
HAND = {
    "kernel_longer_than_the_new_input": (
        "inner = keras.Sequential([keras.Input((10, 4)), layers.Conv1D(4, 5), "
        "layers.GlobalMaxPooling1D()])\ninp = keras.Input((3, 4))\nout = inner(inp)\n"
        "model = keras.Model(inp, layers.Dense(1)(out))\n", "Conv1D (conv1d)"),
    "reshape_of_the_built_size": (
        "inner = keras.Sequential([keras.Input((8, 4)), layers.Reshape((32,)), "
        "layers.Dense(2)])\ninp = keras.Input((6, 4))\nout = inner(inp)\n"
        "model = keras.Model(inp, out)\n", "Reshape (reshape)"),
}


def _own_layer(rng: random.Random, length: int, channels: int) -> str:
    return rng.choice([
        f"layers.Conv1D(4, {rng.randint(2, length)})",
        f"layers.MaxPooling1D({rng.randint(2, length)})",
        f"layers.Reshape(({length * channels},))",
        f"layers.Reshape(({length}, {channels}, 1))",
        f"layers.Cropping1D(({rng.randint(0, length // 2)}, {rng.randint(0, length // 2)}))",
        "layers.Flatten()", f"layers.Dense({rng.choice([2, 3])})",
    ])


def generate(seed: int) -> str:
    rng = random.Random(seed)
    length, channels = rng.choice([4, 6, 8]), rng.choice([2, 3])
    chain = [_own_layer(rng, length, channels) for _ in range(rng.randint(1, 2))]
    called = rng.choice([2, 3, 5, length, length + 2, 9])
    return HEAD + "\n".join([
        f"inner = keras.Sequential([keras.Input(({length}, {channels})), {', '.join(chain)}])",
        f"inp = keras.Input(({called}, {channels}))", "out = inner(inp)",
        "model = keras.Model(inp, out)"]) + "\n"


def _check(source: str) -> list[str]:
    run = run_script(source)
    result = check_source(source, "nested.py", dialect="keras2")
    own = [d for d in result.diagnostics if d.code == "LL903" and OWN in d.message]
    if own and (run.error is None or run.error.line != own[0].span.line):
        return [f"a raise noted at line {own[0].span.line}, tf_keras: {run.error or 'clean'}"]
    mine = first_error(result)
    if run.error is None:  # the verdict (the rows of a rerun model are not compared here)
        return [] if mine is None else [f"tf_keras ran cleanly; layerlint: {mine.message}"]
    if mine is None:
        if any(d.code in ("LL902", "LL903") for d in result.diagnostics):
            return []  # said what it did not follow
        return [f"tf_keras raised {run.error}; layerlint is silent"]
    if mine.span.line != run.error.line:
        return [f"tf_keras raised {run.error}; layerlint at line {mine.span.line}"]
    return keras2_message(result, run)


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_own_raises_are_noted(name: str) -> None:
    source, layer = HAND[name]
    source = HEAD + source
    assert _check(source) == []
    result = check_source(source, "nested.py", dialect="keras2")
    (note,) = [d for d in result.diagnostics if d.code == "LL903"]
    assert OWN in note.message and layer in note.message and note.span.line == 6
    assert first_error(result) is None


def test_seeded_reruns_agree_or_note_with_tf_keras() -> None:
    failures, noted = [], 0
    for seed in SEEDS:
        source = generate(seed)
        problems = _check(source)
        noted += OWN in " ".join(d.message for d in check_source(
            source, "n.py", dialect="keras2").diagnostics)
        if problems:
            failures.append(f"--- seed {seed}\n{source}" + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert noted >= 10, noted
