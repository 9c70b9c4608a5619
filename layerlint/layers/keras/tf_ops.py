"""TensorFlow functions on symbolic tensors in a tf.keras 2 model, as tf_keras 2.21 (TensorFlow
2.21) computes them: output shapes and dtypes from TensorFlow's shape functions, the layer each
call makes (_tf_op.py) and the error it raises, word for word up to the op's node definition.
Measured with tests/keras2/test_tf_ops_keras2.py.

Where a shape rule agrees with ``keras.ops`` (ops.py: ``reduce_shape``), the Keras 3 helper is
used; TensorFlow differs in its messages everywhere, and in its shapes where noted (``tf.stack``
defaults to axis 0, ``tf.transpose`` reverses the batch axis too, a duplicated ``perm`` axis is
accepted, ``tf.reshape`` of an input with a free batch never raises).
"""

from __future__ import annotations

import math
from typing import Any

from ...shapes import Dim, Shape
from ..base import Args, Unmodelled
from ._op import KerasTensorArg, OpOut
from ._tf_op import (
    DTYPE_NAMES,
    FLOATS,
    INTS,
    Incompatible,
    broadcast,
    inputs_text,
    merge_dims,
    merge_error,
    merge_shapes,
    one,
    tensor,
    tf_error,
    tf_op,
    tf_shape,
)
from .ops import _axes as integers  # one int or a list/tuple of ints
from .ops import _int as integer
from .ops import reduce_shape

# --- elementwise on two operands ----------------------------------------------------------------


def _operand(a: Args, name: str) -> tuple[Shape, str | None]:
    """A tensor's shape and dtype; a Python number is a scalar of no dtype of its own."""
    value = a.raw(name)
    if isinstance(value, KerasTensorArg):
        return tensor(a, name).shape, value.dtype
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unmodelled(f"{a.layer_type}({name}=...)")
    return (), None


def _binary(a: Args, op: str, divides: bool = False) -> OpOut:
    x, y = a.raw("x"), a.raw("y")
    (sx, dx), (sy, dy) = _operand(a, "x"), _operand(a, "y")
    dtype = dx or dy
    if divides and dx is not None and dy is not None and dx != dy:
        raise tf_error("LL102", f"{a.layer_type}: operands of dtypes {dx} and {dy}",
                       f"`x` and `y` must have the same dtype, got tf.{dx} != tf.{dy}.",
                       "TypeError")
    if dx is not None and dy is not None and dx != dy:
        raise tf_error("LL102", f"{a.layer_type}: operands of dtypes {dx} and {dy}",
                       f"Input 'y' of '{op}' Op has type {dy} that does not match type {dx} "
                       "of argument 'x'.", "TypeError")
    number = y if dy is None else x if dx is None else None
    if dtype not in FLOATS and isinstance(number, float):
        raise Unmodelled(f"{a.layer_type} of an integer tensor and a float")
    if dtype not in FLOATS + INTS:
        raise Unmodelled(f"{a.layer_type} of {dtype} tensors")
    try:
        shape = broadcast(sx, sy)
    except Incompatible as bad:
        raise tf_error("LL102", f"{a.layer_type}: shapes {tf_shape(sx)} and {tf_shape(sy)} do "
                       f"not broadcast ({bad.first} against {bad.second})",
                       f"Dimensions must be equal, but are {bad.first} and {bad.second} "
                       f"{inputs_text(sx, sy)}.") from None
    if divides and dtype in INTS:  # truediv casts integers to floats first
        dtype = "float64" if dtype in ("int32", "int64") else "float32"
    return one(shape, dtype)


_BINARY = "x, y, name=None"


@tf_op(("math.add", "add"), _BINARY, "tf.math.add", op="AddV2")
def add(a: Args) -> OpOut:
    return _binary(a, "AddV2")


@tf_op(("operator.add",), _BINARY, "tf.__operators__.add", op="AddV2")
def add_operator(a: Args) -> OpOut:  # ``x + y``
    return _binary(a, "AddV2")


@tf_op(("math.subtract", "subtract", "operator.sub"), _BINARY, "tf.math.subtract", op="Sub")
def subtract(a: Args) -> OpOut:
    return _binary(a, "Sub")


@tf_op(("math.multiply", "multiply", "operator.mul"), _BINARY, "tf.math.multiply", op="Mul")
def multiply(a: Args) -> OpOut:
    return _binary(a, "Mul")


@tf_op(("math.truediv", "truediv", "operator.truediv"), _BINARY, "tf.math.truediv",
       op="RealDiv")
def truediv(a: Args) -> OpOut:
    return _binary(a, "RealDiv", divides=True)


# tf.divide computes ``x / y``, whose layer is tf.math.truediv; when that raises, tf.divide's own
@tf_op(("math.divide", "divide"), _BINARY, "tf.math.truediv", op="RealDiv",
       raising="tf.math.divide")
def divide(a: Args) -> OpOut:
    return _binary(a, "RealDiv", divides=True)


@tf_op(("math.maximum", "maximum"), _BINARY, "tf.math.maximum", op="Maximum")
def maximum(a: Args) -> OpOut:
    return _binary(a, "Maximum")


@tf_op(("math.minimum", "minimum"), _BINARY, "tf.math.minimum", op="Minimum")
def minimum(a: Args) -> OpOut:
    return _binary(a, "Minimum")


@tf_op(("math.squared_difference",), _BINARY, "tf.math.squared_difference",
       op="SquaredDifference")
def squared_difference(a: Args) -> OpOut:
    return _binary(a, "SquaredDifference")


# --- elementwise on one tensor ------------------------------------------------------------------


def _float_same(a: Args, name: str = "x") -> OpOut:
    """Shape and dtype kept; integer inputs (TypeErrors of many kinds) are not modelled."""
    x = tensor(a, name)
    if x.dtype not in FLOATS:
        raise Unmodelled(f"{a.layer_type} of a {x.dtype} tensor")
    return one(x.shape, x.dtype)


_ACTIVATIONS = {  # names (tensorflow.<name>) -> the layer's symbol; each "features, name=None"
    ("nn.relu",): "tf.nn.relu", ("nn.relu6",): "tf.nn.relu6", ("nn.elu",): "tf.nn.elu",
    ("nn.selu",): "tf.nn.selu", ("nn.softplus", "math.softplus"): "tf.math.softplus",
}
_MATH = {  # "x, name=None"
    ("nn.sigmoid", "sigmoid", "math.sigmoid"): "tf.math.sigmoid",
    ("nn.tanh", "tanh", "math.tanh"): "tf.math.tanh", ("math.exp", "exp"): "tf.math.exp",
    ("math.log",): "tf.math.log", ("math.sqrt", "sqrt"): "tf.math.sqrt",
    ("math.square", "square"): "tf.math.square", ("math.abs", "abs"): "tf.math.abs",
    ("math.negative", "negative", "operator.neg"): "tf.math.negative",
    ("math.sign", "sign"): "tf.math.sign", ("math.rsqrt",): "tf.math.rsqrt",
    ("math.reciprocal",): "tf.math.reciprocal", ("math.floor", "floor"): "tf.math.floor",
    ("math.ceil",): "tf.math.ceil", ("math.round", "round"): "tf.math.round",
}
for _names, _symbol in _ACTIVATIONS.items():
    tf_op(_names, "features, name=None", _symbol)(lambda a: _float_same(a, "features"))
for _names, _symbol in _MATH.items():
    tf_op(_names, "x, name=None", _symbol)(_float_same)


@tf_op(("nn.leaky_relu",), "features, alpha=0.2, name=None", "tf.nn.leaky_relu")
def leaky_relu(a: Args) -> OpOut:
    return _float_same(a, "features")


@tf_op(("nn.gelu",), "features, approximate=False, name=None", "tf.nn.gelu")
def gelu(a: Args) -> OpOut:
    return _float_same(a, "features")


@tf_op(("nn.silu", "nn.swish"), "features, beta=1.0", "tf.nn.silu")
def silu(a: Args) -> OpOut:
    return _float_same(a, "features")


@tf_op(("identity",), "input, name=None", "tf.identity")
def identity(a: Args) -> OpOut:
    x = tensor(a, "input")
    return one(x.shape, x.dtype)


def _softmax(a: Args) -> OpOut:
    x = tensor(a, "logits")
    if x.dtype not in FLOATS:
        raise Unmodelled(f"{a.layer_type} of a {x.dtype} tensor")
    axis = -1 if a.raw("axis") is None else integer(a.axis, f"{a.layer_type}(axis=...)")
    rank = len(x.shape)
    if not -rank <= axis < rank:
        raise tf_error("LL101", f"{a.layer_type}: axis {axis} is outside a tensor of rank {rank}",
                       f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number "
                       f"of dimensions in the input. Received: dim={axis}",
                       "InvalidArgumentError")
    return one(x.shape, x.dtype)


tf_op(("nn.softmax", "math.softmax"), "logits, axis=None, name=None", "tf.nn.softmax")(_softmax)
tf_op(("nn.log_softmax", "math.log_softmax"), "logits, axis=None, name=None",
      "tf.nn.log_softmax")(_softmax)


@tf_op(("cast", "dtypes.cast"), "x, dtype, name=None", "tf.cast")
def cast(a: Args) -> OpOut:
    x = tensor(a, "x")
    dtype = a.dtype
    dtype = DTYPE_NAMES.get(dtype, dtype) if isinstance(dtype, str) else None
    if dtype not in FLOATS + INTS + ("bool",):
        raise Unmodelled("tf.cast(dtype=...)")
    return one(x.shape, dtype)


# --- reductions ---------------------------------------------------------------------------------


def _reduction(a: Args, floats_only: bool = False) -> OpOut:
    x = tensor(a, "input_tensor")
    if floats_only and x.dtype not in FLOATS:
        raise Unmodelled(f"{a.layer_type} of a {x.dtype} tensor")
    keepdims = a.keepdims
    if not isinstance(keepdims, bool):
        raise Unmodelled(f"{a.layer_type}(keepdims=...)")
    rank = len(x.shape)
    axis = a.axis
    if axis is None:
        return one(reduce_shape(x.shape, None, keepdims), x.dtype)
    axes = integers(axis, f"{a.layer_type}(axis=...)")
    for ax in axes:
        if not -rank <= ax < rank:
            given = "[]" if not isinstance(axis, (list, tuple)) else f"[{len(axes)}]"
            raise tf_error("LL101", f"{a.layer_type}: axis {ax} is outside a tensor of rank "
                           f"{rank}", f"Invalid reduction dimension {ax} for input with {rank} "
                           f"dimensions. for ... with input shapes: {tf_shape(x.shape)}, {given}")
    axes = sorted({ax % rank for ax in axes})  # an axis named twice is reduced once
    return one(reduce_shape(x.shape, axes, keepdims), x.dtype)


_REDUCE = "input_tensor, axis=None, keepdims=False, name=None"
for _name in ("mean", "sum", "max", "min", "prod"):
    tf_op((f"math.reduce_{_name}", f"reduce_{_name}"), _REDUCE,
          f"tf.math.reduce_{_name}")(_reduction)


# --- shape changes ------------------------------------------------------------------------------


@tf_op(("reshape",), "tensor, shape, name=None", "tf.reshape")
def reshape(a: Args) -> OpOut:
    x = tensor(a, "tensor")
    target = a.shape
    if isinstance(target, int) and not isinstance(target, bool):
        target = [target]
    sizes = integers(target if isinstance(target, (list, tuple)) else None, "tf.reshape(shape=)")
    if any(s < -1 for s in sizes):
        raise Unmodelled("tf.reshape(shape=...)")
    if all(d is not None for d in x.shape):
        raise Unmodelled("tf.reshape of a tensor of known size")  # its errors are not modelled
    # an input of unknown size: the target's size must be a multiple of the known sizes' (when
    # it has no -1); -1 stays unknown
    known = math.prod(d for d in x.shape if d is not None)
    if -1 not in sizes and math.prod(sizes) % known:
        raise tf_error("LL104", f"tf.reshape: {math.prod(sizes)} elements are not a multiple of "
                       f"the input's {known} per free size",
                       f"Dimension size must be evenly divisible by {known} but is "
                       f"{math.prod(sizes)} {inputs_text(x.shape, (len(sizes),))}")
    return one(tuple(None if s == -1 else s for s in sizes), x.dtype)


@tf_op(("expand_dims",), "input, axis, name=None", "tf.expand_dims")
def expand_dims(a: Args) -> OpOut:
    x = tensor(a, "input")
    axis = integer(a.axis, "tf.expand_dims(axis=...)")
    rank = len(x.shape)
    if not -rank - 1 <= axis <= rank:
        raise tf_error("LL101", f"tf.expand_dims: axis {axis} is outside a tensor of rank {rank}",
                       f"dim {axis} not in the interval [{-rank - 1}, {rank}]. "
                       f"{inputs_text(x.shape, ())}")
    shape = list(x.shape)
    shape.insert(axis if axis >= 0 else axis + rank + 1, 1)
    return one(tuple(shape), x.dtype)


@tf_op(("squeeze",), "input, axis=None, name=None", "tf.compat.v1.squeeze",
       raising="tf.squeeze")
def squeeze(a: Args) -> OpOut:
    x = tensor(a, "input")
    if a.axis is None:
        raise Unmodelled("tf.squeeze without an axis")  # its output rank is not known
    axes = integers(a.axis, "tf.squeeze(axis=...)")
    rank = len(x.shape)
    for i, ax in enumerate(axes):
        if not -rank <= ax < rank:
            raise tf_error("LL101", f"tf.squeeze: axis {ax} is outside a tensor of rank {rank}",
                           f"squeeze_dims[{i}] not in [{-rank},{rank}). "
                           f"{inputs_text(x.shape)}")
    drop = {ax % rank for ax in axes}
    for ax in sorted(drop):
        if x.shape[ax] not in (None, 1):
            raise tf_error("LL102", f"tf.squeeze: axis {ax} has size {x.shape[ax]}, not 1",
                           f"Can not squeeze dim[{ax}], expected a dimension of 1, got "
                           f"{x.shape[ax]} {inputs_text(x.shape)}")
    return one(tuple(d for i, d in enumerate(x.shape) if i not in drop), x.dtype)


@tf_op(("transpose",), "a, perm=None, conjugate=False, name='transpose'",
       "tf.compat.v1.transpose", raising="tf.transpose")
def transpose(a: Args) -> OpOut:
    x = tensor(a, "a")
    rank = len(x.shape)
    perm = list(range(rank))[::-1] if a.perm is None else integers(a.perm, "tf.transpose(perm=)")
    if len(perm) != rank:
        raise tf_error("LL101", f"tf.transpose: {len(perm)} axes for a tensor of rank {rank}",
                       f"Dimension must be {rank} but is {len(perm)} "
                       f"{inputs_text(x.shape, (len(perm),))}")
    for p in perm:
        if not -rank <= p < rank:
            raise tf_error("LL101", f"tf.transpose: axis {p} is outside a tensor of rank {rank}",
                           f"perm dim {p} is out of range of input rank {rank} "
                           f"{inputs_text(x.shape, (rank,))}")
    return one(tuple(x.shape[p % rank] for p in perm), x.dtype)


# --- several tensors into one -------------------------------------------------------------------


def _values(a: Args, op: str, least: int = 2) -> list[KerasTensorArg]:
    values = a.values
    if not isinstance(values, (list, tuple)) or len(values) < least or not all(
            isinstance(v, KerasTensorArg) for v in values):
        raise Unmodelled(f"{a.layer_type}(values=...)")
    for v in values:
        if v.dtype is None or any(isinstance(d, str) for d in v.shape):
            raise Unmodelled(f"{a.layer_type}(values=...)")
    kinds = [v.dtype for v in values]
    if len(set(kinds)) > 1:
        raise tf_error("LL102", f"{a.layer_type}: tensors of dtypes {', '.join(kinds)}",  # type: ignore[arg-type]
                       f"Tensors in list passed to 'values' of '{op}' Op have types "
                       f"[{', '.join(kinds)}] that don't all match.", "TypeError")  # type: ignore[arg-type]
    return values  # type: ignore[return-value]


@tf_op(("concat",), "values, axis, name='concat'", "tf.concat", op="ConcatV2")
def concat(a: Args) -> OpOut:
    values = _values(a, "ConcatV2")
    axis = integer(a.axis, "tf.concat(axis=...)")
    shapes = [tuple(v.shape) for v in values]
    tail = inputs_text(*shapes, ())
    rank = len(shapes[0])
    for shape in shapes[1:]:
        if len(shape) != rank:
            raise tf_error("LL101", f"tf.concat: tensors of ranks {rank} and {len(shape)}",
                           f"Shape must be rank {rank} but is rank {len(shape)} {tail}")
    least = -axis if axis < 0 else axis + 1
    if rank < least:
        raise tf_error("LL101", f"tf.concat: axis {axis} is outside tensors of rank {rank}",
                       f"Shape must be at least rank {least} but is rank {rank} {tail}")
    at = axis % rank
    before, after = shapes[-1][:at], shapes[-1][at + 1:]
    middle: Dim = shapes[-1][at]
    for shape in reversed(shapes[:-1]):  # TensorFlow merges from the last input back
        for part, merged in ((shape[:at], before), (shape[at + 1:], after)):
            out = merge_shapes(part, merged)
            if isinstance(out, int):
                raise tf_error("LL102", f"tf.concat: {tf_shape(part)} and {tf_shape(merged)} "
                               "differ off the concatenation axis",
                               f"{merge_error(part, merged, out)} {tail}")
        before, after = merge_shapes(shape[:at], before), merge_shapes(shape[at + 1:], after)
        size = shape[at]
        middle = None if middle is None or size is None else middle + size
    return one((*before, middle, *after), values[0].dtype)  # type: ignore[misc]


@tf_op(("stack",), "values, axis=0, name='stack'", "tf.stack", op="Pack")
def stack(a: Args) -> OpOut:
    values = _values(a, "Pack", least=1)
    axis = integer(a.axis, "tf.stack(axis=...)")
    shapes = [tuple(v.shape) for v in values]
    expanded = len(shapes[0]) + 1
    if not -expanded <= axis < expanded:
        raise tf_error("LL101", f"tf.stack: axis {axis} is outside the stacked rank {expanded}",
                       f"Argument `axis` = {axis} not in range [{-expanded}, {expanded})")
    merged: Shape = shapes[0]
    for i, shape in enumerate(shapes[1:]):
        if len(shape) != len(merged):
            raise tf_error("LL101", f"tf.stack: tensors of ranks {len(merged)} and {len(shape)}",
                           f"Shapes must be equal rank, but are {len(merged)} and {len(shape)}"
                           f"\n\tFrom merging shape {i} with other shapes. "
                           f"{inputs_text(*shapes)}")
        out = merge_shapes(merged, shape)
        if isinstance(out, int):
            raise tf_error("LL102", f"tf.stack: {tf_shape(merged)} and {tf_shape(shape)} differ",
                           f"{merge_error(merged, shape, out)}\n\tFrom merging shape {i} with "
                           f"other shapes. {inputs_text(*shapes)}")
        merged = out
    result = list(merged)
    result.insert(axis % expanded, len(values))
    return one(tuple(result), values[0].dtype)


@tf_op(("linalg.matmul", "matmul", "operator.matmul"),
       "a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, "
       "a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, "
       "name=None", "tf.linalg.matmul", op="BatchMatMulV2")
def matmul(a: Args) -> OpOut:
    x, y = tensor(a, "a"), tensor(a, "b")
    if len(x.shape) < 2 or len(y.shape) < 2:
        raise Unmodelled("tf.linalg.matmul of a vector")
    if x.dtype != y.dtype or x.dtype not in FLOATS or a.output_type is not None:
        raise Unmodelled("tf.linalg.matmul of these dtypes")
    flips = [a.transpose_a or a.adjoint_a, a.transpose_b or a.adjoint_b]
    if not all(isinstance(f, bool) for f in flips):
        raise Unmodelled("tf.linalg.matmul(transpose_...=)")
    sx, sy = list(x.shape), list(y.shape)
    if flips[0]:
        sx[-2], sx[-1] = sx[-1], sx[-2]
    if flips[1]:
        sy[-2], sy[-1] = sy[-1], sy[-2]
    ok, _ = merge_dims(sx[-1], sy[-2])
    if not ok:
        raise tf_error("LL102", f"tf.linalg.matmul: inner sizes {sx[-1]} and {sy[-2]} differ",
                       f"Dimensions must be equal, but are {sx[-1]} and {sy[-2]} "
                       f"{inputs_text(x.shape, y.shape)}.")
    if len(x.shape) == 2 and len(y.shape) == 2:
        return one((sx[0], sy[1]), x.dtype)
    try:
        batch = broadcast(sx[:-2], sy[:-2])
    except Incompatible:
        raise Unmodelled("tf.linalg.matmul of batches that do not broadcast") from None
    return one((*batch, sx[-2], sy[-1]), x.dtype)


# --- one tensor into several --------------------------------------------------------------------


@tf_op(("split",), "value, num_or_size_splits, axis=0, num=None, name='split'", "tf.split")
def split(a: Args) -> OpOut:
    x = tensor(a, "value")
    axis = integer(a.axis, "tf.split(axis=...)")
    rank = len(x.shape)
    sections = a.num_or_size_splits
    if a.num is not None:
        raise Unmodelled("tf.split(num=...)")
    if isinstance(sections, int) and not isinstance(sections, bool):
        if not -rank <= axis < rank:
            raise tf_error("LL101", f"tf.split: axis {axis} is outside a tensor of rank {rank}",
                           f"Dimension size, given by scalar input {axis} must be in range "
                           f"[{-rank}, {rank}) for ... with input shapes: [], "
                           f"{tf_shape(x.shape)}")
        size = x.shape[axis]
        if sections <= 0:
            raise Unmodelled("tf.split into no parts")
        if size is not None and size % sections:
            raise tf_error("LL102", f"tf.split: axis {axis} of size {size} does not split into "
                           f"{sections} equal parts",
                           f"Dimension size must be evenly divisible by {sections} but is {size}"
                           "\n\tNumber of ways to split should evenly divide the split dimension"
                           f" for ... with input shapes: [], {tf_shape(x.shape)}")
        part = list(x.shape)
        part[axis] = None if size is None else size // sections
        return OpOut((tuple(part),) * sections, (x.dtype,) * sections, several=True)
    sizes = integers(sections if isinstance(sections, (list, tuple)) else None,
                     "tf.split(num_or_size_splits=...)")
    tail = f"for ... with input shapes: {tf_shape(x.shape)}, [{len(sizes)}], []"
    if not sizes or any(s < -1 for s in sizes):
        raise Unmodelled("tf.split(num_or_size_splits=...) here")
    if not -rank <= axis < rank:
        raise tf_error("LL101", f"tf.split: axis {axis} is outside a tensor of rank {rank}",
                       f"Dimension size, given by scalar input {axis} must be in range "
                       f"[{-rank}, {rank}) {tail}")
    if sizes.count(-1) > 1:
        raise tf_error("LL105", "tf.split: two sizes of -1", f"size_splits can only have one -1 "
                       f"{tail}")
    size = x.shape[axis]
    known = sum(s for s in sizes if s != -1)
    if size is not None and -1 in sizes and known > size:
        raise tf_error("LL102", f"tf.split: sizes {sizes} add up to more than axis {axis} of size "
                       f"{size}", f"Split size at index {sizes.index(-1)} must be >= 0. Got: "
                       f"{size - known} {tail}")
    if size is not None and -1 not in sizes and known != size:
        raise tf_error("LL102", f"tf.split: sizes {sizes} do not add up to axis {axis} of size "
                       f"{size}", f"can't split axis of size {size} into pieces of size "
                       f"[{','.join(map(str, sizes))}] {tail}")
    shapes = []
    for s in sizes:
        part = list(x.shape)
        part[axis] = s if s != -1 else None if size is None else size - known
        shapes.append(tuple(part))
    return OpOut(tuple(shapes), (x.dtype,) * len(shapes), several=True)


# --- x[...] -------------------------------------------------------------------------------------


@tf_op(("operator.getitem",), "tensor, slice_spec, var=None", "tf.__operators__.getitem",
       class_name="SlicingOpLambda")
def getitem(a: Args) -> OpOut:
    """TensorFlow's strided slice: ints drop an axis (checked against a known size), slices
    keep it (a free size stays free), None adds one, ``...`` stands for the axes not named."""
    x = tensor(a, "tensor")
    key = a.slice_spec
    key = tuple(key) if isinstance(key, tuple) else (key,)
    for item in key:
        if not (item is None or item is Ellipsis or isinstance(item, slice) and all(
                v is None or isinstance(v, int) and not isinstance(v, bool)
                for v in (item.start, item.stop, item.step)) and item.step != 0
                or isinstance(item, int) and not isinstance(item, bool)):
            raise Unmodelled("this tensor subscript")
    if key.count(Ellipsis) > 1:
        raise Unmodelled("a subscript with two ellipses")
    tail = inputs_text(x.shape, *[(len(key),)] * 3)  # begin, end and strides: one per item
    rank = len(x.shape)
    real = sum(1 for item in key if item is not None and item is not Ellipsis)
    if rank == 0:
        if not real:
            raise Unmodelled("a subscript of a scalar")
        raise tf_error("LL101", "x[...] of a scalar", f"Attempting to slice scalar input. {tail}")
    if real > rank:
        raise tf_error("LL101", f"x[...]: {real} indices for a tensor of rank {rank}",
                       f"Index out of range using input dim {rank}; input has only {rank} dims "
                       f"{tail}")
    if Ellipsis not in key:
        key = key + (Ellipsis,)
    at = key.index(Ellipsis)
    key = key[:at] + (slice(None),) * (rank - real) + key[at + 1:]
    shape: list[Dim] = []
    axis = 0
    for item in key:
        if item is None:
            shape.append(1)
            continue
        size = x.shape[axis]
        if isinstance(item, int):
            index = item + size if size is not None and item < 0 else item
            if size is not None and not 0 <= index < size:
                raise tf_error("LL101", f"x[...]: index {item} is outside axis {axis} of size "
                               f"{size}", f"slice index {index} of dimension {axis} out of bounds."
                               f" {tail}")
        else:
            shape.append(None if size is None else len(range(size)[item]))
        axis += 1
    return one(tuple(shape), x.dtype)


def dtype_value(value: Any) -> Any:
    """``tf.float16`` as the front end passes it (a qualified name) -> ``"float16"``."""
    name = getattr(value, "qualname", None)
    return DTYPE_NAMES.get(name, value) if isinstance(name, str) else value
