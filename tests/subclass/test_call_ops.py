"""``keras.ops`` inside a subclassed model's ``call()`` (layerlint/layers/keras/ops_eager.py):
on data the torch backend runs them on torch tensors (and ``fit`` first on meta tensors), so
shapes and errors are torch's. Hand-written scripts and 600 seeded models
(ops_call_generator.py), all run in one subprocess of real Keras 3 (runner.py), compared by
compare.py: verdict, the line inside ``call()``, stage, the whole message, names, parameters.
Every seeded model is followed: no op is left to a note."""

from __future__ import annotations

import collections
import functools

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .generator import HEAD
from .ops_call_generator import generate_ops_call
from .runner import run_batch

pytestmark = pytest.mark.keras3
SEEDS = range(600)

_NET = HEAD.replace("layers\n", "layers, ops\n") + '''
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(6)
        self.head = layers.Dense(2)

    def call(self, x):
{body}
        return self.head(h)


model = Net()
{run}
'''
_FIT = ("model.compile(optimizer='adam', loss=lambda y, out: ops.mean(out))\n"
        "model.fit(np.random.rand(8, 4, 6), np.random.rand(8, 2), verbose=0)")
_PREDICT = "model.predict(np.random.rand(8, 4, 6), verbose=0)"
HAND = {
    "reshape_that_fits": ("        h = ops.reshape(self.proj(x), (-1, 24))", _PREDICT),
    "reshape_of_other_size": ("        h = ops.reshape(self.proj(x), (-1, 5))", _PREDICT),
    "squeeze_of_a_size_two_axis_keeps_it": ("        h = ops.squeeze(x, axis=1)",
                                            "model(np.random.rand(8, 2, 6))"),
    "concatenate_mismatch_at_fit": ("        h = ops.concatenate([x, self.proj(x)], axis=1)", _FIT),
    "matmul_inner_sizes": ("        h = ops.matmul(x, self.proj(x))", _PREDICT),
    "split_then_add": ("        a, b = ops.split(x, 2, axis=-1)\n        h = a + b", _PREDICT),
    "softmax_axis_out_of_range_at_fit": ("        h = ops.softmax(x, axis=3)", _FIT),
    "softmax_axis_out_of_range_then_dense_of_1d": (
        "        h = ops.softmax(ops.reshape(x, (-1,)), axis=2)", _FIT),
    "sum_over_everything_drops_keepdims": (
        "        h = ops.sum(x, keepdims=True) + self.proj(x)", _PREDICT),
    "mean_of_an_axis_out_of_range": ("        h = ops.mean(x, axis=3)", _PREDICT),
    "residual_of_other_shape": ("        h = x + ops.mean(x, axis=1)", _PREDICT),
}


def _hand(name: str) -> str:
    body, run = HAND[name]
    return _NET.format(body=body, run=run)


@functools.lru_cache(maxsize=1)
def _runs() -> tuple[dict, list]:
    scripts = [generate_ops_call(seed) for seed in SEEDS]
    runs = run_batch([_hand(n) for n in HAND] + [s.source for s in scripts], "keras3")
    return dict(zip(HAND, runs[:len(HAND)])), list(zip(scripts, runs[len(HAND):]))


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_written_ops_in_call_agree_with_keras3(name: str) -> None:
    run = _runs()[0][name]
    result = check_source(_hand(name), f"{name}.py", dialect="keras3")
    assert compare(result, run) == []


def test_generated_ops_in_call_agree_with_keras3() -> None:
    failures, noted = [], 0
    outcomes: collections.Counter = collections.Counter()
    families: collections.Counter = collections.Counter()
    for script, run in _runs()[1]:
        result = check_source(script.source, f"net_{script.seed}.py", dialect="keras3")
        noted += any(d.code in ("LL902", "LL903") for d in result.diagnostics)
        outcomes[run["error"]["type"] if run["error"] else "clean"] += 1
        families.update(script.styles)
        problems = compare(result, run)
        if problems:
            failures.append(f"--- seed {script.seed} {script.styles}\n{script.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    assert not failures, f"{len(failures)} of {len(SEEDS)} disagree:\n" + "\n".join(failures[:3])
    assert noted == 0, f"{noted} models with an op left to a note"
    assert outcomes["clean"] >= 250 and len(SEEDS) - outcomes["clean"] >= 150, outcomes
    assert min(families[f] for f in ("reshape", "expand_dims", "squeeze", "transpose",
                                     "concatenate", "stack", "matmul", "split", "softmax",
                                     "mean", "sum", "max", "min")) >= 10, families
    assert min(families[m] for m in ("call", "predict", "fit")) >= 100, families
