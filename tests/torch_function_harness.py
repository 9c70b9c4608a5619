"""Differential harness for torch tensor-function entries (layerlint/layers/torch/functions*.py).

A case is ``(src, shapes)``: one expression as written in torch code, e.g.
``"torch.cat([x0, x1], dim=1)"``, ``"x0.view(2, -1)"``, ``"x0 @ x1"``, whose tensors are named
by a prefix and their index in ``shapes``: ``x`` float zeros, ``g`` float zeros that require
grad, ``t`` a transposed layout (all axes reversed), ``c`` a slice (the first half of a last axis
twice as long), ``i`` integer (long) zeros. Layerlint is told each one's strides.

``layerlint_function(src, shapes)`` runs the catalogue entry; ``run_in_torch(cases)`` evaluates
every case for real in ONE subprocess (torch imported once) and returns the same facts. Both
give a :class:`TorchOutcome` (from torch_harness): ``error`` None, ``"call"`` (torch raises) or
``"unknown"`` (layerlint claims nothing); ``shape`` the first output's, ``outputs`` all of them
when the function returns a tuple; ``message`` the first line of the exception.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile

from torch_harness import TorchOutcome, _first_line

from layerlint.layers.base import LayerError, Unmodelled
from layerlint.layers.torch._function import (
    TensorArg,
    lookup_function,
    result_layout,
    run_function,
    tensors_of,
)
from layerlint.layers.torch.strides import contiguous_strides

OPERATORS = {"Add": "add", "Sub": "sub", "Mult": "mul", "Div": "div", "FloorDiv": "floor_divide",
             "Mod": "remainder", "Pow": "pow", "MatMult": "matmul"}


def _tensor(name: str, shapes: list) -> TensorArg:
    kind, index = name[0], int(name[1:])
    shape = tuple(shapes[index])
    strides = contiguous_strides(shape) if all(isinstance(d, int) for d in shape) else None
    if strides is not None and kind == "t":
        strides = tuple(reversed(contiguous_strides(tuple(reversed(shape)))))
    elif strides is not None and kind == "c" and shape:
        strides = contiguous_strides(shape[:-1] + (2 * shape[-1],))
    return TensorArg(shape, requires_grad=kind == "g", contiguous=kind not in "tc",
                     strides=strides, dtype="int64" if kind == "i" else "float32")


def _value(node: ast.AST, shapes: list):
    """A literal, a named tensor, or the result of a nested call (``x0.transpose(0, 1)``)."""
    if isinstance(node, ast.Name):
        return _tensor(node.id, shapes)
    if isinstance(node, (ast.List, ast.Tuple)) and any(
            not isinstance(e, ast.Constant) for e in node.elts):
        items = [_value(e, shapes) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Subscript):  # one output of a tuple: x0.chunk(2)[1]
        return _value(node.value, shapes)[ast.literal_eval(node.slice)]
    if isinstance(node, (ast.Call, ast.BinOp)) and not _is_literal(node):
        return _evaluate(node, shapes)
    return ast.literal_eval(node)


def _is_literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def _evaluate(node: ast.AST, shapes: list):
    """Run the entry for one call; a TensorArg (or a tuple of them) with the result's layout."""
    if isinstance(node, ast.BinOp):
        name = f"torch.{OPERATORS[type(node.op).__name__]}"
        args, kwargs = (_value(node.left, shapes), _value(node.right, shapes)), {}
    else:
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        owner = node.func.value
        args = tuple(_value(a, shapes) for a in node.args)
        kwargs = {k.arg: _value(k.value, shapes) for k in node.keywords}
        if isinstance(owner, ast.Name) and owner.id in ("torch", "F"):
            name = f"{owner.id}.{node.func.attr}"
        else:
            name = f"Tensor.{node.func.attr}"
            args = (_value(owner, shapes), *args)
    spec = lookup_function(name)
    assert spec is not None, f"{name} is not in the torch function catalogue"
    out = run_function(spec, args, kwargs)
    inputs = tensors_of(args, kwargs, spec)
    contiguous, strides = result_layout(spec, out, inputs)
    grad = any(t.requires_grad for t in inputs)
    tensors = tuple(TensorArg(tuple(s), grad, contiguous, strides)
                    for s in (out.outputs or (out.shape,)))
    return tensors if out.outputs is not None else tensors[0]


def layerlint_function(src: str, shapes: list) -> TorchOutcome:
    node = ast.parse(src, mode="eval").body
    try:
        value = _value(node, shapes)
    except LayerError as e:
        return TorchOutcome("call", message=_first_line(e.framework))
    except Unmodelled:
        return TorchOutcome("unknown")
    if isinstance(value, tuple):
        return TorchOutcome(None, value[0].shape, None, tuple(t.shape for t in value))
    return TorchOutcome(None, value.shape)


_CHILD = r"""
import json, sys, warnings
import torch
import torch.nn.functional as F

def tensor(name, shapes):
    kind, shape = name[0], tuple(shapes[int(name[1:])])
    if kind == "i":
        return torch.zeros(shape, dtype=torch.long)
    if kind == "t":
        return torch.zeros(tuple(reversed(shape))).permute(tuple(reversed(range(len(shape)))))
    if kind == "c" and shape:
        return torch.zeros(shape[:-1] + (2 * shape[-1],))[..., :shape[-1]]
    return torch.zeros(shape, requires_grad=kind == "g")

def shapes_of(value):
    if isinstance(value, torch.Tensor):
        return [list(value.shape)]
    return [s for v in value for s in shapes_of(v)]

with open(sys.argv[1]) as f:
    cases = json.load(f)
results = []
for src, shapes in cases:
    names = {f"{k}{i}": None for i in range(len(shapes)) for k in "xgtic"}
    space = {"torch": torch, "F": F}
    space.update({n: tensor(n, shapes) for n in names if n in src})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = eval(src, space)
        except Exception as e:
            text = str(e)
            results.append(["call", f"{type(e).__name__}: {text}"])
            continue
    tupled = not isinstance(value, torch.Tensor)
    results.append([None, shapes_of(value), tupled])
with open(sys.argv[2], "w") as f:
    json.dump(results, f)
"""


def run_in_torch(cases: list[tuple[str, list]]) -> list[TorchOutcome]:
    """Evaluate every case in real torch, in one subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        source, target = os.path.join(tmp, "cases.json"), os.path.join(tmp, "out.json")
        with open(source, "w") as f:
            json.dump([[src, [list(s) for s in shapes]] for src, shapes in cases], f)
        done = subprocess.run([sys.executable, "-c", _CHILD, source, target], timeout=900,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        with open(target) as f:
            results = json.load(f)
    outcomes = []
    for result in results:
        if result[0] == "call":
            outcomes.append(TorchOutcome("call", message=_first_line(result[1])))
            continue
        shapes = [tuple(s) for s in result[1]]
        outcomes.append(TorchOutcome(None, shapes[0], None,
                                     tuple(shapes) if result[2] else None))
    return outcomes


def mismatches(cases: list[tuple[str, list]], real: list[TorchOutcome]) -> tuple[list[str], int]:
    """Cases where a layerlint claim differs from torch, and how many cases it claimed."""
    problems, claimed = [], 0
    for (src, shapes), theirs in zip(cases, real):
        ours = layerlint_function(src, shapes)
        if ours.error == "unknown":
            continue
        claimed += 1
        if ours != theirs:
            problems.append(f"{src} on {shapes}:\n  layerlint {ours}\n  torch     {theirs}")
    return problems, claimed


def unknown_dims_agree(src: str, shapes: list, real: TorchOutcome) -> list[str]:
    """With any one dimension unknown (None: the run's batch size; ``"n"``: a value layerlint
    could not evaluate), layerlint must not claim an error on a call torch accepts, and every
    output dimension it still claims must be torch's."""
    problems = []
    for t, shape in enumerate(shapes):
        for i in range(len(shape)):
            for unknown in (None, "n"):
                probe = [list(s) for s in shapes]
                probe[t][i] = unknown
                ours = layerlint_function(src, probe)
                if ours.error == "unknown":
                    continue
                if ours.error is not None:
                    problems.append(f"{src} on {probe}: {ours.message}")
                    continue
                for got, want in zip(ours.outputs or (ours.shape,), real.outputs or (real.shape,)):
                    if len(got) != len(want) or any(
                            isinstance(d, int) and d != w for d, w in zip(got, want)):
                        problems.append(f"{src} on {probe}: {got} vs torch {want}")
    return problems
