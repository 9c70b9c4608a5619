"""``keras.ops`` functions on symbolic tensors, as Keras 3.15 computes them
(``compute_output_spec`` of keras/src/ops/numpy.py, nn.py, core.py and operation_utils.py):
output shapes, dtypes and the ValueError each raises, word for word. The vocabulary is in
``_op.py``; every entry is pinned by tests/test_keras_ops.py against real Keras.

A fixed size layerlint does not know (a ``str`` dim) in a place an entry must compare makes the
output unknown (Unmodelled), never an error.
"""

from __future__ import annotations

import math
from typing import Any

from ...shapes import Shape
from ..base import Args, LayerError, Unmodelled
from ._op import KerasTensorArg, OpOut, dtype_of, keras_op, result_type, value_error

# --- helpers ------------------------------------------------------------------------------------


def _tensor(a: Args, name: str) -> KerasTensorArg:
    value = a.raw(name)
    if not isinstance(value, KerasTensorArg):
        raise Unmodelled(f"{a.layer_type}({name}=...)")
    return value


def _exact(shape: Shape, what: str) -> tuple[int | None, ...]:
    """The shape when every size is an int or None (a fixed size unknown to layerlint: not
    modelled where it is compared)."""
    if any(isinstance(d, str) for d in shape):
        raise Unmodelled(what)
    return shape  # type: ignore[return-value]


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unmodelled(what)
    return value


def _axes(value: Any, what: str) -> list[int]:
    """``to_tuple_or_list``: one int or a sequence of ints."""
    if isinstance(value, (list, tuple)):
        return [_int(v, what) for v in value]
    return [_int(value, what)]


def canonicalize_axis(axis: int, ndim: int) -> int:
    if not -ndim <= axis < ndim:
        raise value_error("LL101", f"axis {axis} is outside a tensor of rank {ndim}",
                          f"axis {axis} is out of bounds for an array with dimension {ndim}.",
                          arg="axis")
    return axis + ndim if axis < 0 else axis


def _one(shape: Shape, dtype: str | None) -> OpOut:
    return OpOut((tuple(shape),), (dtype,))


def broadcast_shapes(shape1: Shape, shape2: Shape) -> Shape:
    """operation_utils.broadcast_shapes (note: a None meets a size as that size)."""
    origin1, origin2 = list(shape1), list(shape2)
    first, second = list(shape1), list(shape2)
    if len(first) > len(second):
        second = [1] * (len(first) - len(second)) + second
    if len(first) < len(second):
        first = [1] * (len(second) - len(first)) + first
    out = list(first)
    for i, (d1, d2) in enumerate(zip(first, second)):
        if isinstance(d1, str) or isinstance(d2, str):
            if d1 == d2 or d2 == 1:
                out[i] = d1
            elif d1 == 1:
                out[i] = d2
            else:
                raise Unmodelled("a size of a broadcast operand")
        elif d1 == 1:
            out[i] = d2
        elif d1 is None:
            out[i] = None if d2 == 1 else d2
        elif d2 == 1 or d2 is None or d2 == d1:
            out[i] = d1
        else:
            raise value_error(
                "LL102", f"shapes {_list(origin1)} and {_list(origin2)} do not broadcast "
                f"({d1} against {d2})",
                f"Cannot broadcast shape, the failure dim has value {d1}, which cannot be "
                f"broadcasted to {d2}. Input shapes are: {_list(origin1)} and {_list(origin2)}.")
    return tuple(out)


def _list(shape: list[Any]) -> str:
    return repr(list(shape))


def _shape_of(value: Any) -> Shape:
    """A tensor's shape; a Python number is a scalar (``getattr(x, "shape", [])``)."""
    if isinstance(value, KerasTensorArg):
        return value.shape
    if isinstance(value, (int, float)):
        return ()
    raise Unmodelled("an operand")


# --- shape changes ------------------------------------------------------------------------------


def validate_reshape_shape(newshape: tuple[Any, ...]) -> None:
    """``operation_utils.validate_reshape_shape``: run by ``keras.ops.reshape`` before anything
    else, on symbolic tensors and on tensors alike."""
    ints = [d for d in newshape if isinstance(d, int) and not isinstance(d, bool)]
    if any(d < -1 for d in ints):
        raise value_error(
            "LL105", f"keras.ops.reshape: a negative size other than -1 in {newshape!r}",
            "Each dimension in `newshape` must be a non-negative integer, or `-1` for a single "
            f"unknown dimension. Received: newshape={newshape!r}.", arg="newshape")
    if ints.count(-1) > 1:
        raise value_error(
            "LL105", f"keras.ops.reshape: more than one -1 in {newshape!r}",
            "There must be at most one unknown dimension (-1) in `newshape`. Received: "
            f"newshape={newshape!r}.", arg="newshape")


@keras_op("reshape", "x, newshape", "Reshape")
def reshape(a: Args) -> OpOut:
    x = _tensor(a, "x")
    given = a.newshape
    if isinstance(given, KerasTensorArg):
        raise Unmodelled("keras.ops.reshape(newshape=<a tensor>)")
    newshape = tuple(given) if isinstance(given, (list, tuple)) else (given,)
    if any(isinstance(d, KerasTensorArg) for d in newshape):
        raise Unmodelled("keras.ops.reshape(newshape=<tensors>)")
    validate_reshape_shape(newshape)
    target = tuple(d if isinstance(d, int) and not isinstance(d, bool) else None
                   for d in newshape)
    shape = x.shape
    if None in shape or None in target:
        return _one(tuple(None if d == -1 else d for d in target), x.dtype)
    shape = _exact(shape, "the size of the reshaped tensor")
    size = math.prod(shape)  # type: ignore[arg-type]
    if -1 not in target:
        if size != math.prod(target):  # type: ignore[arg-type]
            raise value_error(
                "LL104", f"keras.ops.reshape cannot turn {shape!r} ({size} values) into "
                f"{target!r}",
                f"The total size of the tensor must be unchanged. Received: "
                f"input_shape={tuple(shape)!r}, newshape={target!r}", arg="newshape")
        return _one(target, x.dtype)
    known = math.prod(d for d in target if d != -1)  # type: ignore[misc]
    if known == 0 or size % known:
        raise value_error(
            "LL104", f"keras.ops.reshape cannot turn {shape!r} ({size} values) into "
            f"{target!r}",
            "The total size of the tensor must be unchanged, however, the input size cannot "
            f"by divided by the specified dimensions in newshape. Received: "
            f"input_shape={tuple(shape)!r}, newshape={target!r}", arg="newshape")
    return _one(tuple(size // known if d == -1 else d for d in target), x.dtype)


@keras_op("expand_dims", "x, axis", "ExpandDims")
def expand_dims(a: Args) -> OpOut:
    x = _tensor(a, "x")
    axes = _axes(a.axis, "keras.ops.expand_dims(axis=...)")
    ndim = len(axes) + len(x.shape)
    axes = [canonicalize_axis(ax, ndim) for ax in axes]
    if len(set(axes)) != len(axes):  # Keras runs out of input sizes (next() on an iterator)
        raise LayerError("LL105", f"keras.ops.expand_dims: axis {axes} repeats an axis",
                         "StopIteration: ", "axis")
    sizes = iter(x.shape)
    return _one(tuple(1 if ax in axes else next(sizes) for ax in range(ndim)), x.dtype)


@keras_op("squeeze", "x, axis=None", "Squeeze")
def squeeze(a: Args) -> OpOut:
    x = _tensor(a, "x")
    shape = list(x.shape)
    if a.axis is None:
        if any(isinstance(d, str) for d in shape):
            raise Unmodelled("the sizes of the squeezed tensor")
        return _one(tuple(d for d in shape if d != 1), x.dtype)
    axes = _axes(a.axis, "keras.ops.squeeze(axis=...)")
    for ax in axes:
        if not -len(shape) <= ax < len(shape):  # Keras indexes the shape list first
            raise LayerError("LL101", f"keras.ops.squeeze: axis {ax} is outside a tensor of "
                             f"rank {len(shape)}", "IndexError: list index out of range", "axis")
        if isinstance(shape[ax], str):
            raise Unmodelled("the size of the squeezed axis")
        if shape[ax] != 1:
            raise value_error("LL102", f"keras.ops.squeeze: axis {ax} has size {shape[ax]}, "
                              "not 1", f"Cannot squeeze axis {ax}, because the dimension is "
                              "not 1.", arg="axis")
    for ax in sorted((canonicalize_axis(ax, len(shape)) for ax in axes), reverse=True):
        del shape[ax]
    return _one(tuple(shape), x.dtype)


@keras_op("transpose", "x, axes=None", "Transpose")
def transpose(a: Args) -> OpOut:
    x = _tensor(a, "x")
    shape = list(x.shape)
    axes = a.axes
    if axes is None:
        return _one(tuple(shape[::-1]), x.dtype)
    if not isinstance(axes, (list, tuple)):
        raise Unmodelled("keras.ops.transpose(axes=...)")
    ndim = len(shape)
    if len(axes) != ndim:
        raise value_error(
            "LL105", f"keras.ops.transpose: {len(axes)} axes for a tensor of rank {ndim}",
            "axis must be a list of the same length as the input shape, expected "
            f"{ndim}, but received {len(axes)}.", arg="axes")
    normalized = []
    for ax in axes:
        if not isinstance(ax, int) or isinstance(ax, bool) or ax < -ndim or ax >= ndim:
            if not isinstance(ax, int):
                raise Unmodelled("keras.ops.transpose(axes=...)")
            raise value_error(
                "LL105", f"keras.ops.transpose: axis {ax} is outside a tensor of rank {ndim}",
                f"Each axis in `axes` must be an integer in [-{ndim}, {ndim}). Received: "
                f"axes={list(axes)!r}.", arg="axes")
        normalized.append(ax % ndim)
    if len(set(normalized)) != ndim:
        raise value_error(
            "LL105", f"keras.ops.transpose: {list(axes)!r} repeats an axis",
            "`axes` must be a valid permutation of the input dimensions (no duplicates). "
            f"Received: axes={list(axes)!r} for input of rank {ndim}.", arg="axes")
    return _one(tuple(shape[ax] for ax in normalized), x.dtype)


def _shape_equal(shape1: Shape, shape2: Shape, skip: list[int]) -> bool:
    if len(shape1) != len(shape2):
        return False
    first, second = list(shape1), list(shape2)
    for ax in skip:
        first[ax] = second[ax] = -1
    for i in range(len(first)):
        if first[i] is None:
            first[i] = second[i]
        if second[i] is None:
            second[i] = first[i]
    if any(isinstance(d, str) for d in first + second) and first != second:
        raise Unmodelled("a size of a joined tensor")
    return first == second


def _tensors(value: Any, what: str) -> list[KerasTensorArg]:
    if not isinstance(value, (list, tuple)) or not value or \
            not all(isinstance(v, KerasTensorArg) for v in value):
        raise Unmodelled(what)
    return list(value)


@keras_op("concatenate", "xs, axis=0", "Concatenate")
def concatenate(a: Args) -> OpOut:
    xs = _tensors(a.xs, "keras.ops.concatenate(xs=...)")
    first = xs[0].shape
    axis = canonicalize_axis(_int(a.axis, "keras.ops.concatenate(axis=...)"), len(first))
    total: Any = 0
    for x in xs:
        if not _shape_equal(x.shape, first, [axis]):
            raise value_error(
                "LL102", f"keras.ops.concatenate: {tuple(x.shape)!r} does not match "
                f"{tuple(first)!r} outside axis {axis}",
                "Every value in `xs` must have the same shape except on the `axis` dim. But "
                f"found element of shape {tuple(x.shape)!r}, which is different from the first "
                f"element's shape {tuple(first)!r}.")
        size = x.shape[axis]
        if isinstance(size, str) or isinstance(total, str):
            total = "?"
        elif total is None or size is None:
            total = None
        else:
            total += size
    shape = list(first)
    shape[axis] = total
    return _one(tuple(shape), result_type(*(x.dtype for x in xs)))


@keras_op("stack", "x, axis=0", "Stack")
def stack(a: Args) -> OpOut:
    xs = _tensors(a.x, "keras.ops.stack(x=...)")
    first = xs[0].shape
    axis = canonicalize_axis(_int(a.axis, "keras.ops.stack(axis=...)"), len(first) + 1)
    for x in xs:
        if not _shape_equal(x.shape, first, []):
            raise value_error(
                "LL102", f"keras.ops.stack: {tuple(x.shape)!r} differs from {tuple(first)!r}",
                f"Every value in `x` must have the same shape. But found element of shape "
                f"{tuple(x.shape)!r},  which is different from the first element's shape "
                f"{tuple(first)!r}.")
    shape = list(first)
    shape.insert(axis, len(xs))
    return _one(tuple(shape), result_type(*(x.dtype for x in xs)))


@keras_op("matmul", "x1, x2", "Matmul")
def matmul(a: Args) -> OpOut:
    x1, x2 = _tensor(a, "x1"), _tensor(a, "x2")
    shape1, shape2 = tuple(x1.shape), tuple(x2.shape)
    if not shape1 or not shape2:
        raise Unmodelled("keras.ops.matmul of a scalar")
    first_1d, second_1d = len(shape1) == 1, len(shape2) == 1
    if first_1d:
        shape1 = (1, shape1[0])
    if second_1d:
        shape2 = (shape2[0], 1)
    inner1, inner2 = shape1[-1], shape2[-2]
    if isinstance(inner1, str) or isinstance(inner2, str):
        if inner1 != inner2 and inner1 is not None and inner2 is not None:
            raise Unmodelled("the inner sizes of a matmul")
    elif inner1 is not None and inner2 is not None and inner1 != inner2:
        raise value_error(
            "LL102", f"keras.ops.matmul: inner sizes {inner1} and {inner2} differ",
            "Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but received "
            f"`x1.shape={shape1!r}` and `x2.shape={shape2!r}`.")
    shape = list(broadcast_shapes(shape1[:-2], shape2[:-2])) + [shape1[-2], shape2[-1]]
    if first_1d:
        del shape[-2]
    if second_1d:
        del shape[-1]
    kinds = (x1.dtype, x2.dtype)
    dtype = "int32" if kinds == ("int8", "int8") else result_type(*kinds)
    return _one(tuple(shape), dtype)


# --- elementwise --------------------------------------------------------------------------------


def _binary(a: Args, divides: bool = False) -> OpOut:
    x1, x2 = a.raw("x1"), a.raw("x2")
    shape = broadcast_shapes(_shape_of(x1), _shape_of(x2))
    kinds = [dtype_of(x1), dtype_of(x2)] + (["pyfloat"] if divides else [])
    return _one(shape, result_type(*kinds))


@keras_op("add", "x1, x2", "Add")
@keras_op("subtract", "x1, x2", "Subtract")
@keras_op("multiply", "x1, x2", "Multiply")
def arithmetic(a: Args) -> OpOut:
    return _binary(a)


@keras_op("divide", "x1, x2", "Divide")
@keras_op("true_divide", "x1, x2", "TrueDivide")  # ``x / y``
def division(a: Args) -> OpOut:
    return _binary(a, divides=True)


@keras_op("negative", "x", "Negative")  # ``-x``
@keras_op("relu", "x", "Relu")
@keras_op("sigmoid", "x", "Sigmoid")
def same_shape_and_dtype(a: Args) -> OpOut:
    x = _tensor(a, "x")
    return _one(x.shape, x.dtype)


@keras_op("tanh", "x", "Tanh")
def tanh(a: Args) -> OpOut:
    x = _tensor(a, "x")
    return _one(x.shape, result_type(x.dtype, "pyfloat"))  # measured: ints become float32


@keras_op("softmax", "x, axis=-1", "Softmax")
def softmax(a: Args) -> OpOut:
    x = _tensor(a, "x")
    if a.axis is not None:
        for ax in _axes(a.axis, "keras.ops.softmax(axis=...)"):
            canonicalize_axis(ax, len(x.shape))
    return _one(x.shape, x.dtype)


@keras_op("cast", "x, dtype", "Cast")
def cast(a: Args) -> OpOut:
    x = _tensor(a, "x")
    dtype = a.dtype
    if dtype not in _DTYPES:
        raise Unmodelled("keras.ops.cast(dtype=...)")
    return _one(x.shape, _DTYPES[dtype])


_DTYPES = {name: name for name in ("bool", "int8", "int16", "int32", "int64", "uint8",
                                   "float16", "bfloat16", "float32", "float64")}
_DTYPES.update({"float": "float32", "int": "int64"})


@keras_op("one_hot", "x, num_classes, axis=-1, dtype=None, sparse=False", "OneHot")
def one_hot(a: Args) -> OpOut:
    x = _tensor(a, "x")
    classes = _int(a.num_classes, "keras.ops.one_hot(num_classes=...)")
    axis = _int(a.axis, "keras.ops.one_hot(axis=...)")
    dtype = a.dtype
    if dtype is not None and dtype not in _DTYPES:
        raise Unmodelled("keras.ops.one_hot(dtype=...)")
    shape = list(x.shape)
    if axis == -1:
        shape.append(classes)
    elif 0 <= axis < len(shape):
        shape.insert(axis, classes)
    else:
        raise value_error("LL105", f"keras.ops.one_hot: axis {axis} is outside a tensor of "
                          f"rank {len(shape)} (and not -1)",
                          f"axis must be -1 or between [0, {len(x.shape)}), but received "
                          f"{axis}.", arg="axis")
    return _one(tuple(shape), _DTYPES[dtype] if dtype is not None else "float32")


# --- reductions ---------------------------------------------------------------------------------


def reduce_shape(shape: Shape, axis: Any, keepdims: Any) -> Shape:
    sizes = list(shape)
    if axis is None:
        return tuple(1 for _ in sizes) if keepdims else ()
    axes = tuple(canonicalize_axis(ax, len(sizes))
                 for ax in _axes(axis, "the axis of a reduction"))
    if keepdims:
        for ax in axes:
            sizes[ax] = 1
        return tuple(sizes)
    for ax in sorted(axes, reverse=True):
        del sizes[ax]
    return tuple(sizes)


def _flag(a: Args) -> bool:
    keepdims = a.keepdims
    if not isinstance(keepdims, bool):
        raise Unmodelled("keepdims=...")
    return keepdims


@keras_op("mean", "x, axis=None, keepdims=False", "Mean")
def mean(a: Args) -> OpOut:
    x = _tensor(a, "x")
    kind = x.dtype
    dtype = result_type(kind, "float32") if kind is not None and (
        "int" in kind or kind == "bool") else kind
    return _one(reduce_shape(x.shape, a.axis, _flag(a)), dtype)


@keras_op("sum", "x, axis=None, keepdims=False", "Sum")
def sum_(a: Args) -> OpOut:
    x = _tensor(a, "x")
    dtype = result_type(x.dtype)
    if dtype in ("bool", "int8", "int16"):
        dtype = "int32"
    return _one(reduce_shape(x.shape, a.axis, _flag(a)), dtype)


@keras_op("max", "x, axis=None, keepdims=False, initial=None", "Max")
@keras_op("min", "x, axis=None, keepdims=False, initial=None", "Min")
def extreme(a: Args) -> OpOut:
    x = _tensor(a, "x")
    return _one(reduce_shape(x.shape, a.axis, _flag(a)), x.dtype)


# --- several outputs ----------------------------------------------------------------------------


@keras_op("split", "x, indices_or_sections, axis=0", "Split")
def split(a: Args) -> OpOut:
    x = _tensor(a, "x")
    shape = list(x.shape)
    axis = canonicalize_axis(_int(a.axis, "keras.ops.split(axis=...)"), len(shape))
    size = shape[axis]
    if isinstance(size, str):
        raise Unmodelled("the size of the split axis")
    sections = a.indices_or_sections
    if isinstance(sections, int) and not isinstance(sections, bool):
        if sections <= 0:
            raise Unmodelled("keras.ops.split into no sections")
        if size is not None and size % sections:
            raise value_error(
                "LL102", f"keras.ops.split: axis {axis} of size {size} does not split into "
                f"{sections} equal parts",
                "`x` size on given `axis` must be divisible by `indices_or_sections` when "
                f"`indices_or_sections` is an int. But received {size} and {sections}.",
                arg="indices_or_sections")
        shape[axis] = None if size is None else size // sections
        return OpOut(tuple(tuple(shape) for _ in range(sections)),
                     (x.dtype,) * sections, several=True)
    if not isinstance(sections, (list, tuple)) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in sections):
        raise Unmodelled("keras.ops.split(indices_or_sections=...)")
    bounds = [0, *sections, size]
    shapes = []
    for start, end in zip(bounds, bounds[1:]):
        part = list(shape)
        part[axis] = None if start is None or end is None else end - start
        if isinstance(part[axis], int) and part[axis] < 0:  # KerasTensor(shape) rejects it
            raise value_error(
                "LL105", f"keras.ops.split: the indices {list(sections)} make a part of "
                f"negative size on axis {axis}",
                f"Cannot convert '{tuple(part)!r}' to a shape. Negative dimensions are not "
                "allowed.", arg="indices_or_sections")
        shapes.append(tuple(part))
    return OpOut(tuple(shapes), (x.dtype,) * len(shapes), several=True)
