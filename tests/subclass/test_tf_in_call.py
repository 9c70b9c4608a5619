"""TensorFlow functions inside a subclassed model's ``call()`` (replay/keras/subclass_graph.py
``tf_op_output``), 200 seeded models (tf_call_generator.py) and hand-written ones, each dialect
in one subprocess of its framework (runner.py):

* tf.keras 2 runs them on TensorFlow tensors: followed through the tf_ops catalogue, compared
  by compare.py (verdict, the line inside ``call()``, stage, TensorFlow's text up to the op's
  node; run eagerly by ``model(x)`` only the error's kind and wrapper are claimed). What the
  catalogue leaves out gets an LL90x note, never an error.
* Keras 3 hands them the backend's tensors: what happens depends on the backend (the torch
  backend refuses a tensor that needs gradients, TensorFlow's runs it), so layerlint claims
  nothing past the call and says so (an LL903 note naming it); where Keras raised, layerlint
  either agrees or has noted what it did not follow — never silent.
"""

from __future__ import annotations

import collections
import functools

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .runner import run_batch
from .tf_call_generator import HEADS, generate_tf_call

SEEDS = range(200)
NOTES = ("LL901", "LL902", "LL903")

_NET = '''class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(4)
        self.b = layers.Dense({units})

    def call(self, x):
        h = tf.concat([self.a(x), self.b(x)], axis=-1)
        return tf.reduce_mean(h, axis=1)


model = Net()
x = np.random.rand(8, 6, 5)
'''
HAND = {
    "concat_joins": (_NET.format(units=3) + "model.predict(x, verbose=0)\n", "clean"),
    "concat_mismatch_at_fit": (_NET.format(units=3).replace("self.b(x)", "self.b(x)[:, 1:]")
                               + "model.compile(optimizer='adam', loss='mse')\n"
                               "model.fit(x, np.zeros((8, 7)), verbose=0)\n", "raised"),
    "concat_mismatch_called": (_NET.format(units=3).replace("self.b(x)", "self.b(x)[:, 1:]")
                               + "model(x)\n", "raised"),
    "reduce_axis_out_of_range": (_NET.format(units=3).replace("axis=1)", "axis=3)")
                                 + "model.predict(x, verbose=0)\n", "raised"),
}


@functools.lru_cache(maxsize=2)
def _runs(dialect: str) -> tuple[dict, list]:
    scripts = [generate_tf_call(seed, dialect) for seed in SEEDS]
    hand = [HEADS[dialect] + source for source, _ in HAND.values()]
    runs = run_batch(hand + [s.source for s in scripts], dialect)
    return dict(zip(HAND, runs[:len(HAND)])), list(zip(scripts, runs[len(HAND):]))


def _noted(result) -> bool:  # type: ignore[no-untyped-def]
    return any(d.code in NOTES for d in result.diagnostics)


def _errors(result) -> list:  # type: ignore[no-untyped-def]
    return [d for d in result.diagnostics if d.severity == "error"]


@pytest.mark.keras2
@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_tf_functions_in_call_agree_with_tf_keras(name: str) -> None:
    run = _runs("keras2")[0][name]
    assert ("raised" if run["error"] else "clean") == HAND[name][1], run["error"]
    source = HEADS["keras2"] + HAND[name][0]
    result = check_source(source, f"{name}.py", dialect="keras2")
    assert not _noted(result), result.diagnostics
    assert compare(result, run, "keras2") == []


@pytest.mark.keras2
def test_generated_tf_functions_in_call_agree_with_tf_keras() -> None:
    failures, noted = [], 0
    outcomes: collections.Counter = collections.Counter()
    for script, run in _runs("keras2")[1]:
        result = check_source(script.source, f"t_{script.seed}.py", dialect="keras2")
        outcomes[(script.styles[0], "raised" if run["error"] else "clean")] += 1
        if _noted(result) and not _errors(result):
            noted += 1  # not followed: never an error layerlint did not say it skipped
            continue
        problems = compare(result, run, "keras2")
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    print(f"outcomes {dict(outcomes)}, {noted} noted")
    assert not failures, f"{len(failures)} of {len(SEEDS)} disagree:\n" + "\n".join(failures[:3])
    assert noted <= len(SEEDS) // 4, noted
    assert min(outcomes[(m, v)] for m in ("call", "predict", "fit")
               for v in ("clean", "raised")) >= 8, outcomes


@pytest.mark.keras3
def test_tf_functions_in_call_are_noted_in_keras3() -> None:
    failures, refused = [], 0
    runs = _runs("keras3")
    every = [(HEADS["keras3"] + HAND[n][0], runs[0][n]) for n in HAND] + \
        [(s.source, run) for s, run in runs[1]]
    for source, run in every:
        result = check_source(source, "t.py", dialect="keras3")
        error = run["error"]
        refused += bool(error and "Can't call numpy() on Tensor that requires grad" in
                        error["message"])
        if _errors(result):  # a keras.ops operator before any TensorFlow function
            problems = compare(result, run)
        elif error is not None and not _noted(result):
            problems = [f"Keras raised {error['type']}: {error['message'][:200]}; layerlint "
                        "is silent"]
        else:
            problems = []
        if not _errors(result) and "tf." in source.split("def call", 1)[1] and not any(
                d.code == "LL903" and "TensorFlow function" in d.message or d.code in NOTES
                for d in result.diagnostics):
            problems.append("a TensorFlow function in call() without a note")
        if problems:
            failures.append(source + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
    assert refused >= 20, refused  # the torch backend's refusal is real and common
