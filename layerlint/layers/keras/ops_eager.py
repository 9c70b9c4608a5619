"""``keras.ops`` on tensors, as Keras 3's torch backend runs them (keras/src/backend/torch/
numpy.py and nn.py, 3.15): inside a subclassed model's ``call()`` on data, and in the build
``fit`` runs first (``compute_output_spec`` on torch calls ``call()`` on torch tensors), an op
gets no KerasTensor, so Keras makes no Operation and runs no ``compute_output_spec``
(ops.py): the backend's own checks run, then torch functions. Each entry here is the op as
those functions, through the torch function catalogue (layers/torch): the output shapes, and
the backend's or torch's own error, word for word (pinned by tests/subclass/test_call_ops.py).

Eager and symbolic differ: ``squeeze`` of an axis whose size is not 1 keeps it,
``sum``/``max``/``min`` over every axis drop ``keepdims``, and every message is torch's.
An op not listed here (``one_hot``: whether it raises depends on the values) is not modelled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..base import Args, LayerError, Unmodelled
from ..torch._function import TensorArg, lookup_function, run_function
from ._op import KerasTensorArg, OpOut, OpSpec, bind_op, value_error
from .ops import canonicalize_axis, validate_reshape_shape

@dataclass
class PassesOnMeta(LayerError):
    """An error torch raises on real tensors but not on its shape-only "meta" tensors (its
    meta kernels skip the check). Keras' build of an unbuilt model in ``fit``/``evaluate``
    runs ``call()`` on meta tensors first: there it passes, and the error surfaces at the
    first step, as raised (measured: ``softmax`` along an axis out of range) - unless a later
    step fails on meta tensors: Keras then runs ``call()`` on real tensors, which raise this
    error, in its build. ``meta_output``: what the meta kernel returns."""

    meta_output: Any = None


EagerEntry = Callable[[Args], OpOut]
_EAGER: dict[str, EagerEntry] = {}


def eager_op(*names: str) -> Callable[[EagerEntry], EagerEntry]:
    def decorate(call: EagerEntry) -> EagerEntry:
        for name in names:
            _EAGER[name] = call
        return call

    return decorate


# Keras' torch ``compute_output_spec`` runs a function on stand-in tensors whose free axes are
# 83, then 89: an output axis that differs between the two runs is free (None).
FILLS = (83, 89)


def run_eager(spec: OpSpec, args: tuple[Any, ...], kwargs: dict[str, Any],
              fill: bool = True) -> OpOut:
    """The op on tensors (KerasTensorArg); LayerError where the backend raises, Unmodelled
    where layerlint claims nothing. Free axes (None): run as Keras' symbolic build runs them
    (``fill``: on 83 and on 89), or else left unknown, never failing a check (tf.keras 2 traces
    them as free)."""
    entry = _EAGER.get(spec.name)
    if entry is None:
        raise Unmodelled(f"keras.ops.{spec.name}(...) on tensors")
    tensors = [t for t in _tensor_values((args, kwargs))]
    if not any(d is None for t in tensors for d in t.shape):
        return entry(bind_op(spec, args, kwargs))
    if not fill:
        out = entry(bind_op(spec, args, kwargs))
        if any(isinstance(d, str) for t in tensors for d in t.shape):
            return out
        return OpOut(tuple(tuple(None if isinstance(d, str) else d for d in shape)
                           for shape in out.shapes), out.dtypes, out.several)
    first, second = (entry(bind_op(spec, *_filled((args, kwargs), size))) for size in FILLS)
    shapes = tuple(tuple(a if a == b else None for a, b in zip(one, other))
                   for one, other in zip(first.shapes, second.shapes))
    return OpOut(shapes, first.dtypes, first.several)


def _tensor_values(value: Any) -> list[KerasTensorArg]:
    if isinstance(value, KerasTensorArg):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _tensor_values(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _tensor_values(item)]
    return []


def _filled(value: Any, size: int) -> Any:
    if isinstance(value, KerasTensorArg):
        return KerasTensorArg(tuple(size if d is None else d for d in value.shape), value.dtype)
    if isinstance(value, list):
        return [_filled(v, size) for v in value]
    if isinstance(value, tuple):
        return tuple(_filled(v, size) for v in value)
    if isinstance(value, dict):
        return {k: _filled(v, size) for k, v in value.items()}
    return value


# --- the torch functions the backend calls ------------------------------------------------------


def _torch(op: str, function: str, *args: Any, **kwargs: Any) -> Any:
    """``torch.<function>`` through its catalogue entry; its error says which op ran it."""
    spec = lookup_function(function)
    assert spec is not None, function
    try:
        return run_function(spec, tuple(_tensor_arg(a) for a in args),
                            {k: _tensor_arg(v) for k, v in kwargs.items()})
    except LayerError as error:
        raise LayerError(error.code, f"keras.ops.{op} runs {function} on the torch backend: "
                         f"{error.message}", error.framework, arg=error.arg) from None


def _tensor_arg(value: Any) -> Any:
    if isinstance(value, KerasTensorArg):
        return TensorArg(value.shape)
    if isinstance(value, list):
        return [_tensor_arg(v) for v in value]
    return value


def _x(a: Args, name: str = "x") -> KerasTensorArg:
    value = a.raw(name)
    if not isinstance(value, KerasTensorArg):
        raise Unmodelled(f"{a.layer_type}({name}=...)")
    return value


def _operand(value: Any) -> Any:
    """``convert_to_tensor``: a Python number becomes a 0-D tensor."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return KerasTensorArg((), None)
    if not isinstance(value, KerasTensorArg):
        raise Unmodelled("an operand")
    return value


def _out(shape: Any, dtype: str | None = None) -> OpOut:
    return OpOut((tuple(shape),), (dtype,))


def _same_dtype(*tensors: KerasTensorArg) -> str | None:
    kinds = {t.dtype for t in tensors}
    return kinds.pop() if len(kinds) == 1 else None


def _axes(value: Any, what: str) -> list[int]:
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise Unmodelled(what)
    return values


# --- entries ------------------------------------------------------------------------------------


@eager_op("reshape")
def reshape(a: Args) -> OpOut:
    x = _x(a)
    given = a.newshape
    newshape = tuple(given) if isinstance(given, (list, tuple)) else (given,)
    ints = [d for d in newshape if isinstance(d, int) and not isinstance(d, bool)]
    if len(ints) != len(newshape):
        raise Unmodelled("keras.ops.reshape(newshape=...)")
    validate_reshape_shape(newshape)  # before the backend
    return _out(_torch("reshape", "torch.reshape", x, newshape).shape, x.dtype)


@eager_op("expand_dims")
def expand_dims(a: Args) -> OpOut:
    x = _x(a)
    axes = _axes(a.axis, "keras.ops.expand_dims(axis=...)")
    rank = len(x.shape) + len(axes)
    shape: Any = x.shape
    for axis in sorted(canonicalize_axis(ax, rank) for ax in axes):
        shape = _torch("expand_dims", "torch.unsqueeze", KerasTensorArg(tuple(shape)),
                       axis).shape
    return _out(shape, x.dtype)


@eager_op("squeeze")
def squeeze(a: Args) -> OpOut:
    x = _x(a)
    if a.axis is None:
        return _out(_torch("squeeze", "torch.squeeze", x).shape, x.dtype)
    axis = a.axis if isinstance(a.axis, int) else tuple(
        _axes(a.axis, "keras.ops.squeeze(axis=...)"))
    return _out(_torch("squeeze", "torch.squeeze", x, dim=axis).shape, x.dtype)


@eager_op("transpose")
def transpose(a: Args) -> OpOut:
    x = _x(a)
    if a.axes is None:  # x.T: every axis reversed
        return _out(x.shape[::-1], x.dtype)
    axes = tuple(_axes(a.axes, "keras.ops.transpose(axes=...)"))
    return _out(_torch("transpose", "torch.permute", x, dims=axes).shape, x.dtype)


def _tensor_list(value: Any, what: str) -> list[KerasTensorArg]:
    if not isinstance(value, (list, tuple)) or not value or \
            not all(isinstance(v, KerasTensorArg) for v in value):
        raise Unmodelled(what)
    return list(value)


@eager_op("concatenate")
def concatenate(a: Args) -> OpOut:
    xs = _tensor_list(a.xs, "keras.ops.concatenate(xs=...)")
    axis = _axes(a.axis, "keras.ops.concatenate(axis=...)")[0]
    return _out(_torch("concatenate", "torch.cat", list(xs), dim=axis).shape, _same_dtype(*xs))


@eager_op("stack")
def stack(a: Args) -> OpOut:
    xs = _tensor_list(a.x, "keras.ops.stack(x=...)")
    axis = _axes(a.axis, "keras.ops.stack(axis=...)")[0]
    return _out(_torch("stack", "torch.stack", list(xs), dim=axis).shape, _same_dtype(*xs))


@eager_op("matmul")
def matmul(a: Args) -> OpOut:
    """Both operands are cast to their result type first (no dtype error), then torch.matmul."""
    x1, x2 = _x(a, "x1"), _x(a, "x2")
    return _out(_torch("matmul", "torch.matmul", x1, x2).shape, _same_dtype(x1, x2))


_BINARY = {"add": "torch.add", "subtract": "torch.subtract", "multiply": "torch.mul",
           "divide": "torch.div", "true_divide": "torch.div"}


def _binary(a: Args) -> OpOut:
    x1, x2 = _operand(a.raw("x1")), _operand(a.raw("x2"))
    name = a.layer_type.rsplit(".", 1)[-1]
    dtype = _same_dtype(*(t for t in (x1, x2) if t.shape or t.dtype is not None))
    if name in ("divide", "true_divide") and dtype is not None and "float" not in dtype:
        dtype = None  # an integer division's result type: not followed
    return _out(_torch(name, _BINARY[name], x1, x2).shape, dtype)


for _name in _BINARY:
    eager_op(_name)(_binary)


@eager_op("negative", "relu", "sigmoid", "tanh")
def same_shape(a: Args) -> OpOut:
    x = _x(a)
    return _out(x.shape, x.dtype if a.layer_type.endswith(("negative", "relu")) else None)


@eager_op("cast")
def cast(a: Args) -> OpOut:
    x = _x(a)
    return _out(x.shape, a.dtype if isinstance(a.dtype, str) else None)


@eager_op("softmax")
def softmax(a: Args) -> OpOut:
    x = _x(a)
    if a.axis is None:  # reshaped to one axis and back
        return _out(x.shape, x.dtype)
    axis = _axes(a.axis, "keras.ops.softmax(axis=...)")
    if len(axis) != 1 or not isinstance(a.axis, int):
        raise Unmodelled("keras.ops.softmax(axis=<several>)")
    try:
        return _out(_torch("softmax", "F.softmax", x, dim=axis[0]).shape, x.dtype)
    except LayerError as error:
        raise PassesOnMeta(**asdict(error), meta_output=x.shape) from None


def _keepdims(a: Args) -> bool:
    if not isinstance(a.keepdims, bool):
        raise Unmodelled("keepdims=...")
    return a.keepdims


def _reduction_axis(a: Args, op: str) -> Any:
    if isinstance(a.axis, (list, tuple)):
        return tuple(_axes(a.axis, f"keras.ops.{op}(axis=...)"))
    return _axes(a.axis, f"keras.ops.{op}(axis=...)")[0]


@eager_op("mean")
def mean(a: Args) -> OpOut:
    """``torch.mean(x, axis, keepdims)``; every axis when None (keepdims kept)."""
    x = _x(a)
    if a.axis in ((), []):
        return _out(x.shape, x.dtype)
    axis = None if a.axis is None else _reduction_axis(a, "mean")
    if isinstance(axis, int):
        axis = (axis,)
    return _out(_torch("mean", "torch.mean", x, axis, _keepdims(a)).shape, x.dtype)


@eager_op("sum", "max", "min")
def reduce(a: Args) -> OpOut:
    """``torch.sum(x)`` / ``torch.max(x)`` over every axis when None (keepdims dropped), else
    ``torch.sum`` / ``torch.amax`` / ``torch.amin`` along the axes."""
    x = _x(a)
    op = a.layer_type.rsplit(".", 1)[-1]
    keep = _keepdims(a)
    if op != "sum" and a.initial is not None:
        raise Unmodelled(f"keras.ops.{op}(initial=...)")
    dtype = x.dtype if op != "sum" or x.dtype in ("float32", "int32") else None
    if a.axis is None:
        return _out((), dtype)
    if a.axis in ((), []):
        return _out(x.shape, dtype)
    function = {"sum": "torch.sum", "max": "torch.amax", "min": "torch.amin"}[op]
    axis = _reduction_axis(a, op)
    return _out(_torch(op, function, x, axis, keep).shape, dtype)


@eager_op("split")
def split(a: Args) -> OpOut:
    """``x.shape[axis]`` first (IndexError out of range), Keras' own check of a number of
    sections, then ``torch.split`` by the sections' sizes."""
    x = _x(a)
    axis = _axes(a.axis, "keras.ops.split(axis=...)")[0]
    if not -len(x.shape) <= axis < len(x.shape):
        raise LayerError("LL101", f"keras.ops.split: axis {axis} is outside a tensor of rank "
                         f"{len(x.shape)}", "IndexError: tuple index out of range", arg="axis")
    size = x.shape[axis]
    if not isinstance(size, int):
        raise Unmodelled("the size of the split axis")
    sections = a.indices_or_sections
    if isinstance(sections, int) and not isinstance(sections, bool):
        if sections <= 0:
            raise Unmodelled("keras.ops.split into no sections")
        if size % sections:
            dims = ", ".join(str(d) for d in x.shape)
            raise value_error(
                "LL102", f"keras.ops.split: axis {axis} of size {size} does not split into "
                f"{sections} equal parts",
                f"Received indices_or_sections={sections} (interpreted as a number of sections) "
                f"and axis={axis}, but input dimension x.shape[{axis}]={size} is not divisible "
                f"by {sections}. Full input shape: x.shape=torch.Size([{dims}])",
                arg="indices_or_sections")
        chunks: Any = size // sections
    else:
        bounds = _axes(sections, "keras.ops.split(indices_or_sections=...)")
        if not bounds:
            raise Unmodelled("keras.ops.split(indices_or_sections=[])")
        chunks = [bounds[0], *(b - a for a, b in zip(bounds, bounds[1:])), size - bounds[-1]]
    out = _torch("split", "torch.split", x, chunks, dim=axis)
    shapes = tuple(tuple(s) for s in (out.outputs or (out.shape,)))
    return OpOut(shapes, (x.dtype,) * len(shapes), several=True)
