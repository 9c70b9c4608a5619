"""A built model called on other shapes than it was built for, in tf.keras 2 (measured on
tf_keras 2.21, tests/keras2/test_random_nested_keras2.py): no check against its Input at that
call; its layers run again in order, each with the input checks its build left it:

* Dense and convolutions: the rank, then axis -1 against the features they were built for
  ("expected axis -1 of input shape to have value 8"); BatchNormalization: the rank it was
  built for, then its axis ("expected axis 2 of input shape to have value 8"); the other
  layers their catalogue entry's rank checks.
* A model inside it (two deep) first checks its Input, if it declares one, pairwise as
  ``InputSpec(shape=..., allow_last_axis_squeeze=True)`` ("Input 0 of layer "sequential" is
  incompatible with the layer: expected shape=(None, 4), found shape=(None, 8, 4)"), then runs
  its own layers the same way.
* The error is wrapped once, by the model whose call the failing layer runs in: the model
  called in the code as 'Exception encountered when calling layer "model" (type Functional)',
  a model inside it as 'Exception encountered when calling layer 'sequential' (type
  Sequential)' (an Input check: the model that called it).

A layer's own call raising past its input checks gets an LL903 note naming it and what fails
(tf.keras 2 wraps that error as the layer, text not reproduced here). Any other failure
(weights that do not fit without such a check) or a construct not listed here is not
followed: an LL903 note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...diagnostics import Related
from ...ir import Node, TensorRef
from ...layers.base import LayerError, Unmodelled
from ...shapes import Shape, format_shape
from .graph_data import flatten
from .stack import Layer, Tensor, _defined, input_spec_mismatch

if TYPE_CHECKING:
    from .graph import GraphReplay
    from .nested import Inner

_AXIS_CHECKED = ("Dense", "Conv1D", "Conv2D", "Conv3D")  # InputSpec(axes={-1: features})


@dataclass
class Raised:
    """An input check that fails in the rerun: which layer, with tf.keras 2's text (unwrapped),
    and the nested model whose call wraps it (None: the model the code calls)."""

    layer: Layer
    code: str
    message: str
    framework: str
    owner: tuple[str, str] | None = None  # (name, class)
    # raised by the layer's own call(), past its input checks: tf.keras 2 words and wraps it
    # as the layer itself (not measured here), so it is an LL903 note naming the layer
    own_code: bool = False


Declared = Callable[[Any, Any, Any], "list[tuple[str, Shape | None, Any]] | None"]


def keras2_rerun(outer: GraphReplay, node: Node, inner: Inner, row: Layer,
                 fed: list[Shape | None], declared: Declared) -> Tensor | None:
    """``declared(replay, inner, model)``: the Inputs a model checks a call against."""
    made = _walk(inner, fed, declared)
    if made is None:
        outer.note("LL903", node.span, f"the model {row.name} called on inputs other than the "  # type: ignore[attr-defined]
                   "ones it was built for is not followed in tf.keras 2 by layerlint; shapes "
                   "after it are unknown")
        return None
    if isinstance(made, Tensor):
        return made
    if made.own_code:
        inside = f" (inside the model {made.owner[0]})" if made.owner is not None else ""
        outer.note("LL903", node.span, f"the model {row.name}, called on inputs other than "  # type: ignore[attr-defined]
                   f"the ones it was built for, reruns its layers: {made.layer.kind} "
                   f"({made.layer.name}){inside} raises from its own code there "
                   f"({made.message}); that error is not followed in tf.keras 2 by "
                   "layerlint (its text and wrapping); shapes after it are unknown")
        return None
    if made.owner is None:
        head = f'layer "{row.name}" (type {"Functional" if inner.functional else "Sequential"})'
    else:
        head = f"layer '{made.owner[0]}' (type {made.owner[1]})"
    outer.error(made.code, node.span, "construct",  # type: ignore[attr-defined]
                f"{made.message}, inside the model {row.name} called on other inputs than it "
                f"was built for; Keras raises when the model is called "
                f"({outer.line(node.span.line)})",  # type: ignore[attr-defined]
                f"ValueError: Exception encountered when calling {head}.\n\n"
                f"{made.framework.removeprefix('ValueError: ')}",
                related=[Related(_defined(made.layer), f"{made.layer.kind} ({made.layer.name}) "
                                 "is defined here")])
    return None


def _walk(inner: Inner, fed: list[Shape | None], declared: Declared) -> Tensor | Raised | None:
    """The model's layers run again on ``fed``: its output, the check that fails, or None."""
    replay: Any = inner.replay
    if not inner.functional:
        if len(fed) != 1 or fed[0] is None or not replay.layers:
            return None
        shape: Any = fed[0]
        for layer in replay.layers:
            shape = _step(layer, shape)
            if not isinstance(shape, tuple):
                return shape
        return Tensor(shape)
    shapes: dict[int, Shape] = {}
    inputs = flatten(replay.graph.inputs)
    if len(inputs) != len(fed) or any(f is None for f in fed):
        return None
    for ref, given in zip(inputs, fed):
        shapes[id(ref.node)] = given  # type: ignore[assignment]
    for graph_node in replay.graph.nodes:
        if id(graph_node) in shapes:
            continue
        argument = graph_node.inputs[0] if len(graph_node.inputs) == 1 and \
            not graph_node.kwargs else None
        if not isinstance(argument, TensorRef) or argument.index is not None or \
                id(argument.node) not in shapes:
            return None  # several tensors, keyword arguments, an op: not followed here
        given = shapes[id(argument.node)]
        if graph_node.kind == "layer":
            layer = replay.state.layer_of.get(id(graph_node.target))
            made: Any = _step(layer, given) if layer is not None else None
        elif graph_node.kind == "model":
            made = _nested(replay, graph_node, given, declared)
        else:
            return None
        if not isinstance(made, tuple):
            return made
        shapes[id(graph_node)] = made
    outputs = replay.graph.outputs
    if not isinstance(outputs, TensorRef) or outputs.index is not None or \
            id(outputs.node) not in shapes:
        return None
    return Tensor(shapes[id(outputs.node)])


def _nested(replay: Any, node: Node, given: Shape, declared: Declared) -> Shape | Raised | None:
    """A model inside the rerun: its Input check (the caller's error), then its layers (its
    own)."""
    inner = getattr(replay, "_nested", {}).get(id(node.target))
    if inner is None:
        return None
    row = replay.state.layer_of.get(id(node.target))
    name = row.name if row is not None else "?"
    inputs = declared(replay, inner, node.target) \
        if inner.functional or inner.replay.has_input_layer else None
    if inputs is not None:
        if len(inputs) != 1 or inputs[0][1] is None or row is None:
            return None
        expected = tuple(inputs[0][1])
        if input_spec_mismatch(expected, given) is not None:  # tf.keras 2 prints it whole
            return Raised(row, "LL101" if len(expected) != len(given) else "LL102",
                          f"the model {name} expects input of shape {format_shape(expected)} "
                          f"but receives {format_shape(given)}",
                          f'ValueError: Input 0 of layer "{name}" is incompatible with the '
                          f"layer: expected shape={format_shape(expected)}, found "
                          f"shape={format_shape(given)}")
    made = _walk(inner, [given], declared)
    if isinstance(made, Raised) and made.owner is None:
        made.owner = (name, "Functional" if inner.functional else "Sequential")
    if isinstance(made, Tensor):
        return made.shape if made.several is None else None
    return made


def _step(layer: Layer, shape: Shape) -> Shape | Raised | None:
    """One built layer on ``shape``: its checks, then its entry's output."""
    from .keras2 import keras2_message  # the tf.keras 2 dialect's own texts

    if layer.spec is None or layer.args is None or not layer.built or layer.input_shape is None:
        return None
    built = tuple(layer.input_shape)
    if layer.kind == "BatchNormalization" and len(shape) != len(built):
        return _rank(layer, shape, len(built))
    try:
        out = layer.spec.call(layer.args, tuple(shape))
    except LayerError as problem:
        framework = keras2_message(problem.framework, layer, shape) or ""
        if "ndim" in (problem.framework or "") and framework.startswith("ValueError: Input 0 of"):
            return Raised(layer, problem.code, problem.message, framework)
        return Raised(layer, problem.code, problem.message, framework, own_code=True)
    except Unmodelled:
        return None
    axis = _checked_axis(layer, built)  # counted from the end, as the shapes' ranks may differ
    if axis is not None and isinstance(built[axis], int) and shape[axis] != built[axis]:
        shown = axis + len(built) if layer.kind == "BatchNormalization" else axis
        return Raised(layer, "LL102", f"{layer.kind} ({layer.name}) was built for "
                      f"{built[axis]} features but receives {format_shape(shape)}",
                      f'ValueError: Input 0 of layer "{layer.name}" is incompatible with the '
                      f"layer: expected axis {shown} of input shape to have value "
                      f"{built[axis]}, but received input with shape {format_shape(shape)}")
    if out.shape is None or out.outputs is not None and len(out.outputs) > 1 or \
            isinstance(layer.params, int) and isinstance(out.params, int) and \
            out.params != layer.params:
        return None  # weights that do not fit with no check to say so: not followed
    return tuple(out.shape)


def _checked_axis(layer: Layer, built: Shape) -> int | None:
    """The axis (negative) a built layer's InputSpec checks, if any (BatchNormalization's is
    named from the front in its message: the rank is checked first)."""
    if layer.kind in _AXIS_CHECKED and layer.args is not None and \
            layer.args.raw("data_format") in (None, "channels_last"):
        return -1
    if layer.kind == "BatchNormalization" and layer.args is not None:
        axis = layer.args.raw("axis")
        if isinstance(axis, int) and -len(built) <= axis < len(built):
            return axis % len(built) - len(built)
    return None


def _rank(layer: Layer, shape: Shape, ndim: int) -> Raised:
    return Raised(layer, "LL101", f"{layer.kind} ({layer.name}) was built for {ndim}-D input "
                  f"but receives {len(shape)}-D input {format_shape(shape)}",
                  f'ValueError: Input 0 of layer "{layer.name}" is incompatible with the '
                  f"layer: expected ndim={ndim}, found ndim={len(shape)}. Full shape received: "
                  f"{format_shape(shape)}")
