"""Shapes of the tensor operations a straight-line ``forward`` uses between module calls.

``apply(op, inputs, env)`` returns the op's value (a :class:`Tensor`, a tuple, or None for
unknown) or raises LayerError where torch would raise for every run of that code. Each function,
method and operator is an entry of the torch function catalogue
(``layers/torch/functions*.py``, pinned against torch 2.13); this module only turns a forward's
op into that entry's arguments and its result back into tensors. Indexing (``x[:, -1]``) is
modelled here.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, replace
from typing import Any

from ...ir import UNKNOWN, ArrayValue, DimExpr, OpOperand, TensorDim, TorchOp, UnknownNumber
from ...layers.base import LayerError, Unmodelled
from ...layers.torch._common import norm_axis
from ...layers.torch.input_dtype import function_claimed
from ...layers.torch._function import (
    FunctionSpec,
    TensorArg,
    lookup_function,
    result_layout,
    run_function,
    tensors_of,
)
from ...shapes import UNKNOWN_DIM, Dim, Shape, is_known
from . import bindings


@dataclass(frozen=True)
class Tensor:
    shape: Shape
    dtype: str | None = "float32"
    origin: ArrayValue | None = None  # the data this tensor is, before any module
    flat_from: Shape | None = None  # the axes a flatten multiplied into the last axis
    contiguous: bool | None = True  # None: a view whose strides layerlint does not follow
    strides: tuple[int, ...] | None = None  # when known (views of views: see result_layout)
    # the module kind (``Linear``) or function (``softmax``) that computed these values, shape
    # changes aside: what a loss learns of its input (raw scores, probabilities, ...)
    made_by: str | None = None


# Python operators as the torch functions they call (``a + b`` is ``torch.add(a, b)``).
OPERATORS = {"Add": "add", "Sub": "sub", "Mult": "mul", "Div": "div", "FloorDiv": "floor_divide",
             "Mod": "remainder", "Pow": "pow", "MatMult": "matmul",
             # comparisons (``pred == y``): torch.eq and friends, a bool tensor
             "Eq": "eq", "NotEq": "ne", "Lt": "lt", "LtE": "le", "Gt": "gt", "GtE": "ge"}
COMPARISONS = ("Eq", "NotEq", "Lt", "LtE", "Gt", "GtE")
DTYPES = {"float": "float32", "double": "float64", "half": "float16", "bfloat16": "bfloat16",
          "long": "int64", "int": "int32", "bool": "bool", "argmax": "int64", "argmin": "int64",
          **{name: "bool" for name in ("eq", "ne", "lt", "le", "gt", "ge", "logical_and",
                                       "logical_or")}}


def spec_of(op: TorchOp) -> FunctionSpec | None:
    """The catalogue entry an op calls (None: not a function layerlint models)."""
    if op.kind == "binary":
        name = OPERATORS.get(op.target)
        return lookup_function(f"torch.{name}") if name else None
    if op.kind == "function" and op.target.startswith(("F.", "torch.")):
        return lookup_function(op.target)
    if op.kind == "method":
        return lookup_function(f"Tensor.{op.target}")
    return None


def keeps_features(op: TorchOp) -> bool:
    """The op leaves the tensor as the previous module made it (for naming that module)."""
    spec = spec_of(op)
    return spec is not None and spec.elementwise and op.kind != "binary"


def is_modelled(op: TorchOp) -> bool:
    """``apply`` knows what this op does (an unknown result then comes from unknown values,
    not from the op): the LL901 note is for the others."""
    return op.kind in ("getitem", "module") or spec_of(op) is not None


def apply(op: TorchOp, inputs: list[Any], env: dict[str, Any],
          warnings: list[LayerError] | None = None) -> Any:
    """``warnings``: where a warning torch gives while running the op goes (a loss on a target
    of another size), when the caller reports them."""
    if op.kind in ("unknown", "tuple") or any(v is None for v in inputs):
        return None
    if op.kind == "getitem":
        return _getitem(inputs[0], op.args[0])
    if not inputs or any(not isinstance(v, Tensor) for v in inputs):
        return None  # a tuple where a tensor is expected: torch's TypeError is not modelled
    spec = spec_of(op)
    if spec is None or not function_claimed(spec.name.rsplit(".", 1)[-1], inputs[0].dtype):
        return None  # softmax of int64 data raises: not claimed
    tensors = [_tensor_arg(t) for t in inputs]
    args = tuple(_resolve(v, env, tensors, op.kind == "binary") for v in op.args)
    kwargs = {k: _resolve(v, env, tensors) for k, v in op.kwargs.items()}
    referenced = _references([*op.args, *op.kwargs.values()])
    tensors = [t for i, t in enumerate(tensors) if i not in referenced]  # the first argument's
    numbers: list[UnknownNumber] = []
    if op.kind == "binary":
        if len(tensors) + len(args) != 2:
            return None
        # `x * self.scale`: an operand layerlint could not evaluate may be a tensor, which
        # broadcasts x larger (measured: (2, 3) * a (4, 1, 1) tensor is (4, 2, 3)); only a
        # Python number (`x / math.sqrt(d)`) keeps x's shape whatever its value
        if any(v is UNKNOWN for v in args):
            return None
        numbers = [v for v in args if isinstance(v, UnknownNumber)]
        args = tuple((1 if v.kind == "int" else 1.0) if isinstance(v, UnknownNumber) else v
                     for v in args)
        call_args: tuple = (*tensors, *args)
    elif spec.signature and spec.signature[0].name == "tensors":  # torch.cat([a, b], ...)
        call_args = (tensors, *args)
    elif len(tensors) == 1:
        call_args = (tensors[0], *args)
    else:
        return None
    try:
        out = run_function(spec, call_args, kwargs)
    except Unmodelled:
        return None
    if out.warning is not None and warnings is not None:
        warnings.append(out.warning)
    value = _result(spec, out, inputs[0], tensors_of(call_args, kwargs, spec))
    if spec.name == "Tensor.to" and isinstance(value, Tensor) and is_unknown(args):
        value = replace(value, dtype=None)  # x.to(v): v may be a dtype
    if op.kind == "binary" and isinstance(value, Tensor):
        value = replace(value, dtype=binary_dtype(op.target, inputs, args))
    if op.kind == "binary" and numbers and isinstance(value, Tensor) and not (
            value.dtype or "").startswith(("float", "bfloat")):
        # an int tensor with a number that may be a float: the result's dtype is unknown
        value = replace(value, dtype=None)
    return value


def binary_dtype(operator: str, tensors: list[Any], numbers: tuple) -> str | None:
    """The dtype of ``a <op> b`` (torch's type promotion, for the cases layerlint follows):
    tensors of one dtype with Python numbers; None for tensors of several dtypes."""
    if operator in COMPARISONS:
        return "bool"
    dtypes = {t.dtype for t in tensors}
    if len(dtypes) != 1 or None in dtypes:
        return None
    dtype = dtypes.pop()
    floating = dtype.startswith(("float", "bfloat"))
    if floating:
        return dtype
    if operator == "Div" or any(isinstance(n, float) for n in numbers):
        return "float32"  # the default float dtype
    if dtype == "bool" and any(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return "int64"
    return dtype


def is_unknown(value: Any) -> bool:
    """A plain argument layerlint could not evaluate (UNKNOWN, or inside a tuple)."""
    if value is UNKNOWN:
        return True
    return isinstance(value, (tuple, list)) and any(is_unknown(v) for v in value)


def _tensor_arg(t: Tensor) -> TensorArg:
    # data before any module does not require grad; after one, whether it does depends on
    # the parameters' flags and the mode, which layerlint does not follow
    low, high = _bounds(t)
    return TensorArg(t.shape, False if t.origin is not None else None, t.contiguous, t.strides,
                     t.dtype, low, high, t.origin.bounds if t.origin is not None else None)


def _bounds(t: Tensor) -> tuple[int | None, int | None]:
    """The integer values the data holds, when the code makes them plain (a limit the data
    may never reach, a tokenizer's, is no such fact)."""
    data = t.origin
    if data is None or data.bounds == "at_most" or not (t.dtype or "").startswith("int"):
        return None, None
    plain = [v if isinstance(v, int) and not isinstance(v, bool) else None
             for v in (data.min_value, data.max_value)]
    return plain[0], plain[1]


def _resolve(value: Any, env: dict[str, Any], tensors: list[TensorArg],
             operand: bool = False) -> Any:
    """An argument as the entry takes it: ``x.size(0)`` the dimension (``"?"`` when only the run
    knows it), another tensor argument its TensorArg; a number of unknown value is UNKNOWN
    but to an operator (see ``apply``)."""
    if isinstance(value, UnknownNumber) and not operand:
        return UNKNOWN
    if isinstance(value, (TensorDim, DimExpr)):
        dim = size_of(value, env)
        if dim is None and operand:  # `x / x.size(1)`: an int whose value only the run knows
            return UnknownNumber("int")
        return UNKNOWN_DIM if dim is None else dim
    if isinstance(value, OpOperand):
        return tensors[value.index]
    if isinstance(value, (tuple, list)):
        return type(value)(_resolve(v, env, tensors) for v in value)
    return value


def resolve_sizes(call: Any, env: dict[str, Any]) -> None:
    """A module's arguments with their traced sizes (``nn.Linear(y.shape[1], 10)``) resolved
    from the script's values ``env``, in place: UNKNOWN where only the run knows one."""
    def size(value: Any) -> Any:
        if isinstance(value, (TensorDim, DimExpr)):
            dim = size_of(value, env)
            return UNKNOWN if dim is None else dim
        if isinstance(value, (tuple, list)):
            return kept_if_same(value, type(value)(size(v) for v in value))
        return value
    if plain_arguments(call):
        return  # nothing to resolve: the same objects (replay/torch/bindings.py)
    args = kept_if_same(call.args, tuple(size(v) for v in call.args))
    kwargs = kept_if_same(call.kwargs, {k: size(v) for k, v in call.kwargs.items()})
    if args is not call.args or kwargs is not call.kwargs:
        bindings.changed()
    call.args, call.kwargs = args, kwargs


_PLAIN = frozenset((int, float, str, bool, type(None), type(UNKNOWN)))


def plain_arguments(call: Any) -> bool:
    """Whether a call's arguments (a tuple and a dict) hold plain values only: no size to
    resolve in them."""
    return type(call.args) is tuple and type(call.kwargs) is dict and _PLAIN.issuperset(
        map(type, call.args)) and _PLAIN.issuperset(map(type, call.kwargs.values()))


def kept_if_same(old: Any, new: Any) -> Any:
    """``new``, made from ``old``'s items in order; or ``old`` itself when it is a tuple or a
    dict and every item is the very same object (an unchanged module keeps its argument
    objects: replay/torch/bindings.py)."""
    if type(old) is not type(new) or len(old) != len(new):
        return new
    if type(new) is tuple:
        return old if all(map(operator.is_, old, new)) else new
    if type(new) is dict:
        return old if all(map(operator.is_, old.values(), new.values())) else new
    return new


def _references(values: list[Any]) -> set[int]:
    return {v.index for v in values if isinstance(v, OpOperand)}


# Python's int arithmetic on sizes (DimExpr.op names the ast operator).
_SIZE_ARITH = {"Add": lambda a, b: a + b, "Sub": lambda a, b: a - b,
               "Mult": lambda a, b: a * b, "FloorDiv": lambda a, b: a // b if b else None,
               "Mod": lambda a, b: a % b if b else None}


def size_of(value: Any, env: dict[str, Any]) -> int | None:
    """A traced size (TensorDim) or arithmetic on sizes (DimExpr) as the int the run computes;
    None when only the run knows it (a plain int is itself)."""
    if isinstance(value, TensorDim):
        dim = _dim_of(value, env)
        return dim if isinstance(dim, int) else None
    if isinstance(value, DimExpr):
        left, right = size_of(value.left, env), size_of(value.right, env)
        if left is None or right is None or value.op not in _SIZE_ARITH:
            return None
        return _SIZE_ARITH[value.op](left, right)
    return value if _is_int(value) else None


def _dim_of(value: TensorDim, env: dict[str, Any]) -> Dim:
    tensor = env.get(value.var)
    if not isinstance(tensor, Tensor) or len(tensor.shape) == 0:
        return None
    axis = norm_axis(value.axis, len(tensor.shape))
    if axis is None:
        return None
    d = tensor.shape[axis]
    return d if is_known(d) else None


def _result(spec: FunctionSpec, out: Any, x: Tensor, tensors: list[TensorArg]) -> Any:
    name = spec.name.rsplit(".", 1)[-1]
    dtype = DTYPES.get(name, x.dtype)
    contiguous, strides = result_layout(spec, out, tensors)
    if out.outputs is not None:
        pieces = tuple(Tensor(s, dtype, contiguous=contiguous, strides=strides)
                       for s in out.outputs)
        if name in ("max", "min"):  # (values, indices)
            return (pieces[0], replace(pieces[1], dtype="int64"))
        return pieces
    flat_from = None
    if spec.elementwise:
        flat_from = x.flat_from
    elif name in ("flatten", "view", "reshape") and len(out.shape) == 2 and len(x.shape) > 2 \
            and out.shape[0] == x.shape[0]:
        flat_from = x.shape[1:]  # (N, ...) flattened per sample: what a Linear after it sees
    # the same values (a cast of integers, a view, a device move): still the data, its bounds
    origin = x.origin if name in VALUE_KEEPING and (dtype or "").startswith(
        ("int", "uint")) else None
    made_by = x.made_by if name in VALUE_KEEPING or name in ("unsqueeze", "float", "double") \
        else name
    return Tensor(out.shape, dtype, origin=origin, flat_from=flat_from, contiguous=contiguous,
                  strides=strides, made_by=made_by)


# Methods that keep an integer tensor's values (class labels on their way to a loss).
VALUE_KEEPING = frozenset(("to", "long", "int", "view", "reshape", "contiguous", "clone",
                           "detach", "cpu", "squeeze", "flatten"))


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
    # x[i], x[a:b], x[:, None]: a part of the leading axis keeps the layout; anything else
    # (x[:, -1], x[..., :k]) is a strided view layerlint does not follow
    consumed = [i for i in items if i is not None]
    leading_only = all(i == slice(None) for i in consumed[1:]) and (
        not consumed or not isinstance(consumed[0], slice) or consumed[0].step in (None, 1))
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
    return Tensor(tuple(out), value.dtype, made_by=value.made_by,
                  contiguous=value.contiguous if leading_only else None)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


