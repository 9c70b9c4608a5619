"""Data of another dtype than a model's float32 weights (layers/torch/input_dtype.py), against
real torch 2.13: every module entry on every dtype and rank (the error and its message, or the
output's dtype; a case not claimed is counted), the functions claimed on integer and bool
tensors, and whole scripts (``torch.from_numpy`` of float64 data into a Linear)."""

from __future__ import annotations

import itertools
import random

import pytest

from layerlint.ir import Call, Span
from layerlint.layers.base import LayerError
from layerlint.layers.torch.input_dtype import (
    CONVS,
    FLOAT_KEEPING,
    INTEGER_ARITHMETIC,
    RNNS,
    SHAPE_AND_CAST,
    function_claimed,
    input_dtype,
    module_dtype,
)
from layerlint.pipeline import check_source

pytestmark = pytest.mark.torch

torch = pytest.importorskip("torch")
nn = torch.nn

DTYPES = ("float64", "float16", "int64", "int32", "uint8", "bool")
# kind -> (constructor keyword arguments, feature size of an input, spatial rank)
MODULES = {
    "Linear": (lambda bias: nn.Linear(4, 3, bias=bias), 4, 0),
    "Conv1d": (lambda bias: nn.Conv1d(4, 3, 3, bias=bias), 4, 1),
    "Conv2d": (lambda bias: nn.Conv2d(4, 3, 3, bias=bias), 4, 2),
    "Conv3d": (lambda bias: nn.Conv3d(4, 3, 3, bias=bias), 4, 3),
    "RNN": (lambda bias: nn.RNN(4, 3, bias=bias), 4, 0),
    "LSTM": (lambda bias: nn.LSTM(4, 3, bias=bias), 4, 0),
    "GRU": (lambda bias: nn.GRU(4, 3, bias=bias), 4, 0),
    **{kind: (lambda bias, kind=kind: _plain(kind), 4, 2) for kind in FLOAT_KEEPING},
}


def _plain(kind: str) -> nn.Module:
    arguments = {"Softmax": {"dim": 1}, "LogSoftmax": {"dim": 1}, "MaxPool1d": {"kernel_size": 2},
                 "MaxPool2d": {"kernel_size": 2}, "AvgPool1d": {"kernel_size": 2},
                 "AvgPool2d": {"kernel_size": 2}, "AdaptiveAvgPool2d": {"output_size": 2}}
    return getattr(nn, kind)(**arguments.get(kind, {}))


def _input(kind: str, features: int, spatial: int, rank: int, dtype: str) -> torch.Tensor:
    if kind in FLOAT_KEEPING:
        shape = (2, 4, 6, 6)[:rank]
    elif kind in CONVS or kind in RNNS:
        shape = ((2, features) + (6,) * spatial)[-rank:] if rank <= spatial + 2 else (2,) * (
            rank - spatial - 1) + (features,) + (6,) * spatial
        if kind in RNNS:
            shape = (2,) * (rank - 1) + (features,)
    else:
        shape = (2,) * (rank - 1) + (features,) if rank else ()
    return (torch.rand(shape) * 4).to(getattr(torch, dtype))


def _torch_run(module: nn.Module, x: torch.Tensor) -> tuple[str | None, str | None]:
    """(the error's first line, the output's dtype)."""
    try:
        out = module(x)
    except Exception as error:  # noqa: BLE001 - the outcome under test
        return f"{type(error).__name__}: {str(error).splitlines()[0]}", None
    out = out[0] if isinstance(out, tuple) else out
    return None, str(out.dtype).removeprefix("torch.")


CASES = [(kind, bias, dtype, rank) for kind in sorted(MODULES) for bias in (True, False)
         for dtype in DTYPES for rank in range(0, 6)
         if bias or kind in ("Linear", *CONVS, *RNNS)]


def test_every_module_entry_agrees_with_torch() -> None:
    claimed = errors = 0
    problems = []
    for kind, bias, dtype, rank in CASES:
        make, features, spatial = MODULES[kind]
        rule = input_dtype(kind, bias, dtype, rank)
        if rule is None:
            continue
        claimed += 1
        error, out_dtype = _torch_run(make(bias), _input(kind, features, spatial, rank, dtype))
        if isinstance(rule, LayerError):
            errors += 1
            if rule.framework != error:
                problems.append(f"{kind} bias={bias} {dtype} rank {rank}: layerlint "
                                f"{rule.framework!r}, torch {error!r}")
        elif error is not None:  # only the shape may fail (the catalogue's): as in float32
            same, _ = _torch_run(make(bias), _input(kind, features, spatial, rank, "float32"))
            if same != error:
                problems.append(f"{kind} {dtype} rank {rank}: torch raised {error!r}")
        elif out_dtype != rule:
            problems.append(f"{kind} {dtype} rank {rank}: dtype {rule} vs {out_dtype}")
    assert not problems, "\n".join(problems[:10])
    assert claimed > 250 and errors > 150, (claimed, errors)


def test_converted_weights_or_dtype_argument_claim_nothing_with_parameters() -> None:
    linear = Call("Linear", "torch.nn.Linear", (4, 3), {}, Span(1, 1, 1, 2))
    assert isinstance(module_dtype(linear, True, "float64", 2, "float32"), LayerError)
    assert module_dtype(linear, True, "float64", 2, None) is None  # model.double() somewhere
    made = Call("Linear", "torch.nn.Linear", (4, 3), {"dtype": "?"}, Span(1, 1, 1, 2))
    assert module_dtype(made, True, "float64", 2, "float32") is None
    relu = Call("ReLU", "torch.nn.ReLU", (), {}, Span(1, 1, 1, 2))
    assert module_dtype(relu, None, "float64", 2, None) == "float64"
    assert module_dtype(linear, True, None, 2, "float32") == "float32"  # a probe: the shapes


def test_functions_claimed_on_integer_and_bool_tensors_run_in_torch() -> None:
    rng = random.Random(7)
    calls = {
        "view": lambda x: x.view(-1), "reshape": lambda x: x.reshape(-1),
        "permute": lambda x: x.permute(1, 0), "transpose": lambda x: x.transpose(0, 1),
        "flatten": lambda x: x.flatten(), "unsqueeze": lambda x: x.unsqueeze(0),
        "squeeze": lambda x: x.squeeze(), "cat": lambda x: torch.cat([x, x]),
        "concat": lambda x: torch.concat([x, x]), "concatenate": lambda x: torch.concatenate([x, x]),
        "stack": lambda x: torch.stack([x, x]), "split": lambda x: x.split(1),
        "chunk": lambda x: x.chunk(2), "to": lambda x: x.to("cpu"),
        "swapaxes": lambda x: x.swapaxes(0, 1), "swapdims": lambda x: x.swapdims(0, 1),
        "type_as": lambda x: x.type_as(x), "sum": lambda x: x.sum(1), "amax": lambda x: x.amax(1),
        "amin": lambda x: x.amin(1), "max": lambda x: x.max(1), "min": lambda x: x.min(1),
        "matmul": lambda x: x.matmul(x.t()), "mm": lambda x: x.mm(x.t()),
        "bmm": lambda x: x[None].bmm(x.t()[None]), "pow": lambda x: x.pow(2),
        "remainder": lambda x: x.remainder(2), "floor_divide": lambda x: x.floor_divide(2),
        "multiply": lambda x: x.multiply(x), "subtract": lambda x: x.subtract(x),
        "divide": lambda x: x.divide(x + 1), "true_divide": lambda x: x.true_divide(x + 1),
        "div": lambda x: x.div(x + 1), "maximum": lambda x: x.maximum(x),
        "minimum": lambda x: x.minimum(x),
    }
    names = sorted(SHAPE_AND_CAST | INTEGER_ARITHMETIC)
    checked = 0
    for name, dtype in itertools.product(names, ("int64", "int32", "uint8", "bool")):
        if not function_claimed(name, dtype):
            continue
        call = calls.get(name, lambda x, name=name: getattr(x, name)(*(
            (x,) if name in ("eq", "ne", "lt", "le", "gt", "ge", "add", "sub", "mul") else ())))
        x = (torch.rand(2, 3) * rng.choice([3, 5])).to(getattr(torch, dtype))
        call(x)  # raises if the claim is wrong
        checked += 1
    assert checked > 150
    assert not function_claimed("softmax", "int64") and not function_claimed("mean", "uint8")
    assert not function_claimed("sub", "bool") and function_claimed("softmax", "float16")


SCRIPTS = {
    "from_numpy_float64_into_linear": ("""\
import numpy as np
import torch
import torch.nn as nn
x = torch.from_numpy(np.random.rand(8, 10))
net = nn.Sequential(nn.Linear(10, 4), nn.ReLU())
out = net(x)
""", 5),
    "from_numpy_cast_to_float_runs": ("""\
import numpy as np
import torch
import torch.nn as nn
x = torch.from_numpy(np.random.rand(8, 10)).float()
net = nn.Sequential(nn.Linear(10, 4), nn.ReLU())
out = net(x)
""", None),
    "integer_tensor_into_conv": ("""\
import torch
import torch.nn as nn
images = torch.randint(0, 255, (2, 3, 16, 16), dtype=torch.uint8)
conv = nn.Conv2d(3, 8, 3)
y = conv(images)
""", 5),
    "float64_through_relu_into_lstm": ("""\
import torch
import torch.nn as nn
x = torch.randn(4, 7, 5, dtype=torch.float64)
h = nn.Tanh()(x)
lstm = nn.LSTM(5, 6, batch_first=True)
out, _ = lstm(h)
""", 6),
    "model_converted_to_double_is_not_claimed": ("""\
import numpy as np
import torch
import torch.nn as nn
x = torch.from_numpy(np.random.rand(8, 10))
net = nn.Sequential(nn.Linear(10, 4)).double()
out = net(x)
""", None),
    "device_move_keeps_the_check": ("""\
import torch
import torch.nn as nn
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
net = nn.Sequential(nn.Linear(10, 4)).to(device)
labels = torch.randint(0, 4, (8, 10)).to(device)
out = net(labels)
""", 4),
    "int_divided_is_float": ("""\
import torch
import torch.nn as nn
net = nn.Sequential(nn.Linear(10, 4))
x = torch.randint(0, 4, (8, 10)) / 4
out = net(x * 2)
""", None),
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_scripts_agree_with_torch(name: str) -> None:
    source, line = SCRIPTS[name]
    namespace: dict = {}
    error = None
    try:
        exec(compile(source, "<script>", "exec"), namespace)  # noqa: S102 - the test's script
    except Exception as exc:  # noqa: BLE001 - the outcome under test
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    found = [d for d in check_source(source, "s.py").diagnostics if d.severity == "error"]
    if line is None:
        assert error is None and found == []
        return
    assert error is not None
    (d,) = found
    # an nn.Sequential's module is reported where it is defined (torch: the calling line)
    assert (d.code, d.span.line, d.framework_error) == ("LL201", line, error)
