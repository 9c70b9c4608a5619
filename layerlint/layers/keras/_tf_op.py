"""The vocabulary of TensorFlow functions applied to symbolic tensors in a tf.keras 2 model.

tf.keras 2 lets ``tf.concat([a, b], 1)``, ``tf.reduce_mean(x, 1)``, ``x * 2`` or ``x[:, 0]``
take Keras tensors: TensorFlow's dispatcher wraps the call in a layer
(tf_keras/src/layers/core/tf_op_layer.py), a ``TFOpLambda`` (``SlicingOpLambda`` for
``x[...]``) named ``"tf." +`` the function's canonical TensorFlow name (``tf.concat``,
``tf.math.reduce_mean``, ``tf.__operators__.add``), made unique by a zero-based counter per
name (``tf.concat_1``). The layer runs the op on placeholders, so TensorFlow's shape inference
raises there, wrapped as ``Exception encountered when calling layer "tf.concat" (type
TFOpLambda).``. An entry is registered with the Python signature TensorFlow's function has::

    @tf_op(("concat",), "values, axis, name='concat'", "tf.concat", op="ConcatV2")
    def concat(a: Args) -> OpOut: ...

Tensors are passed as :class:`KerasTensorArg` (the Keras 3 ops' vocabulary, _op.py); an entry
raises :func:`tf_error` with TensorFlow's own text (``" ... "`` stands for the op's node
definition, which layerlint does not reproduce) or Unmodelled. Every entry is pinned by
tests/keras2/test_tf_ops_keras2.py against tf_keras 2.21.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...shapes import Dim, Shape
from ..base import LayerError, Param, Unmodelled
from ..torch._function import parse_function_signature
from ._op import KerasTensorArg, OpOut

TfOpEntry = Callable[[Any], OpOut]
FLOATS = ("float16", "bfloat16", "float32", "float64")
INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16")
# ``tf.float16`` and friends as the front end reads them
DTYPE_NAMES = {f"tensorflow.{d}": d for d in (*FLOATS, *INTS, "bool")}
DTYPE_NAMES.update({"tensorflow.half": "float16", "tensorflow.double": "float64"})


@dataclass(frozen=True)
class TfOpSpec:
    name: str  # the first name it is registered under, "concat" (tensorflow.concat)
    signature: tuple[Param, ...]
    symbol: str  # the layer's name before its counter: "tf.concat"
    call: TfOpEntry
    op: str = ""  # TensorFlow's op type in its dtype errors: "ConcatV2"
    # the layer named in the error when it raises, if another (tf.squeeze calls the v1 squeeze,
    # whose layer is "tf.compat.v1.squeeze"; when that one raises, tf.squeeze makes its own)
    raising: str | None = None
    class_name: str = "TFOpLambda"


_TF_OPS: dict[str, TfOpSpec] = {}


def tf_op(names: tuple[str, ...], signature: str, symbol: str, *, op: str = "",
          raising: str | None = None,
          class_name: str = "TFOpLambda") -> Callable[[TfOpEntry], TfOpEntry]:
    """Register an entry under ``tensorflow.<name>`` for each name (``"math.reduce_mean"``)
    and ``operator.<name>`` for a Python operator (``"operator.add"``: ``x + y``)."""

    def decorate(call: TfOpEntry) -> TfOpEntry:
        params, varargs = parse_function_signature(signature)
        assert varargs is None, names
        spec = TfOpSpec(names[0], params, symbol, call, op, raising, class_name)
        for name in names:
            key = name if name.startswith("operator.") else f"tensorflow.{name}"
            if key in _TF_OPS:
                raise ValueError(f"tf op {key!r} registered twice")
            _TF_OPS[key] = spec
        return call

    return decorate


def lookup_tf_op(qualname: str) -> TfOpSpec | None:
    """``"tensorflow.concat"``, ``"tensorflow.nn.relu"``, ``"operator.add"``."""
    return _TF_OPS.get(qualname)


def all_tf_ops() -> list[TfOpSpec]:
    return list({id(s): s for s in _TF_OPS.values()}.values())


# --- errors -------------------------------------------------------------------------------------


def tf_error(code: str, message: str, inner: str, kind: str = "ValueError") -> LayerError:
    """An error TensorFlow raises in the layer's call: ``inner`` is its text, unwrapped."""
    return LayerError(code, message, f"{kind}: {inner}")


def wrapped(framework: str, layer_name: str, class_name: str) -> str:
    """The error as tf.keras 2 raises it from the op's layer (up to "Call arguments ...")."""
    kind, _, inner = framework.partition(": ")
    return (f'{kind}: Exception encountered when calling layer "{layer_name}" '
            f"(type {class_name}).\n\n{inner}")


def tf_shape(shape: Shape) -> str:
    """A shape as TensorFlow prints it in shape errors: ``[?,2,4]``."""
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def inputs_text(*shapes: Shape) -> str:
    return "for ... with input shapes: " + ", ".join(tf_shape(s) for s in shapes)


# --- arguments ----------------------------------------------------------------------------------


def tensor(a: Any, name: str) -> KerasTensorArg:
    value = a.raw(name)
    if not isinstance(value, KerasTensorArg):
        raise Unmodelled(f"{a.layer_type}({name}=...)")
    if any(isinstance(d, str) for d in value.shape):
        raise Unmodelled(f"a size of {a.layer_type}'s {name}")
    if value.dtype is None:
        raise Unmodelled(f"the dtype of {a.layer_type}'s {name}")
    return value


def one(shape: Shape, dtype: str | None) -> OpOut:
    return OpOut((tuple(shape),), (dtype,))


def merge_dims(first: Dim, second: Dim) -> tuple[bool, Dim]:
    """TensorFlow's ``Merge`` of two sizes: (compatible, the merged size)."""
    if first is None:
        return True, second
    if second is None or first == second:
        return True, first
    return False, first


def merge_shapes(first: Shape, second: Shape) -> Shape | int:
    """``InferenceContext::Merge`` of two shapes of one rank: the merged shape, or the index of
    the first axis whose sizes differ."""
    merged = []
    for i, (x, y) in enumerate(zip(first, second)):
        ok, size = merge_dims(x, y)
        if not ok:
            return i
        merged.append(size)
    return tuple(merged)


def merge_error(first: Shape, second: Shape, axis: int) -> str:
    return (f"Dimension {axis} in both shapes must be equal, but are {first[axis]} and "
            f"{second[axis]}. Shapes are {tf_shape(first)} and {tf_shape(second)}.")


class Incompatible(Exception):
    """Two sizes that do not broadcast (TensorFlow's "Dimensions must be equal")."""

    def __init__(self, first: Dim, second: Dim) -> None:
        super().__init__(first, second)
        self.first, self.second = first, second


def broadcast(x: Shape, y: Shape) -> Shape:
    """TensorFlow's BroadcastBinaryOpOutputShapeFn: axes aligned from the right, checked from
    the left; raises Incompatible with the first two sizes that do not broadcast."""
    rank = max(len(x), len(y))
    out: list[Dim] = []
    for dx, dy in zip((1,) * (rank - len(x)) + tuple(x), (1,) * (rank - len(y)) + tuple(y)):
        if dx is not None and dy is not None:
            if dx == dy or dy == 1:
                out.append(dx)
            elif dx == 1:
                out.append(dy)
            else:
                raise Incompatible(dx, dy)
        elif dx is None and dy is None:
            out.append(None)
        else:
            known = dx if dx is not None else dy
            out.append(None if known == 1 else known)
    return tuple(out)
