"""Shapes of the tensor operations a straight-line ``forward`` uses between module calls.

``apply(op, inputs, env)`` returns the op's value (a :class:`Tensor`, a tuple, or None for
unknown) or raises LayerError where torch would raise for every run of that code. Only errors
whose message was measured on torch 2.13 are claimed (view/reshape sizes, flatten and softmax
axes); any other invalid use gives an unknown value, never a guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from ...ir import ArrayValue, Call, TensorDim, TorchOp
from ...layers.base import Args, LayerError, Unmodelled, bind, lookup
from ...layers.torch._common import axis_range_error, norm_axis
from ...shapes import UNKNOWN_DIM, Dim, Shape, is_known


@dataclass(frozen=True)
class Tensor:
    shape: Shape
    dtype: str | None = "float32"
    origin: ArrayValue | None = None  # the data this tensor is, before any module
    flat_from: Shape | None = None  # the axes a flatten multiplied into the last axis
    contiguous: bool = True


ELEMENTWISE = {
    "relu", "relu6", "gelu", "silu", "elu", "selu", "celu", "leaky_relu", "sigmoid", "tanh",
    "softplus", "mish", "hardswish", "hardsigmoid", "hardtanh", "logsigmoid", "softsign",
    "dropout", "alpha_dropout", "neg", "exp", "abs", "sqrt", "log", "sin", "cos",
}
SAME_SHAPE_METHODS = {
    "contiguous", "float", "double", "half", "to", "cuda", "cpu", "detach", "clone",
    "requires_grad_", "relu_", "sigmoid_", "tanh_",
} | ELEMENTWISE
POOLS = {f"{kind}_pool{n}d": f"{kind.title().replace('_', '')}Pool{n}d"
         for kind in ("max", "avg") for n in (1, 2, 3)}
POOLS.update({f"adaptive_{kind}_pool{n}d": f"Adaptive{kind.title()}Pool{n}d"
              for kind in ("max", "avg") for n in (1, 2, 3)})


def keeps_features(op: TorchOp) -> bool:
    """The op leaves the tensor as the previous module made it (for naming that module)."""
    return _name(op) in ELEMENTWISE or (op.kind == "method" and op.target in SAME_SHAPE_METHODS)


MODELLED_FUNCTIONS = ELEMENTWISE | {"cat", "flatten", "softmax", "log_softmax", "softmin"} | set(
    POOLS)
MODELLED_METHODS = SAME_SHAPE_METHODS | {"view", "reshape", "flatten", "softmax", "log_softmax",
                                         "permute", "transpose", "unsqueeze", "mean", "sum",
                                         "amax", "amin"}


def is_modelled(op: TorchOp) -> bool:
    """``apply`` knows what this op does (an unknown result then comes from unknown values,
    not from the op): the LL901 note is for the others."""
    if op.kind in ("getitem", "binary", "module"):
        return True
    if op.kind == "function":
        name = _name(op)
        return op.target.startswith(("F.", "torch.")) and name in MODELLED_FUNCTIONS and (
            name not in POOLS or op.target.startswith("F."))
    if op.kind == "method":
        return _name(op) in MODELLED_METHODS
    return False


def _name(op: TorchOp) -> str:
    return op.target.rsplit(".", 1)[-1]


def apply(op: TorchOp, inputs: list[Any], env: dict[str, Any]) -> Any:
    if op.kind in ("unknown", "tuple") or any(v is None for v in inputs):
        return None
    if op.kind == "getitem":
        return _getitem(inputs[0], op.args[0])
    if any(not isinstance(v, Tensor) for v in inputs):
        return None  # a tuple where a tensor is expected: torch's TypeError is not modelled
    if op.kind == "binary":
        return _broadcast(inputs) if len(op.args) <= 1 else None
    x: Tensor = inputs[0]
    name = _name(op)
    if op.kind == "function" and op.target.startswith(("F.", "torch.")):
        if name == "cat":
            return _cat(inputs, op)
        if len(inputs) != 1:
            return None
        if name in ELEMENTWISE:
            return x
        if name == "flatten":
            return _flatten(x, *_axes(op, ("start_dim", 0), ("end_dim", -1)))
        if name in ("softmax", "log_softmax", "softmin"):
            return _softmax(x, op)
        if name in POOLS and op.target.startswith("F."):
            return _module(POOLS[name], x, op)
        return None
    if op.kind == "method":
        if name in SAME_SHAPE_METHODS:
            if name == "contiguous":
                return replace(x, contiguous=True)
            return x
        if name in ("view", "reshape"):
            return _view(x, op, env, name)
        if name == "flatten":
            return _flatten(x, *_axes(op, ("start_dim", 0), ("end_dim", -1)))
        if name in ("softmax", "log_softmax"):
            return _softmax(x, op)
        if name == "permute":
            return _permute(x, op)
        if name == "transpose":
            return _transpose(x, op)
        if name == "unsqueeze":
            return _unsqueeze(x, op)
        if name in ("mean", "sum", "amax", "amin"):
            return _reduce(x, op)
    return None


def _axes(op: TorchOp, *params: tuple[str, int]) -> list[Any]:
    values = []
    for i, (param, default) in enumerate(params):
        values.append(op.args[i] if i < len(op.args) else op.kwargs.get(param, default))
    return values


def _flatten(x: Tensor, start: Any, end: Any) -> Tensor | None:
    if not _is_int(start) or not _is_int(end):
        return None
    spec = lookup("torch", "Flatten")
    assert spec is not None
    args = Args("flatten", {"start_dim": start, "end_dim": end})
    try:
        out = spec.call(args, x.shape)
    except Unmodelled:
        return None
    s = norm_axis(start, len(x.shape))
    flat = x.shape[s:] if s is not None and out.shape is not None and len(out.shape) == s + 1 \
        else None
    return Tensor(out.shape, x.dtype, flat_from=flat if flat and len(flat) > 1 else None) \
        if out.shape is not None else None


def _softmax(x: Tensor, op: TorchOp) -> Tensor | None:
    dim = op.args[0] if op.args else op.kwargs.get("dim")
    if not _is_int(dim):
        return None
    if norm_axis(dim, len(x.shape)) is None:
        raise axis_range_error(Args(_name(op), {}), x.shape, dim)
    return x


def _module(kind: str, x: Tensor, op: TorchOp) -> Tensor | None:
    spec = lookup("torch", kind)
    if spec is None:
        return None
    call = Call(kind, kind, tuple(op.args), dict(op.kwargs), op.span)
    try:
        args = bind(spec, call, kind)
        if spec.validate:
            spec.validate(args)
        out = spec.call(args, x.shape)
    except (Unmodelled, LayerError):
        return None  # the functional's own messages are not measured
    return Tensor(out.shape, x.dtype) if out.shape is not None and not out.outputs else None


def _dim_of(value: Any, env: dict[str, Any]) -> Any:
    if isinstance(value, TensorDim):
        tensor = env.get(value.var)
        if not isinstance(tensor, Tensor):
            return None
        axis = norm_axis(value.axis, len(tensor.shape))
        if axis is None or len(tensor.shape) == 0:
            return None
        d = tensor.shape[axis]
        return d if is_known(d) else UNKNOWN_DIM
    if _is_int(value):
        return value
    return None


def _view(x: Tensor, op: TorchOp, env: dict[str, Any], name: str) -> Tensor | None:
    raw = op.args[0] if len(op.args) == 1 and isinstance(op.args[0], (tuple, list)) else op.args
    if op.kwargs or not raw:
        return None
    sizes = [_dim_of(v, env) for v in raw]
    if any(s is None for s in sizes):
        return None
    if name == "view" and not x.contiguous:
        return None  # view of a permuted tensor may fail on strides: not modelled
    if any(isinstance(s, int) and s < -1 for s in sizes) or 0 in sizes:
        return None
    if any(not is_known(d) for d in x.shape) or 0 in x.shape:
        if sizes.count(-1) > 1:
            raise _inferred_twice()
        return Tensor(tuple(UNKNOWN_DIM if s == -1 else s for s in sizes), x.dtype)
    total = math.prod(x.shape)  # type: ignore[arg-type]
    if sizes.count(-1) > 1:
        raise _inferred_twice()
    if any(not is_known(s) and s != -1 for s in sizes):
        return Tensor(tuple(UNKNOWN_DIM if s == -1 else s for s in sizes), x.dtype)
    known = math.prod(s for s in sizes if s != -1)  # type: ignore[misc]
    fits = total % known == 0 if -1 in sizes else known == total
    if not fits:
        shown = "[" + ", ".join(str(s) for s in sizes) + "]"
        per_sample = total // x.shape[0] if x.shape and x.shape[0] else None  # type: ignore
        hint = (f"; each of the {x.shape[0]} samples has {per_sample} elements "
                f"({' x '.join(str(d) for d in x.shape[1:])})" if per_sample else "")
        raise LayerError(
            "LL104",
            f"{name}({', '.join(str(s) for s in sizes)}) does not fit a tensor of "
            f"{total} elements {list(x.shape)}{hint}",
            f"RuntimeError: shape '{shown}' is invalid for input of size {total}",
            expected=str(known), found=str(total))
    out = tuple(total // known if s == -1 else s for s in sizes)
    flat = x.shape[1:] if len(out) == 2 and len(x.shape) > 2 and out[0] == x.shape[0] else None
    return Tensor(out, x.dtype, flat_from=flat)  # type: ignore[arg-type]


def _inferred_twice() -> LayerError:
    return LayerError("LL104", "view/reshape can infer only one dimension (two -1 sizes)",
                      "RuntimeError: only one dimension can be inferred")


def _permute(x: Tensor, op: TorchOp) -> Tensor | None:
    dims = op.args[0] if len(op.args) == 1 and isinstance(op.args[0], (tuple, list)) else op.args
    rank = len(x.shape)
    if len(dims) != rank or not all(_is_int(d) for d in dims):
        return None
    axes = [norm_axis(d, rank) for d in dims]
    if None in axes or sorted(axes) != list(range(rank)):  # type: ignore[type-var]
        return None
    return Tensor(tuple(x.shape[a] for a in axes), x.dtype,  # type: ignore[index]
                  contiguous=x.contiguous and axes == list(range(rank)))


def _transpose(x: Tensor, op: TorchOp) -> Tensor | None:
    if len(op.args) != 2 or not all(_is_int(d) for d in op.args):
        return None
    rank = len(x.shape)
    a, b = (norm_axis(d, rank) for d in op.args)
    for given, axis in zip(op.args, (a, b)):
        if axis is None:
            raise axis_range_error(Args("transpose", {}), x.shape, given)
    dims = list(x.shape)
    dims[a], dims[b] = dims[b], dims[a]  # type: ignore[index]
    return Tensor(tuple(dims), x.dtype, contiguous=x.contiguous and a == b)


def _unsqueeze(x: Tensor, op: TorchOp) -> Tensor | None:
    dim = op.args[0] if op.args else op.kwargs.get("dim")
    rank = len(x.shape)
    if not _is_int(dim) or not -rank - 1 <= dim <= rank:
        return None
    d = dim % (rank + 1)
    return Tensor(x.shape[:d] + (1,) + x.shape[d:], x.dtype)


def _reduce(x: Tensor, op: TorchOp) -> Tensor | None:
    dim = op.args[0] if op.args else op.kwargs.get("dim")
    keep = op.args[1] if len(op.args) > 1 else op.kwargs.get("keepdim", False)
    if not isinstance(keep, bool):
        return None
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    if not dims or not all(_is_int(d) for d in dims):
        return None
    axes = {norm_axis(d, len(x.shape)) for d in dims}
    if None in axes or len(axes) != len(dims):
        return None
    shape = tuple((1 if i in axes else d) for i, d in enumerate(x.shape) if keep or i not in axes)
    return Tensor(shape, x.dtype)


def _getitem(value: Any, index: Any) -> Any:
    if isinstance(value, tuple):
        if _is_int(index) and -len(value) <= index < len(value):
            return value[index]
        return None
    if not isinstance(value, Tensor):
        return None
    items = list(index) if isinstance(index, tuple) else [index]
    consuming = sum(1 for i in items if i is not None and i is not Ellipsis)
    rank = len(value.shape)
    if consuming > rank or items.count(Ellipsis) > 1:
        return None
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items[at:at + 1] = [slice(None)] * (rank - consuming)
    else:
        items += [slice(None)] * (rank - consuming)
    out: list[Dim] = []
    axis = 0
    for item in items:
        if item is None:
            out.append(1)
            continue
        d = value.shape[axis]
        axis += 1
        if _is_int(item):
            if is_known(d) and not -d <= item < d:  # type: ignore[operator]
                return None
            continue
        if isinstance(item, slice):
            if item.step is not None and item.step <= 0:
                return None
            out.append(len(range(*item.indices(d))) if is_known(d) else UNKNOWN_DIM)  # type: ignore
    return Tensor(tuple(out), value.dtype)


def _broadcast(inputs: list[Tensor]) -> Tensor | None:
    shapes = [t.shape for t in inputs]
    rank = max(len(s) for s in shapes)
    out: list[Dim] = []
    for i in range(rank):
        dims = [s[len(s) - rank + i] for s in shapes if len(s) - rank + i >= 0]
        known = {d for d in dims if is_known(d) and d != 1}
        if len(known) > 1:
            return None  # torch's broadcast message is not modelled
        if any(not is_known(d) for d in dims):
            out.append(UNKNOWN_DIM)
        else:
            out.append(known.pop() if known else 1)
    return Tensor(tuple(out), inputs[0].dtype)


def _cat(inputs: list[Tensor], op: TorchOp) -> Tensor | None:
    dim = op.args[0] if op.args else op.kwargs.get("dim", 0)
    if not _is_int(dim) or len({len(t.shape) for t in inputs}) != 1:
        return None
    rank = len(inputs[0].shape)
    axis = norm_axis(dim, rank)
    if axis is None or rank == 0:
        return None
    out: list[Dim] = []
    for i in range(rank):
        dims = [t.shape[i] for t in inputs]
        if i == axis:
            out.append(sum(dims) if all(is_known(d) for d in dims) else UNKNOWN_DIM)  # type: ignore
        elif all(is_known(d) for d in dims):
            if len(set(dims)) > 1:
                return None
            out.append(dims[0])
        else:
            out.append(UNKNOWN_DIM)
    return Tensor(tuple(out), inputs[0].dtype)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


