"""A ``keras.ops`` function (or a Python operator: ``x + y`` is ``keras.ops.add``) applied to
symbolic tensors in a tensor graph, through its catalogue entry (layers/keras/ops.py).

Keras 3 makes an Operation of it and computes its output there (``compute_output_spec``): it
raises at that call, with the entry's message. Its tensors' shapes and dtypes come from the
graph; an argument layerlint does not know makes the output unknown (an LL902 note when it is a
value, nothing more when a tensor is already unknown: that was noted where it became so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...diagnostics import Related
from ...ir import Node, TensorRef
from ...layers.base import LayerError, Unmodelled
from ...layers.keras._op import KerasTensorArg, bind_op, lookup_op, op_arguments
from ...layers.keras._tf_op import lookup_tf_op
from ...shapes import format_shape
from .stack import UNKNOWN_TENSOR, Tensor, _defined

if TYPE_CHECKING:
    from .graph import GraphReplay


class _UnknownTensor(Exception):
    pass


# Keras 3's KerasTensor refuses TensorFlow's conversion (``KerasTensor.__tf_tensor__``), on every
# backend: a TensorFlow function given one raises this ValueError at the call.
KERAS_TENSOR_IN_TF = (
    "ValueError: A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor "
    "is a symbolic placeholder for a shape and dtype, used when constructing Keras Functional "
    "models or Keras Functions. You can only use it as input to a Keras layer or a Keras "
    "operation (from the namespaces `keras.layers` and `keras.ops`). You are likely doing "
    "something like:\n\n```\nx = Input(...)\n...\ntf_fn(x)  # Invalid.\n```\n\nWhat you "
    "should do instead is wrap `tf_fn` in a layer:\n\n```\nclass MyLayer(Layer):\n    def "
    "call(self, x):\n        return tf_fn(x)\n\nx = MyLayer()(x)\n```\n")


def op_output(replay: GraphReplay, node: Node) -> Tensor:
    spec = lookup_op(str(node.target))
    if spec is None and lookup_tf_op(str(node.target)) is not None and _refs(
            (node.inputs, node.kwargs)):  # a TensorFlow function (its catalogue: measured)
        if resolved(replay, node) is None:
            return UNKNOWN_TENSOR  # reached only if what made its input runs: noted there
        name = str(node.target).replace("tensorflow.", "tf.", 1)
        replay.error("LL112", node.span, "construct",  # type: ignore[attr-defined]
                     f"{name}() is given a Keras tensor, which Keras 3 does not let TensorFlow "
                     f"functions take; Keras raises at this call "
                     f"({replay.line(node.span.line)}): use keras.ops or wrap it in a layer",  # type: ignore[attr-defined]
                     KERAS_TENSOR_IN_TF)
        return UNKNOWN_TENSOR
    if spec is None:
        what = "a tensor subscript" if node.operator == "getitem" else f"{node.target}(...)"
        replay.note("LL903", node.span, f"{what} is not followed by layerlint; "  # type: ignore[attr-defined]
                    "shapes after it are unknown")
        return UNKNOWN_TENSOR
    arguments = resolved(replay, node)
    if arguments is None:
        return UNKNOWN_TENSOR
    try:
        out = spec.call(bind_op(spec, *arguments))
    except Unmodelled as unknown:
        replay.note("LL902", node.span, f"{unknown.what} could not be evaluated; shapes "  # type: ignore[attr-defined]
                    "after it are unknown")
        return UNKNOWN_TENSOR
    except LayerError as problem:
        producers = [replay._producer(ref) for ref in _refs((node.inputs, node.kwargs))]
        related = [Related(_defined(p), f"{p.kind} ({p.name}) produces "
                           f"{format_shape(p.output_shape)}")
                   for p in producers[:3] if p is not None and p.output_shape is not None]
        replay.error(problem.code, node.span, "construct",  # type: ignore[attr-defined]
                     f"{problem.message}; Keras raises at this call "
                     f"({replay.line(node.span.line)})", problem.framework,  # type: ignore[attr-defined]
                     related=related)
        return UNKNOWN_TENSOR
    if out.several:
        return Tensor(out.shapes[0], out.shapes, out.dtypes[0], out.dtypes)
    return Tensor(out.shape, None, out.dtypes[0])


def resolved(replay: GraphReplay, node: Node) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
    """The op's arguments as its entry takes them (keras.ops and TensorFlow functions alike);
    None when a tensor among them is unknown (noted where it became so)."""
    try:
        return op_arguments(node.inputs, node.kwargs, lambda ref: _tensor(replay, ref))
    except _UnknownTensor:
        return None


def _tensor(replay: GraphReplay, ref: TensorRef) -> KerasTensorArg:
    """A tensor as the entry takes it; an unknown one stops the op."""
    made = replay.tensor(ref)
    if made.shape is None:
        raise _UnknownTensor
    return KerasTensorArg(tuple(made.shape), made.dtype)


def _refs(value: Any, depth: int = 0) -> list[TensorRef]:
    if isinstance(value, TensorRef):
        return [value]
    if isinstance(value, (list, tuple)) and depth < 6:
        return [r for v in value for r in _refs(v, depth + 1)]
    if isinstance(value, dict) and depth < 6:
        return [r for v in value.values() for r in _refs(v, depth + 1)]
    return []
