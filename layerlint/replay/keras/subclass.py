"""Replay of a subclassed ``keras.Model`` (ir.Subclassed), as Keras 3 runs one.

* ``model.layers`` are the layers ``__init__`` assigned to attributes, in assignment order; each
  is created (its arguments validated) where its call is written.
* The model is unbuilt until data arrives: ``model.build(shape)`` without a ``build`` method of
  the class only marks it built (Keras warns; no layer is built). The first ``fit`` /
  ``evaluate`` / ``predict`` / ``model(x)`` runs ``call`` on the first batch's shape: that is
  where a layer of ``call`` raises, at its line inside ``call``.
* Keras wraps an error raised inside ``call`` once, naming the innermost subclass:
  "Exception encountered when calling M.call(). <message> Arguments received by M.call(): ...".
  ``fit``/``evaluate``/``train_on_batch`` build the model first (``Trainer._symbolic_build``):
  a ValueError passes through, any other error becomes "RuntimeError: Unable to automatically
  build the model. ...".
* A ``call`` layerlint cannot follow leaves the model unknown, with an LL903 note saying where.
"""

from __future__ import annotations

from typing import Any

from ...diagnostics import Related
from ...ir import (
    ArrayValue,
    Build,
    Call,
    Compile,
    DataCall,
    Functional,
    ModelIR,
    Opaque,
    Subclassed,
    SubclassTrace,
    Unfollowed,
)
from ...layers.keras.backend_text import tensor_text
from ...layers.keras.ops_eager import PassesOnMeta
from ...results import LayerReport, ModelReport
from ...shapes import Shape, format_shape
from . import fit_validation, losses
from .backend_data import backend_of, loss_batches
from .data import (NEEDS_COMPILE, _cardinality, _first_batch, _note_unknown_data,
                   check_validation_targets)
from .model import Replay
from .custom_layer import _AUTO_BUILD, _SYMBOLIC_BUILD
from .loader_checks import watching
from .stack import STAGE_OF, WHOLE_BATCH, Layer, layer_row
from .summary_state import optimizer_built, optimizer_variables, sum_trainable
from .subclass_flow import subclass_flow
from .subclass_graph import (BuiltModel, Evaluation, Failure, GraphEvaluator, Several,
                             sequential_layers)
from .subclass_models import built_functional
from .subclass_summary import annotate_rows, training_runs

# Layers whose shape errors Keras 3 raises inside their own call() when run on data, so the
# wrapper names them (measured: the generated suite).
RAISE_IN_OWN_CALL = ("Reshape",)
class SubclassReplay(Replay):
    trace: SubclassTrace | None = None
    evaluator: GraphEvaluator | None = None
    output_shape: Any = None
    called: bool = False  # call() has run on data (the layers are built)
    not_followed: Unfollowed | None = None
    shapes_unknown: bool = False  # built by data whose shape layerlint does not know
    # Each run of call() so far: (id of the event, its training value), for the summary.
    runs: tuple[tuple[int, bool | None], ...] = ()
    data_calls: int = 0  # data calls replayed so far
    model_output: Shape | None = None  # of call() on the last data, when layerlint knows it
    # Functional models call() uses, by id of their ModelIR (functional_model).
    built_models: dict[int, BuiltModel | None]

    def _event(self, event: Any) -> None:
        if isinstance(event, Subclassed):
            self._subclassed(event)
        elif self.opaque and not isinstance(event, Compile):
            if isinstance(event, (Build, DataCall)):  # built by them, with unknown shapes
                self.built = True
                self.built_at = self.built_at or (
                    "build" if isinstance(event, Build) else STAGE_OF[event.method])
            return
        elif isinstance(event, Build):
            self._subclass_build(event)
        elif isinstance(event, DataCall):
            with watching(self, event) as checked:  # a loader's batches: fixes, class counts
                if checked is not None:
                    self._subclass_data(checked)
        elif isinstance(event, (Compile, Opaque)):
            super()._event(event)

    def _subclassed(self, event: Subclassed) -> None:
        self.trace = trace = event.trace
        keras2 = self.model.dialect == "keras2"
        self.built_models = {}
        self.evaluator = GraphEvaluator(self.names, self.note, self.spec_for, keras2=keras2,
                                        built_model=None if keras2 else self.functional_model)
        self.evaluator.backend = backend_of(self.model)
        for _, call in trace.layers:
            if isinstance(call, ModelIR):  # a Sequential (or functional model) as a layer
                kind = "Functional" if any(isinstance(e, Functional) for e in call.events) \
                    else "Sequential"
                self.layers.append(Layer(call, kind, self.names.get(id(call), "?"), call.span))
                if kind == "Functional" and not keras2:
                    self.functional_model(call)  # built when made: its row in every state
                continue
            if "subclass" in call.facts:
                name = self.evaluator.name(call)
                self.layers.append(Layer(call, call.kind, name, call.span))
                continue
            layer = self._make(call, call.span, "list")
            if layer is not None:
                layer.span = call.span
                self.layers.append(layer)
        if trace.graph is None:
            span, reason = trace.unfollowed or (event.span, "call() could not be followed")
            self.note("LL903", span, f"{trace.class_name}.call() is not followed ({reason}); "
                      f"the model `{self.model.name}` is not checked")
            # counted as not followed, not as checked (its LL903 note says where)
            self.not_followed = Unfollowed(
                "subclassed keras.Model", self.model.name, self.model.span,
                f"its call() could not be followed ({reason}, {self.line(span.line)})")
            self.opaque = True

    def spec_for(self, kind: str) -> Any:
        return self.layer_spec(kind)  # the dialect's catalogue entry

    def functional_model(self, model: ModelIR) -> BuiltModel | None:
        """A functional model used as a layer of this one (Keras 3): its own replay (its
        construction; what it finds is its own), once; None when it is not followed."""
        known = self.built_models
        if id(model) not in known:
            known[id(model)] = built_functional(self, model)
        return known[id(model)]

    def _subclass_build(self, event: Build) -> None:
        """Keras 3: ``Model.build`` without a ``build`` method of the class only marks the model
        built (it warns; no layer is built, call() does not run)."""
        self.built = True
        self.built_at = self.built_at or "build"

    # --- data ---------------------------------------------------------------------------------

    def _subclass_data(self, event: DataCall) -> None:
        validation = fit_validation.validation(event)
        if self._fed(event, event.x) is None:
            _note_unknown_data(self, event)
        self._data_call(fit_validation.training(event), "")
        self.data_calls += 1
        if validation is not None:  # evaluated after the first epoch (fit_validation.py)
            self._data_call(validation, "validation_data")

    def _data_call(self, event: DataCall, what: str) -> None:
        """x (and y under the loss) of one data call, or of fit's validation data (``what``)."""
        stage = STAGE_OF[event.method]
        x, y = event.x, event.y
        with_targets = event.method in NEEDS_COMPILE and isinstance(y, ArrayValue)
        if event.method in ("fit", "evaluate") and with_targets:
            _cardinality(self, event, x, y, stage, what)
        output = self._feed(event, x, stage)
        if what:
            check_validation_targets(self, event, stage)
        if event.method in ("train_on_batch", "test_on_batch") and with_targets:
            _cardinality(self, event, x, y, stage, what)
        if with_targets and self.compiled and output is not None:
            self.model_output = output  # for loader_checks
            self._targets(event, x, y, output, stage, what)

    def _feed(self, event: DataCall, x: Any, stage: str) -> Shape | None:
        assert self.trace is not None and self.evaluator is not None
        fed = self._fed(event, x)
        if fed is None:  # Keras builds the model on it all the same
            self.built, self.shapes_unknown = True, True
            self.built_at = self.built_at or stage
            return None
        self.ran(event, event.method, event.kwargs)
        evaluation = self.evaluator.evaluate(self.trace, fed)
        self.drawn = getattr(self, "drawn", None) or evaluation  # the run that built it
        self.built = True
        self.built_at = self.built_at or stage
        self.called = True
        self._record_layers()
        if evaluation.failure is not None:
            self._call_failure(evaluation.failure, event, stage, x)
        return _output(evaluation)

    def ran(self, event: Any, method: str, kwargs: dict[str, Any]) -> None:
        assert self.trace is not None
        self.runs += tuple((id(event), training) for training in training_runs(
            method, kwargs, self.trace.defaults, self.model.dialect == "keras2"))

    def _fed(self, event: DataCall, x: Any) -> Any:
        """What call() receives: one batch shape, or for a list / dict of arrays (``a, b =
        inputs``, ``inputs["x"]``) their batch shapes in that structure; None if unknown."""
        if isinstance(x, ArrayValue):
            return (self.batch_axis(event, x), *x.shape[1:]) if x.shape else None
        items = list(x.values()) if isinstance(x, dict) else list(x) \
            if isinstance(x, (list, tuple)) else []
        if not items or not all(isinstance(v, ArrayValue) and v.shape for v in items) or \
                len({v.shape[0] for v in items}) != 1:
            return None
        shaped = tuple((self.batch_axis(event, v), *v.shape[1:]) for v in items)
        return dict(zip(x, shaped)) if isinstance(x, dict) else Several(shaped)

    def batch_axis(self, event: DataCall, x: ArrayValue) -> Any:
        """Keras 3 runs call() on the first batch (its size is in the messages)."""
        return _first_batch(event, x, backend=backend_of(self.model))

    def _record_layers(self) -> None:
        assert self.evaluator is not None
        for layer in self.layers:
            if not isinstance(layer.call, (Call, ModelIR)):
                continue
            state = self.evaluator.states.get(id(layer.call))
            if state is None or not state.built:
                continue
            layer.built = True
            layer.input_shape = _unbatched(state.input_shape)
            layer.output_shape = _unbatched(state.output_shape)
            layer.params, layer.non_trainable = state.params, state.non_trainable

    def _call_failure(self, failure: Failure, event: DataCall, stage: str, x: Any) -> None:
        assert self.trace is not None
        node = failure.node
        error = failure.error
        where = self.where(stage, event.method, event.span)
        framework = _wrapped(failure, x, event.method, backend_of(self.model))
        if event.method in _SYMBOLIC_BUILD and not self.called_before(event) and \
                (failure.fails_later or not isinstance(failure.error, PassesOnMeta)):
            if not framework.startswith("ValueError: "):
                inner = framework.split(": ", 1)[-1]
                framework = _AUTO_BUILD.format(inner=inner)
        related = [Related(event.span, f"{self.model.name}.{event.method}(...) runs "
                           f"{self.trace.class_name}.call() on {_shown(failure.inputs[0])}"
                           if event.method != "__call__" else f"{self.model.name}(...) runs "
                           f"{self.trace.class_name}.call()")]
        call = node.target if isinstance(node.target, Call) else None
        if call is not None:
            related.insert(0, Related(call.span, f"{call.kind} is defined here"))
        index = next((i for i, layer in enumerate(self.layers) if layer.call is call), None)
        self.error(error.code, node.span, stage, f"{error.message}; Keras raises {where}",
                   framework, layer=index, related=related)

    def called_before(self, event: DataCall) -> bool:
        """Whether an earlier data call already built the model (no symbolic build then)."""
        return self.data_calls > 0

    def _targets(self, event: DataCall, x: Any, y: ArrayValue, output: Shape, stage: str,
                 what: str = "") -> None:
        """The targets under the compiled loss, by the dialect's loss rules (:meth:`loss_check`).
        Both dialects fix the batch axis only for a whole batch; of the calls with targets,
        that is ``train_on_batch``/``test_on_batch`` in both."""
        if y.shape is None:
            return
        samples = x.shape[0] if isinstance(x, ArrayValue) and x.shape else y.shape[0]
        batches = loss_batches(backend_of(self.model), event.method, losses.batch_sizes(
            samples, event.kwargs.get("batch_size"), event.method in WHOLE_BATCH), samples,
            event.kwargs.get("batch_size"))
        checked = self.loss_check(event, x, (None, *output[1:]), y.shape, batches)
        if checked is None:
            return
        function, finding = checked
        prefix = f"{what}: " if what else ""
        if finding.code == "LL403":
            self.warn("LL403", event.span, prefix + finding.message, stage=stage)
            return
        related = [Related(self.compile_event.span, f"the loss is {function}")] \
            if self.compile_event is not None else []
        self.error(finding.code, event.span, stage, f"{prefix}{finding.message}; Keras raises "
                   f"{self.where(stage, event.method, event.span)}", finding.framework,
                   related=related)

    def loss_check(self, event: DataCall, x: Any, output: Shape, target: Shape,
                   batches: list[Any]) -> tuple[str, Any] | None:
        """The loss function's name and what Keras 3's loss does with these targets (None:
        nothing to say)."""
        loss = losses.resolve(self.loss)
        finding = losses.check(loss, output, target, batches, backend_of(self.model)) \
            if loss is not None else None
        return (loss.function, finding) if loss is not None and finding is not None else None

    # --- reporting ----------------------------------------------------------------------------

    def built_sequentials(self) -> dict[int, Any]:
        """The script's own Sequentials (no Input) that call() built by calling them: their
        reports, each layer as that call built it (the batch of the data it ran on)."""
        if self.evaluator is None or self.trace is None:
            return {}
        built = {}
        for _, model in self.trace.layers:
            state = self.evaluator.states.get(id(model))
            layers = sequential_layers(model) if isinstance(model, ModelIR) else None
            if state is None or not state.built or layers is None:
                continue
            rows = []
            for index, call in enumerate(layers):
                made = self.evaluator.states[id(call)]
                rows.append(LayerReport(index, call.kind, self.evaluator.name(call),
                                        call.span.line, made.input_shape, made.output_shape,
                                        made.params, made.non_trainable))
            built[id(model)] = ModelReport(model.name, "keras", model.dialect, model.span.line,
                                           None, rows, built=True)
        return built

    def report(self) -> ModelReport:
        rows = [layer_row(i, layer) for i, layer in enumerate(self.layers)]
        annotate_rows(self, rows, keras2=self.model.dialect == "keras2")
        optimizer_params, built_optimizer = None, False
        if self.model.dialect != "keras2" and optimizer_built(self.model.events):
            built_optimizer = True
            trainable = sum_trainable(rows)
            optimizer_params = optimizer_variables(self.compile_event, trainable)
        return ModelReport(
            name=self.model.name, framework="keras", dialect=self.model.dialect,
            line=self.model.span.line, input_shape=None, layers=rows,
            display_name=self.display_name, built=self.built,
            built_at=self.built_at if self.built else None,
            class_name=self.trace.class_name if self.trace is not None else None,
            unfollowed=self.not_followed, optimizer_params=optimizer_params,
            optimizer_built=built_optimizer,
            keras_backend=self.model.keras_backend if self.model.dialect != "keras2" else None,
            flow=subclass_flow(self.trace, getattr(self, "drawn", None), self.layers),
        )


def _tensors(value: Any, dtype: str, backend: str) -> str:
    """How Keras 3 lists what call() received: a tensor as the backend prints it; a list or
    dict of them as the repr of their texts (measured)."""
    if isinstance(value, Several):
        return repr([_tensors(v, dtype, backend) for v in value.shapes])
    if isinstance(value, dict):
        return repr({k: _tensors(v, dtype, backend) for k, v in value.items()})
    return tensor_text(tuple(value) if value else ("?",), dtype, backend)


def _shown(value: Any) -> str:
    if isinstance(value, Several):
        return "[" + ", ".join(_shown(v) for v in value.shapes) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_shown(v)}" for k, v in value.items()) + "}"
    return format_shape(_unbatched(value))


def _output(evaluation: Evaluation) -> Shape | None:
    out = evaluation.output
    if isinstance(out, tuple) and all(d is None or isinstance(d, (int, str)) for d in out):
        return out
    return None


def _unbatched(shape: Shape | None) -> Shape | None:
    return None if not shape else (None, *shape[1:])


# On TensorFlow an unbuilt model first meets data in the traced train step, training=True;
# torch builds it symbolically first, training=False (measured, Keras 3.15.1).
_TRAINING_STEP = ("fit", "train_on_batch")


def _wrapped(failure: Failure, x: Any, method: str, backend: str) -> str:
    """The framework's text: Keras wraps an error once, naming the innermost ``call`` it was
    raised in (a layer's own, when the catalogue says Keras wraps it there) and listing the
    arguments that call received: the tensor, then every other parameter (``training`` is
    False under fit/predict, its default under ``model(x)``)."""
    kind, _, inner = failure.error.framework.partition(": ")
    if not inner:
        kind, inner = "ValueError", failure.error.framework
    if inner.startswith("Exception encountered when calling "):
        return f"{kind}: {inner}"  # the layer's own call() wraps it (its arguments not listed)
    layer = failure.node.target
    if isinstance(layer, Call) and layer.kind in RAISE_IN_OWN_CALL:
        return (f"{kind}: Exception encountered when calling {layer.kind}.call().\n\n{inner}"
                f"\n\nArguments received by {layer.kind}.call():\n  • inputs="
                f"{tensor_text(tuple(failure.received or ()), 'float32', backend)}")
    trace = failure.classes[-1]
    dtype = "float32"
    if len(failure.classes) == 1 and isinstance(x, ArrayValue) and x.dtype and \
            not x.dtype.startswith("float"):
        dtype = x.dtype
    name = trace.class_name
    parameter, *others = trace.parameters or ("inputs",)
    received = [f"{parameter}={_tensors(failure.inputs[-1], dtype, backend)}"]
    for other in others:
        value = trace.defaults.get(other, "None")
        if other == "training" and backend == "tensorflow" and method in _TRAINING_STEP:
            value = "True"  # TensorFlow traces the train step itself (measured)
        elif other == "training" and (method != "__call__" or len(failure.classes) > 1):
            value = "False"
        received.append(f"{other}={value}")
    listed = "".join(f"\n  • {item}" for item in received)
    return (f"{kind}: Exception encountered when calling {name}.call().\n\n{inner}\n\n"
            f"Arguments received by {name}.call():{listed}")

