"""A model called on symbolic tensors inside a tensor graph (``h = encoder(x)``): a Sequential,
a functional ``keras.Model(...)``, or what a model-building function returns, as Keras 3 runs it.

* The inner model's construction (its events before the call) is replayed by a replay of its
  own; its own findings are the inner model's (reported where it is replayed as a model).
* A Sequential with no Input is built by its first call, on the tensor it receives: a layer
  that fails raises at the outer call line with that layer's own message (measured on Keras
  3.15: ``h = inner(inp)`` raises ``Input 0 with name 'None' of layer 'lstm' is incompatible``).
* A functional model checks what it receives against its Inputs (InputSpec: rank and every
  size both sides know) and raises "Input 0 with name 'input_layer' of layer 'functional' is
  incompatible with the layer: expected shape=..., found shape=...".
* Called again (a shared model), it reuses its weights: the same input shape gives the same
  output; another shape is not followed (LL902).
* tf.keras 2 (measured on tf_keras 2.21) checks no Input at such a call: on the shapes it was
  built for it returns what it built; on others it reruns its layers, each with its own checks,
  a failure wrapped as 'Exception encountered when calling layer "NAME" (type Sequential)' (or
  Functional): nested_keras2.py (what it does not follow gets an LL903 note).
* In ``model.layers`` and the summary it is one row: its class (Sequential / Functional), its
  name, output shape and total parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...diagnostics import Related
from ...ir import UNKNOWN, Compile, DataCall, Functional, ModelIR, Node, Span, TensorRef
from ...shapes import Shape, format_shape
from .graph_data import flatten
from .nested_keras2 import keras2_rerun
from .model import Replay
from .stack import UNKNOWN_TENSOR, Layer, Stop, Tensor, _defined, input_spec_mismatch, walk

if TYPE_CHECKING:
    from .graph import GraphReplay


@dataclass
class Inner:
    """A nested model across its calls: its own replay and what its first call built."""

    replay: Replay
    functional: bool
    fed: list[Shape | None] | None = None  # what the call that built it received (Sequential)
    output: Tensor | None = None


def built_sequentials(outer: GraphReplay) -> dict[int, Any]:
    """The Sequentials with no Input that this graph built by calling them: their reports."""
    return {key: inner.replay.report() for key, inner in getattr(outer, "_nested", {}).items()
            if inner is not None and not inner.functional and inner.fed is not None
            and not inner.replay.has_input_layer}


def model_kind(model: ModelIR) -> str:
    return "Functional" if any(isinstance(e, Functional) for e in model.events) else "Sequential"


def nested_output(outer: GraphReplay, node: Node) -> Tensor:
    """The tensor(s) a nested model returns on this call (unknown when not followed); raises
    Stop through ``outer.error`` where Keras raises."""

    model: ModelIR = node.target
    row = outer.state.layer_of.get(id(model))
    if row is None:
        row = Layer(UNKNOWN, model_kind(model), outer.names.get(id(model), "?"), node.span)  # type: ignore[attr-defined]
        outer.state.layer_of[id(model)] = row
        outer.state.first_node[id(model)] = node
    inner = _inner(outer, model, node.span)
    if inner is None:
        return UNKNOWN_TENSOR
    fed = _fed(outer, node)
    if fed is None:
        return UNKNOWN_TENSOR
    rerun = False
    if inner.functional or inner.fed is not None or inner.replay.has_input_layer:
        declared = _declared(outer, inner, model)
        rerun = declared is not None and _other_shapes(declared, fed)
        made = _checked_call(outer, node, inner, row, fed, declared)  # Keras checks its inputs
    else:
        inner.fed = fed  # built by this call, even when a layer inside fails
        made = _sequential_build(outer, node, inner, row, fed)
    if made is None:
        return UNKNOWN_TENSOR
    if not row.built:
        layers = inner.replay.layers
        row.input_shape = fed[0] if len(fed) == 1 else None
        row.output_shape = made.shape
        if not outer.keras3_semantics and rerun:  # type: ignore[attr-defined]
            # tf_keras' row shows the model's first node: the shapes it was built for
            # (measured: Sequential([Input((10, 4)), Conv1D(4, 3)]) called on (None, 7, 4)
            # prints (None, 8, 4), where the rerun gives (None, 5, 4))
            own = _built_output(inner)
            row.output_shape = own.shape if own is not None else None
        row.outputs = made.several
        row.params = _total([layer.params for layer in layers])
        row.non_trainable = _total([layer.non_trainable for layer in layers])
        row.built = True
    return made


def _inner(outer: GraphReplay, model: ModelIR, at: Span) -> Inner | None:
    """The inner model's replay, its construction run up to the outer call (once per model)."""
    known = getattr(outer, "_nested", None)
    if known is None:
        known = outer._nested = {}  # type: ignore[attr-defined]
    if id(model) in known:
        return known[id(model)]
    functional = model_kind(model) == "Functional"
    cls = type(outer) if functional else next(  # the Sequential replay under the graph mixin
        c for c in type(outer).__mro__ if issubclass(c, Replay) and not hasattr(c, "_functional"))
    replay = cls(model, outer.names.get(id(model), "?"), outer.names, outer.source,  # type: ignore[attr-defined]
                 line=outer.line)  # type: ignore[attr-defined]
    try:
        for event in model.events:
            if isinstance(event, (Compile, DataCall)):
                continue
            if (event.span.line, event.span.col) >= (at.line, at.col):
                break  # made after this call: not yet part of the model
            replay._event(event)
    except Stop:
        pass
    failed = any(d.severity == "error" for d in replay.diagnostics)
    made = None if failed or replay.opaque else Inner(replay, functional)
    if made is None and not failed:
        outer.note("LL903", at, f"the model {outer.names.get(id(model), '?')} is not "  # type: ignore[attr-defined]
                   "followed by layerlint; shapes after it are unknown")
    known[id(model)] = made
    return made


def _fed(outer: GraphReplay, node: Node) -> list[Shape | None] | None:
    """The shapes of the tensors the call passes (its first argument, flattened)."""
    argument = node.inputs[0] if node.inputs else node.kwargs.get("inputs")
    if argument is None or any(isinstance(r, TensorRef) for r in
                               flatten((node.inputs[1:], node.kwargs))):
        return None  # a mask, a training flag tensor, ...: not modelled
    refs = flatten(argument)
    if not refs or not all(isinstance(r, TensorRef) for r in refs):
        return None
    shapes = [outer.tensor(ref).shape for ref in refs]
    return shapes if all(s is not None for s in shapes) else None


def _sequential_build(outer: GraphReplay, node: Node, inner: Inner, row: Layer,
                      fed: list[Shape | None]) -> Tensor | None:
    """A Sequential with no Input built by this call: its layers run on what it receives."""

    replay = inner.replay
    if len(fed) != 1 or not replay.layers:
        return None
    shape = fed[0]
    assert shape is not None
    steps, failure = walk(replay.layers, shape, outer)  # type: ignore[arg-type]
    for layer, step in zip(replay.layers, steps):
        layer.input_shape, layer.output_shape = step.input_shape, step.output_shape
        layer.params, layer.non_trainable = step.params, step.non_trainable
        layer.outputs, layer.built = step.outputs, True
    if failure is not None:
        if failure.deferred:
            return None
        failing = replay.layers[failure.index]
        problem = failure.error
        framework = problem.framework
        if not outer.keras3_semantics:  # type: ignore[attr-defined]
            from .keras2 import keras2_message  # the tf.keras 2 dialect's own texts

            received = steps[failure.index - 1].output_shape if failure.index else shape
            framework = keras2_message(framework, failing, received)
            if not (framework or "").startswith("ValueError: Input 0 of layer"):
                _not_followed(outer, node, row, "when a layer inside it fails")
                return None  # tf.keras 2's own text for this failure: not measured
            framework = (f'ValueError: Exception encountered when calling layer "{row.name}" '
                         f"(type Sequential).\n\n{framework[len('ValueError: '):]}")
        related = [Related(_defined(failing), f"{failing.kind} ({failing.name}) is defined here")]
        if failure.index > 0:
            before = replay.layers[failure.index - 1]
            related.append(Related(_defined(before), f"{before.kind} ({before.name}) produces "
                                   f"{format_shape(before.output_shape)}"))
        outer.error(problem.code, node.span, "construct",  # type: ignore[attr-defined]
                    f"{problem.message}, inside the model {row.name}; Keras raises when the "
                    f"model is called ({outer.line(node.span.line)})",  # type: ignore[attr-defined]
                    framework, related=related)
    last = steps[-1] if steps else None
    if last is None or last.output_shape is None:
        return None
    several = last.outputs if last.outputs and len(last.outputs) > 1 else None
    made = Tensor(last.output_shape, several)
    inner.output = made
    return made


def _declared(outer: GraphReplay, inner: Inner, model: ModelIR
              ) -> list[tuple[str, Shape | None, Span]] | None:
    """The inputs the model checks a call against: (InputLayer name, shape, where declared)."""
    replay: Any = inner.replay
    if inner.functional:
        return [(layer.name, layer.output_shape, layer.span) for layer in replay.state.inputs]
    if not replay.input_known and inner.fed is None:
        return None
    names = outer.names  # type: ignore[attr-defined]
    if replay.input_call is not None:
        name, span = names.get(id(replay.input_call), "?"), replay.input_call.span
    else:  # the InputLayer Keras made itself (input_shape=, or built by its first call)
        name, span = names.get(("input", id(model)), "?"), replay.model.span
    shape = inner.fed[0] if inner.fed is not None else replay.input_shape
    if shape is not None:
        shape = (None, *shape[1:])
    return [(name, shape, span)]


def _built_output(inner: Inner) -> Tensor | None:
    """What the model computed when it was built (its first call, or its Input)."""
    if not inner.functional:
        return inner.output if inner.fed is not None else _last(inner.replay)
    return _outputs(inner.replay)


def _other_shapes(declared: list[tuple[str, Shape | None, Span]],
                  fed: list[Shape | None]) -> bool:
    """The model is called on other shapes than the Inputs it was built for."""
    return [tuple(e) if e is not None else None for _, e, _ in declared] != \
        [tuple(s) if s is not None else None for s in fed]


def _checked_call(outer: GraphReplay, node: Node, inner: Inner, row: Layer,
                  fed: list[Shape | None],
                  declared: list[tuple[str, Shape | None, Span]] | None) -> Tensor | None:
    """A built model called: Keras' InputSpec check of every input (``allow_last_axis_squeeze``:
    a last axis of size 1 is dropped on both sides, then the sizes are compared pairwise, the
    ranks not at all), then the graph run on them (followed only on the shapes it was built
    for)."""
    if declared is None or len(declared) != len(fed):
        return None  # Keras' structure checks: not modelled
    if not outer.keras3_semantics:  # type: ignore[attr-defined]
        # tf.keras 2 checks no Input here: it runs the inner layers again on what it receives
        # (measured: their own errors, wrapped in "Exception encountered when calling layer")
        if _other_shapes(declared, fed):
            return keras2_rerun(outer, node, inner, row, fed, _declared)
    exact = True
    for index, ((name, expected, span), shape) in enumerate(zip(declared, fed)):
        if expected is None or shape is None:
            return None
        found = input_spec_mismatch(expected, shape)
        if found is not None:
            _incompatible(outer, node, inner, row, index, name, span, expected, found)
        exact = exact and tuple(expected) == tuple(shape)
    if exact:  # Keras' shortcut: the outputs it computed when it was built
        return _built_output(inner)
    # Other shapes: Keras runs its graph again with each operation's compute_output_spec
    # (no InputSpec checks); followed when every layer's entry computes an output.
    made = _rerun(inner, fed)
    if made is None:
        outer.note("LL902", node.span, f"the model {row.name} is called on inputs other than "  # type: ignore[attr-defined]
                   "the ones it was built for; shapes after it are unknown")
    return made


def _rerun(inner: Inner, fed: list[Shape | None]) -> Tensor | None:

    replay: Any = inner.replay
    if not inner.functional:
        steps, failure = walk(replay.layers, fed[0])
        last = steps[-1] if steps and failure is None else None
        if last is None or last.output_shape is None or last.outputs and len(last.outputs) > 1:
            return None
        return Tensor(last.output_shape)
    shapes: dict[int, Shape] = {}
    for ref, shape in zip(flatten(replay.graph.inputs), fed):
        shapes[id(ref.node)] = shape  # type: ignore[assignment]
    for graph_node in replay.graph.nodes:
        if id(graph_node) in shapes:
            continue
        layer = replay.state.layer_of.get(id(graph_node.target))
        if graph_node.kind != "layer" or layer is None or layer.spec is None or \
                layer.args is None:
            return None
        argument = graph_node.inputs[0] if graph_node.inputs else None
        try:
            if layer.spec.inputs == "list" and isinstance(argument, (list, tuple)):
                given = tuple(shapes.get(id(r.node)) if isinstance(r, TensorRef) and
                              r.index is None else None for r in argument)
                if any(g is None for g in given):
                    return None
                out = layer.spec.call(layer.args, given)
            elif isinstance(argument, TensorRef) and argument.index is None and \
                    id(argument.node) in shapes and layer.spec.inputs != "list":
                out = layer.spec.call(layer.args, tuple(shapes[id(argument.node)]))
            else:
                return None
        except Exception:  # noqa: BLE001 - LayerError, Unmodelled: the output is not known
            return None
        if out.shape is None or out.outputs is not None and len(out.outputs) > 1:
            return None
        shapes[id(graph_node)] = out.shape
    outputs = replay.graph.outputs
    if not isinstance(outputs, TensorRef) or outputs.index is not None:
        return None
    made = shapes.get(id(outputs.node))
    return Tensor(made) if made is not None else None


def _last(replay: Replay) -> Tensor | None:

    last = replay.layers[-1] if replay.layers else None
    if last is None or last.output_shape is None:
        return None
    return Tensor(last.output_shape, last.outputs if last.outputs and len(last.outputs) > 1
                  else None)


def _outputs(replay: Any) -> Tensor | None:
    """What a functional model returns: one tensor, or several (a list of them)."""

    outputs = replay.output_tensors()
    if isinstance(replay.graph.outputs, dict):
        return None
    if isinstance(replay.graph.outputs, TensorRef):
        return outputs[0] if outputs and outputs[0].shape is not None else None
    shapes = tuple(t.shape for t in outputs)
    if len(shapes) < 2 or any(s is None for s in shapes):
        return None  # a one-element list comes back as a list: indexing it is not followed
    return Tensor(shapes[0], shapes)  # type: ignore[arg-type]


def _incompatible(outer: GraphReplay, node: Node, inner: Inner, row: Layer, index: int,
                  input_name: str, span: Span, expected: Shape, found: Shape) -> None:
    model: ModelIR = node.target
    owner = row.name if inner.functional else \
        outer.names.get(("functional", id(model)), "?")  # type: ignore[attr-defined]
    framework = (f"Input {index} with name '{input_name}' of layer '{owner}' is incompatible "
                 f"with the layer: expected shape={format_shape(expected)}, found "
                 f"shape={format_shape(found)}")
    if not inner.functional:  # a Sequential runs the Functional it built inside its call()
        framework = f"Exception encountered when calling Sequential.call(). {framework}"
    outer.error(  # type: ignore[attr-defined]
        "LL101" if len(expected) != len(found) else "LL102", node.span, "construct",
        f"the model {row.name} expects input {index} of shape {format_shape(expected)} but "
        f"receives {format_shape(found)}; Keras raises when the model is called "
        f"({outer.line(node.span.line)})",  # type: ignore[attr-defined]
        f"ValueError: {framework}",
        related=[Related(span, f"the input of {row.name} is declared here")])


def _not_followed(outer: GraphReplay, node: Node, row: Layer, when: str) -> None:
    outer.note("LL903", node.span, f"the model {row.name} called {when} is not followed "  # type: ignore[attr-defined]
               "in tf.keras 2 by layerlint; shapes after it are unknown")


def _total(values: list[int | None]) -> int | None:
    return sum(values) if all(isinstance(v, int) for v in values) else None  # type: ignore[arg-type]
