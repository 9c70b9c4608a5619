"""Seeded scripts with a custom ``torch.utils.data.Dataset`` subclass (``__init__``,
``__len__``, ``__getitem__`` returning tensors, numpy rows and Python numbers, alone, in a tuple
or a list) fed to a ``DataLoader``; the first batch goes into a small model. test_torch_dataset_
classes.py compares layerlint's first batch and verdict with real torch.

``python torch_dataset_cases.py < [source, ...]`` runs them in torch (one process) and prints,
per script, ``batch``: the first batch's fields as ``[shape, dtype]`` (a single tensor: one
field, ``single``), or None when the script stopped before; and ``error``: ``[type, message's
first line, script line]`` or None.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field

HEAD = ("import numpy as np\nimport torch\nfrom torch import nn\n"
        "from torch.utils.data import DataLoader, Dataset\n\n")


@dataclass
class Case:
    seed: int
    lines: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return HEAD + "\n".join(self.lines) + "\n"


# (expression of n rows of a sample shape, the rows' kind) -> what self.f[idx] is
_TENSORS = ("torch.randn({n}, {s})", "torch.zeros({n}, {s}, dtype=torch.float64)",
            "torch.randint(0, 5, ({n}, {s}))", "torch.from_numpy(np.random.rand({n}, {s}))")
_ARRAYS = ("np.random.rand({n}, {s})", "np.random.rand({n}, {s}).astype(np.float32)",
           "np.zeros(({n}, {s}), dtype=np.uint8)", "np.ones(({n}, {s}), dtype=np.int32)")
_TENSOR_STEPS = (".float()", ".view(-1)", ".unsqueeze(0)", ".flatten()", " * 2", ".long()")
_ARRAY_STEPS = (".astype(np.float32)", ".reshape(-1)", "np.expand_dims({v}, 0)",
                "torch.from_numpy({v})", "torch.tensor({v}, dtype=torch.float32)")
_SCALARS = ("1", "0.5", "True", "int(self.labels[idx])", "self.labels[idx]",
            "float(idx)", "idx")


def generate(seed: int) -> Case:
    rng = random.Random(seed)
    case = Case(seed)
    rows = rng.choice([3, 8, 10, 17, 32])
    passed = rng.random() < 0.3  # the data are made outside and passed in
    fields = []
    for i in range(rng.choice([1, 1, 2, 2, 3])):
        shape = ", ".join(str(rng.choice([1, 2, 3, 4, 6])) for _ in range(rng.choice([1, 1, 2, 3])))
        if rng.random() < 0.5:
            fields.append((f"f{i}", rng.choice(_TENSORS).format(n="{n}", s=shape), "tensor"))
        else:
            fields.append((f"f{i}", rng.choice(_ARRAYS).format(n="{n}", s=shape), "array"))
    case.lines.append("class PairDataset(Dataset):")
    params = ", ".join(name for name, _, _ in fields) if passed else "n"
    case.lines.append(f"    def __init__(self, {params}, transform=None):")
    for name, expression, _ in fields:
        value = name if passed else expression.format(n="n")
        case.lines.append(f"        self.{name} = {value}")
    case.lines.append(f"        self.labels = np.arange({'len(self.f0)' if passed else 'n'}) % 4")
    case.lines.append("        self.transform = transform")
    case.lines.append("        self.count = len(self.f0)")
    length = rng.choice(["len(self.f0)", "self.count", "self.f0.shape[0]", str(rows),
                         str(rows + rng.choice([1, 5]))])
    case.lines += ["", "    def __len__(self):", f"        return {length}", "",
                   "    def __getitem__(self, idx):"]
    returned = []
    for name, _, kind in fields:
        case.lines.append(f"        {name} = self.{name}[idx]")
        for _ in range(rng.choice([0, 0, 1, 2])):
            if kind == "tensor":
                case.lines.append(f"        {name} = {name}{rng.choice(_TENSOR_STEPS)}")
            else:
                step = rng.choice(_ARRAY_STEPS)
                kind = "tensor" if step.startswith("torch") else kind
                case.lines.append(f"        {name} = " + (step.format(v=name) if "{v}" in step
                                                         else name + step))
        returned.append(name)
    if rng.random() < 0.3:
        case.lines += ["        if self.transform is not None:",
                       "            f0 = self.transform(f0)"]
    if rng.random() < 0.6:
        returned.append(rng.choice(_SCALARS))
    form = rng.choice(["tuple", "tuple", "list", "single"]) if len(returned) == 1 else \
        rng.choice(["tuple", "tuple", "list"])
    body = ", ".join(returned)
    case.lines.append("        return " + {"tuple": f"{body}" if len(returned) > 1 else
                                            f"({body},)", "list": f"[{body}]",
                                            "single": body}[form])
    case.lines.append("")
    if passed:
        made = ", ".join(expression.format(n=rows) for _, expression, _ in fields)
        case.lines.append(f"dataset = PairDataset({made})")
    else:
        case.lines.append(f"dataset = PairDataset({rows})")
    batch = rng.choice([1, 4, 8, 16])
    shuffle, drop = rng.choice([False, True]), rng.random() < 0.3
    case.lines.append(f"loader = DataLoader(dataset, batch_size={batch}, shuffle={shuffle}, "
                      f"drop_last={drop})")
    case.lines.append("batch = next(iter(loader))")
    first = "batch" if form == "single" else "batch[0]"
    width = rng.choice([3, 4, 6, 8, 12, 16, 24])
    case.lines.append(f"features = {first}")
    case.lines.append(f"model = nn.Sequential(nn.Flatten(), nn.Linear({width}, 2))")
    cast = ".float()" if rng.random() < 0.7 else ""
    case.lines.append(f"output = model(features{cast})")
    return case


def _described(value: object) -> object:
    import torch

    if isinstance(value, torch.Tensor):
        return [list(value.shape), str(value.dtype).removeprefix("torch.")]
    return None


def run(source: str) -> dict:
    import traceback
    import warnings

    import numpy as np
    import torch

    torch.manual_seed(0)
    np.random.seed(0)
    namespace: dict = {"__name__": "__main__"}
    error = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(source, "<dataset>", "exec"), namespace)  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - the outcome under test
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
                 if f.filename == "<dataset>"]
        error = [type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "",
                 lines[0] if lines else None]
    batch = namespace.get("batch")
    if batch is None:
        described = None
    elif isinstance(batch, (list, tuple)):
        described = {"single": False, "fields": [_described(v) for v in batch]}
    else:
        described = {"single": True, "fields": [_described(batch)]}
    return {"batch": described, "error": error}


if __name__ == "__main__":
    import torch

    torch.set_num_threads(1)
    print(json.dumps([run(source) for source in json.load(sys.stdin)]))
