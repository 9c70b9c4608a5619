"""Replay of a Keras tensor graph (``ir.Functional``): the functional API, layers applied to
``keras.Input`` tensors outside any model, as Keras 3 (keras/src/models/functional.py,
keras/src/ops/function.py) runs them.

* Each node runs where the code calls it, in that order: a layer object is created (its
  arguments validated) where it is written and built on its first call; every call computes its
  output from its inputs' shapes through the catalogue entry, and Keras raises at the call.
* A layer object called again (a shared layer) reuses the weights of its first call.
* ``keras.Model(inputs, outputs)`` then lists ``model.layers`` in Keras' order (by depth from
  the outputs, ties by first traversal: ``map_graph``), InputLayers included.

``GraphReplay`` is a mixin over the Sequential replay (``Replay`` for Keras 3, ``Keras2Replay``
for tf.keras 2): errors, notes, fixes and data checks are theirs; only the walk differs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...diagnostics import Related
from ...results import Flow, FlowEdge, FlowNode
from ...ir import UNKNOWN, Call, Functional, Node, TensorRef
from ...layers.base import LayerError, Out, Unmodelled
from ...layers.keras._op import lookup_op
from ...layers.keras.core import input_batch_shape
from ...layers.keras.merging import called_on_one_tensor
from ...shapes import Shape, format_shape
from . import multi_output
from .graph_data import check_graph_data, flatten
from .model import Replay
from .graph_ops import op_output
from .graph_tf_ops import layer_output_dtype, tf_op_output
from .nested import built_sequentials, model_kind, nested_output
from .stack import UNKNOWN_TENSOR, Layer, Tensor, _defined, layer_row, rnn_kind




@dataclass
class GraphState:
    tensors: dict[int, Tensor] = field(default_factory=dict)  # id(Node) -> result
    layer_of: dict[int, Layer] = field(default_factory=dict)  # id(target) -> its Layer
    first_node: dict[int, Node] = field(default_factory=dict)  # id(target) -> first call
    inputs: list[Layer] = field(default_factory=list)  # the model's inputs, flattened
    taken: dict[int, list[TensorRef]] = field(default_factory=dict)  # id(Node) -> its tensors
    op_rows: dict[int, Layer] = field(default_factory=dict)  # id(op Node) -> its summary row


class GraphReplay:
    """Mixin for Replay / Keras2Replay (see the module docstring)."""

    # tf.keras 2 (measured on tf_keras 2.21) differs at fit/predict (its own rank adjustments
    # and messages) and accepts some shared-layer reuses Keras 3 rejects: not followed there.
    keras3_semantics = True

    def _event(self, event: Any) -> None:
        if isinstance(event, Functional):
            if not self.opaque:  # type: ignore[attr-defined]
                self._functional(event)
            return
        super()._event(event)  # type: ignore[misc]

    # --- the graph ----------------------------------------------------------------------------

    def _functional(self, event: Functional) -> None:
        self.graph = event.graph
        self.state = GraphState()
        tensors = self.state.tensors
        for node in event.graph.nodes:
            tensors[id(node)] = self._layer_node(node) if node.kind == "layer" and \
                isinstance(node.target, Call) else self._run_node(node)
        if self.model.kind == "tensors":  # type: ignore[attr-defined]
            return
        self.layers = self._model_layers(event)  # type: ignore[attr-defined]
        self._connect(event)
        self.built = self.has_input_layer = True  # type: ignore[attr-defined]
        self.built_at = "construct"  # type: ignore[attr-defined]
        self.state.inputs = [self.state.layer_of[id(ref.node.target)]
                             for ref in flatten(event.graph.inputs)]
        first = self.state.inputs[0] if self.state.inputs else None
        self.input_shape = first.output_shape if first is not None else None  # type: ignore[attr-defined]
        self.input_known = self.input_shape is not None  # type: ignore[attr-defined]

    def _data_call(self, event: Any) -> None:
        if self.model.kind == "tensors" or not hasattr(self, "graph"):  # type: ignore[attr-defined]
            return
        check_graph_data(self, event, keras2=not self.keras3_semantics)

    def run_on(self, fed: dict[int, Shape],
               layer_errors: bool = False) -> tuple[Layer, LayerError] | None:
        """The graph called on data of other shapes (``fed``: batch shape by id of the Input
        Call): the first layer whose weights do not fit, with Keras' InputSpec message (Dense
        and convolutions check axis -1 once built), or with ``layer_errors`` the first layer
        whose InputSpec rejects its input (tf.keras 2 feeds data of another rank on); None when
        all fit or it is not known."""
        saved = self.state.tensors
        self.state.tensors = dict(saved)
        try:
            for node in self.graph.nodes:
                if node.kind == "input":
                    shape = fed.get(id(node.target))
                    if shape is not None:
                        self.state.tensors[id(node)] = Tensor(shape)
                    continue
                layer = self.state.layer_of.get(id(node.target))
                argument = node.inputs[0] if node.inputs else None
                if node.kind != "layer" or layer is None or layer.spec is None or \
                        layer.args is None or layer.spec.inputs == "list" or \
                        not isinstance(argument, TensorRef):
                    self.state.tensors[id(node)] = UNKNOWN_TENSOR
                    continue
                shape = self._shape_of(argument)
                try:
                    out = layer.spec.call(layer.args, tuple(shape)) if shape else None
                except LayerError as problem:
                    if layer_errors and problem.framework.startswith(_INPUT_SPEC_ERROR):
                        return layer, problem
                    out = None
                except Unmodelled:
                    out = None
                if out is not None and _weights_differ(layer.params, out.params) and shape:
                    if layer.kind not in _AXIS_CHECKED or not layer.input_shape:
                        return None
                    built = layer.input_shape[-1]
                    return layer, LayerError(
                        "LL102", f"{layer.kind} ({layer.name}) was built for {built} features "
                        f"but receives {format_shape(shape)}",
                        f"ValueError: Input 0 with name 'None' of layer '{layer.name}' is "
                        f"incompatible with the layer: expected axis -1 of input shape to have "
                        f"value {built}, but received input with shape {format_shape(shape)}")
                several = out.outputs if out is not None and out.outputs and \
                    len(out.outputs) > 1 else None
                self.state.tensors[id(node)] = Tensor(out.shape, several) if out else \
                    UNKNOWN_TENSOR
            return None
        finally:
            self.state.tensors = saved

    def built_sequentials(self) -> dict[int, Any]:
        return built_sequentials(self)

    def report(self) -> Any:
        """Replay.report plus, for a graph that is not a plain chain, each row's "Connected to"
        (keras/src/utils/summary_utils.py: ``get_connections`` and ``sequential_like``)."""
        made = super().report()  # type: ignore[misc]
        nodes = getattr(self, "_model_nodes", None)
        operations = getattr(self, "operations", None)
        if operations is not None and len(operations) != len(self.layers):  # type: ignore[attr-defined]
            made.operations = [layer_row(i, layer) for i, layer in enumerate(operations)]
        if nodes is not None:
            made.flow = self._flow(nodes, operations if made.operations is not None
                                   else self.layers)  # type: ignore[attr-defined]
        elif getattr(self, "graph", None) is not None and self.model.kind != "tensors":  # type: ignore[attr-defined]
            made.flow = self._partial_flow()  # Keras raised at a call: the graph up to it
        if nodes is None or self._sequential_like(nodes):
            return made
        calls_of: dict[int, list[Node]] = defaultdict(list)  # id(Layer) -> its nodes, in order
        for node in nodes:
            layer = None if node.kind == "input" else self.state.op_rows.get(id(node)) \
                if node.kind == "op" else self.state.layer_of.get(id(node.target))
            if layer is not None:
                calls_of[id(layer)].append(node)
        call_index = self._call_indices()
        for row, layer in zip(made.layers, self.layers):  # type: ignore[attr-defined]
            row.connected_to = self._connections(calls_of.get(id(layer), ()), call_index)
        for row, layer in zip(made.operations or (), operations or ()):
            row.connected_to = self._connections(calls_of.get(id(layer), ()), call_index)
        return made

    def _partial_flow(self) -> Flow:
        """The nodes the replay ran, up to the call where Keras raised (the model has no rows:
        Keras never made it)."""
        walked = []
        for node in self.graph.nodes:
            walked.append(node)
            if id(node) not in self.state.tensors:
                break
        rows: list[Layer] = []
        seen: set[int] = set()
        for node in walked:
            layer = self._row_layer(node)
            if layer is not None and id(layer) not in seen:
                seen.add(id(layer))
                rows.append(layer)
        return self._flow(walked, rows, listed=False)

    def _flow(self, nodes: list[Node], rows: list[Layer], listed: bool = True) -> Flow:
        """The picture's boxes (the summary's rows when ``listed``) and every tensor a call
        takes, with the shape the replay gave it."""
        row_of = {id(layer): i for i, layer in enumerate(rows)}
        op_rows = {id(layer) for layer in self.state.op_rows.values()}
        lines: dict[int, list[int]] = defaultdict(list)
        edges = []
        for node in nodes:
            layer = self._row_layer(node)
            if layer is None or id(layer) not in row_of:
                continue
            lines[row_of[id(layer)]].append(node.span.line)
            for ref in self._taken(node):
                producer = self._producer(ref)
                if producer is not None and id(producer) in row_of:
                    edges.append(FlowEdge(row_of[id(producer)], row_of[id(layer)],
                                          self.tensor(ref).shape))
        flow_nodes = [FlowNode(i, layer.kind, layer.name, tuple(lines.get(i, [layer.span.line])),
                               i if listed else None,
                               layer.output_shape if layer.built else None,
                               layer.params if layer.built else None,
                               "input" if layer.kind == "InputLayer" else
                               "op" if id(layer) in op_rows else "layer")
                      for i, layer in enumerate(rows)]
        outputs = []
        for ref in flatten(self.graph.outputs) if listed else ():
            producer = self._producer(ref) if isinstance(ref, TensorRef) else None
            if producer is not None and id(producer) in row_of:
                outputs.append((row_of[id(producer)], self.tensor(ref).shape))
        return Flow(flow_nodes, edges, outputs)

    def _row_layer(self, node: Node) -> Layer | None:
        if node.kind == "input":
            return self.state.layer_of.get(id(node.target))
        if node.kind == "op":
            return self.state.op_rows.get(id(node))
        return self.state.layer_of.get(id(node.target))

    def _connections(self, calls: Any, call_index: dict[int, int]) -> str:
        """A row's "Connected to": what each call of its layer takes."""
        parts = []
        for node in calls:
            for ref in self._taken(node):
                producer = self._producer(ref)
                if producer is not None:
                    parts.append(f"{producer.name}[{call_index.get(id(ref.node), 0)}]"
                                 f"[{ref.index or 0}]")
        return ", ".join(parts) or "-"

    def _call_indices(self) -> dict[int, int]:
        """Which call of its layer (or nested model) each node is (Keras' node_index), counted
        in code order; other nodes are 0."""
        index: dict[int, int] = {}
        calls: dict[tuple[str, int], int] = defaultdict(int)  # (kind, id(target)) -> calls so far
        for node in self.graph.nodes:
            if node.kind in ("layer", "model"):
                key = (node.kind, id(node.target))
                index[id(node)] = calls[key]
                calls[key] += 1
        return index

    def _sequential_like(self, nodes: list[Node]) -> bool:
        """One node per depth, each with at most one input tensor, no layer called twice."""
        depth_of, taken = self._node_depths, self.state.taken
        depths: set[int] = set()
        targets: set[int] = set()
        for node in nodes:
            depth = depth_of.get(id(node), 0)
            refs = taken.get(id(node))
            if depth in depths or len(refs if refs is not None else self._taken(node)) > 1:
                return False
            depths.add(depth)
            if node.kind in ("layer", "model"):
                if id(node.target) in targets:
                    return False
                targets.add(id(node.target))
        return True

    def output_names(self) -> list[str]:
        """Keras' ``output_names`` in flattened order: a dict's keys, else the layers' names."""
        outputs = self.graph.outputs
        if isinstance(outputs, dict):
            return sorted(outputs, key=str)
        return [self._producer(ref).name if isinstance(ref, TensorRef) and
                self._producer(ref) is not None else "?" for ref in flatten(outputs)]

    def output_tensors(self) -> list[Tensor]:
        """The model's outputs, flattened as Keras flattens them."""
        return [self.tensor(ref) for ref in flatten(self.graph.outputs)]

    def tensor(self, ref: Any) -> Tensor:
        """The tensor a TensorRef names (unknown for anything else)."""
        if not isinstance(ref, TensorRef):
            return UNKNOWN_TENSOR
        made = self.state.tensors.get(id(ref.node), UNKNOWN_TENSOR)
        if ref.index is None:
            return made
        if made.several is not None and -len(made.several) <= ref.index < len(made.several):
            return Tensor(made.several[ref.index],
                          dtype=made.dtypes[ref.index] if made.dtypes else None)
        return UNKNOWN_TENSOR  # x[0] of a single tensor slices its batch axis: not followed

    def _run_node(self, node: Node) -> Tensor:
        if node.kind == "input":
            return self._input_node(node)
        if node.kind == "layer" and isinstance(node.target, Call):
            return self._layer_node(node)
        if node.kind == "model":
            return nested_output(self, node)
        if node.kind == "op":
            return op_output(self, node) if self.keras3_semantics else tf_op_output(self, node)
        what = {"model": "a model called on tensors", "op": f"{node.target}(...)"}.get(
            node.kind, str(node.target))
        if node.kind == "model":
            self._model_row(node)
        self.note("LL903", node.span, f"{what} is not followed by layerlint; shapes "  # type: ignore[attr-defined]
                  "after it are unknown")
        return UNKNOWN_TENSOR

    def _input_node(self, node: Node) -> Tensor:
        call: Call = node.target
        layer = Layer(call, "InputLayer", self._name(call), call.span, built=True, params=0,
                      non_trainable=0)
        self.state.layer_of[id(call)] = layer
        try:
            layer.output_shape = input_batch_shape(call)
        except Unmodelled:
            self.note("LL902", call.span, "the shape given to Input could not be evaluated; "  # type: ignore[attr-defined]
                      "shapes after it are unknown")
            return UNKNOWN_TENSOR
        except LayerError as problem:  # keras.Input(...) raises where it is written
            self.error(problem.code, call.span, "construct", problem.message,  # type: ignore[attr-defined]
                       problem.framework)
        dtype = call.kwargs.get("dtype", "float32")
        return Tensor(layer.output_shape, dtype=dtype if isinstance(dtype, str) else None)

    def _name(self, call: Call) -> str:
        explicit = call.kwargs.get("name")
        if isinstance(explicit, str):
            return explicit
        return self.names.get(id(call), "?")  # type: ignore[attr-defined]

    def _model_row(self, node: Node) -> None:
        if id(node.target) not in self.state.layer_of:
            self.state.layer_of[id(node.target)] = Layer(
                UNKNOWN, model_kind(node.target), self.names.get(id(node.target), "?"),  # type: ignore[attr-defined]
                node.span)
            self.state.first_node[id(node.target)] = node

    def _layer_node(self, node: Node) -> Tensor:
        call: Call = node.target
        state = self.state
        layer = state.layer_of.get(id(call))
        if layer is None:
            layer = self._make(call, node.span, "call")  # type: ignore[attr-defined]
            assert layer is not None
            layer.span = call.span
            state.layer_of[id(call)] = layer
            state.first_node[id(call)] = node
        argument = node.inputs[0] if node.inputs else node.kwargs.get("inputs", UNKNOWN)
        if layer.spec is None or layer.args is None:
            return UNKNOWN_TENSOR
        given = self.tensor(argument) if isinstance(argument, TensorRef) else None
        try:
            out = self._apply(layer, node, argument, given)
        except Unmodelled as unknown:
            self.note("LL902", node.span, f"{unknown.what} could not be evaluated; shapes "  # type: ignore[attr-defined]
                      "after it are unknown")
            return UNKNOWN_TENSOR
        except LayerError as problem:
            self._node_failure(node, layer, argument, problem)
        if out is None:
            return UNKNOWN_TENSOR
        several = out.outputs if out.outputs is not None and len(out.outputs) > 1 else None
        if not layer.built:
            layer.input_shape = given.shape if given is not None else None
            layer.output_shape, layer.outputs = out.shape, out.outputs
            layer.params, layer.non_trainable = out.params, out.non_trainable
            layer.built = True
        if self.keras3_semantics or several is not None:
            return Tensor(out.shape, several)
        taken = [self.tensor(ref) for ref in self._taken(node)]  # tf.keras 2: ops need dtypes
        return Tensor(out.shape, dtype=layer_output_dtype(layer, taken))

    def _taken(self, node: Node) -> list[TensorRef]:
        """The tensors a node takes (arguments and keyword arguments, flattened); computed once
        per node, as the graph is walked several times (model.layers, connections, summary)."""
        taken = self.state.taken.get(id(node))
        if taken is None:
            inputs = node.inputs
            if not node.kwargs and len(inputs) == 1 and isinstance(inputs[0], TensorRef):
                taken = [inputs[0]]  # the usual call, layer(x)
            else:
                taken = [ref for ref in flatten((inputs, node.kwargs))
                         if isinstance(ref, TensorRef)]
            self.state.taken[id(node)] = taken
        return taken

    def _shape_of(self, argument: Any) -> Shape | None:
        return self.tensor(argument).shape if isinstance(argument, TensorRef) else None

    def _apply(self, layer: Layer, node: Node, argument: Any, given: Tensor | None) -> Out | None:
        """The layer's entry on this call's input (``given``: its tensor, when the argument is a
        TensorRef); None when the input is not known."""
        assert layer.spec is not None and layer.args is not None
        if layer.spec.inputs == "list":
            if given is not None:
                if given.several is not None:
                    return layer.spec.call(layer.args, given.several)
                if given.shape is None:
                    return None
                raise called_on_one_tensor(layer.args, given.shape)
            if not isinstance(argument, (list, tuple)):
                return None
            shapes = tuple(self.tensor(item).shape for item in argument)
            return layer.spec.call(layer.args, shapes)
        if isinstance(argument, (list, tuple)) and len(argument) == 1:
            argument = argument[0]
            given = self.tensor(argument) if isinstance(argument, TensorRef) else None
        if isinstance(argument, (list, tuple)) or (given is not None and
                                                   given.several is not None):
            count = len(argument) if isinstance(argument, (list, tuple)) \
                else len(given.several or ())  # type: ignore[union-attr]
            if multi_output.verdict(layer.kind) == "build" and layer.kind in \
                    multi_output._INPUT_SPEC:
                raise LayerError(
                    "LL107", f"{layer.kind} takes a single tensor but receives {count}",
                    f'ValueError: Layer "{layer.name}" expects 1 input(s), but it received '
                    f"{count} input tensors.", expected="one tensor", found=f"{count} tensors")
            return None
        shape = given.shape if given is not None else None
        if shape is None:
            return None
        out = layer.spec.call(layer.args, tuple(shape))
        if layer.built and _weights_differ(layer.params, out.params):
            return self._reused(layer, node, shape)
        return out

    def _reused(self, layer: Layer, node: Node, shape: Shape) -> Out | None:
        """A shared layer called on an input its weights were not built for."""
        built_for = layer.input_shape
        if layer.kind == "Dense" and built_for and self.keras3_semantics:
            raise LayerError(
                "LL102",
                f"{layer.kind} ({layer.name}) was built for {built_for[-1]} features by its "
                f"first call but receives {format_shape(shape)}",
                f"ValueError: Input 0 with name 'None' of layer '{layer.name}' is incompatible "
                f"with the layer: expected axis -1 of input shape to have value {built_for[-1]}"
                f", but received input with shape {format_shape(shape)}",
                expected=str(built_for[-1]), found=format_shape(shape))
        self.note("LL902", node.span, f"{layer.kind} ({layer.name}) is called again on an input "  # type: ignore[attr-defined]
                  "its weights were not built for; shapes after it are unknown")
        return None

    def _node_failure(self, node: Node, layer: Layer, argument: Any, problem: LayerError) -> None:
        """Keras raised at this call (construct stage): say where the input comes from."""
        code, message = problem.code, problem.message
        framework = problem.framework
        if not self.keras3_semantics and "Computed output size would be zero" in framework:
            from .keras2 import keras2_message  # the tf.keras 2 dialect's own texts

            given = self.tensor(argument).shape if isinstance(argument, TensorRef) else None
            framework = keras2_message(framework, layer, given) or framework
        if code == "LL106" and layer.kind == "Dense" and self.keras3_semantics and \
                layer.args is not None and isinstance(layer.args.raw("units"), int):
            # the kernel's variable path: the layer's own name in a graph (measured)
            framework += (f" Received: shape=(None, {layer.args.raw('units')}) for variable "
                          f"path='{layer.name}/kernel'")
        producers = [self._producer(ref) for ref in flatten(argument)
                     if isinstance(ref, TensorRef)]
        producers = [p for p in producers if p is not None]
        related = [Related(_defined(p), f"{p.kind} ({p.name}) produces "
                           f"{format_shape(p.output_shape)}") for p in producers[:3]
                   if p.output_shape is not None]
        rnn = producers[0] if len(producers) == 1 else None
        if code == "LL101" and rnn is not None and rnn_kind(layer) and rnn_kind(rnn) and \
                rnn.output_shape is not None and len(rnn.output_shape) == 2:
            code = "LL301"
            message = (f"{layer.kind} expects 3-D input (batch, timesteps, features) but the "
                       f"{rnn.kind} at {self.line(_defined(rnn).line)} returns only its last "  # type: ignore[attr-defined]
                       f"output {format_shape(rnn.output_shape)} (return_sequences=False)")
        defined = _defined(layer)
        if not _within(defined, node.span):
            related.insert(0, Related(defined, f"{layer.kind} ({layer.name}) is defined here"))
        at = getattr(problem, "inside", None) or node.span  # inside a custom layer's call()
        if at is not node.span:
            related.insert(0, Related(node.span, f"{layer.kind}.call() runs here"))
        self.error(code, at, "construct",  # type: ignore[attr-defined]
                   f"{message}; Keras raises when the layer is called "
                   f"({self.line(node.span.line)})", framework,  # type: ignore[attr-defined]
                   layer=None, related=related)

    def _producer(self, ref: TensorRef) -> Layer | None:
        target = ref.node.target
        if ref.node.kind == "op":
            return self.state.op_rows.get(id(ref.node))
        return self.state.layer_of.get(id(target)) if ref.node.kind in ("layer", "input", "model") \
            else None

    # --- keras.Model(inputs, outputs) ---------------------------------------------------------

    def _connect(self, event: Functional) -> None:
        """``Functional.__init__``: every output must be computed from the model's inputs."""
        declared = {id(ref.node) for ref in flatten(event.graph.inputs)}
        outputs = event.graph.outputs
        paths = [("", outputs)] if isinstance(outputs, TensorRef) else \
            list(outputs.items()) if isinstance(outputs, dict) else list(enumerate(outputs))
        for path, output in sorted(paths, key=lambda p: str(p[0])) if isinstance(
                outputs, dict) else paths:
            # _model_layers walked the same nodes: without a stray Input there, none here.
            stray = _stray_input(output, declared, self._taken) if self._stray_met else None
            if stray is not None:
                framework = f"ValueError: Output with path `{path}` is not connected to `inputs`"
                if not self.keras3_semantics:
                    framework = ("ValueError: Graph disconnected: cannot obtain value for tensor "
                                 f"{self.state.layer_of[id(stray.target)].name} ...")
                self.error(  # type: ignore[attr-defined]
                    "LL110", event.span, "construct",
                    f"an output of the model is computed from the Input at "
                    f"{self.line(stray.span.line)}, which is not among the model's inputs; "  # type: ignore[attr-defined]
                    "Keras raises when the model is created", framework,
                    related=[Related(stray.span, "this Input is not a model input")])

    def _model_layers(self, event: Functional) -> list[Layer]:
        """``model.layers``: Keras' ``map_graph`` order (see the module docstring). Also notes
        whether an Input that is not a model input was met (``_connect`` then says which)."""
        declared = {id(ref.node) for ref in flatten(event.graph.inputs)}
        operation_of: dict[int, int] = {}  # id(Node) -> its operation, for every node met
        taken_of: dict[int, list[TensorRef]] = {}  # id(Node) -> the tensors it takes, if any
        order: list[Node] = []  # post-order: inputs before outputs
        first_seen: dict[int, int] = {}  # id(operation) -> first traversal index
        by_operation: dict[int, Node] = {}  # id(operation) -> its first node in ``order``
        stray = False
        none: list[TensorRef] = []
        # A depth-first post-order from the outputs (taken as the inputs of a virtual last
        # node, None), with a stack of its own: a chain of thousands of layers must not exhaust
        # Python's recursion limit. A node is entered (its operation noted) when first met.
        stack: list[tuple[Node | None, Iterator[TensorRef]]] = [
            (None, iter(flatten(event.graph.outputs)))]
        while stack:
            node, inputs = stack[-1]
            for ref in inputs:
                met = ref.node
                if id(met) in operation_of:
                    continue
                operation = operation_of[id(met)] = _operation(met)
                if operation not in first_seen:
                    first_seen[operation] = len(first_seen)
                if met.kind == "input":
                    stray |= id(met) not in declared
                    stack.append((met, iter(none)))
                else:
                    taken = taken_of[id(met)] = self._taken(met)
                    stack.append((met, iter(none) if id(met) in declared else iter(taken)))
                break
            else:
                stack.pop()
                if node is not None:
                    order.append(node)
                    by_operation.setdefault(operation_of[id(node)], node)
        self._stray_met = stray
        self._model_nodes = list(order)
        node_depth: dict[int, int] = {}
        self._node_depths = node_depth
        operation_depth: dict[int, int] = {}
        for node in reversed(order):
            depth = node_depth.get(id(node), 0)
            operation = operation_of[id(node)]
            depth = max(depth, operation_depth.get(operation, 0))
            operation_depth[operation] = node_depth[id(node)] = depth
            for ref in taken_of.get(id(node), none):  # none for Inputs
                producer = id(ref.node)
                if producer in operation_of and node_depth.get(producer, 0) <= depth:
                    node_depth[producer] = depth + 1  # at least one deeper than its consumer
        for ref in flatten(event.graph.inputs):  # inputs no output depends on
            operation = _operation(ref.node)
            if operation not in operation_depth:
                operation_depth[operation], first_seen[operation] = 0, -1
                by_operation[operation] = ref.node
                node_depth[id(ref.node)] = 0
                self._model_nodes.append(ref.node)
        by_depth: dict[int, list[int]] = defaultdict(list)
        for operation, depth in operation_depth.items():
            by_depth[depth].append(operation)
        layers = []
        layer_of = self.state.layer_of
        operations: list[Layer] | None = []  # the summary's rows: keras.ops too (_operations)
        for depth in sorted(by_depth, reverse=True):
            at_depth = by_depth[depth]
            if len(at_depth) > 1:
                at_depth.sort(key=lambda o: first_seen[o])
            for operation in at_depth:
                node = by_operation[operation]
                if node.kind == "op":
                    row = self._op_row(node)
                    if operations is not None and row is not None:
                        operations.append(row)
                    else:
                        operations = None
                    if row is not None and not self.keras3_semantics:
                        layers.append(row)  # tf.keras 2: a TFOpLambda layer
                    continue  # Keras 3: operations that are not layers
                if node.kind == "unknown":
                    operations = None
                    continue
                layer = layer_of.get(id(node.target))
                if layer is not None:
                    layers.append(layer)
                    if operations is not None:
                        operations.append(layer)
        self.operations = operations
        return layers

    def _op_row(self, node: Node) -> Layer | None:
        """A keras.ops call as ``model.summary()`` lists it: its Operation's name, no weights."""
        if not self.keras3_semantics:  # tf.keras 2: made by the op's replay, if it ran
            return self.state.op_rows.get(id(node))
        name = self.names.get(("op", id(node)))  # type: ignore[attr-defined, call-overload]
        if name is None or lookup_op(str(node.target)) is None:
            return None
        made = self.state.tensors.get(id(node), UNKNOWN_TENSOR)
        row = Layer(UNKNOWN, lookup_op(str(node.target)).class_name,  # type: ignore[union-attr]
                    name, node.span, built=True, params=0, non_trainable=0)
        row.output_shape, row.outputs = made.shape, made.several
        self.state.op_rows[id(node)] = row
        return row


def _stray_input(output: Any, declared: set[int],
                 taken: Callable[[Node], list[TensorRef]]) -> Node | None:
    """An Input an output depends on that is not a model input (Keras: "not connected")."""
    stack = [ref.node for ref in flatten(output) if isinstance(ref, TensorRef)]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen or id(node) in declared:
            continue
        seen.add(id(node))
        if node.kind == "input":
            return node
        stack.extend(ref.node for ref in taken(node))
    return None


def _operation(node: Node) -> int:
    """What Keras calls the node's operation: the layer object (shared by its calls)."""
    return id(node.target) if node.kind in ("input", "layer", "model") else id(node)


# Layers whose InputSpec checks axis -1 once built (measured: Dense, Conv*).
_AXIS_CHECKED = ("Dense", "Conv1D", "Conv2D", "Conv3D")
_INPUT_SPEC_ERROR = "ValueError: Input 0 "


def _weights_differ(built: int | None, needed: int | None) -> bool:
    return isinstance(built, int) and isinstance(needed, int) and built != needed


def _within(inner: Any, outer: Any) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) and \
        (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


class FunctionalReplay(GraphReplay, Replay):
    """A Keras 3 functional model (or tensors outside any model)."""
