"""A custom layer whose ``build(input_shape)`` creates the layers its ``call()`` uses
(frontends/subclass.py ``trace_build`` / ``built_now``): Keras makes (and names) them when build
runs, sizes may be axes of ``input_shape``. Hand-written scripts and 300 seeded ones
(build_layers_generator.py: inside a subclassed model, a Sequential with or without an Input,
a functional graph; same-kind layers made before it is built) against real Keras 3 (one
subprocess, runner.py): verdict, line, stage, message, every model's layer names, parameters
and shapes, subclass summaries character for character. tf.keras 2 (150 seeded) keeps its
LL903 note: never an error; where tf_keras runs cleanly, names and parameters still agree."""

from __future__ import annotations

import collections
import functools

import pytest

from layerlint.pipeline import check_source

from .build_layers_generator import HEAD, generate_build_layers
from .compare import compare, compare_stacks
from .custom_scripts import CUSTOM_SCRIPTS
from .runner import SUMMARY_COLUMNS, run_batch
from .summary_compare import Tally, tally_script

SEEDS3 = range(300)
SEEDS2 = range(150)

_BLOCK = '''class Block(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.proj = layers.Dense(self.units)
        self.gate = layers.Dense(input_shape[-1])

    def call(self, x):
        return self.proj(x * self.gate(x))


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = Block(4)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.block(x))


model = Net()
side = keras.Sequential([keras.Input((2,)), layers.Dense(3)])
'''
HAND = {
    "built_by_the_first_call": HEAD + _BLOCK + "model(np.zeros((4, 5)))\n"
    "seq = keras.Sequential([keras.Input((5,)), Block(4), layers.Dense(1)])\n",
    "never_built": HEAD + _BLOCK + "seq = keras.Sequential([layers.Dense(1)])\n",
    "trained": HEAD + _BLOCK + "model.compile(optimizer='adam', loss='mse')\n"
    "model.fit(np.zeros((8, 5)), np.zeros((8, 2)), batch_size=4, verbose=0)\n",
    "fails_inside_call": HEAD + _BLOCK.replace("self.gate(x)", "self.proj(x)")
    + "model.predict(np.zeros((4, 5)), verbose=0)\n",
}


def _stacks(source: str) -> bool:
    return "class Net(" not in source


@functools.lru_cache(maxsize=2)
def _runs(dialect: str) -> tuple[dict, list]:
    scripts = [generate_build_layers(s) for s in (SEEDS3 if dialect == "keras3" else SEEDS2)]
    hand = HAND if dialect == "keras3" else {}
    runs = run_batch(list(hand.values()) + [s.source for s in scripts], dialect)
    return dict(zip(hand, runs[:len(hand)])), list(zip(scripts, runs[len(hand):]))


def _compare(source: str, run: dict, dialect: str) -> list[str]:
    result = check_source(source, "script.py", dialect=dialect)
    if _stacks(source):
        return compare_stacks(result, run, dialect, source)
    problems = compare(result, run, "keras2" if dialect == "keras2" else "exact")
    if run["error"] is None:  # and every model the script binds (the side Sequential too)
        problems += compare_stacks(result, run, dialect, source)
    return problems


@pytest.mark.keras3
@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_written_build_layers_agree_with_keras3(name: str, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", str(SUMMARY_COLUMNS))
    run = _runs("keras3")[0][name]
    assert _compare(HAND[name], run, "keras3") == []
    tally = Tally()
    tally_script(tally, name, HAND[name], run, "keras3")
    assert not tally.mismatches and not tally.unclaimed, tally.mismatches[:1]


@pytest.mark.keras3
def test_generated_build_layers_agree_with_keras3(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", str(SUMMARY_COLUMNS))
    failures, noted = [], 0
    outcomes: collections.Counter = collections.Counter()
    tally = Tally()
    for script, run in _runs("keras3")[1]:
        result = check_source(script.source, f"b_{script.seed}.py", dialect="keras3")
        noted += any(d.code in ("LL902", "LL903") for d in result.diagnostics)
        outcomes[(script.styles[0], "raised" if run["error"] else "clean")] += 1
        if not _stacks(script.source):
            tally_script(tally, f"seed {script.seed}", script.source, run, "keras3")
        problems = _compare(script.source, run, "keras3")
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} of {len(SEEDS3)} disagree:\n" + "\n".join(failures[:3])
    assert noted == 0 and not tally.mismatches and tally.exact >= 60, (noted, tally.exact)
    assert min(outcomes[(w, v)] for w in ("model", "sequential_input", "sequential",
                                          "functional") for v in ("clean", "raised")) >= 4, \
        outcomes


@pytest.mark.keras2
def test_tf_keras_build_layers_keep_their_note() -> None:
    compared = 0
    failures = []
    for script, run in _runs("keras2")[1]:
        result = check_source(script.source, f"b_{script.seed}.py", dialect="keras2")
        errors = [d for d in result.diagnostics if d.severity == "error"]
        if run["error"] is not None:  # not followed: a note, never an error
            if errors or not any(d.code == "LL903" and "build() creates layers" in d.message
                                 for d in result.diagnostics):
                failures.append(f"--- seed {script.seed}: {errors}")
            continue
        compared += 1
        problems = _compare(script.source, run, "keras2")
        if problems:
            failures.append(f"--- seed {script.seed}\n{script.source}" + "\n".join(problems))
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert compared >= 100
    result = check_source(CUSTOM_SCRIPTS["build_creates_layers"], "b.py", dialect="keras2")
    (note,) = [d for d in result.diagnostics if d.code == "LL903"]
    assert note.span.line == 11 and "build() creates layers" in note.message
