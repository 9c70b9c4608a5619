"""The loss entries (``layers/torch/functions_loss.py``) against real torch 2.13: seeded random
input/target shapes, target dtypes and reductions for F.cross_entropy, F.nll_loss,
F.binary_cross_entropy_with_logits and F.binary_cross_entropy. Where layerlint claims an
outcome (not Unmodelled) it must be torch's: the output shape, or the exception's first line.
"""

from __future__ import annotations

import random

import pytest

import layerlint.layers  # noqa: F401  (registers the catalogue)
from layerlint.layers.base import LayerError, Unmodelled
from layerlint.layers.torch._function import TensorArg, lookup_function, run_function
from layerlint.pipeline import check_source

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.torch

FUNCTIONS = ("cross_entropy", "nll_loss", "binary_cross_entropy_with_logits",
             "binary_cross_entropy")
DTYPES = ("int64", "float32", "int64", "float64", "int32", "uint8")


def _case(rng: random.Random) -> tuple[str, list[int], list[int], str, str]:
    fn = rng.choice(FUNCTIONS)
    x = [rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([0, 1, 2, 2, 3, 4, 5]))]
    kind = rng.choice(["same", "drop_class", "batch", "extra", "random"])
    if kind == "same":
        t = list(x)
    elif kind == "drop_class":
        t = x[:1] + x[2:] if len(x) > 1 else []
    elif kind == "batch":
        t = [x[0] + 1] + x[2:] if x else [2]
    elif kind == "extra":
        t = x[:1] + x[2:] + [rng.choice([1, 2])]
    else:
        t = [rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([0, 1, 2, 3]))]
    return fn, x, t, rng.choice(DTYPES), rng.choice(["mean", "sum", "none"])


def _torch(fn: str, x: list[int], t: list[int], dtype: str, reduction: str) -> tuple:
    inputs = torch.rand(x)  # in [0, 1): binary_cross_entropy's values are not what is tested
    dt = getattr(torch, dtype)
    target = torch.randint(0, 1, t, dtype=dt) if not dt.is_floating_point else torch.rand(
        t, dtype=dt)
    try:
        out = getattr(torch.nn.functional, fn)(inputs, target, reduction=reduction)
    except Exception as error:  # noqa: BLE001 - the outcome under test
        return ("error", f"{type(error).__name__}: {str(error).splitlines()[0]}")
    return ("ok", tuple(out.shape))


def _layerlint(fn: str, x: list[int], t: list[int], dtype: str, reduction: str) -> tuple | None:
    spec = lookup_function(f"F.{fn}")
    assert spec is not None
    try:
        out = run_function(spec, (TensorArg(tuple(x), dtype="float32"),
                                  TensorArg(tuple(t), dtype=dtype)), {"reduction": reduction})
    except LayerError as error:
        return ("error", error.framework)
    except Unmodelled:
        return None
    return ("ok", tuple(out.shape))


@pytest.mark.parametrize("seed", range(4))
def test_random_losses_agree_with_torch(seed: int) -> None:
    rng = random.Random(seed)
    claimed, outcomes, problems = 0, set(), []
    for _ in range(1000):
        case = _case(rng)
        got = _layerlint(*case)
        if got is None:
            continue
        claimed += 1
        want = _torch(*case)
        outcomes.add(want[0] if want[0] == "ok" else want[1].split(":")[0])
        if got != want:
            problems.append(f"{case}: layerlint {got}, torch {want}")
    assert not problems, "\n".join(problems[:5])
    assert claimed > 850, claimed
    assert {"ok", "ValueError", "RuntimeError"} <= outcomes, outcomes


def test_a_loss_module_on_a_model_output_is_checked_at_its_line() -> None:
    source = ("import torch, torch.nn as nn, torch.nn.functional as F\n"
              "model = nn.Sequential(nn.Linear(10, 4))\ncriterion = nn.CrossEntropyLoss()\n"
              "out = model(torch.randn(8, 10))\n"
              "ok = criterion(out, torch.randint(0, 4, (8,)))\n"
              "bad = nn.BCEWithLogitsLoss(reduction='sum')(out, torch.rand(8))\n")
    (d,) = [d for d in check_source(source, "loss.py").diagnostics if d.severity == "error"]
    assert (d.span.line, d.code, d.stage) == (6, "LL202", "forward")
    namespace: dict = {}
    with pytest.raises(ValueError) as raised:
        exec(compile(source, "<script>", "exec"), namespace)  # noqa: S102 - the test's script
    assert d.framework_error == f"ValueError: {raised.value}"
