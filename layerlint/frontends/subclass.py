"""Keras subclasses (``keras.Model`` / ``keras.layers.Layer``): instances and their ``call``.

A mixin of the interpreter. Instantiating a local class that derives from a Keras Model or Layer
(directly or through other local classes) follows ``__init__`` with ``self`` bound to an
:class:`~.values.Instance`, whose attributes record the layers assigned. Then ``call`` is traced
on a placeholder tensor with the tensor-graph mechanism of keras_graph.py (each layer applied to
a tensor is an ``ir.Node``, ``x + y`` a ``keras.ops.add`` op), its nodes going to the trace's own
graph; the paths of ``if training:`` both run, joined by a ``branch`` node. What
cannot be followed in ``call`` (a loop over run-time values, a condition on data, recursion)
stops the trace: the model is then not followed, and the replay says where and why (LL903).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..ir import (UNKNOWN, Add, Call, Construct, Graph, ModelIR, Node, Subclassed,
                  SubclassTrace, TensorRef)
from .keras_graph import only_tensors
from .scopes import MISSING, walk_local
from .values import (
    TRAINING,
    BoundMethod,
    Instance,
    LocalClass,
    LocalFunction,
    ModelState,
    Ref,
    Sym,
    to_ir,
)

if TYPE_CHECKING:
    from .calls import CallSite

MODEL_BASES = ("keras.Model", "keras.models.Model")
LAYER_BASES = ("keras.layers.Layer", "keras.Layer")
_MAX_BASE_DEPTH = 10
# The contexts the interpreter pushes for the paths of an undecided condition (`if training:`).
_CONDITIONAL = ("under a condition", "in a conditional expression")


# The name of build()'s ``input_shape`` while it is followed: ``input_shape[-1]`` evaluates to
# ``Sym(f"{BUILD_SHAPE}[-1]")`` (an axis of the input, known at replay).
BUILD_SHAPE = "<build input_shape>"


def _weight_dim(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Sym) and value.name.startswith(BUILD_SHAPE + "["):
        index = value.name[len(BUILD_SHAPE) + 1:-1]
        if index.lstrip("-").isdigit():
            return f"input:{index}"
    return None


class TraceStopped(Exception):
    """The traced ``call`` does something layerlint cannot follow."""

    def __init__(self, span: Any, reason: str) -> None:
        super().__init__(reason)
        self.span = span
        self.reason = reason


@dataclass(frozen=True)
class Super:
    """``super()`` inside a followed method: its methods are the bases' ones."""

    instance: Instance
    cls: LocalClass


@dataclass
class Trace:
    """The graph being built while one ``call`` body runs."""

    instance: Instance
    graph: Graph
    training_names: set[str] = field(default_factory=set)
    start: int = 0  # how deep the interpreter's contexts were when the trace began
    # id of each node made on one path of ``if training:`` -> the training value that path
    # runs on (None: not a plain ``training`` / ``not training`` test)
    conditional: dict[int, bool | None] = field(default_factory=dict)
    conditions: list[tuple[ast.If | ast.IfExp, bool | None]] = field(default_factory=list)
    building: bool = False  # build(input_shape) is being followed (add_weight is recorded)

    def add(self, node: Node) -> TensorRef:
        self.graph.nodes.append(node)
        return TensorRef(node)


def keras_role(cls: Any, depth: int = 0) -> str | None:
    """ "model" / "layer" for a local class deriving from a Keras Model / Layer, else None."""
    if not isinstance(cls, LocalClass) or depth > _MAX_BASE_DEPTH:
        return None
    for base in cls.bases:
        if isinstance(base, Ref) and base.qualname in MODEL_BASES:
            return "model"
        if isinstance(base, Ref) and base.qualname in LAYER_BASES:
            return "layer"
        role = keras_role(base, depth + 1)
        if role is not None:
            return role
    return None


def find_method(cls: LocalClass, name: str, depth: int = 0
                ) -> tuple[ast.FunctionDef, LocalClass] | None:
    """The method ``name`` as Python finds it along the local bases (first base first)."""
    if cls.node is None or depth > _MAX_BASE_DEPTH:
        return None
    for statement in cls.node.body:
        if isinstance(statement, ast.FunctionDef) and statement.name == name:
            return statement, cls
    for base in cls.bases:
        if isinstance(base, LocalClass):
            found = find_method(base, name, depth + 1)
            if found is not None:
                return found
    return None


def tracked_layers(attrs: dict[str, Any]) -> list[tuple[str, Any]]:
    """Keras' ``model.layers`` of a subclass: layers (Calls) and Sequential models (ModelIRs)
    assigned to attributes, lists of layers flattened, in assignment order."""
    found: list[tuple[str, Any]] = []
    seen: set[int] = set()

    def visit(name: str, value: Any, depth: int) -> None:
        if depth > 5:
            return
        if isinstance(value, Instance):
            value = value.layer
        if isinstance(value, ModelState):  # a keras.Sequential made in __init__: one layer
            if id(value.ir) not in seen:
                seen.add(id(value.ir))
                found.append((name, value.ir))
        elif isinstance(value, Call) and _is_layer(value):
            if id(value) not in seen:
                seen.add(id(value))
                found.append((name, value))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                visit(f"{name}[{i}]", item, depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(f"{name}[{key!r}]", item, depth + 1)

    for name, value in attrs.items():
        visit(name, value, 0)
    return found


def _plain(call: Call) -> bool:
    """A built-in layer (its own arguments only): not a custom layer or a layer wrapping one,
    whose own objects would be named at build time too."""
    return "subclass" not in call.facts and not any(
        isinstance(v, Call) for v in (*call.args, *call.kwargs.values()))


def _is_layer(call: Call) -> bool:
    return call.qualname.startswith("keras.layers.") or "subclass" in call.facts


class Subclasses:
    """Mixin: needs the interpreter's ``ev``, ``exec_block``, ``call_function``, ``make_call``,
    scopes and contexts."""

    tracing: Trace | None
    instances: list[Instance]
    builds_waiting = False  # whether a followed build() made layers (named when built_now)

    def instantiate(self, cls: LocalClass, call: CallSite) -> Any:
        """A Keras subclass object, its ``__init__`` followed; None for any other class."""
        role = keras_role(cls)
        if role is None:
            return None
        made = self.make_call(cls.name, f"<local>.{cls.name}", call)  # type: ignore[attr-defined]
        if not isinstance(made, Call):
            return UNKNOWN
        span = self.span(call.node)  # type: ignore[attr-defined]
        instance = Instance(cls, role, self.contexts[-1], layer=made)  # type: ignore[attr-defined]
        if role == "model":
            from ..ir import ModelIR

            state = ModelState(ModelIR("", "keras", "keras3", span), self.contexts[-1])  # type: ignore[attr-defined]
            state.ir.order = made.order
            instance.model = state
            self.models.append(state)  # type: ignore[attr-defined]
        self.instances.append(instance)
        made_before = len(self.models)  # type: ignore[attr-defined]
        init = find_method(cls, "__init__")
        super_kwargs: dict[str, Any] = {}
        instance.attrs["__super_kwargs__"] = super_kwargs
        if init is not None:
            self.call_method(instance, init, call.args, call.kwargs, call.node)
        else:  # keras' own __init__ takes name=, trainable=, dtype=
            super_kwargs.update(call.kwargs)
        instance.attrs.pop("__super_kwargs__", None)
        trace = self.trace_instance(instance)
        for part in self.models[made_before:]:  # type: ignore[attr-defined]
            part.ir.kind = "part"  # made inside the subclass: a row of its summary, not a model
        made.facts["subclass"] = trace
        if "name" in super_kwargs:
            made.kwargs["name"] = to_ir(super_kwargs["name"])
        if instance.model is not None:
            kwargs = {key: to_ir(value) for key, value in super_kwargs.items()}
            instance.model.ir.events.append(Subclassed(cls.name, span, trace, kwargs))
        return instance

    def call_method(self, instance: Instance, found: tuple[ast.FunctionDef, LocalClass],
                    args: list[Any], kwargs: dict[str, Any], node: ast.AST) -> Any:
        method, owner = found
        outer = self.scope  # type: ignore[has-type]
        self.scope = owner.scope if owner.scope is not None else outer
        try:
            defaults = self._defaults(method)  # type: ignore[attr-defined]
        finally:
            self.scope = outer
        function = LocalFunction(method, owner.scope, defaults)
        self.method_owners.append((instance, owner))
        try:
            return self.call_function(function, [instance, *args], kwargs, node)  # type: ignore[attr-defined]
        finally:
            self.method_owners.pop()

    # --- attributes -------------------------------------------------------------------------------

    def instance_attribute(self, instance: Instance, attr: str) -> Any:
        if attr in instance.attrs:
            return instance.attrs[attr]
        method = find_method(instance.cls, attr)
        if method is not None:
            return BoundMethod(instance, method)
        if instance.role == "plain":  # a class-level constant (plain_objects.py)
            return self.class_attribute(instance.cls, attr)  # type: ignore[attr-defined]
        return UNKNOWN

    def set_instance_attribute(self, instance: Instance, attr: str, value: Any,
                               statement: ast.AST) -> None:
        elsewhere = self.contexts[-1] is not instance.context  # type: ignore[attr-defined]
        if elsewhere and (isinstance(value, (Call, Instance, list)) or instance.role == "plain"):
            value = UNKNOWN  # set under a condition or in a loop: maybe, maybe not
        if instance.model is not None and instance.layer is not None and \
                "subclass" in instance.layer.facts:  # changed after creation: not followed
            self.record_opaque(instance.model, self.span(statement),  # type: ignore[attr-defined]
                               f"an attribute ({attr}) of the model is assigned")
        instance.attrs[attr] = value

    def instance_method(self, receiver: Any, name: str, call: CallSite) -> Any:
        """``obj.method(...)`` on an Instance or ``super()``; MISSING when not ours."""
        if isinstance(receiver, Super):
            if name == "__init__":
                for base in receiver.cls.bases:
                    if isinstance(base, LocalClass) and keras_role(base) is not None:
                        found = find_method(base, "__init__")
                        if found is not None:
                            return self.call_method(receiver.instance, found, call.args,
                                                    call.kwargs, call.node)
                        break
                super_kwargs = receiver.instance.attrs.get("__super_kwargs__")
                if isinstance(super_kwargs, dict):
                    super_kwargs.update(call.kwargs)
                return None
            if name == "build":
                return None
            return self.super_method(receiver, name, call)
        if not isinstance(receiver, Instance):
            return MISSING
        if name == "add_weight" and name not in receiver.attrs and \
                find_method(receiver.cls, name) is None:
            return self.add_weight(receiver, call)
        if name in receiver.attrs:  # self.dense(x): the attribute's object is called
            return self.function_call(receiver.attrs[name], call)  # type: ignore[attr-defined]
        found = find_method(receiver.cls, name)
        if found is not None:
            return self.call_method(receiver, found, call.args, call.kwargs, call.node)
        if receiver.model is not None:
            return self.model_method(receiver.model, name, call)  # type: ignore[attr-defined]
        return UNKNOWN

    def super_method(self, receiver: Super, name: str, call: CallSite) -> Any:
        for base in receiver.cls.bases:
            if isinstance(base, LocalClass):
                found = find_method(base, name)
                if found is not None:
                    return self.call_method(receiver.instance, found, call.args, call.kwargs,
                                            call.node)
        if self.tracing is not None and name == "call":
            raise TraceStopped(self.span(call.node), "super().call() is not followed")  # type: ignore[attr-defined]
        return UNKNOWN

    def make_super(self) -> Any:
        if not self.method_owners:
            return UNKNOWN
        instance, owner = self.method_owners[-1]
        return Super(instance, owner)

    # --- tracing call -----------------------------------------------------------------------------

    def trace_instance(self, instance: Instance) -> SubclassTrace:
        cls = instance.cls
        layers = tracked_layers(instance.attrs)
        has_build = find_method(cls, "build") is not None
        shape_method = find_method(cls, "compute_output_shape") is not None
        found = find_method(cls, "call")
        trace = SubclassTrace(cls.name, layers, None, has_build=has_build,
                              has_output_shape=shape_method)
        if found is None:
            trace.unfollowed = (self.span(cls.node), f"{cls.name} defines no call()")  # type: ignore[attr-defined]
            return trace
        method, owner = found
        trace.call_span = self.span(method)  # type: ignore[attr-defined]
        spec = method.args
        positional = [a.arg for a in spec.posonlyargs + spec.args][1:]
        trace.parameters = tuple(positional + [a.arg for a in spec.kwonlyargs])
        with_defaults = list(zip((spec.posonlyargs + spec.args)[-len(spec.defaults):],
                                 spec.defaults)) if spec.defaults else []
        with_defaults += [(a, d) for a, d in zip(spec.kwonlyargs, spec.kw_defaults)
                          if d is not None]
        trace.defaults = {arg.arg: ast.unparse(default) for arg, default in with_defaults}
        if not positional:
            trace.unfollowed = (trace.call_span, "call() takes no input")
            return trace
        graph = Graph(None, None, [])
        state = Trace(instance, graph, {"training"}, len(self.contexts))  # type: ignore[attr-defined]
        trace.conditional = state.conditional
        placeholder = state.add(Node("input", positional[0], (), trace.call_span))
        graph.inputs = placeholder
        build = find_method(cls, "build") if instance.role == "layer" else None
        if build is not None:
            self.trace_build(instance, build, state, trace)
            trace.layers = tracked_layers(instance.attrs)
            if trace.build_unfollowed is not None:
                trace.unfollowed = trace.build_unfollowed
                return trace
        kwargs: dict[str, Any] = {}
        for name in positional[1:] + [a.arg for a in method.args.kwonlyargs]:
            if name == "training":
                kwargs[name] = TRAINING
            elif name == "mask":
                kwargs[name] = None
        saved = (self.tracing, list(self.contexts), self.scope, list(self.call_stack),  # type: ignore[attr-defined]
                 list(self.method_owners))
        self.tracing = state
        try:
            result = self.call_method(instance, found, [placeholder], kwargs, method)
            if result is MISSING or not only_tensors(result):
                raise TraceStopped(trace.call_span, "what call() returns could not be followed")
            graph.outputs = to_ir(result)
            trace.graph = graph
        except TraceStopped as stop:
            trace.unfollowed = (stop.span, stop.reason)
        finally:
            self.tracing, contexts, self.scope, call_stack, owners = saved
            self.contexts[:] = contexts  # type: ignore[attr-defined]
            self.call_stack[:] = call_stack  # type: ignore[attr-defined]
            self.method_owners[:] = owners
        return trace

    def trace_build(self, instance: Instance, found: tuple[ast.FunctionDef, LocalClass],
                    state: Trace, trace: SubclassTrace) -> None:
        """A Layer's ``build(input_shape)``, run before ``call`` (as Keras does at the first
        call) on a symbolic ``input_shape``: ``input_shape[i]`` is that axis of the input, and
        each ``self.add_weight(shape=...)`` a weight node of the trace. A layer created in
        ``build`` is named by Keras when build runs: its creation order waits for what builds
        the layer (``built_now``); one kept in a structure layerlint does not track leaves the
        build out, its objects forgotten."""
        created = self.created  # type: ignore[attr-defined]
        before = dict(instance.attrs)
        before_layers = {id(c) for _, c in tracked_layers(before)}
        saved = (self.tracing, list(self.contexts), self.scope, list(self.call_stack),  # type: ignore[attr-defined]
                 list(self.method_owners))
        self.tracing = state
        state.building = True
        try:
            self.call_method(instance, found, [Sym(BUILD_SHAPE)], {}, found[0])
            trace.build_traced = True
        except TraceStopped as stop:
            trace.build_unfollowed = (stop.span, stop.reason)
        finally:
            state.building = False
            self.tracing, contexts, self.scope, call_stack, owners = saved
            self.contexts[:] = contexts  # type: ignore[attr-defined]
            self.call_stack[:] = call_stack  # type: ignore[attr-defined]
            self.method_owners[:] = owners
        if self.created == created:  # type: ignore[attr-defined]
            return
        made = [c for _, c in tracked_layers(instance.attrs) if id(c) not in before_layers]
        if made and all(isinstance(c, Call) and c.order is not None and c.order > created
                        and _plain(c) for c in made):
            made.sort(key=lambda c: c.order)
            for call in made:  # named when build runs (built_now)
                call.facts["made_in_build"] = True
                call.order = None
            trace.made_in_build = made
            self.builds_waiting = True
            self.created = created  # type: ignore[attr-defined]
            return
        span = made[0].span if made and isinstance(made[0], Call) else self.span(found[0])  # type: ignore[attr-defined]
        trace.build_traced = False
        trace.build_unfollowed = (span, "build() creates objects layerlint does not track "
                                  "(only layers assigned to attributes are)")
        self.created = created  # type: ignore[attr-defined]
        instance.attrs = before
        state.graph.nodes[:] = state.graph.nodes[:1]

    def note_build_arguments(self, made: Call, call: CallSite) -> None:
        """A layer made inside a followed ``build``: which of its arguments are axes of
        ``input_shape`` (``layers.Dense(input_shape[-1])``), known when the replay runs it."""
        if self.tracing is None or not self.tracing.building:
            return
        found: dict[Any, int] = {}
        for key, value in [*enumerate(call.args), *call.kwargs.items()]:
            dim = _weight_dim(value)
            if isinstance(dim, str):
                found[key] = int(dim.split(":", 1)[1])
        if found:
            made.facts["build_dims"] = found

    def built_now(self, value: Any, depth: int = 0) -> None:
        """What Keras builds at this point (a model's first data call, a Sequential that builds,
        a layer called on symbolic tensors): the layers the ``build`` of its custom layers
        creates are made now, so they take their creation order (and so their names) here."""
        if depth > 10 or not self.builds_waiting:  # no build made a layer yet: nothing waits
            return
        if isinstance(value, ModelState):
            value = value.ir
        if isinstance(value, ModelIR):
            for event in value.events:
                if isinstance(event, Subclassed):
                    for _, layer in event.trace.layers:
                        self.built_now(layer, depth + 1)
                elif isinstance(event, Construct):
                    for layer in event.layers:
                        self.built_now(layer, depth + 1)
                elif isinstance(event, Add):
                    self.built_now(event.layer, depth + 1)
            return
        trace = value.facts.get("subclass") if isinstance(value, Call) else None
        if not isinstance(trace, SubclassTrace):
            return
        for call in trace.made_in_build:
            if call.order is None:
                call.order = self.next_order()  # type: ignore[attr-defined]
        for _, layer in trace.layers:
            self.built_now(layer, depth + 1)

    def add_weight(self, instance: Instance, call: CallSite) -> Any:
        """``self.add_weight(shape=..., trainable=...)`` inside a followed build: a weight
        node (its dims: ints, ``input_shape[i]``, or unknown)."""
        state = self.tracing
        if state is None or state.instance is not instance or not state.building:
            return UNKNOWN
        shape = call.kwargs.get("shape", MISSING)
        dims: tuple[Any, ...] | None = None
        if isinstance(shape, (tuple, list)):
            dims = tuple(_weight_dim(d) for d in shape)
        elif isinstance(shape, int) and not isinstance(shape, bool):
            dims = (shape,)
        trainable = call.kwargs.get("trainable", True)
        return state.add(Node("op", "weight", (), self.span(call.node),  # type: ignore[attr-defined]
                              {"shape": dims, "trainable": trainable if isinstance(
                                  trainable, bool) else None}))

    def traced_node(self, node: Node) -> TensorRef:
        """A node made while ``call`` is traced goes to the trace's graph (not the file's free
        tensors); both paths of ``if training:`` are followed, so no node is unknown for being
        made under that condition."""
        assert self.tracing is not None
        if any(c.reason in _CONDITIONAL for c in self.contexts[self.tracing.start:]):  # type: ignore[attr-defined]
            self.tracing.conditional[id(node)] = self.path_training(node.span)
        return self.tracing.add(node)

    def path_training(self, span: Any) -> bool | None:
        """The training value on which the path holding ``span`` runs: the one condition on
        ``training`` around it, written in this ``call`` (else None: not decided here)."""
        assert self.tracing is not None
        found = []
        for condition, polarity in self.tracing.conditions:
            body = condition.body if isinstance(condition.body, list) else [condition.body]
            orelse = condition.orelse if isinstance(condition.orelse, list) else \
                [condition.orelse]
            for path, runs_on in ((body, polarity), (orelse, None if polarity is None
                                                      else not polarity)):
                if path and _within(span, path[0], path[-1]):
                    found.append(runs_on)
        return found[0] if len(found) == 1 else None

    def traced_condition(self, node: ast.If | ast.IfExp) -> bool:
        """Whether an undecided condition is on ``training`` (both paths are then followed);
        any other undecided condition stops the trace."""
        assert self.tracing is not None
        names = {n.id for n in walk_local([node.test]) if isinstance(n, ast.Name)}
        if names & self.tracing.training_names:
            self.tracing.conditions.append((node, _polarity(node.test,
                                                            self.tracing.training_names)))
            return True
        raise TraceStopped(self.span(node.test), "a data-dependent branch: a condition "  # type: ignore[attr-defined]
                         "layerlint cannot evaluate")

    def join_paths(self, paths: list[dict[str, Any]], merged: dict[str, Any], node: ast.AST
                   ) -> dict[str, Any]:
        """Where the paths of ``if training:`` join, a variable holding a different tensor on
        each path is a ``branch`` node: its shape is the paths' common shape, or unknown."""
        if self.tracing is None or len(paths) < 2:
            return merged
        for key in merged:
            values = [p.get(key, MISSING) for p in paths]
            if all(isinstance(v, TensorRef) for v in values) and len(set(values)) > 1:
                merged[key] = self.tracing.add(Node(
                    "op", "branch", tuple(values), self.span(node)))  # type: ignore[attr-defined]
        return merged

    def join_returns(self, returns: list[Any], node: ast.AST) -> Any:
        if self.tracing is None or not all(isinstance(r, TensorRef) for r in returns):
            return MISSING
        refs = tuple(dict.fromkeys(returns))
        if len(refs) == 1:
            return returns[0]
        return self.tracing.add(Node("op", "branch", refs, self.span(node)))  # type: ignore[attr-defined]



def _polarity(test: ast.expr, names: set[str]) -> bool | None:
    """``training`` -> True, ``not training`` -> False; any other test -> None."""
    if isinstance(test, ast.Name) and test.id in names:
        return True
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _polarity(test.operand, names)
        return None if inner is None else not inner
    return None


def _within(span: Any, first: ast.AST, last: ast.AST) -> bool:
    start = (first.lineno, first.col_offset + 1)  # type: ignore[attr-defined]
    end = (last.end_lineno, (last.end_col_offset or 0) + 1)  # type: ignore[attr-defined]
    return start <= (span.line, span.col) and (span.end_line, span.end_col) <= end
