"""``x.shape`` of a symbolic Keras tensor while the code is read (``layers.Dense(x.shape[-1])``,
``layers.Reshape((x.shape[1], -1))``, ``keras.ops.shape(x)``): the shape Keras would give it,
worked out from the nodes that made it through the catalogue entries (layers, ``keras.ops``).

The batch axis is None, as in Keras. Anything layerlint cannot work out makes the whole shape
UNKNOWN (the value is then noted where it is used, never guessed); so does a call that Keras
rejects: the replay reports it there.
"""

from __future__ import annotations

from typing import Any

from ..ir import UNKNOWN, Call, Node, TensorRef, has_tensor_ref
from ..layers.base import LayerError, Unmodelled, bind, lookup
from ..layers.keras._op import KerasTensorArg, bind_op, lookup_op, op_arguments
from ..layers.keras._tf_op import lookup_tf_op
from ..layers.keras.core import input_batch_shape

MAX_DEPTH = 200  # nodes followed back from one tensor


class _Unknown(Exception):
    pass


def symbolic_shape(ref: TensorRef, known: dict[int, Any], tf_slicing: bool = False) -> Any:
    """The shape of a symbolic tensor as a tuple (ints, None for free sizes, UNKNOWN for sizes
    fixed but unknown to layerlint), or UNKNOWN. ``known`` caches node results by id.
    ``tf_slicing``: the file is tf.keras 2 code, whose ``x[...]`` TensorFlow's entry follows."""
    try:
        shapes = _node_shapes(ref.node, known, 0, tf_slicing)
    except _Unknown:
        return UNKNOWN
    if ref.index is None:
        if len(shapes) != 1:
            return UNKNOWN
        shape = shapes[0]
    elif -len(shapes) <= ref.index < len(shapes) and len(shapes) > 1:
        shape = shapes[ref.index]
    else:
        return UNKNOWN
    return tuple(d if d is None or isinstance(d, int) else UNKNOWN for d in shape)


def _node_shapes(node: Node, known: dict[int, Any], depth: int,
                 tf_slicing: bool = False) -> tuple[tuple, ...]:
    """Every tensor a node returns (one, or several: ``return_state``, ``split``)."""
    if id(node) in known:
        if known[id(node)] is None:
            raise _Unknown
        return known[id(node)]
    known[id(node)] = None  # unknown until worked out (and on any failure)
    if depth > MAX_DEPTH:
        raise _Unknown
    try:
        made = _compute(node, known, depth, tf_slicing)
    except (LayerError, Unmodelled, TypeError, ValueError, IndexError, KeyError):
        raise _Unknown from None
    known[id(node)] = made
    return made


def _compute(node: Node, known: dict[int, Any], depth: int,
             tf_slicing: bool) -> tuple[tuple, ...]:
    if node.kind == "input" and isinstance(node.target, Call):
        return (tuple(input_batch_shape(node.target)),)
    if node.kind == "layer" and isinstance(node.target, Call) and \
            "subclass" not in node.target.facts:
        call = node.target
        spec = lookup("keras", call.kind)
        argument = node.inputs[0] if node.inputs else node.kwargs.get("inputs")
        if spec is None or argument is None or has_tensor_ref((node.inputs[1:], node.kwargs)):
            raise _Unknown
        args = bind(spec, call, call.kind.lower())
        if spec.validate:
            spec.validate(args)
        if spec.inputs == "list":
            if not isinstance(argument, (list, tuple)):
                raise _Unknown
            out = spec.call(args, tuple(_shape(r, known, depth, tf_slicing) for r in argument))
        else:
            out = spec.call(args, _shape(argument, known, depth, tf_slicing))
        if out.shape is None:
            raise _Unknown
        if out.outputs is not None and len(out.outputs) > 1:
            return tuple(tuple(s) for s in out.outputs)
        return (tuple(out.shape),)
    if node.kind == "op":
        # keras.ops (and operators) by the Keras 3 entries; TensorFlow functions (tf.keras 2
        # only) by theirs
        op: Any = lookup_op(str(node.target))
        # A TensorFlow function's dtype checks raise in the replay, at its node: its shape here
        # is what it makes when it runs.
        dtype = None if op is not None else "float32"
        if node.operator == "getitem" and tf_slicing:
            op = lookup_tf_op("operator.getitem")
        op = op or lookup_tf_op(str(node.target))
        if op is None:
            raise _Unknown
        args, kwargs = op_arguments(node.inputs, node.kwargs, lambda ref: KerasTensorArg(
            _shape(ref, known, depth, tf_slicing), dtype))
        result = op.call(bind_op(op, args, kwargs))
        return tuple(tuple(s) for s in result.shapes)
    raise _Unknown  # a nested model, an unknown call


def _shape(value: Any, known: dict[int, Any], depth: int, tf_slicing: bool) -> tuple:
    if not isinstance(value, TensorRef):
        raise _Unknown
    shapes = _node_shapes(value.node, known, depth + 1, tf_slicing)
    if value.index is None:
        if len(shapes) != 1:
            raise _Unknown
        return shapes[0]
    if len(shapes) > 1 and -len(shapes) <= value.index < len(shapes):
        return shapes[value.index]
    raise _Unknown
