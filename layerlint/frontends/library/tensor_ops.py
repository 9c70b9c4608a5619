"""TensorFlow functions and ``keras.ops`` on data (eager arrays, not symbolic tensors: those are
the Keras graph's, keras_graph.py): ``one_hot``, ``reshape``, ``expand_dims``, ``squeeze``,
``transpose``, ``cast``, ``constant`` / ``convert_to_tensor``.

Shapes follow numpy's entries (numpy_shape.py) where the frameworks agree; conversions follow
each framework's defaults (TensorFlow and Keras make Python floats float32 and ints int32; arrays
keep their dtype); errors carry the framework's exception type (TensorFlow's
``InvalidArgumentError``, torch's ``RuntimeError`` under Keras 3's torch backend) and no message
where it would print values layerlint does not keep. Pinned by tests/test_tensor_ops.py against
real TensorFlow and Keras 3 (torch backend).
"""

from __future__ import annotations

from typing import Any

from ..arrays import dtype_name, is_int_dtype
from ..values import Data, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function, lookup
from .numpy_common import known
from .tf_data import tensor

TF, KERAS = "tensorflow.", "keras.ops."


def _numpy(name: str, args: list, kwargs: dict, a: Bound, kind: str,
           message: bool = False) -> Data:
    """numpy's entry for the shape; its error as the framework's ``kind`` (numpy's message kept
    only when ``message``)."""
    entry = lookup(name)
    assert entry is not None
    try:
        return entry.call(args, kwargs, a.origin)
    except LibraryError as exc:
        raise LibraryError(kind, exc.message if message else None) from None


def _kind(a: Bound) -> str:
    return "InvalidArgumentError" if a.function.startswith(TF) else "RuntimeError"


def _cast(data: Data, dtype: Any, a: Bound) -> Data:
    if dtype is None:
        return data.derived(data.shape, a.origin)
    name = dtype_name(dtype)
    if name is not None and is_int_dtype(name) and is_int_dtype(data.dtype):
        return data.derived(data.shape, a.origin, dtype=name)
    return data.derived(data.shape, a.origin, dtype=name).without_bounds()


# --- one_hot ------------------------------------------------------------------------------------


@library_function("tensorflow.one_hot", "indices, depth, on_value=None, off_value=None, "
                  "axis=None, dtype=None, name=None")
def tf_one_hot(a: Bound) -> Data:
    return _one_hot(a, a.indices, a.depth, -1 if a.axis is None else a.axis, a.dtype)


@library_function("keras.ops.one_hot", "x, num_classes, axis=-1, dtype=None, sparse=False")
def keras_one_hot(a: Bound) -> Data:
    """The torch backend: torch's ``one_hot`` raises on a label >= num_classes (negative labels
    give zero rows); ``axis`` -1 or 0..rank places the classes there (other negative axes
    permute the result in ways not modelled)."""
    labels = tensor(a.x, a)
    classes = as_int(a.num_classes)
    if labels.bounds in ("exact", "uniform") and labels.max_value is not None and \
            classes is not None and labels.max_value >= classes:
        raise LibraryError("RuntimeError", "Class values must be smaller than num_classes.")
    axis = as_int(a.axis)
    if axis is not None and axis < -1:
        raise Unmodelled("keras.ops.one_hot with a negative axis other than -1")
    if axis is not None and labels.shape is not None and axis == len(labels.shape) + 1:
        axis = -1  # the output's rank: left where torch puts it
    return _one_hot(a, labels, a.num_classes, axis, a.dtype)


def _one_hot(a: Bound, indices: Any, depth: Any, axis: Any, dtype: Any) -> Data:
    """The depth inserted at ``axis`` (-1: last); values out of range give zero rows."""
    labels = tensor(indices, a)
    classes, position = as_int(depth), as_int(axis)
    if classes is None or position is None or labels.shape is None:
        raise Unmodelled("one_hot of a depth, axis or rank that is not known")
    if a.function.startswith(TF) and (getattr(a, "on_value", None) is not None or
                                      getattr(a, "off_value", None) is not None):
        raise Unmodelled("tf.one_hot(on_value=, off_value=): the dtype follows them")
    rank = len(labels.shape)
    if not -1 <= position <= rank:
        raise LibraryError("InvalidArgumentError" if a.function.startswith(TF) else "IndexError",
                           None)
    if classes < 0:
        raise Unmodelled("one_hot of a negative depth")
    shape = list(labels.shape)
    shape.insert(rank if position == -1 else position, classes)
    name = "float32" if dtype is None else dtype_name(dtype)
    return Data(tuple(shape), name, a.origin)


# --- shapes -------------------------------------------------------------------------------------


@library_function("tensorflow.reshape", "tensor, shape, name=None")
def tf_reshape(a: Bound) -> Data:
    return _numpy("numpy.reshape", [tensor(a.tensor, a), a.shape], {}, a, _kind(a))


@library_function("keras.ops.reshape", "x, newshape")
def keras_reshape(a: Bound) -> Data:
    return _numpy("numpy.reshape", [tensor(a.x, a), a.newshape], {}, a, _kind(a))


@library_function("tensorflow.expand_dims", "input, axis, name=None")
def tf_expand_dims(a: Bound) -> Data:
    if as_int(a.axis) is None:
        raise Unmodelled("tf.expand_dims takes one known axis")
    return _numpy("numpy.expand_dims", [tensor(a.input, a), a.axis], {}, a, _kind(a))


@library_function("keras.ops.expand_dims", "x, axis")
def keras_expand_dims(a: Bound) -> Data:
    data = tensor(a.x, a)
    axis = as_int(a.axis)
    if axis is not None and data.shape is not None and not -len(data.shape) - 1 <= axis <= len(
            data.shape):
        raise LibraryError("ValueError", f"axis {axis} is out of bounds for an array with "
                                         f"dimension {len(data.shape) + 1}.")
    return _numpy("numpy.expand_dims", [data, a.axis], {}, a, "ValueError")


@library_function("tensorflow.squeeze", "input, axis=None, name=None")
def tf_squeeze(a: Bound) -> Data:
    return _numpy("numpy.squeeze", [tensor(a.input, a), a.axis], {}, a, _kind(a))


@library_function("keras.ops.squeeze", "x, axis=None")
def keras_squeeze(a: Bound) -> Data:
    data = tensor(a.x, a)
    if a.axis is not None and data.shape is not None:
        positions = a.axis if isinstance(a.axis, (list, tuple)) else [a.axis]
        for p in positions:
            n = as_int(p)
            if n is None or not -len(data.shape) <= n < len(data.shape) or \
                    not known(data.shape[n]) or data.shape[n] != 1:
                # torch leaves an axis whose size is not 1 (other backends raise)
                raise Unmodelled("keras.ops.squeeze of an axis that may not be 1")
    return _numpy("numpy.squeeze", [data, a.axis], {}, a, "ValueError")


@library_function("tensorflow.transpose", "a, perm=None, conjugate=False, name=None")
def tf_transpose(a: Bound) -> Data:
    return _numpy("numpy.transpose", [tensor(a.a, a), a.perm], {}, a, _kind(a))


@library_function("keras.ops.transpose", "x, axes=None")
def keras_transpose(a: Bound) -> Data:
    return _numpy("numpy.transpose", [tensor(a.x, a), a.axes], {}, a, _kind(a))


# --- conversions --------------------------------------------------------------------------------


@library_function("tensorflow.cast", "x, dtype, name=None")
def tf_cast(a: Bound) -> Data:
    return _cast(tensor(a.x, a), a.dtype, a)


@library_function("keras.ops.cast", "x, dtype")
def keras_cast(a: Bound) -> Data:
    return _cast(tensor(a.x, a), a.dtype, a)


@library_function("tensorflow.constant", "value, dtype=None, shape=None, name=None")
def tf_constant(a: Bound) -> Data:
    data = tensor(a.value, a)
    if a.shape is not None:
        if data.shape != () or not isinstance(a.shape, (list, tuple)) or \
                any(as_int(d) is None or as_int(d) < 0 for d in a.shape):  # type: ignore[operator]
            raise Unmodelled("tf.constant(shape=) of a value that is not one number")
        data = data.derived(tuple(as_int(d) for d in a.shape), a.origin)
    return _cast(data, a.dtype, a) if a.dtype is not None else data


@library_function("tensorflow.convert_to_tensor", "value, dtype=None, dtype_hint=None, name=None")
def tf_convert_to_tensor(a: Bound) -> Data:
    data = tensor(a.value, a)
    if a.dtype is not None and isinstance(a.value, Data) and dtype_name(a.dtype) != data.dtype:
        raise Unmodelled("tf.convert_to_tensor of an array to another dtype")
    return _cast(data, a.dtype, a)


@library_function("keras.ops.convert_to_tensor", "x, dtype=None, sparse=None, ragged=None")
def keras_convert_to_tensor(a: Bound) -> Data:
    return _cast(tensor(a.x, a), a.dtype, a)
