"""What happens to a Keras ``Sequential`` model: construction, add, pop, build, compile, data.

A mixin of the interpreter: it turns calls on a followed model into ``ir`` events. An event in a
region of code other than the one the model was created in (a loop body, a branch) becomes
``Opaque``: it may happen zero or several times.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ..ir import (
    UNKNOWN,
    Add,
    Build,
    Call,
    Compile,
    Construct,
    DataCall,
    Functional,
    ModelIR,
    Opaque,
    Pop,
    PythonList,
    TRACED_BATCH,
    Subclassed,
    TensorRef,
)
from .library.tf_data import Dataset, fit_arrays, traced_batch
from .library import Batches
from .python_lists import python_list, ragged_list
from .values import (
    PLAIN_TYPES,
    Data,
    Instance,
    ModelState,
    Ref,
    model_placeholder,
    to_array,
    to_ir,
)

if TYPE_CHECKING:
    from .interpreter import _CallSite

# Positional parameters of the Keras 3 methods (keras/src/trainers/trainer.py).
DATA_SIGNATURES = {
    "fit": (
        "x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
        "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
        "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq",
    ),
    "evaluate": (
        "x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks", "return_dict",
    ),
    "predict": ("x", "batch_size", "verbose", "steps", "callbacks"),
    "train_on_batch": ("x", "y", "sample_weight", "class_weight", "return_dict"),
    "test_on_batch": ("x", "y", "sample_weight", "return_dict"),
    "predict_on_batch": ("x",),
    "__call__": ("inputs", "training", "mask"),
}  # fmt: skip
# tf.keras 2 only (Keras 3 removed it), followed when it gets a loader's batches; its first
# parameter, ``generator``, is bound as ``x``.
FIT_GENERATOR_SIGNATURE = (
    "x", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
    "validation_steps", "validation_freq", "class_weight", "max_queue_size", "workers",
    "use_multiprocessing", "shuffle", "initial_epoch",
)  # fmt: skip
COMPILE_SIGNATURE = (
    "optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly",
    "steps_per_execution", "jit_compile", "auto_scale_loss",
)  # fmt: skip
# Keras 2 methods removed in Keras 3: the data they take is not followed.
_GENERATOR_METHODS = {"fit_generator", "evaluate_generator", "predict_generator"}


class ModelEvents:
    """Mixin: needs ``span()``, ``contexts``, ``models`` and ``record_opaque()`` of the host."""

    contexts: list[Any]
    models: list[ModelState]

    def span(self, node: ast.AST) -> Any:  # provided by the interpreter
        raise NotImplementedError

    def record_opaque(self, model: ModelState, span: Any, reason: str) -> None:
        raise NotImplementedError

    # --- construction ---------------------------------------------------------------------------

    def new_model(self, call: _CallSite) -> ModelState:
        span = self.span(call.node)
        state = ModelState(ModelIR("", "keras", "keras3", span), self.contexts[-1])
        state.ir.order = self.next_order()  # type: ignore[attr-defined] - the host's counter
        self.models.append(state)
        bound = _bind(("layers", "trainable", "name"), call)
        layers_value = bound.pop("layers", (None, None))
        value, node = layers_value
        kwargs = {key: to_ir(v) for key, (v, _) in bound.items()} if bound else {}
        list_span = self.span(node) if isinstance(node, (ast.List, ast.Tuple)) else None
        construct = Construct([], span, kwargs, list_span)
        state.ir.events.append(construct)
        if value is None and call.complete:
            return state
        if isinstance(value, (list, tuple)) and call.complete:
            elements = node.elts if isinstance(node, (ast.List, ast.Tuple)) else []
            plain = ast.Starred not in set(map(type, elements))  # no `*rest` among them
            for i, item in enumerate(value):
                if item.__class__ is Call:  # layer_item's first case, inline: most layers
                    construct.layers.append(item)
                    continue
                element = elements[i] if plain and i < len(elements) else None
                construct.layers.append(self.layer_item(item, element))
            first = construct.layers[0] if construct.layers else None
            if isinstance(first, Call) and (first.kind in ("Input", "InputLayer") or {
                    "input_shape", "input_dim", "batch_input_shape"} & set(first.kwargs)):
                self.built_now(state)  # type: ignore[attr-defined] - it builds when made
            return state
        where = self.span(node) if node is not None else span
        state.ir.events.append(Opaque(where, "the list of layers could not be evaluated"))
        return state

    def layer_item(self, value: Any, node: ast.AST | None) -> Any:
        if isinstance(value, Call):
            return value
        if isinstance(value, ModelState):
            return model_placeholder(value, self.span(node) if node is not None else None)
        if isinstance(value, Instance) and value.layer is not None:
            return value.layer
        if isinstance(value, TensorRef) and value.node.kind == "input":  # Sequential([Input(..)])
            return value.node.target
        return UNKNOWN

    # --- methods --------------------------------------------------------------------------------

    def record(self, model: ModelState, event: Any, label: str, name: str) -> None:
        """Append an event, or an Opaque one when it happens in another region of code
        (``label.name()`` says what did it, made only then)."""
        here = self.contexts[-1]
        if model.context is not here:
            event = Opaque(event.span, f"{_what(label, name)} {here.reason}")
        elif isinstance(event, DataCall) or isinstance(event, Build) and not any(
                isinstance(e, Subclassed) for e in model.ir.events):
            self.built_now(model)  # type: ignore[attr-defined] - subclass.py
        model.ir.events.append(event)

    def model_method(self, model: ModelState, name: str, call: _CallSite) -> Any:
        span = self.span(call.node)
        label = model.ir.name or "model"
        if name == "fit_generator" and call.complete and call.args[:1] and \
                isinstance(call.args[0], Batches):  # fit on a loader, as tf.keras 2 does
            several = any(isinstance(e, (Functional, Subclassed)) for e in model.ir.events)
            event = self.data_event(name, call, span, several)
            event.method, event.kwargs["generator_method"] = "fit", name
            self.record(model, event, label, name)
            return UNKNOWN
        if name in _GENERATOR_METHODS:
            self.record_opaque(model, span, f"{_what(label, name)} is not modelled")
            return UNKNOWN
        if name not in DATA_SIGNATURES and name not in ("add", "pop", "build", "compile"):
            return UNKNOWN  # summary(), save(), count_params(): they do not change the model
        if not call.complete:
            self.record(model, Opaque(
                span, f"the arguments of {_what(label, name)} could not be evaluated"),
                label, name)
            return UNKNOWN
        if name == "add":
            value, node = _bind(("layer", "rebuild"), call).get("layer", (UNKNOWN, None))
            self.record(model, Add(self.layer_item(value, node), span), label, name)
            return None
        if name == "pop":
            self.record(model, Pop(span), label, name)
            return UNKNOWN
        if name == "build":
            value, _ = _bind(("input_shape",), call).get("input_shape", (None, None))
            self.record(model, Build(to_ir(value), span), label, name)
            return None
        if name == "compile":
            self.record(model, self.compile_event(call, span), label, name)
            return None
        several = not _SEVERAL_INPUTS.isdisjoint(map(type, model.ir.events))
        self.record(model, self.data_event(name, call, span, several), label, name)
        return UNKNOWN

    def compile_event(self, call: _CallSite, span: Any) -> Compile:
        bound = _bind(COMPILE_SIGNATURE, call)
        loss, loss_node = bound.pop("loss", (None, None))
        kwargs = {key: value if value.__class__ in PLAIN_TYPES else to_ir(value)  # (as to_ir
                  for key, (value, _) in bound.items()}  # keeps a plain value)
        loss_span = self.span(loss_node) if loss_node is not None else None
        return Compile(_loss(loss), span, kwargs, loss_span)

    def data_event(self, method: str, call: _CallSite, span: Any,
                   several: bool = False) -> DataCall:
        """``several``: a functional model, which takes lists or dicts of arrays (one per input or
        output) as well as single arrays."""
        bound = _bind(DATA_SIGNATURES.get(method, FIT_GENERATOR_SIGNATURE), call)
        x_key = "inputs" if method == "__call__" else "x"
        x, x_node = bound.pop(x_key, (None, None))
        y, y_node = bound.pop("y", (None, None))
        validation, validation_node = bound.pop("validation_data", (None, None))
        kwargs = {key: value if value.__class__ in PLAIN_TYPES else to_ir(value)  # (as to_ir
                  for key, (value, _) in bound.items()}  # keeps a plain value)
        value = self.structured_data if several else self.data_value
        if isinstance(x, Dataset):
            x, y, y_node = self.dataset_batches(x, y, kwargs, "batch_size", several)
        if isinstance(validation, Dataset):
            vx, vy, _ = self.dataset_batches(validation, None, kwargs, "validation_batch_size",
                                             several)
            validation = UNKNOWN if vx is UNKNOWN else (vx,) if vy is None else (vx, vy)
            validation_node = None
        if isinstance(x, Batches):  # a loader: inputs and targets come in its batches
            x, y = _batches(x, y, "validation_split" in bound)
            if x is UNKNOWN:
                x_node = y_node = None
        if isinstance(validation, Batches):
            validation = _batches(validation, None, False)
        return DataCall(
            method,  # type: ignore[arg-type]
            value(x, x_node),
            value(y, y_node),
            span,
            self.validation_value(validation, validation_node, value),
            kwargs,
        )

    def dataset_batches(self, dataset: Dataset, y: Any, kwargs: dict[str, Any], size_key: str,
                        several: bool) -> tuple[Any, Any, Any]:
        """``fit(dataset)``: the arrays and batch size that feed the model as the dataset's
        batches do (library/tf_data.py); Keras ignores ``batch_size`` there. ``y`` or
        ``validation_split`` beside a dataset make Keras raise: not followed (UNKNOWN)."""
        fed = fit_arrays(dataset) if y is None and "validation_split" not in kwargs else None
        if fed is None or not several and not (
                isinstance(fed[0], Data) and (fed[1] in (None, UNKNOWN) or
                                              isinstance(fed[1], Data))):
            return UNKNOWN, None if y is None else UNKNOWN, None
        x, targets, size = fed
        if size_key == "batch_size" and "validation_batch_size" not in kwargs:
            # validation arrays are batched by fit's own argument (Keras' default 32)
            kwargs["validation_batch_size"] = kwargs.get("batch_size", 32)
        if size is None:
            kwargs.pop(size_key, None)
        else:
            kwargs[size_key] = size
        if size_key == "batch_size":
            kwargs[TRACED_BATCH] = traced_batch(dataset)
        return x, targets, None

    def structured_data(self, value: Any, node: ast.AST | None) -> Any:
        """A list/tuple or dict of arrays (per input or output of a functional model), each
        element as ``data_value`` makes it; any other value as ``data_value`` makes it."""
        if isinstance(value, (list, tuple)) and value and len(value) <= 64 and all(
                isinstance(v, Data) for v in value):
            elements = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [None] * len(value)
            return type(value)(self.data_value(v, n) for v, n in zip(value, elements))
        if isinstance(value, dict) and value and all(
                isinstance(k, str) and isinstance(v, Data) for k, v in value.items()):
            return {k: self.data_value(v, None) for k, v in value.items()}
        return self.data_value(value, node)

    def data_value(self, value: Any, node: ast.AST | None) -> Any:
        if value is None:
            return None
        span = self.span(node) if node is not None else None
        if isinstance(value, Data):
            return to_array(value, span)
        listed = python_list(value, span)  # numbers in lists: LL205 / LL303, or an array
        if listed is not None and ragged_list(value):  # ragged token ids (LL303): no shape
            listed.ragged, listed.max_value, listed.min_value = True, None, None
        return listed if listed is not None else UNKNOWN

    def validation_value(self, value: Any, node: ast.AST | None, element: Any = None) -> Any:
        """``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``, each as ``element`` makes it."""
        if value is None:
            return None
        if not isinstance(value, (tuple, list)) or len(value) not in (1, 2, 3):
            return UNKNOWN
        element = element or self.data_value
        elements = node.elts if isinstance(node, (ast.Tuple, ast.List)) else [node] * len(value)
        pair = tuple(element(v, n) for v, n in zip(value, elements))
        if elements and elements[0] is node:  # one expression for the pair: no list has a span
            for item in pair:  # of its own, so no fix may wrap it
                if isinstance(item, PythonList):
                    item.span = None
        return pair


# The events of a model taking lists or dicts of arrays (no subclass of either exists).
_SEVERAL_INPUTS = frozenset({Functional, Subclassed})


def _what(label: str, name: str) -> str:
    """A model's method call as messages show it: ``model.fit()``, ``model(...)``."""
    return f"{label}({'...'})" if name == "__call__" else f"{label}.{name}()"


def _bind(signature: tuple[str, ...], call: _CallSite) -> dict[str, tuple[Any, ast.AST | None]]:
    """Arguments by parameter name, each with the node of its value (positional or keyword)."""
    bound: dict[str, tuple[Any, ast.AST | None]] = {}
    for name, value, node in zip(signature, call.args, call.arg_nodes):
        bound[name] = (value, node)
    for key, value in call.kwargs.items():
        keyword = call.kw_nodes.get(key)
        bound[key] = (value, keyword.value if keyword is not None else None)
    return bound


def _batches(batches: Batches, y: Any, split: bool) -> tuple[Any, Any]:
    """The arrays of one batch for fit(loader): UNKNOWN where Keras does not take the loader
    so (targets given beside it, ``validation_split``)."""
    if y is not None or split:
        return UNKNOWN, UNKNOWN
    return batches.arrays()


def _loss(value: Any) -> Any:
    """A loss as Keras takes it: a name, a loss object (Call), or a loss function reference."""
    if value is None or isinstance(value, (str, Call)):
        return value
    if isinstance(value, (list, tuple)) and len(value) <= 64:  # one loss per output
        return [_loss(v) for v in value]
    if isinstance(value, dict) and len(value) <= 64 and all(isinstance(k, str) for k in value):
        return {k: _loss(v) for k, v in value.items()}
    if isinstance(value, Ref) and value.qualname.startswith("keras.losses."):
        name = value.qualname.rsplit(".", 1)[-1]
        if name[:1].islower():  # keras.losses.mse is the function "mse"; a class needs a call
            return name
    return UNKNOWN
