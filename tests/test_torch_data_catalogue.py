"""torch data entries (layerlint/frontends/library/torch_data.py) against real torch 2.13, in
process: tensors from numpy arrays and tensors (``torch.from_numpy``, ``tensor``, ``as_tensor``,
``Tensor`` / ``FloatTensor`` & co., ``Variable``) on a seeded grid of shapes and dtypes, ranges
(``arange``, ``linspace``, ``logspace``: bounds, steps, dtypes, argument forms), and
``TensorDataset`` + ``DataLoader`` (sample counts, batch size, drop_last, one to three tensors):
the first batch's shapes and dtypes, no batch at all, or the error and its message."""

from __future__ import annotations

import collections
import random
from typing import Any

import pytest

from layerlint.frontends.library.catalogue import LibraryError, Unmodelled, lookup
from layerlint.frontends.library.torch_data import (
    EMPTY,
    TORCH,
    TYPED_TENSORS,
    batch_dim,
    first_batch,
)
from layerlint.frontends.values import Data, Ref
from layerlint.ir import UNKNOWN, Span

pytestmark = pytest.mark.torch

torch = pytest.importorskip("torch")
np = pytest.importorskip("numpy")
ORIGIN = Span(1, 1, 1, 2)
NUMPY_DTYPES = ("float64", "float32", "float16", "int64", "int32", "uint8", "bool")
TORCH_DTYPES = ("float32", "float64", "int64", "int32", "uint8", "bool")


def entry(name: str, *args: Any, **kwargs: Any) -> Any:
    found = lookup(name)
    assert found is not None, name
    return found.call(list(args), kwargs, ORIGIN)


def outcome(call: Any) -> tuple[Any, str | None]:
    try:
        value = call()
    except Exception as error:  # noqa: BLE001 - the outcome under test
        return None, f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return (tuple(value.shape), str(value.dtype).removeprefix("torch.")), None


def ours(call: Any) -> Any:
    try:
        value = call()
    except LibraryError as error:
        return error
    except Unmodelled:
        return None
    assert isinstance(value, Data) and value.extra.get(TORCH)
    return (tuple(value.shape), value.dtype)


def agree(mine: Any, want: Any, error: str | None, counts: collections.Counter) -> bool:
    counts["cases"] += 1
    if mine is None:
        counts["not_modelled"] += 1
        return True
    if isinstance(mine, LibraryError):
        counts["errors"] += 1
        return error is not None and (mine.message is None or
                                      f"{mine.kind}: {mine.message}" == error)
    counts["values"] += 1
    return error is None and mine == want


def random_array(rng: random.Random) -> tuple[Any, Data, bool]:
    """(a real numpy array or tensor, layerlint's Data of it, whether it is a tensor)."""
    shape = tuple(rng.choice([1, 2, 3, 5]) for _ in range(rng.randint(0, 3)))
    if rng.random() < 0.25:
        dtype = rng.choice(TORCH_DTYPES)
        real = (torch.rand(shape) * 3).to(getattr(torch, dtype))
        return real, Data(shape, dtype, ORIGIN, extra={TORCH: True}), True
    dtype = rng.choice(NUMPY_DTYPES)
    return np.asarray(np.random.rand(*shape) * 3).astype(dtype), Data(shape, dtype, ORIGIN), False


def test_tensors_from_arrays_agree_with_torch() -> None:
    rng = random.Random(31)
    counts: collections.Counter = collections.Counter()
    problems = []
    for _ in range(500):
        real, data, _ = random_array(rng)
        kind = rng.choice(["from_numpy", "tensor", "as_tensor", "typed", "Variable"])
        kwargs: dict = {}
        if kind in ("tensor", "as_tensor") and rng.random() < 0.4:
            dtype = rng.choice(TORCH_DTYPES)
            kwargs = {"dtype": getattr(torch, dtype)}
            ours_kwargs = {"dtype": Ref(f"torch.{dtype}")}
        else:
            ours_kwargs = {}
        if kind == "typed":
            name = rng.choice(sorted(TYPED_TENSORS))
            if isinstance(real, torch.Tensor):
                continue  # torch.FloatTensor(tensor) of another dtype: a TypeError not modelled
            want, error = outcome(lambda: getattr(torch, name)(real))
            mine = ours(lambda: entry(f"torch.{name}", data))
        elif kind == "Variable":
            want, error = outcome(lambda: torch.autograd.Variable(real))
            mine = ours(lambda: entry("torch.autograd.Variable", data))
        else:
            want, error = outcome(lambda: getattr(torch, kind)(real, **kwargs))
            mine = ours(lambda: entry(f"torch.{kind}", data, **ours_kwargs))
        if not agree(mine, want, error, counts):
            problems.append(f"{kind}{kwargs} of {real.dtype} {tuple(real.shape)}: layerlint "
                            f"{mine}, torch {want or error}")
    assert not problems, "\n".join(problems[:8])
    assert counts["values"] > 300 and counts["errors"] > 20, counts


def test_float64_stays_float64() -> None:
    """numpy's default float64 is kept by torch.from_numpy / tensor (a float32 model then
    raises: tests/test_torch_input_dtype.py)."""
    data = Data((4, 10), "float64", ORIGIN)
    for name in ("torch.from_numpy", "torch.tensor", "torch.as_tensor"):
        assert entry(name, data).dtype == "float64"
        assert str(getattr(torch, name.split(".")[1])(np.random.rand(4, 10)).dtype) == \
            "torch.float64"
    assert entry("torch.tensor", data, dtype=Ref("torch.float32")).dtype == "float32"


def random_loader(rng: random.Random) -> tuple[list, list[Data], int, bool]:
    n = rng.choice([1, 3, 8, 10, 32])
    tensors, datas = [], []
    for i in range(rng.randint(1, 3)):
        count = n if rng.random() > 0.1 else n + rng.choice([-1, 2])
        shape = (count, *(rng.choice([2, 3, 5]) for _ in range(rng.randint(0, 3))))
        dtype = "int64" if i == 1 and rng.random() < 0.7 else rng.choice(TORCH_DTYPES)
        tensors.append((torch.rand(max(shape[0], 0), *shape[1:]) * 3).to(
            getattr(torch, dtype)))
        datas.append(Data(shape, dtype, ORIGIN, extra={TORCH: True}))
    return tensors, datas, rng.choice([1, 2, 4, 8, 16, 64]), rng.choice([False, False, True])


def test_tensor_datasets_through_a_dataloader_agree() -> None:
    from torch.utils.data import DataLoader, TensorDataset

    rng = random.Random(5)
    counts: collections.Counter = collections.Counter()
    problems = []
    for _ in range(400):
        tensors, datas, batch, drop = random_loader(rng)
        try:
            loader = DataLoader(TensorDataset(*tensors), batch_size=batch, shuffle=True,
                                drop_last=drop)
            items = next(iter(loader), None)
            want = None if items is None else [
                (tuple(t.shape), str(t.dtype).removeprefix("torch.")) for t in items]
            error = None
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            want, error = None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        where = f"{[tuple(t.shape) for t in tensors]} batch={batch} drop_last={drop}"
        counts["cases"] += 1
        try:
            dataset = entry("torch.utils.data.TensorDataset", *datas)
        except LibraryError as mine:
            counts["errors"] += 1
            if f"{mine.kind}: {mine.message}" != error:
                problems.append(f"{where}: layerlint {mine}, torch {error}")
            continue
        if error is not None:
            problems.append(f"{where}: torch raises {error}")
            continue
        made = entry("torch.utils.data.DataLoader", dataset, batch_size=batch, shuffle=True,
                     drop_last=drop)
        if batch_dim(made) is EMPTY:
            counts["empty"] += 1
            if want is not None:
                problems.append(f"{where}: layerlint no batch, torch {want}")
            continue
        got = first_batch(made)
        counts["batches"] += 1
        mine = [(tuple(d.shape), d.dtype) for d in got] if got is not UNKNOWN else None
        if mine != want:
            problems.append(f"{where}: layerlint {mine}, torch {want}")
    assert not problems, "\n".join(problems[:8])
    assert counts["batches"] > 250 and counts["errors"] > 20 and counts["empty"] > 5, counts


def test_a_loader_of_unknown_parts_claims_no_batch() -> None:
    data = Data((10, 3), "float32", ORIGIN, extra={TORCH: True})
    dataset = entry("torch.utils.data.TensorDataset", data)
    for kwargs in ({"collate_fn": UNKNOWN}, {"sampler": UNKNOWN}, {"batch_size": UNKNOWN},
                   {"drop_last": UNKNOWN}):
        assert first_batch(entry("torch.utils.data.DataLoader", dataset, **kwargs)) is UNKNOWN
    # the default batch size is 1
    assert first_batch(entry("torch.utils.data.DataLoader", dataset))[0].shape == (1, 3)


RANGE_DTYPES = ("float32", "float64", "float16", "bfloat16", "int64", "int32", "int8", "uint8",
                "bool")


def random_bound(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.45:
        return rng.randint(-12, 12)
    if kind < 0.9:
        return round(rng.uniform(-12, 12), rng.choice([0, 1, 2, 3]))
    return rng.choice([True, False, 0.1, -0.3, 1e-3])


def random_range_call(rng: random.Random) -> tuple[str, list, dict]:
    """A torch.linspace / logspace / arange call: positional and keyword forms, steps that
    are negative, zero or not ints, steps against the bounds' order, every dtype."""
    name = rng.choice(["linspace", "logspace", "arange", "arange"])
    kwargs: dict = {}
    if name == "arange":
        bounds = [random_bound(rng) for _ in range(rng.randint(1, 3))]
        if len(bounds) == 3 and rng.random() < 0.2:
            bounds[2] = 0
        form = rng.random()
        if form < 0.6:
            args = bounds
        elif len(bounds) == 1:
            args, kwargs = [], {"end": bounds[0]}
        elif len(bounds) == 2:
            args, kwargs = ([bounds[0]], {"end": bounds[1]}) if form < 0.8 else (
                [], {"start": bounds[0], "end": bounds[1]})
        else:
            args, kwargs = bounds[:2], {"step": bounds[2]}
    else:
        steps = rng.choice([0, 1, 2, 5, 50, -1, -4, 3.0, True])
        args = [random_bound(rng), random_bound(rng)]
        if rng.random() < 0.5:
            args.append(steps)
        else:
            kwargs["steps"] = steps
        if name == "logspace" and rng.random() < 0.3:
            kwargs["base"] = rng.choice([2, 2.0, 10])
    if rng.random() < 0.4:
        kwargs["dtype"] = rng.choice(RANGE_DTYPES)
    return name, args, kwargs


def test_ranges_agree_with_torch() -> None:
    """torch.linspace / logspace / arange: the length and dtype (or torch's error) on a seeded
    grid of bounds, steps and dtypes; what is not modelled claims nothing."""
    rng = random.Random(41)
    counts: collections.Counter = collections.Counter()
    problems = []
    for _ in range(600):
        name, args, kwargs = random_range_call(rng)
        real = {k: getattr(torch, v) if k == "dtype" else v for k, v in kwargs.items()}
        mine_kwargs = {k: Ref(f"torch.{v}") if k == "dtype" else v for k, v in kwargs.items()}
        want, error = outcome(lambda: getattr(torch, name)(*args, **real))
        mine = ours(lambda: entry(f"torch.{name}", *args, **mine_kwargs))
        if not agree(mine, want, error, counts):
            problems.append(f"torch.{name}(*{args}, **{kwargs}): layerlint {mine}, torch "
                            f"{want or error}")
        counts[name] += 1
    assert not problems, "\n".join(problems[:8])
    assert counts["values"] > 240 and counts["errors"] > 150, counts
    assert counts["not_modelled"] < 170, counts


def test_an_integer_arange_knows_its_values() -> None:
    """Bounds (for an Embedding's indices, say), as numpy.arange's: the first and last value."""
    made = entry("torch.arange", 10, 0, -3)
    real = torch.arange(10, 0, -3)
    assert made.shape == tuple(real.shape) == (4,)
    assert (made.min_value, made.max_value) == (real.min().item(), real.max().item()) == (1, 10)
    assert entry("torch.arange", 0, 5, 1.5).max_value is None  # float32: no bounds


def test_scripts_on_ranges_fail_where_torch_fails() -> None:
    """Seeded scripts: a range fed to a Linear. layerlint's first error is torch's (line and
    message: the range's own error, the features, Long against Float); silence only where
    torch runs or the range is empty (a 0-sized axis is not checked)."""
    import traceback

    from layerlint.pipeline import check_source

    rng = random.Random(3)
    counts: collections.Counter = collections.Counter()
    problems = []
    for _ in range(120):
        name = rng.choice(["arange", "linspace", "logspace"])
        if name == "arange":
            bounds = ", ".join(str(rng.choice([0, 1, 2, 5, 8, -3, 0.5, 2.5]))
                               for _ in range(rng.randint(1, 3)))
            call = f"torch.arange({bounds}{rng.choice(['', ', dtype=torch.float32'])})"
        else:
            call = f"torch.{name}({rng.choice([0, 1.5])}, {rng.choice([1, 10])}, " \
                   f"{rng.choice([4, 8, 0, -1])})"
        source = f"import torch\nimport torch.nn as nn\nx = {call}\n" \
                 f"out = nn.Linear({rng.choice([4, 8])}, 3)(x.unsqueeze(0))\n"
        try:
            exec(compile(source, "<script>", "exec"), {})  # noqa: S102
            real = None
        except Exception as error:  # noqa: BLE001 - the outcome under test
            line = [f.lineno for f in traceback.extract_tb(error.__traceback__)
                    if f.filename == "<script>"][-1]
            real = (line, f"{type(error).__name__}: {str(error).splitlines()[0]}")
        found = [(d.span.line, d.framework_error) for d in
                 check_source(source, "ranges.py").diagnostics if d.severity == "error"]
        counts["raises" if real else "runs"] += 1
        if found[:1] == ([real] if real else []):
            counts["same"] += 1
        elif found or "(1x0 and" not in real[1]:  # type: ignore[index]
            problems.append(f"{call}: layerlint {found}, torch {real}")
    assert not problems, "\n".join(problems[:8])
    assert counts["same"] >= 90 and counts["raises"] >= 60, counts
