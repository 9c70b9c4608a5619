"""Evaluating a traced subclass ``call`` graph (ir.SubclassTrace) on an input shape.

Each node's output shape comes from the catalogue entry of the layer it calls (``spec.call``),
from the ``keras.ops`` function it applies (``x + y`` too) as the torch backend runs it on
tensors (layers/keras/ops_eager.py), or from the trace of a nested subclassed layer; an unmodelled node makes its output unknown, and so everything after
it. A layer object called twice keeps the weights of its first call: a second call whose input
needs other weights fails, as the framework does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ...ir import (UNKNOWN, Add, Call, Construct, ModelIR, Node, Span, SubclassTrace, TensorRef,
                   has_tensor_ref)
from ...layers.base import Args, LayerError, LayerSpec, Unmodelled, bind
from ...layers.keras._op import KerasTensorArg, bind_op, lookup_op, op_arguments
from ...layers.keras._tf_op import lookup_tf_op
from ...layers.keras.ops_eager import PassesOnMeta, run_eager
from ...shapes import Shape, format_shape
from .stack import input_spec_mismatch


@dataclass
class Failure:
    """Where a traced ``call`` raises: the node (its span is the line inside ``call``), the
    error, and the chain of subclassed layers it happened in (outermost first)."""

    node: Node
    error: LayerError
    # The subclasses whose call() it happened in, outermost first.
    classes: list[SubclassTrace] = field(default_factory=list)
    inputs: list[Shape] = field(default_factory=list)  # what each wrapper's call() received
    received: Any = None  # what the failing layer (or op: a tuple of shapes) received
    owner: Call | None = None  # the innermost subclassed layer it happened in (None: the model)
    # inside a Sequential called in call(): that model and what it received (tf.keras 2 wraps
    # the error in the Sequential's call; Keras 3 in the subclass's only)
    sequential: tuple[ModelIR, Any] | None = None
    # An error torch skips on meta tensors (PassesOnMeta): whether the rest of call() then
    # fails on them, so that Keras' symbolic build falls back to real tensors and raises it.
    fails_later: bool = False
    # a TensorFlow function's shape inference raised (tf.keras 2): TensorFlow's text as traced
    tf_op: bool = False


@dataclass
class LayerState:
    """A layer object across calls: its weights are made by its first call."""

    call: Call
    spec: LayerSpec | None
    args: Args | None
    params: int | None = None
    non_trainable: int | None = None
    input_shape: Shape | None = None
    output_shape: Shape | None = None
    built: bool = False


@dataclass(frozen=True)
class Several:
    """The tensors a node returns together (``LSTM(return_state=True)``), or the list a
    ``call`` receives (``a, b = inputs``): their shapes, picked by ``TensorRef.index``."""

    shapes: tuple[Any, ...]


@dataclass
class BuiltModel:
    """A model built when it is made (a functional ``keras.Model(inputs, outputs)``) that
    ``call()`` runs: the Input it checks what it receives against, what it returns for that
    Input (batch free) and its weights, and ``run``: its layers on a concrete input (None:
    not followed)."""

    name: str
    input_name: str
    input_shape: Shape
    output: Any
    params: int | None
    non_trainable: int | None
    run: Callable[[Shape], Any]


@dataclass
class Evaluation:
    shapes: dict[int, Any]  # id(Node) -> its output shape (a tuple of shapes for several)
    output: Any  # the graph output's shape (or a tuple of them), None when unknown
    failure: Failure | None = None


Note = Callable[[str, Span, str], None]


class GraphEvaluator:
    """Evaluates traced graphs; ``states`` (by id of a layer Call) persist across calls, so
    shared layers and repeated fits see the weights built first."""

    def __init__(self, names: dict[int, str], note: Note, spec_for: Callable[[str], Any],
                 keras2: bool = False,
                 built_model: Callable[[ModelIR], BuiltModel | None] | None = None):
        self.names = names
        self.note = note
        self.spec_for = spec_for
        self.keras2 = keras2
        self.built_model = built_model  # Keras 3 subclasses: a functional model's own replay
        self.backend = "torch"  # Keras 3's backend: ops_eager follows the torch functions only
        # A custom layer's call() built symbolically (custom_layer.py): every backend traces it
        # on stand-ins, which the ops follow whatever the backend (unknown free axes off torch).
        self.symbolic = False
        self.states: dict[int, LayerState] = {}

    def state(self, call: Call) -> LayerState:
        known = self.states.get(id(call))
        if known is not None:
            return known
        if isinstance(call, ModelIR):  # a Sequential used as a layer
            self.states[id(call)] = LayerState(call, None, None)  # type: ignore[arg-type]
            return self.states[id(call)]
        spec = None if "subclass" in call.facts else self.spec_for(call.kind)
        args = None
        if spec is not None:
            try:
                args = bind(spec, call, self.name(call))
            except (Unmodelled, LayerError):  # reported where the layer is created
                args = None
        state = LayerState(call, spec, args)
        self.states[id(call)] = state
        return state

    def built_layer_state(self, call: Call, dims: dict[Any, int], x: Shape) -> LayerState:
        """A layer a custom layer's build() made with axes of its input as arguments
        (``layers.Dense(input_shape[-1])``): bound with those axes of ``x``."""
        args, kwargs = list(call.args), dict(call.kwargs)
        for key, index in dims.items():
            size = x[index] if -len(x) <= index < len(x) else None
            if isinstance(key, int) and key < len(args):
                args[key] = size if isinstance(size, int) else UNKNOWN
            elif isinstance(key, str):
                kwargs[key] = size if isinstance(size, int) else UNKNOWN
        spec = self.spec_for(call.kind)
        try:
            bound = bind(spec, replace(call, args=tuple(args), kwargs=kwargs),
                         self.name(call)) if spec is not None else None
        except (Unmodelled, LayerError):
            bound = None
        return LayerState(call, spec, bound)

    def name(self, call: Call) -> str:
        explicit = call.kwargs.get("name")
        return explicit if isinstance(explicit, str) else self.names.get(id(call), call.kind.lower())

    def evaluate(self, trace: SubclassTrace, shape: Shape | None) -> Evaluation:
        graph = trace.graph
        assert graph is not None
        shapes: dict[int, Any] = {}
        deferred: Failure | None = None  # raised on data, not on meta tensors (PassesOnMeta)
        for node in graph.nodes:
            if node.kind == "input":
                shapes[id(node)] = shape
                continue
            if node.kind == "op" and node.target == "weight":  # made by build(input_shape)
                shapes[id(node)] = weight_shape(node, shape)
                continue
            inputs = _gather(node.inputs, shapes)
            try:
                shapes[id(node)] = self.node_output(node, inputs, shapes)
            except _Raised as raised:
                failure = raised.failure
                if deferred is not None:  # the meta run fails later: the first error it is
                    deferred.fails_later = True
                    return Evaluation(shapes, None, deferred)
                failure.classes.insert(0, trace)
                failure.inputs.insert(0, shape)
                error = failure.error
                if isinstance(error, PassesOnMeta) and failure.node is node:
                    deferred = failure  # the meta run goes on with the shape it gives
                    shapes[id(node)] = error.meta_output
                    continue
                return Evaluation(shapes, None, failure)
        if deferred is not None:
            return Evaluation(shapes, None, deferred)
        return Evaluation(shapes, _gather(graph.outputs, shapes))

    def node_output(self, node: Node, inputs: Any, shapes: dict[int, Any]) -> Shape | None:
        if node.kind == "layer":
            if has_tensor_ref((node.inputs[1:], node.kwargs)):
                return None  # more tensors (a second input, mask=, initial_state=): not modelled
            tensors = inputs[0] if inputs else None
            return self.layer_output(node, tensors)
        if node.kind == "op":
            return self.op_output(node, inputs, shapes)
        if node.kind == "model" and isinstance(node.target, ModelIR):
            layers = sequential_layers(node.target)
            more = has_tensor_ref((node.inputs[1:], node.kwargs))
            if layers is not None and not more:
                return self.sequential_output(node, node.target, layers,
                                              inputs[0] if inputs else None)
            built = self.built_model(node.target) if self.built_model is not None and \
                not more else None
            if built is not None:
                return self.functional_output(node, built, inputs[0] if inputs else None)
            self.note("LL903", node.span, "a model called inside call() is not followed by "
                      "layerlint (only a plain Sequential or a functional model with one "
                      "input is); shapes after it are unknown")
            return None
        what = "a model called on tensors" if node.kind == "model" else node.target
        self.note("LL901", node.span, f"{what} is not modelled by layerlint; shapes after it "
                  "are unknown")
        return None

    def layer_output(self, node: Node, x: Any) -> Shape | None:
        call = node.target
        if not isinstance(call, Call):
            return None
        state = self.state(call)
        several = bool(node.inputs) and isinstance(node.inputs[0], (list, tuple))
        if several != (state.spec is not None and state.spec.inputs == "list"):
            if state.spec is not None or several:
                return None  # a list to a one-tensor layer (or the reverse): not modelled
        if several:
            if not all(_is_shape(s) for s in x):
                return None
        elif not _is_shape(x):
            if isinstance(x, (Several, dict)):
                self.note("LL903", node.span, f"a list or dict of tensors passed to {call.kind}"
                          " is not followed by layerlint; shapes after it are unknown")
            return None
        trace = call.facts.get("subclass")
        if isinstance(trace, SubclassTrace):
            return self.nested_output(node, state, trace, x)
        if state.spec is None or state.args is None:
            return None
        try:
            out = state.spec.call(state.args, x)
        except Unmodelled as unknown:
            self.note("LL902", node.span, f"{unknown.what} could not be evaluated; shapes after "
                      "it are unknown")
            return None
        except LayerError as problem:
            raise _Raised(Failure(node, problem, received=x)) from None
        if state.built and state.params is not None and out.params is not None \
                and out.params != state.params:
            raise _Raised(Failure(node, _weights_error(self.name(call), state, x)))
        if not state.built:
            state.built = True
            state.params, state.non_trainable = out.params, out.non_trainable
            state.input_shape, state.output_shape = x, out.shape
        if out.outputs is not None and len(out.outputs) > 1:
            return Several(tuple(out.outputs))  # return_state: unpacked by TensorRef.index
        return out.shape

    def nested_output(self, node: Node, state: LayerState, trace: SubclassTrace,
                      x: Shape) -> Shape | None:
        if self.keras2 and trace.made_in_build:  # named in a scope of their own when traced
            self.note("LL903", trace.made_in_build[0].span, f"{trace.class_name}.build() "
                      "creates layers: not followed by layerlint in tf.keras 2; its weights and "
                      "the shapes after it are unknown")
            return None
        if trace.graph is None or (trace.has_build and not trace.build_traced):
            if trace.build_unfollowed is not None:
                span, reason = trace.build_unfollowed
                self.note("LL903", span, f"{trace.class_name}.build() is not followed "
                          f"({reason}); its weights and the shapes after it are unknown")
            elif trace.unfollowed is not None:
                span, reason = trace.unfollowed
                self.note("LL903", span, f"{trace.class_name}.call() is not followed ({reason});"
                          " shapes after it are unknown")
            elif trace.has_build:
                self.note("LL903", trace.call_span or node.span, f"{trace.class_name}.build() "
                          "is not followed; its weights and the shapes after it are unknown")
            return None
        for call in trace.made_in_build:  # its build() made them on this input
            dims = call.facts.get("build_dims")
            if dims and id(call) not in self.states:
                self.states[id(call)] = self.built_layer_state(call, dims, x)
        evaluation = self.evaluate(trace, x)
        if evaluation.failure is not None:
            if evaluation.failure.owner is None:
                evaluation.failure.owner = state.call
            raise _Raised(evaluation.failure)
        output = evaluation.output
        if not state.built:
            params = [self.state(c).params for _, c in trace.layers]
            frozen = [self.state(c).non_trainable for _, c in trace.layers]
            for weight in (n for n in trace.graph.nodes if n.kind == "op" and
                           n.target == "weight"):
                size = _size(evaluation.shapes.get(id(weight)))
                params.append(size)
                trainable = weight.kwargs.get("trainable")
                frozen.append(None if size is None or trainable is None else
                              0 if trainable else size)
            state.built = True
            state.params = sum(params) if all(isinstance(p, int) for p in params) else None  # type: ignore[arg-type]
            state.non_trainable = sum(frozen) if all(isinstance(p, int) for p in frozen) \
                else None  # type: ignore[arg-type]
            state.input_shape = x
            state.output_shape = output if _is_shape(output) else None
        return output if _is_shape(output) else None

    def sequential_output(self, node: Node, model: ModelIR, layers: list[Call],
                          x: Any) -> Shape | None:
        """A Sequential called inside ``call``: its layers in turn, each raising at this line
        (Keras wraps the error in the subclass's call only); its weights, once all are built,
        are its parameters."""
        if layers and layers[0].kind in ("Input", "InputLayer"):
            return None  # its own declared input: Keras checks the tensor against it
        shape = x
        for call in layers:
            try:
                shape = self.layer_output(Node("layer", call, (), node.span), shape)
            except _Raised as raised:
                raised.failure.sequential = (model, x)
                raise
            if shape is None:
                return None
        state = self.state(model)  # type: ignore[arg-type]
        if not state.built:
            params = [self.state(c).params for c in layers]
            frozen = [self.state(c).non_trainable for c in layers]
            state.built = True
            state.params = sum(params) if all(isinstance(p, int) for p in params) else None  # type: ignore[arg-type]
            state.non_trainable = sum(frozen) if all(isinstance(p, int) for p in frozen) \
                else None  # type: ignore[arg-type]
            state.input_shape, state.output_shape = x, shape
        return shape

    def functional_output(self, node: Node, built: BuiltModel, x: Any) -> Any:
        """A functional model called on a tensor (Keras 3, measured): its InputSpec check
        (a last axis of size 1 dropped on both sides, then every size both know compared),
        the rank adjusted by one such axis, then its layers run on the tensor. Its weights
        were made with it: its summary row is the same in every state."""
        state = self.state(node.target)  # type: ignore[arg-type]
        if not state.built:
            state.built, state.params = True, built.params
            state.non_trainable, state.output_shape = built.non_trainable, built.output
            state.input_shape = built.input_shape
        if not _is_shape(x):
            self.note("LL903", node.span, f"the model {built.name} called on several tensors "
                      "inside call() is not followed by layerlint; shapes after it are unknown")
            return None
        expected = built.input_shape
        found = input_spec_mismatch(expected, x)
        if found is not None:
            raise _Raised(Failure(node, LayerError(
                "LL101" if len(expected) != len(x) else "LL102",
                f"the model {built.name} expects input of shape {format_shape(expected)} but "
                f"receives {format_shape(x)}",
                f"ValueError: Input 0 with name '{built.input_name}' of layer '{built.name}' is "
                f"incompatible with the layer: expected shape={format_shape(expected)}, found "
                f"shape={format_shape(found)}"), received=x))
        if len(x) == len(expected) + 1 and x[-1] == 1:
            x = x[:-1]
        elif len(x) + 1 == len(expected) and expected[-1] == 1:
            x = (*x, 1)
        out = built.run(x) if len(x) == len(expected) else None
        if out is None:
            self.note("LL903", node.span, f"the model {built.name} called on "
                      f"{format_shape(x)} inside call() is not followed by layerlint; shapes "
                      "after it are unknown")
        return out

    def op_output(self, node: Node, inputs: Any, shapes: dict[int, Any]) -> Shape | None:
        """An op on the tensors of ``call()``: the ``keras.ops`` function (``x + y`` too) as the
        torch backend runs it on tensors (layers/keras/ops_eager.py). tf.keras 2 has no
        ``keras.ops``: there only the elementwise operators are followed."""
        operands = list(inputs)
        if node.target == "branch":
            known = [s for s in operands if _is_shape(s)]
            if len(known) == len(operands) and all(s == known[0] for s in known):
                return known[0]
            return None
        if str(node.target).startswith("tensorflow.") or (
                self.keras2 and node.operator in ("getitem", "matmul")):
            return self.tf_op_output(node, operands, shapes)
        if node.operator == "getitem":  # Keras 3: torch's indexing, not in the catalogue
            self.note("LL901", node.span, "a tensor subscript is not modelled by layerlint; "
                      "shapes after it are unknown")
            return None
        spec = lookup_op(str(node.target))
        if spec is None or (self.keras2 and spec.name not in KERAS2_OPS):
            self.note("LL903", node.span, f"{node.target}(...) is not followed by layerlint; "
                      "shapes after it are unknown")
            return None

        if not self.keras2 and self.backend != "torch" and not self.symbolic:
            self.note("LL903", node.span, f"{node.target}(...) runs the {self.backend} "
                      "backend's functions on tensors, which layerlint follows on torch only; "
                      "shapes after it are unknown")
            return None
        arguments = _arguments(node, shapes, None)
        if arguments is None:
            return None
        # Free axes of a symbolic call(): the torch backend runs keras.ops on 83 and 89 (an op
        # may fail there); TensorFlow traces them unknown, which never fails a check; another
        # backend: only what both agree on, unknown too. ``backend``: set by the replay.
        fill = not self.keras2 and self.backend == "torch"
        out = self._entry(node, operands, lambda: run_eager(spec, *arguments, fill=fill))
        return None if out is None else Several(out.shapes) if out.several else out.shape

    def _entry(self, node: Node, operands: list[Any], run: Callable[[], Any],
               tf_op: bool = False) -> Any:
        """An entry's output; its error raised as the Failure of ``call()``, a value it needs
        unknown noted."""
        try:
            return run()
        except Unmodelled as unknown:
            self.note("LL902", node.span, f"{unknown.what} could not be evaluated; shapes after "
                      "it are unknown")
            return None
        except LayerError as problem:
            received = tuple(s for s in operands if _is_shape(s))
            raise _Raised(Failure(node, problem, received=received, tf_op=tf_op)) from None


    def tf_op_output(self, node: Node, operands: list[Any],
                     shapes: dict[int, Any]) -> Shape | Several | None:
        """A TensorFlow function (or, tf.keras 2, a subscript) on the tensors of ``call()``.
        tf.keras 2 runs it on TensorFlow tensors: its entry in the tf_ops catalogue (shape
        inference and TensorFlow's text, layers/keras/tf_ops.py). Keras 3 runs it on the
        backend's own tensors, which depends on the backend (the torch backend cannot hand a
        tensor that needs gradients to TensorFlow; TensorFlow's runs it): a note."""
        what = "a tensor subscript" if node.operator == "getitem" else "a @ b" if \
            node.operator == "matmul" else str(node.target).replace("tensorflow.", "tf.", 1) + "(...)"
        # float32 as the layers make it (and tf.keras 2 casts float data to): a dtype error is
        # then never claimed, only shapes
        arguments = _arguments(node, shapes, "float32")
        if arguments is None:
            return None  # noted where it became unknown
        args, kwargs = arguments
        if not self.keras2:
            self.note("LL903", node.span, f"{what} in call() is not followed by layerlint: a "
                      "TensorFlow function on the backend's tensors (the torch backend refuses "
                      "tensors that need gradients, TensorFlow's runs it); shapes after it are "
                      "unknown")
            return None
        spec = lookup_tf_op(f"operator.{node.operator}" if node.operator in (
            "getitem", "matmul") else str(node.target))
        if spec is None:
            self.note("LL903", node.span, f"{what} is not followed by layerlint in tf.keras 2; "
                      "shapes after it are unknown")
            return None
        axis = kwargs.get("axis", args[1] if len(args) > 1 else None)
        rank = len(args[0].shape) if args and isinstance(args[0], KerasTensorArg) else 0
        if "reduce_" in spec.name and isinstance(axis, (list, tuple)) and rank and len(
                {a % rank for a in axis if type(a) is int}) < len(axis):  # eager kernel only
            self.note("LL902", node.span, f"{what} over a repeated axis: run eagerly TensorFlow "
                      "rejects it, traced it does not; shapes after it are unknown")
            return None
        if spec.name == "reshape" and any(None in t.shape for t in args[:1]
                                          if isinstance(t, KerasTensorArg)):
            self.note("LL902", node.span, "tf.reshape of a tensor whose batch axis is free when "
                      "call() is traced: TensorFlow checks its sizes only when the step runs; "
                      "shapes after it are unknown")
            return None
        out = self._entry(node, operands, lambda: spec.call(bind_op(spec, args, kwargs, "tf.")),
                          tf_op=True)
        if out is None:
            return None
        if _runtime_checked(spec, args, kwargs):
            self.note("LL902", node.span, f"{what} on a tensor whose batch axis is free when "
                      "call() is traced: TensorFlow checks it only when the step runs; shapes "
                      "after it are unknown")
            return None
        return Several(out.shapes) if out.several else out.shape


def _arguments(node: Node, shapes: dict[int, Any],
               dtype: str | None) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
    """An op node's arguments as its entry takes them; None when a tensor's shape is unknown."""
    def tensor(ref: TensorRef) -> KerasTensorArg:
        shape = _gather(ref, shapes)
        if not _is_shape(shape):
            raise _UnknownOperand
        return KerasTensorArg(shape, dtype)

    try:
        return op_arguments(node.inputs, node.kwargs, tensor)
    except _UnknownOperand:
        return None


def _runtime_checked(spec: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a TensorFlow function's outcome on a traced free axis depends on the size the
    step feeds (``(None, 6) @ (None, 6)`` passes shape inference and fails when it runs): it
    raises for some size put in that axis but not for its free form."""
    def sized(value: Any, size: int) -> Any:
        if isinstance(value, KerasTensorArg) and None in value.shape:
            return KerasTensorArg(tuple(size if d is None else d for d in value.shape),
                                  value.dtype)
        if isinstance(value, (list, tuple)):
            return type(value)(sized(v, size) for v in value)
        return value

    for size in (1, 2, 3):
        try:
            spec.call(bind_op(spec, tuple(sized(a, size) for a in args),
                              {k: sized(v, size) for k, v in kwargs.items()}, "tf."))
        except LayerError:
            return True
        except Unmodelled:
            continue
    return False


# tf.keras 2 (no keras.ops): the Python operators on tensors, which broadcast as the backend's.
KERAS2_OPS = ("add", "subtract", "multiply", "divide", "true_divide", "negative")


class _UnknownOperand(Exception):
    pass


class _Raised(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.error.message)
        self.failure = failure


def sequential_layers(model: ModelIR) -> list[Call] | None:
    """The layers of a Sequential made by ``Sequential([...])`` (and ``add``) alone; None for
    anything else (a functional model, pop, compile, ...: not followed inside call)."""
    layers: list[Call] = []
    for event in model.events:
        if isinstance(event, Construct):
            layers += list(event.layers)
        elif isinstance(event, Add):
            layers.append(event.layer)
        else:
            return None
    return layers if layers and all(isinstance(c, Call) for c in layers) else None


def weight_shape(node: Node, x: Shape | None) -> Shape | None:
    """A weight's shape: ``input_shape[i]`` read from the input ``x`` build received."""
    dims = node.kwargs.get("shape")
    if not isinstance(dims, tuple):
        return None
    shape = []
    for dim in dims:
        if isinstance(dim, str) and dim.startswith("input:"):
            index = int(dim.split(":", 1)[1])
            if x is None or not -len(x) <= index < len(x) or not isinstance(x[index], int):
                return None
            dim = x[index]
        if not isinstance(dim, int):
            return None
        shape.append(dim)
    return tuple(shape)


def _size(shape: Any) -> int | None:
    if not _is_shape(shape) or not all(isinstance(d, int) for d in shape):
        return None
    total = 1
    for d in shape:
        total *= d
    return total


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple) and all(d is None or isinstance(d, (int, str)) for d in value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _gather(value: Any, shapes: dict[int, Any]) -> Any:
    """The shapes of the tensors in a node's arguments, structure kept; plain values kept."""
    if isinstance(value, TensorRef):
        made = shapes.get(id(value.node))
        if value.index is None:
            return made
        if isinstance(made, Several) and isinstance(value.index, int) and \
                -len(made.shapes) <= value.index < len(made.shapes):
            return made.shapes[value.index]  # out, h, c = lstm(x); a, b = inputs
        if isinstance(made, dict) and isinstance(value.index, str):
            return made.get(value.index)  # inputs["x"]
        return None  # x[0] of one tensor slices its batch axis: not followed
    if isinstance(value, (list, tuple)):
        return tuple(_gather(v, shapes) for v in value)
    return value


def _weights_error(name: str, state: LayerState, x: Shape) -> LayerError:
    built = state.input_shape
    if state.call.kind == "Dense" and built:
        return LayerError(
            "LL102",
            f"{state.call.kind} ({name}) was built for input {format_shape(built)} by its first "
            f"call and cannot take {format_shape(x)}",
            f"ValueError: Input 0 with name 'None' of layer '{name}' is incompatible with the "
            f"layer: expected axis -1 of input shape to have value {built[-1]}, but received "
            f"input with shape {format_shape(x)}")
    return LayerError(
        "LL102",
        f"{state.call.kind} ({name}) was built for input {format_shape(built)} by its first call "
        f"and cannot take {format_shape(x)}",
        f"the weights of {name} were created for input {format_shape(built)} and do not fit "
        "(the framework raises while running the layer)")

