"""Every loss entry (layers/torch/functions_loss*.py) against real torch 2.13 (issue 11): a
seeded grid of shapes x dtypes x reductions x layouts x the losses' own arguments (class
weights, label smoothing, ignore_index, pos_weight, beta, delta, margins). Where layerlint
claims an outcome (not Unmodelled) it must be torch's: the output shape, or the exception's
first line, and the warnings torch gives on a target of another size than the input and on
kl_div's reduction='mean' (captured with ``warnings.catch_warnings``). Class-index targets are
drawn, and their drawn values are what layerlint is told (exact bounds).
"""

from __future__ import annotations

import random
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import pytest

import layerlint.layers  # noqa: F401  (registers the catalogue)
from layerlint.layers.base import LayerError, Unmodelled
from layerlint.layers.torch._function import TensorArg, lookup_function, run_function

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.torch

CLASS = ("cross_entropy", "nll_loss")
BINARY = ("binary_cross_entropy", "binary_cross_entropy_with_logits")
REGRESSION = ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "kl_div")
RANKING = ("margin_ranking_loss", "cosine_embedding_loss", "triplet_margin_loss")
FLOATS = ("float32", "float32", "float64", "float16")
INTS = ("int64", "int64", "int32", "uint8", "bool")
# the warnings layerlint claims: a target of another size; kl_div's reduction='mean'
WARNINGS = ("Using a target size", "'mean' will be changed to behave the same as 'batchmean'")


@dataclass
class Case:
    fn: str
    tensors: list[tuple[tuple[int, ...], str, tuple[int, int] | None]]  # shape, dtype, range
    kwargs: dict[str, Any] = field(default_factory=dict)
    # keyword tensors (weight, pos_weight): shape, dtype
    extra: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)


def _dims(rng: random.Random, rank: int) -> list[int]:
    return [rng.choice([1, 2, 3, 4]) for _ in range(rank)]


def _reduction(rng: random.Random, *more: str) -> str:
    return rng.choice(["mean", "sum", "none", "mean", *more] + (["bogus"] if rng.random() < 0.05
                                                                 else []))


def _class_case(rng: random.Random) -> Case:
    fn = rng.choice(CLASS)
    n, c = rng.choice([1, 2, 4, 5]), rng.choice([2, 3, 5])
    spatial = _dims(rng, rng.choice([0, 0, 0, 1, 2, 2, 3]))
    x = [n, c, *spatial] if rng.random() < 0.9 else [c]
    layout = rng.choice(["indices", "indices", "indices", "column", "batch", "probabilities",
                         "random"])
    if layout == "indices":
        t = [n, *spatial] if len(x) > 1 else []
    elif layout == "column":
        t = [n, 1, *spatial] if len(x) > 1 else [1]
    elif layout == "batch":
        t = [n + 1, *spatial]
    elif layout == "probabilities":
        t = list(x)
    else:
        t = _dims(rng, rng.choice([0, 1, 2, 3]))
    dtype = rng.choice(["int64", "int64", "int64", *FLOATS, *INTS]) if layout != \
        "probabilities" else rng.choice([*FLOATS, "int64"])
    low = rng.choice([0, 0, 0, 0, -1, -2])
    high = rng.choice([c, c, c, c + 1, c + 3])
    kwargs: dict[str, Any] = {"reduction": _reduction(rng)}
    extra: dict[str, tuple[tuple[int, ...], str]] = {}
    if rng.random() < 0.3:
        extra["weight"] = ((rng.choice([c, c, c + 1]),), "float32")
    if rng.random() < 0.3:
        kwargs["ignore_index"] = rng.choice([-1, c - 1, c, c + 1, 0])
    if fn == "cross_entropy" and rng.random() < 0.3:
        kwargs["label_smoothing"] = rng.choice([0.1, 0.5, 1.0, 1.5, -0.1])
    input_dtype = rng.choice(["float32", "float32", "float32", "float64"])
    return Case(fn, [(tuple(x), input_dtype, None), (tuple(t), dtype, (low, high))], kwargs,
                extra)


def _regression_case(rng: random.Random) -> Case:
    fn = rng.choice(REGRESSION)
    x = _dims(rng, rng.choice([0, 1, 2, 2, 3, 4]))
    kind = rng.choice(["same", "same", "column", "drop", "one", "random"])
    if kind == "same":
        t = list(x)
    elif kind == "column":  # (N, 1) against (N,), either way
        t = x + [1] if rng.random() < 0.5 else x[:-1]
    elif kind == "drop":
        t = x[1:]
    elif kind == "one":
        t = [d if rng.random() < 0.6 else 1 for d in x]
    else:
        t = _dims(rng, rng.choice([0, 1, 2, 3]))
    kwargs: dict[str, Any] = {"reduction": _reduction(rng, *(["batchmean"] if fn == "kl_div"
                                                            else []))}
    if fn == "smooth_l1_loss" and rng.random() < 0.3:
        kwargs["beta"] = rng.choice([0.0, 0.5, -1.0])
    if fn == "huber_loss" and rng.random() < 0.3:
        kwargs["delta"] = rng.choice([0.0, 0.5, -1.0])
    dtype = rng.choice([*FLOATS, "float32", "int64", "int32", "bool"])
    input_dtype = rng.choice(["float32", "float32", "float64", "float16", "int64"])
    return Case(fn, [(tuple(x), input_dtype, None), (tuple(t), dtype, (0, 2))], kwargs)


def _binary_case(rng: random.Random) -> Case:
    fn = rng.choice(BINARY)
    x = _dims(rng, rng.choice([1, 2, 2, 3]))
    t = rng.choice([list(x), list(x), x[:-1], x + [1], _dims(rng, 2)])
    kwargs: dict[str, Any] = {"reduction": _reduction(rng)}
    extra: dict[str, tuple[tuple[int, ...], str]] = {}
    if fn.endswith("logits") and rng.random() < 0.4:
        extra["pos_weight"] = (rng.choice([(x[-1],), (1,), (x[-1] + 1,), tuple(x),
                                           (2, *x)]), "float32")
    if rng.random() < 0.2:
        extra["weight"] = (rng.choice([(x[-1],), (x[-1] + 1,)]), "float32")
    dtype = rng.choice(["float32", "float32", "int64", "int32", "float64"])
    return Case(fn, [(tuple(x), "float32", None), (tuple(t), dtype, (0, 2))], kwargs, extra)


def _ranking_case(rng: random.Random) -> Case:
    fn = rng.choice(RANKING)
    n, d = rng.choice([1, 3, 4]), rng.choice([2, 5])
    kwargs: dict[str, Any] = {"reduction": _reduction(rng)}
    if fn == "margin_ranking_loss":
        shapes = rng.choice([[(n,), (n,), (n,)], [(n, 1), (n,), (n,)], [(n,), (n + 1,), (n,)],
                             [(n, 1), (1, n), (n, n)], [(n,), (n,), (n + 1,)], [(), (), ()]])
    elif fn == "cosine_embedding_loss":
        shapes = rng.choice([[(n, d), (n, d), (n,)], [(d,), (d,), ()], [(n, d), (n, d), (n, 1)],
                             [(n, d), (n, d + 1), (n,)], [(n, d), (n, d), (n + 1,)],
                             [(d,), (d,), (1,)], [(n, d, 2), (n, d, 2), (n,)],
                             [(n, d), (1, d), (n,)]])
    else:
        shapes = rng.choice([[(n, d)] * 3, [(d,)] * 3, [(n, d, 2)] * 3,
                             [(n, d), (n, d + 1), (n, d)], [(n, d), (d,), (n, d)],
                             [(n, d), (n, d), (1, d)]])
        if rng.random() < 0.2:
            kwargs["margin"] = rng.choice([0.0, -1.0, 0.5])
        if rng.random() < 0.1:
            kwargs["swap"] = True
    dtypes = [rng.choice(["float32", "float32", "float64"]) for _ in shapes]
    if fn != "triplet_margin_loss" and rng.random() < 0.3:
        dtypes[2] = "int64"
    return Case(fn, [(tuple(s), dt, (-1, 2)) for s, dt in zip(shapes, dtypes)], kwargs)


def generate(rng: random.Random) -> Case:
    return rng.choice([_class_case, _class_case, _regression_case, _regression_case,
                       _binary_case, _ranking_case])(rng)


def _make(shape: tuple[int, ...], dtype: str, bounds: tuple[int, int] | None,
          gen: Any) -> Any:
    dt = getattr(torch, dtype)
    if dt.is_floating_point:
        return torch.rand(shape, dtype=dt, generator=gen)
    if dt == torch.bool:
        return torch.randint(0, 2, shape, generator=gen).bool()
    low, high = bounds or (0, 2)
    if dt == torch.uint8:
        low = max(low, 0)
    return torch.randint(low, high, shape, dtype=dt, generator=gen)


def run_torch(case: Case, seed: int) -> tuple[tuple, list[str], list[Any]]:
    gen = torch.Generator().manual_seed(seed)
    tensors = [_make(s, dt, b, gen) for s, dt, b in case.tensors]
    extra = {k: torch.rand(s, dtype=getattr(torch, dt), generator=gen)
             for k, (s, dt) in case.extra.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = getattr(torch.nn.functional, case.fn)(*tensors, **case.kwargs, **extra)
            outcome: tuple = ("ok", tuple(out.shape))
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcome = ("error", f"{type(error).__name__}: {str(error).splitlines()[0]}")
    said = [f"{w.category.__name__}: {w.message}" for w in caught
            if any(words in str(w.message) for words in WARNINGS)]
    return outcome, said, tensors


def run_layerlint(case: Case, tensors: list[Any]) -> tuple[tuple, list[str]] | None:
    spec = lookup_function(f"F.{case.fn}")
    assert spec is not None
    args = []
    for (shape, dtype, _), value in zip(case.tensors, tensors):
        low = high = None
        if not value.dtype.is_floating_point and value.dtype != torch.bool and value.numel():
            low, high = int(value.min()), int(value.max())
        args.append(TensorArg(shape, dtype=dtype, min_value=low, max_value=high,
                              bounds="exact"))
    extra = {k: TensorArg(s, dtype=dt) for k, (s, dt) in case.extra.items()}
    try:
        out = run_function(spec, tuple(args), {**case.kwargs, **extra})
    except LayerError as error:
        return ("error", error.framework), []
    except Unmodelled:
        return None
    return ("ok", tuple(out.shape)), [out.warning.framework] if out.warning else []


_SOME_LABEL = re.compile(r"IndexError: Target <a label outside 0 \.\. (\d+)> is out of bounds\.")


def agree(claimed: tuple, real: tuple) -> bool:
    """Equal outcomes; a message naming "some label" matches any out-of-range label."""
    if claimed == real:
        return True
    if claimed[0] == real[0] == "error" and (match := _SOME_LABEL.fullmatch(claimed[1])):
        found = re.fullmatch(r"IndexError: Target (-?\d+) is out of bounds\.", real[1])
        return found is not None and not 0 <= int(found.group(1)) <= int(match.group(1))
    return False


@pytest.mark.parametrize("seed", range(4))
def test_random_losses_agree_with_torch(seed: int) -> None:
    rng = random.Random(1100 + seed)
    claimed, outcomes, problems, functions = 0, set(), [], set()
    cases = 400
    for i in range(cases):
        case = generate(rng)
        real, said, tensors = run_torch(case, seed * 1000 + i)
        got = run_layerlint(case, tensors)
        if got is None:
            continue
        claimed += 1
        functions.add(case.fn)
        outcomes.add(real[0] if real[0] == "ok" else real[1].split(":")[0])
        if not agree(got[0], real) or (got[0][0] == "ok" and got[1] != said):
            problems.append(f"{case}: layerlint {got}, torch {real} {said}")
    assert not problems, "\n".join(problems[:8])
    assert claimed > cases * 0.6, claimed
    assert {"ok", "ValueError", "RuntimeError", "IndexError"} <= outcomes, outcomes
    assert functions == {*CLASS, *BINARY, *REGRESSION, *RANKING}, functions
