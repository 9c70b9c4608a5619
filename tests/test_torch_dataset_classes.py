"""Custom ``Dataset`` subclasses into a ``DataLoader`` (frontends/torch_datasets.py): the first
batch layerlint gives (``batch = next(iter(loader))``) against real torch's default_collate, on
hand-written and seeded scripts (torch_dataset_cases.py, run in one torch subprocess): every
field layerlint claims has torch's shape and dtype, a batch torch never makes (an index out of
range, an empty loader) is not claimed, and the model the batch feeds fails in layerlint only
where torch fails, at torch's line."""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from torch_dataset_cases import HEAD, generate

from layerlint.frontends.source import SourceMap
from layerlint.frontends.torch_events import TorchExtractor
from layerlint.ir import ArrayValue
from layerlint.pipeline import check_source

pytestmark = pytest.mark.torch
SEEDS = range(400)
RUNNER = Path(__file__).parent / "torch_dataset_cases.py"

HAND = {
    "tutorial style: tensors and a label": (
        "class DS(Dataset):\n    def __init__(self, n):\n        self.x = torch.randn(n, 1, 28, 28)\n"
        "        self.y = torch.randint(0, 10, (n,))\n    def __len__(self):\n"
        "        return len(self.x)\n    def __getitem__(self, i):\n"
        "        return self.x[i], self.y[i]\n"
        "loader = DataLoader(DS(100), batch_size=32, shuffle=True)\nbatch = next(iter(loader))\n"
        "model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))\noutput = model(batch[0])\n"),
    "the issue's example: images without a flatten": (
        "class DS(Dataset):\n    def __init__(self):\n        self.x = np.random.rand(64, 28, 28)"
        ".astype(np.float32)\n    def __len__(self):\n        return 64\n"
        "    def __getitem__(self, i):\n        return torch.from_numpy(self.x[i]), 3\n"
        "loader = DataLoader(DS(), batch_size=16)\nbatch = next(iter(loader))\n"
        "model = nn.Linear(784, 10)\noutput = model(batch[0])\n"),
    "numpy float64 rows stay float64": (
        "class DS(Dataset):\n    def __init__(self, a):\n        self.a = a\n"
        "    def __len__(self):\n        return len(self.a)\n    def __getitem__(self, i):\n"
        "        return self.a[i]\nloader = DataLoader(DS(np.zeros((10, 5))), batch_size=4)\n"
        "batch = next(iter(loader))\nmodel = nn.Linear(5, 1)\noutput = model(batch)\n"),
    "len larger than the data: IndexError, nothing claimed": (
        "class DS(Dataset):\n    def __init__(self):\n        self.x = torch.zeros(4, 3)\n"
        "    def __len__(self):\n        return 10\n    def __getitem__(self, i):\n"
        "        return self.x[i]\nloader = DataLoader(DS(), batch_size=8)\n"
        "batch = next(iter(loader))\nmodel = nn.Linear(2, 1)\noutput = model(batch)\n"),
    "drop_last with too few samples: no batch": (
        "class DS(Dataset):\n    def __init__(self):\n        self.x = torch.zeros(5, 3)\n"
        "    def __len__(self):\n        return 5\n    def __getitem__(self, i):\n"
        "        return self.x[i], 1.0\n"
        "loader = DataLoader(DS(), batch_size=8, drop_last=True)\nbatch = next(iter(loader))\n"
        "model = nn.Linear(2, 1)\noutput = model(batch[0])\n"),
    "a transform left unset": (
        "class DS(Dataset):\n    def __init__(self, n, transform=None):\n"
        "        self.x = torch.randn(n, 6)\n        self.transform = transform\n"
        "    def __len__(self):\n        return len(self.x)\n    def __getitem__(self, i):\n"
        "        x = self.x[i]\n        if self.transform:\n            x = self.transform(x)\n"
        "        return x, True\nloader = DataLoader(DS(9), batch_size=4)\n"
        "batch = next(iter(loader))\nmodel = nn.Linear(5, 1)\noutput = model(batch[0])\n"),
    "a transform set under a condition layerlint cannot decide: nothing claimed": (
        "import sys\nclass DS(Dataset):\n    def __init__(self, augment):\n"
        "        self.x = torch.zeros(10, 3, 4)\n        self.transform = None\n"
        "        if augment:\n            self.transform = lambda t: t.view(-1)\n"
        "    def __len__(self):\n        return 10\n    def __getitem__(self, i):\n"
        "        x = self.x[i]\n        if self.transform is not None:\n"
        "            x = self.transform(x)\n        return x\n"
        "batch = next(iter(DataLoader(DS(len(sys.argv) < 100), batch_size=2)))\n"
        "model = nn.Linear(12, 1)\noutput = model(batch)\n"),
}


@functools.lru_cache(maxsize=1)
def torch_runs() -> dict[str, dict]:
    from framework_env import framework_env

    sources = {**{name: HEAD + text for name, text in HAND.items()},
               **{f"seed {s}": generate(s).source for s in SEEDS}}
    done = subprocess.run([sys.executable, str(RUNNER)], input=json.dumps(list(sources.values())),
                          capture_output=True, text=True, timeout=1800,
                          env=framework_env("torch", OMP_NUM_THREADS="1"), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    return {name: {"source": source, **outcome}
            for (name, source), outcome in zip(sources.items(), outcomes)}


def layerlint_batch(source: str) -> list | None:
    """The first batch's fields as layerlint knows them ([shape, dtype] or None each), or
    None when it claims no batch."""
    extractor = TorchExtractor(SourceMap(source))
    extractor.run(ast.parse(source))
    batch = extractor.module_env.get("batch")
    if isinstance(batch, ArrayValue) and type(batch) is ArrayValue:
        batch = [batch]
    if not isinstance(batch, list):
        return None
    return [[list(v.shape), v.dtype] if type(v) is ArrayValue and v.shape is not None
            else None for v in batch]


def compare(name: str, run: dict, counts: dict[str, int]) -> list[str]:
    source, real = run["source"], run["batch"]
    problems = []
    mine = layerlint_batch(source)
    counts["scripts"] += 1
    if mine is not None:
        if real is None:
            problems.append(f"{name}: layerlint claims a batch {mine}; torch raises {run['error']}")
        elif len(mine) != len(real["fields"]):
            problems.append(f"{name}: {len(mine)} fields, torch {len(real['fields'])}")
        else:
            for field, truth in zip(mine, real["fields"]):
                if field is None:
                    continue
                counts["fields"] += 1
                shape, dtype = field
                if truth is None or len(shape) != len(truth[0]) or dtype != truth[1] or any(
                        isinstance(d, int) and d != t for d, t in zip(shape, truth[0])):
                    problems.append(f"{name}: layerlint {field}, torch {truth}")
                elif all(isinstance(d, int) for d in shape):
                    counts["exact"] += 1
    elif real is not None:
        counts["batch unknown"] += 1
    errors = sorted((d for d in check_source(source, "ds.py").diagnostics
                     if d.severity == "error"), key=lambda d: d.span.line)
    error = run["error"]
    if error is None and errors:
        problems.append(f"{name}: false alarm {errors[0].code} line {errors[0].span.line}: "
                        f"{errors[0].message}")
    elif error is not None and errors:
        counts["errors found"] += 1
        defined = next((i for i, line in enumerate(source.splitlines(), 1)
                        if line.startswith("model = ")), None)
        if errors[0].span.line not in (error[2], defined):  # torch's line or the model's
            problems.append(f"{name}: torch raises at line {error[2]} ({error[0]}: {error[1]}); "
                            f"layerlint at {errors[0].span.line}: {errors[0].message}")
        elif errors[0].framework_error not in (None, f"{error[0]}: {error[1]}"):
            problems.append(f"{name}: torch says {error[0]}: {error[1]}; layerlint "
                            f"{errors[0].framework_error}")
    elif error is not None:
        counts["errors missed"] += 1  # a dtype error, an empty loader, an IndexError
    return problems


def test_hand_cases_agree_with_torch() -> None:
    runs = torch_runs()
    counts = {k: 0 for k in ("scripts", "fields", "exact", "batch unknown", "errors found",
                             "errors missed")}
    problems = [p for name in HAND for p in compare(name, runs[name], counts)]
    assert not problems, "\n".join(problems)
    assert counts["exact"] >= 6, counts  # the tutorial-style batches are known
    assert counts["errors found"] >= 1, counts


@pytest.mark.parametrize("chunk", range(2))
def test_seeded_dataset_classes_agree_with_torch(chunk: int) -> None:
    runs = torch_runs()
    counts = {k: 0 for k in ("scripts", "fields", "exact", "batch unknown", "errors found",
                             "errors missed")}
    problems = []
    for seed in SEEDS[chunk::2]:
        name = f"seed {seed}"
        problems += [f"{p}\n{runs[name]['source']}" for p in compare(name, runs[name], counts)]
    print(chunk, counts)
    assert not problems, f"{len(problems)} disagree:\n" + "\n".join(problems[:3])
    # not vacuous: most batches are known exactly, and torch's errors are found
    assert counts["exact"] >= 0.5 * counts["fields"] > 0, counts
    assert counts["errors found"] >= 20, counts
