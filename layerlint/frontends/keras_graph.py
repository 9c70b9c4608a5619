"""Keras tensor graphs: ``keras.Input``, layers and models called on symbolic tensors, tensor
functions (``keras.ops``, ``x + y``), and ``keras.Model(inputs, outputs)``.

A mixin of the interpreter. Every call on a symbolic tensor becomes an ``ir.Node`` (in
``tensor_nodes``, in the order the code makes them) and returns an ``ir.TensorRef``; the
interpreter carries TensorRefs like any other value. ``keras.Model(inputs, outputs)`` makes a
model whose construct event is ``ir.Functional`` with the nodes its outputs depend on.

A node made in another region of code than the tensors it takes (a branch, a loop run an
unknown number of times) is ``"unknown"``: the call may run zero or several times.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ..ir import UNKNOWN, Call, Functional, Graph, ModelIR, Node, Opaque, TensorRef
from ..layers.keras._tf_op import DTYPE_NAMES
from .keras_shapes import symbolic_shape
from .literals import holds
from .values import Context, Data, ModelState, to_ir

if TYPE_CHECKING:
    from .calls import CallSite

# Lower-case functional forms of the merge layers (keras/src/layers/merging/*.py) and their
# class. Each is ``f(inputs, <the class's own first parameters>, **kwargs)`` (measured with
# inspect on Keras 3.15: ``concatenate(inputs, axis=-1)``, ``dot(inputs, axes=-1)``).
MERGE_FUNCTIONS = {
    "add": "Add", "subtract": "Subtract", "multiply": "Multiply", "average": "Average",
    "maximum": "Maximum", "minimum": "Minimum", "concatenate": "Concatenate", "dot": "Dot",
}  # fmt: skip
# Python operators on KerasTensors: the keras.ops function each one calls, and its name in
# Python's ``operator`` module (tf.keras 2 makes a layer of its own for some: tf_ops.py).
OPERATORS = {
    ast.Add: ("keras.ops.add", "add"),
    ast.Sub: ("keras.ops.subtract", "sub"),
    ast.Mult: ("keras.ops.multiply", "mul"),
    ast.Div: ("keras.ops.true_divide", "truediv"),  # KerasTensor.__truediv__
    ast.MatMult: ("keras.ops.matmul", "matmul"),
}
MAX_DEPTH = 10  # nesting of lists/dicts searched for tensors
SPANNED = (Data, ModelState)  # the values whose IR form keeps the span of their argument
MODEL_SIGNATURE = ("inputs", "outputs", "name")


def tensors_in(value: Any, depth: int = 0) -> list[TensorRef]:
    """The symbolic tensors inside a value (nested tuples, lists, dicts)."""
    found: list[TensorRef] = []
    _collect_tensors(value, depth, found)
    return found


def _collect_tensors(value: Any, depth: int, found: list[TensorRef]) -> None:
    # One list for the whole walk, and no call per plain item: this runs for every call the
    # interpreter evaluates.
    if isinstance(value, TensorRef):
        found.append(value)
        return
    if depth > MAX_DEPTH:
        return
    if isinstance(value, (tuple, list)):
        items: Any = value
    elif isinstance(value, dict):
        items = value.values()
    else:
        return
    for item in items:
        if isinstance(item, TensorRef):
            found.append(item)
        elif isinstance(item, (tuple, list, dict)):
            _collect_tensors(item, depth + 1, found)


def has_tensors(value: Any, depth: int = 0) -> bool:
    """Whether ``tensors_in(value)`` is not empty (stops at the first tensor)."""
    if isinstance(value, TensorRef):
        return True
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, (tuple, list)):
        items: Any = value
        if not holds(value, (TensorRef, tuple, list, dict)):  # a long list of numbers: one pass
            return False
    elif isinstance(value, dict):
        items = value.values()
    else:
        return False
    for item in items:
        if isinstance(item, TensorRef) or isinstance(item, (tuple, list, dict)) and \
                has_tensors(item, depth + 1):
            return True
    return False


def call_tensors(inputs: Any, kwargs: dict[str, Any]) -> list[TensorRef]:
    """``tensors_in((inputs, kwargs))``: the tensors a call takes; ``layer(x)`` directly."""
    if not kwargs and len(inputs) == 1 and isinstance(inputs[0], TensorRef):
        return [inputs[0]]
    return tensors_in((inputs, kwargs))


def takes_tensors(args: Any, kwargs: dict[str, Any]) -> bool:
    """``has_tensors((args, kwargs))``, without a call per plain argument."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, TensorRef) or isinstance(value, (tuple, list, dict)) and \
                has_tensors(value, 2):
            return True
    return False


def only_tensors(value: Any, depth: int = 0) -> bool:
    """Whether a value is a tensor or a (nested) list/tuple/dict made only of tensors."""
    if isinstance(value, TensorRef):
        return True
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, (tuple, list)):
        return bool(value) and all(only_tensors(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return bool(value) and all(isinstance(k, str) and only_tensors(v, depth + 1)
                                   for k, v in value.items())
    return False


def graph_nodes(outputs: Any, inputs: Any, order: dict[int, int],
                calls: dict[int, list[Node]] | None = None) -> list[Node]:
    """Every node the outputs depend on, stopping at the model's inputs, in creation order;
    with ``calls`` (nodes by id of their layer object), also the earlier calls of a layer they
    use and what those depend on: a shared layer's weights come from its first call."""
    stop = {id(ref.node) for ref in tensors_in(inputs)}
    seen: dict[int, Node] = {}
    stack = [ref.node for ref in tensors_in(outputs)]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        if calls and node.kind == "layer":
            made = calls.get(id(node.target), ())
            if len(made) > 1 or made and made[0] is not node:  # not only this call
                stack.extend(n for n in made if order.get(id(n), 0) < order.get(id(node), 0))
        if id(node) in stop:
            continue
        for ref in call_tensors(node.inputs, node.kwargs):
            stack.append(ref.node)
    for ref in tensors_in(inputs):  # an input no output depends on is still the model's input
        seen.setdefault(id(ref.node), ref.node)
    return sorted(seen.values(), key=lambda n: order.get(id(n), -1))


class TensorGraphs:
    """Mixin: needs ``span``, ``contexts``, ``models``, ``make_call``, ``next_order``."""

    contexts: list[Context]
    models: list[ModelState]

    def init_graphs(self) -> None:
        self.tensor_nodes: list[Node] = []
        self._node_order: dict[int, int] = {}
        self._node_context: dict[int, Context] = {}
        self._calls_of: dict[int, list[Node]] = {}  # id(layer Call) -> its nodes
        self._shapes: dict[int, Any] = {}  # id(Node) -> the shapes it returns (x.shape)

    def new_node(self, kind: str, target: Any, call: CallSite | None, node: ast.AST,
                 inputs: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None,
                 operator: str | None = None) -> TensorRef:
        """Record one call on tensors; it is "unknown" when made in another region of code than
        a tensor it takes (it may run zero or several times)."""
        kwargs = kwargs or {}
        if getattr(self, "tracing", None) is not None:  # a subclass's call() (subclass.py)
            return self.traced_node(Node(kind, target, inputs, self.span(node), kwargs,  # type: ignore[attr-defined,arg-type]
                                         operator=operator if kind == "op" else None))
        here = self.contexts[-1]
        if kind != "unknown" and (inputs or kwargs):  # (keras.Input takes no tensor)
            for taken in call_tensors(inputs, kwargs):
                if self._node_context.get(id(taken.node), here) is not here:
                    kind, target = "unknown", f"a call {here.reason}"
                    break
        made = Node(kind, target, inputs, self.span(node), kwargs,  # type: ignore[arg-type]
                    operator=operator if kind == "op" else None)
        if kind in ("model", "op"):  # names an op / a Sequential's build (analysis.py)
            made.order = self.next_order()  # type: ignore[attr-defined]
        self._node_order[id(made)] = len(self.tensor_nodes)
        self._node_context[id(made)] = here
        self.tensor_nodes.append(made)
        if kind == "layer":
            self._calls_of.setdefault(id(target), []).append(made)
        if kind in ("layer", "model"):  # called on symbolic tensors: built here
            self.built_now(target)  # type: ignore[attr-defined] - subclass.py
        return TensorRef(made)

    # --- the calls ------------------------------------------------------------------------------

    def tensor_shape(self, ref: TensorRef) -> Any:
        """``x.shape`` / ``keras.ops.shape(x)``: known dims, None for the batch (keras_shapes)."""
        if getattr(self, "tracing", None) is not None:
            return UNKNOWN  # a subclass's call() is traced on an input of no known shape
        hints = getattr(self, "hints", ())
        return symbolic_shape(ref, self._shapes, "tensorflow.keras" in hints or "tf_keras" in hints)

    def keras_input(self, made: Any, call: CallSite) -> Any:
        """``keras.Input(...)``: a symbolic tensor made by an InputLayer (the Call)."""
        if not isinstance(made, Call):
            return made
        return self.new_node("input", made, call, call.node)

    def layer_on_tensors(self, layer: Call, call: CallSite) -> TensorRef:
        """``layer(x, ...)``: one node; the same Call when the layer object is shared."""
        inputs, kwargs = self._arguments(call)
        return self.new_node("layer", layer, call, call.node, inputs, kwargs)

    def merge_function(self, name: str, qualname: str, call: CallSite) -> Any:
        """``layers.concatenate([a, b], axis=1)``: makes the layer and calls it at once."""
        kind = MERGE_FUNCTIONS[name]
        if not call.complete or not call.args and "inputs" not in call.kwargs:
            return UNKNOWN
        tensors = call.args[0] if call.args else call.kwargs["inputs"]
        # The other arguments (``axis``, ``axes``: positional after ``inputs``) are the class's.
        layer = self.make_call(kind, qualname.rsplit(".", 1)[0] + "." + kind,  # type: ignore[attr-defined]
                               _without_inputs(call))
        if not isinstance(layer, Call):
            return UNKNOWN
        return self.new_node("layer", layer, call, call.node, (to_ir(tensors),))

    def model_on_tensors(self, model: ModelState, call: CallSite) -> TensorRef:
        inputs, kwargs = self._arguments(call)
        return self.new_node("model", model.ir, call, call.node, inputs, kwargs)

    def op_on_tensors(self, qualname: str, call: CallSite) -> TensorRef:
        inputs, kwargs = self._arguments(call)
        return self.new_node("op", qualname, call, call.node, inputs, kwargs)

    def tf_op_on_tensors(self, qualname: str, call: CallSite) -> TensorRef:
        """``tf.concat([a, b], 1)``: an op node (tf.keras 2 follows it: tf_ops.py); dtypes such
        as ``tf.float16`` are passed by name."""
        inputs, kwargs = self._arguments(call)
        inputs = tuple(DTYPE_NAMES.get(getattr(v, "qualname", None), i)
                       for v, i in zip(call.args, inputs))
        kwargs = {k: DTYPE_NAMES.get(getattr(call.kwargs[k], "qualname", None), v)
                  for k, v in kwargs.items()}
        return self.new_node("op", qualname, call, call.node, inputs, kwargs)

    def subscript_on_tensor(self, base: TensorRef, key: Any, node: ast.AST) -> TensorRef:
        """``x[:, 0]``: an op node when every item of the key is known (ints, slices of ints,
        None, ``...``), else a call not followed."""
        items = key if isinstance(key, tuple) else (key,)
        plain = []
        for item in items:
            if getattr(item, "qualname", None) == "tensorflow.newaxis":
                item = None
            if not (item is None or item is Ellipsis or type(item) is int or isinstance(
                    item, slice) and all(p is None or type(p) is int
                                         for p in (item.start, item.stop, item.step))):
                return self.unknown_on_tensors("a tensor subscript", (base,), node)
            plain.append(item)
        key = tuple(plain) if isinstance(key, tuple) else plain[0]
        return self.new_node("op", "keras.ops.get_item", None, node, (base, key),
                             operator="getitem")

    def unknown_on_tensors(self, what: str, values: Any, node: ast.AST) -> TensorRef:
        return self.new_node("unknown", what, None, node, (to_ir(values),))

    def operator_on_tensors(self, op: ast.operator, left: Any, right: Any,
                            node: ast.AST) -> TensorRef:
        target = OPERATORS.get(type(op))
        if target is None:
            return self.unknown_on_tensors(f"the operator {type(op).__name__}", (left, right), node)
        return self.new_node("op", target[0], None, node, (to_ir(left), to_ir(right)),
                             operator=target[1])

    def _arguments(self, call: CallSite) -> tuple[tuple[Any, ...], dict[str, Any]]:
        # to_ir keeps a span only for data and models: tensors (the usual argument) need none.
        inputs = tuple([to_ir(v, self.span(n) if n is not None and isinstance(v, SPANNED) else None)
                        for v, n in zip(call.args, call.arg_nodes)])
        kwargs = {k: to_ir(v) for k, v in call.kwargs.items()}
        return inputs, kwargs

    # --- keras.Model(inputs, outputs) -----------------------------------------------------------

    def functional_model(self, call: CallSite) -> Any:
        """``keras.Model(inputs, outputs, name=...)``: a model whose construct event is the graph
        of its outputs; anything not followed makes it Opaque (a note, never a guess)."""
        span = self.span(call.node)
        state = ModelState(ModelIR("", "keras", "keras3", span), self.contexts[-1])
        state.ir.order = self.next_order()  # type: ignore[attr-defined] - the host's counter
        self.models.append(state)
        bound: dict[str, Any] = dict(zip(MODEL_SIGNATURE, call.args))
        bound.update(call.kwargs)
        inputs, outputs = bound.pop("inputs", UNKNOWN), bound.pop("outputs", UNKNOWN)
        kwargs = {key: to_ir(value) for key, value in bound.items()}
        graph = Graph(to_ir(inputs), to_ir(outputs))
        if call.complete and only_tensors(inputs) and only_tensors(outputs):
            graph.nodes = graph_nodes(outputs, inputs, self._node_order, self._calls_of)
            state.ir.events.append(Functional(graph, span, kwargs))
            return state
        state.ir.events.append(Functional(graph, span, kwargs))
        what = "inputs" if not only_tensors(inputs) else "outputs"
        state.ir.events.append(Opaque(span, f"the model's {what} could not be followed"))
        return state

    def free_nodes(self) -> list[Node]:
        """Nodes no functional model uses: layers applied to tensors outside any model."""
        used = {id(n) for state in self.models for event in state.ir.events
                if isinstance(event, Functional) for n in event.graph.nodes}
        return [n for n in self.tensor_nodes if id(n) not in used]

    def tensors_model(self) -> ModelIR | None:
        """The free nodes, with the nodes they take tensors from, as a model of their own
        (``kind="tensors"``): checked, never listed."""
        if all(n.kind == "input" for n in self.tensor_nodes):  # (most files: none, or Inputs)
            return None
        free = [n for n in self.free_nodes() if n.kind != "input"]
        if not free:
            return None
        outputs = [TensorRef(n) for n in free]
        nodes = graph_nodes(outputs, None, self._node_order, self._calls_of)
        model = ModelIR("<tensors>", "keras", "keras3", nodes[0].span, order=0, kind="tensors")
        model.events.append(Functional(Graph(None, None, nodes), nodes[0].span))
        return model


def _without_inputs(call: CallSite) -> CallSite:
    """The call of a merge function as the layer class's constructor sees it: no ``inputs``."""
    kwargs = {k: v for k, v in call.kwargs.items() if k != "inputs"}
    kw_nodes = {k: v for k, v in call.kw_nodes.items() if k != "inputs"}
    args, nodes = (call.args[1:], call.arg_nodes[1:]) if call.args else ([], [])
    return type(call)(call.node, list(args), kwargs, list(nodes), kw_nodes, call.complete)
