"""Replay of one Keras 3 ``Sequential`` model's events, as keras/src/models/sequential.py runs them.

* Layer objects are created (and their arguments validated) where their call is written.
* ``Sequential([...])`` adds every layer, then builds once if the input is known (an ``Input``
  first, or ``input_shape=``/``input_dim=`` on the first layer); ``model.add`` rebuilds at every
  add once the input is known. Otherwise the model stays unbuilt until ``build``, or until the
  first ``fit``/``predict``/``model(x)``, which builds it from the first batch's shape.
* Keras stops at the first exception: after an error nothing else of this model is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ... import edits
from ...diagnostics import Diagnostic, Fix, Related
from ...ir import (
    UNKNOWN,
    Add,
    ArrayValue,
    Build,
    Call,
    Compile,
    Construct,
    DataCall,
    ModelIR,
    Opaque,
    Pop,
    Span,
)
from ...layers.base import LayerError, LayerSpec, Unmodelled, bind, lookup, signature_parts
from ...layers.keras.core import input_batch_shape, standardize_shape
from ...results import ModelReport
from ...shapes import Shape, format_shape
from . import custom_layer, fix_builders, latent, masks
from .loader_checks import run_watched
from .summary_state import finish_keras3_report
from .stack import (
    layer_row,
    INPUT_KINDS,
    Layer,
    Note,
    Stop,
    WalkFailure,
    _defined,
    _from_producer,
    _has_unknown,
    _inside,
    _overlaps,
    _passes_sequences,
    _returns_sequences,
    _where,
    BuiltWalk,
    plain_line,
    rnn_kind,
    walk,
)


# The layer classes with keyword arguments Keras 3 deprecates (Replay._deprecated_arguments).
_DEPRECATED_IN = frozenset({"Embedding", "LeakyReLU"})


@dataclass
class Replay:
    model: ModelIR
    display_name: str
    names: dict[int, str]  # id(Call) -> Keras name, computed file-wide (naming.py)
    source: str = ""
    line: Callable[[int], str] = plain_line  # "line 12", or "cell 4, line 2" in a notebook
    layers: list[Layer] = field(default_factory=list)
    input_shape: Shape | None = None  # the InputLayer's batch shape, when there is one
    has_input_layer: bool = False
    input_call: Call | None = None  # the Input(...) call, when the input is declared by one
    input_known: bool = True  # False when the InputLayer's shape is unknown to layerlint
    built: bool = False
    built_at: str | None = None  # the stage of the first build
    opaque: bool = False
    loss: Any = None
    compile_event: Compile | None = None
    compiled: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)
    _warned: set[int] = field(default_factory=set)
    deferred: WalkFailure | None = None  # a failure Keras raises only when data arrives
    _names: tuple[list[Layer], int, set[str]] | None = field(default=None, repr=False)
    # the last build's walk, when data of another batch size may reuse it (stack.rescaled_walk)
    built_walk: BuiltWalk | None = field(default=None, repr=False)

    # --- events -----------------------------------------------------------------------------

    def run(self) -> None:
        try:
            for event in self.model.events:
                self._event(event)
        except Stop:
            pass
        latent.check(self)
        self._drop_conflicting_fixes()

    def _drop_conflicting_fixes(self) -> None:
        """LL402's "use sigmoid" is wrong once an error's fix gives that layer more units
        (Dense(1, softmax) with 3 classes wants Dense(3, softmax), not Dense(3, sigmoid))."""
        for warning in self.diagnostics:
            if warning.code != "LL402" or warning.layer is None or not warning.fixes:
                continue
            call = self.layers[warning.layer].call
            if not isinstance(call, Call):
                continue
            for other in self.diagnostics:
                if other is not warning and other.severity == "error" and any(
                        _overlaps(edit, call.span) for fix in other.fixes for edit in fix.edits):
                    warning.fixes = []

    def _event(self, event: Any) -> None:
        if self.opaque and not isinstance(event, Compile):
            return
        if isinstance(event, Construct):
            self._construct(event)
        elif isinstance(event, Add):
            self._add(event.layer, event.span, "add")
            self._maybe_rebuild(event.span, "construct", "add")
        elif isinstance(event, Pop):
            if self.layers:
                self.layers.pop()
                self.built_walk = None
                self.built = False
                self._maybe_rebuild(event.span, "construct", "pop")
        elif isinstance(event, Build):
            self._build_event(event)
        elif isinstance(event, Compile):
            self.loss = event.loss
            self.compile_event = event
            self.compiled = True
        elif isinstance(event, DataCall):
            run_watched(self, event, self._data_call)  # a loader's batches: fixes, classes
        elif isinstance(event, Opaque):
            self.opaque = True
            self.note("LL903", event.span, f"the model is changed in a way layerlint cannot "
                      f"follow ({event.reason}); its shapes are unknown from here on")

    def _construct(self, event: Construct) -> None:
        # Python evaluates the whole list first: every layer object exists before the first add.
        made = [self._make(value, event.span, "list") for value in event.layers]
        for value, layer in zip(event.layers, made):
            self._append(value, layer, event.span)
        if event.layers and self.layers:
            self._maybe_rebuild(event.span, "construct", "list")

    def _add(self, value: Any, event_span: Span, form: str) -> None:
        self._append(value, self._make(value, event_span, form), event_span)

    def _make(self, value: Any, event_span: Span, form: str) -> Layer | None:
        """Create a layer object (its ``__init__`` validates the arguments); None for an Input
        or a value layerlint could not evaluate."""
        if not isinstance(value, Call) or value.kind in INPUT_KINDS:
            return None
        spec = self.layer_spec(value.kind)
        name = self.names.get(id(value))
        if name is None:
            name = value.kind.lower()
        layer = Layer(value, value.kind, name, _inside(value.span, event_span), spec, form,
                      event_span)
        if "subclass" in value.facts:  # a custom Layer subclass: its traced call()
            return custom_layer.make(self, value, layer)
        if spec is None:
            self.note("LL901", layer.span, f"{value.kind} is not modelled by layerlint; shapes "
                      "after it are unknown")
            return layer
        layer.kind = spec.name
        explicit = value.kwargs.get("name")
        if isinstance(explicit, str):
            layer.name = explicit
        try:
            layer.args = bind(spec, value, name)
            if spec.validate:
                spec.validate(layer.args)
        except Unmodelled as unknown:
            layer.args = None
            self.note("LL902", layer.span, f"{unknown.what} could not be evaluated; shapes "
                      "after it are unknown")
        except LayerError as problem:  # raised where the layer is written, at its creation
            self.error(problem.code, value.span, "construct",
                       f"{problem.message}; Keras raises when the layer is created",
                       problem.framework, layer=len(self.layers))
        return layer

    def layer_spec(self, kind: str) -> LayerSpec | None:
        """The catalogue entry for a layer class (a dialect's replay may adjust it); None for a
        layer only another dialect has (tf.keras 2's RandomHeight)."""
        spec = lookup("keras", kind)
        if spec is not None and spec.dialects and "keras3" not in spec.dialects:
            return None
        return spec

    def _append(self, value: Any, layer: Layer | None, event_span: Span) -> None:
        """``Sequential.add(layer, rebuild=False)``."""
        if isinstance(value, Call) and value.kind in INPUT_KINDS:
            self._add_input(value, _inside(value.span, event_span))
            return
        if layer is None:
            self.note("LL902", event_span, "a layer layerlint could not evaluate is added to the "
                      "model; shapes after it are unknown")
            self._appended(Layer(UNKNOWN, "?", "?", event_span))
            return
        if not self.layers and layer.args is not None:
            self._legacy_input_shape(layer)
        self._deprecated_arguments(layer)
        names = self._layer_names()
        if layer.name != "?" and layer.name in names:

            where = self.where("construct", layer.form, event_span)
            given = isinstance(layer.call, Call) and "name" in layer.call.kwargs
            self.error(
                "LL110", layer.span, "construct",
                f"two layers of this model are named {layer.name!r}; Keras requires unique "
                f"names and raises {where}",
                "ValueError: All layers added to a Sequential model should have unique names. "
                f"Name '{layer.name}' is already the name of a layer in this model. Update the "
                "`name` argument to pass a unique name.",
                layer=len(self.layers),
                fixes=edits.remove_argument(self.source, layer.call, "name") if given else [],
            )
        self._appended(layer, names)
        self.built = False

    def _layer_names(self) -> set[str]:
        """The names in ``self.layers``: a set kept in step as ``_append`` adds layers (n adds
        cost n look-ups, not n**2/2 comparisons), rebuilt when the list was replaced or changed
        in length elsewhere (``pop``)."""
        kept = self._names
        if kept is None or kept[0] is not self.layers or kept[1] != len(self.layers):
            names = {other.name for other in self.layers}
            kept = self._names = (self.layers, len(self.layers), names)
        return kept[2]

    def _appended(self, layer: Layer, names: set[str] | None = None) -> None:
        """Add ``layer``; ``names``: ``_layer_names()`` when the caller has just read it."""
        layers = self.layers
        if names is None:
            names = self._layer_names()
        layers.append(layer)
        self.built_walk = None
        names.add(layer.name)
        self._names = (layers, len(layers), names)

    def _deprecated_arguments(self, layer: Layer) -> None:
        """LL404: Keras 3 warns and ignores ``Embedding(input_length=)`` ("Argument
        `input_length` is deprecated. Just remove it.", keras/src/layers/core/embedding.py), and
        warns but still honours ``LeakyReLU(alpha=)`` (leaky_relu.py)."""
        if layer.kind not in _DEPRECATED_IN:
            return
        call = layer.call
        if layer.kind == "Embedding" and "input_length" in call.kwargs:
            diagnostic = self.warn(
                "LL404", call.kwarg_spans.get("input_length", layer.span),
                "Embedding(input_length=...) is deprecated and ignored by Keras 3: it does not set "
                "the model input, which stays unknown until data arrives",
                layer=len(self.layers), stage="construct",
                framework="UserWarning: Argument `input_length` is deprecated. Just remove it.")
            diagnostic.fixes = edits.remove_argument(self.source, call, "input_length")
        if layer.kind == "LeakyReLU" and "alpha" in call.kwargs:
            self._renamed_argument(call, "alpha", "negative_slope", layer.kind, len(self.layers))

    def _renamed_argument(self, call: Call, old: str, new: str, kind: str,
                          index: int | None) -> None:
        """LL404 for a Keras 2 keyword Keras 3 still reads with "Argument `old` is deprecated.
        Use `new` instead.", and the fix that renames it."""

        diagnostic = self.warn(
            "LL404", call.kwarg_spans.get(old, call.span),
            f"{kind}({old}=...) is the Keras 2 spelling, deprecated in Keras 3: write {new}=",
            layer=index, stage="construct",
            framework=f"UserWarning: Argument `{old}` is deprecated. Use `{new}` instead.")
        if new not in call.kwargs:
            diagnostic.fixes = edits.rename_argument(self.source, call, old, new)

    def _softmax_on_one_unit(self) -> None:
        """LL402: a softmax over an axis of size 1 always outputs 1.0."""

        for index, layer in enumerate(self.layers):
            args = layer.args
            if args is None or layer.output_shape is None:
                continue
            if layer.kind == "Softmax":
                axis: Any = args.raw("axis")
            else:
                activation = args.raw("activation")
                if not isinstance(activation, str) or \
                        activation.rsplit(".", 1)[-1] != "softmax":
                    continue
                axis = -1
            if id(layer) in self._warned or not isinstance(axis, int) or not layer.output_shape:
                continue
            if not -len(layer.output_shape) <= axis < len(layer.output_shape):
                continue
            if layer.output_shape[axis] != 1:
                continue
            self._warned.add(id(layer))
            diagnostic = self.warn(
                "LL402", layer.span,
                f"{layer.kind} ({layer.name}) applies softmax over an axis of size 1, so it always "
                "outputs 1.0 and the model cannot learn; use sigmoid for one unit",
                layer=index, stage="construct" if self.built else None)
            diagnostic.fixes = fix_builders.sigmoid_instead(self.source, layer)

    def _add_input(self, call: Call, span: Span) -> None:
        if self.layers or self.has_input_layer:
            if self.has_input_layer:
                self.error(
                    "LL110", span, "construct",
                    "the model already has an Input; a second Input cannot be added",
                    f"ValueError: Sequential model '{self.display_name}' has already been "
                    f"configured to use input shape {format_shape(self.input_shape)}. You "
                    "cannot add a different Input layer to it.",
                )
            self.note("LL903", span, "an Input in the middle of a Sequential model is not "
                      "modelled")
            self.opaque = True
            return
        self.has_input_layer = True
        self.input_call = call
        if call.kind == "InputLayer" and "input_shape" in call.kwargs:
            self._renamed_argument(call, "input_shape", "shape", "InputLayer", None)
        try:
            self.input_shape = input_batch_shape(call)
            self._note_unknown_dims(call, span, "the Input shape")
        except Unmodelled:
            self.input_known = False
            self.input_shape = None
            self.note("LL902", span, "the shape given to Input could not be evaluated; shapes "
                      "after it are unknown")
        except LayerError as problem:  # keras.Input(...) raises where it is written

            value = call.args[0] if call.args else call.kwargs.get("shape")
            span = call.arg_spans.get(0) or call.arg_spans.get("shape")
            self.error(problem.code, call.span, "construct", problem.message, problem.framework,
                       fixes=edits.one_axis_tuple(self.source, span, value))

    def _legacy_input_shape(self, layer: Layer) -> None:
        """``input_shape=``/``input_dim=`` on the first layer adds an InputLayer."""
        assert layer.args is not None and layer.spec is not None
        own = signature_parts(layer.spec).names  # Embedding's input_dim is its own
        shape = layer.args.raw("input_shape") if "input_shape" not in own else None
        dim = layer.args.raw("input_dim") if "input_dim" not in own else None
        if dim is not None:
            shape = UNKNOWN if dim is UNKNOWN else (dim,)
        if shape is None:
            return
        self.has_input_layer = True
        if shape is UNKNOWN:
            self.input_known = False
            self.input_shape = None
            self.note("LL902", layer.span, "the input_shape could not be evaluated; shapes after "
                      "it are unknown")
            return
        try:  # Sequential.add makes InputLayer(shape=...) from it, inside the same statement
            self.input_shape = (None, *standardize_shape(shape))
            if isinstance(layer.call, Call):
                self._note_unknown_dims(layer.call, layer.span, "input_shape")
        except LayerError as problem:

            span = layer.args.span("input_shape") if layer.args is not None else None
            self.error(problem.code, span or layer.span, "construct",
                       f"input_shape={shape!r} is not a shape: {problem.message}",
                       problem.framework, layer=len(self.layers),
                       fixes=edits.one_axis_tuple(self.source, span, shape))

    def _note_unknown_dims(self, call: Call, span: Span, what: str) -> None:
        """A declared input with dimensions layerlint could not evaluate: say which."""
        if not any(isinstance(d, str) for d in self.input_shape or ()):
            return
        names = sorted(set(call.unknown_names.values())) or ["a dimension"]
        self.note("LL902", span, f"{what} uses {', '.join(names)}, which layerlint could not "
                  "evaluate; sizes that depend on it are unknown")

    def _maybe_rebuild(self, span: Span, stage: str, form: str) -> None:
        if self.has_input_layer and self.layers:
            self._build(self.input_shape if self.input_known else None, span, stage, form)

    def _build_event(self, event: Build) -> None:
        shape = event.input_shape
        if shape is UNKNOWN or not isinstance(shape, (tuple, list)):
            self.note("LL902", event.span, "the shape given to build could not be evaluated; "
                      "shapes are unknown")
            self.built = True
            self._set_unknown(0)
            return
        shape = tuple(shape)
        if not self.layers:
            self.error(
                "LL110", event.span, "build",
                "the model is built before any layer is added",
                f"ValueError: Sequential model {self.display_name} cannot be built because it "
                "has no layers. Call `model.add(layer)`.",
            )
        if self.has_input_layer and self.input_known and tuple(self.input_shape or ()) != shape:
            self.error(
                "LL110", event.span, "build",
                f"build{format_shape(shape)} contradicts the model's input shape "
                f"{format_shape(self.input_shape)}",
                f"ValueError: Sequential model '{self.display_name}' has already been configured "
                f"to use input shape {format_shape(self.input_shape)}. You cannot build it with "
                f"input_shape {format_shape(shape)}",
            )
        if not self.has_input_layer:
            self.has_input_layer = True
            self.input_shape = shape if not _has_unknown(shape) else None
            self.input_known = self.input_shape is not None
        self._build(self.input_shape if self.input_known else None, event.span, "build", "build")

    def _build(self, shape: Shape | None, span: Span, stage: str, form: str,
               data: ArrayValue | None = None) -> None:
        """``Sequential.build``: call every layer on the input; raise at the first failure."""
        self.built = True
        self.built_at = self.built_at or stage
        steps, failure = walk(self.layers, shape, self)
        self.built_walk = (shape, self.layers, len(self.layers), steps) \
            if failure is None and shape is not None else None
        for layer, step in zip(self.layers, steps):
            layer.input_shape, layer.output_shape = step.input_shape, step.output_shape
            layer.params, layer.non_trainable = step.params, step.non_trainable
            layer.outputs = step.outputs
            layer.built = True
        self.deferred = None
        if failure is not None:
            self._set_unknown(failure.index)
            if failure.deferred and data is None:
                self.deferred = failure  # raised by the first call on data
            else:
                self._layer_failure(failure, span, stage, form, data)
        self._softmax_on_one_unit()
        masks.check_masks(self, stage)

    def _set_unknown(self, start: int) -> None:
        self.built_walk = None
        for layer in self.layers[start:]:
            layer.input_shape = layer.output_shape = None
            layer.params = layer.non_trainable = None

    # --- data -------------------------------------------------------------------------------

    def _data_call(self, event: DataCall) -> None:
        from . import data as keras_data

        keras_data.check_data_call(self, event)

    # --- reporting --------------------------------------------------------------------------

    def _layer_failure(self, failure: WalkFailure, span: Span, stage: str, form: str,
                       data: ArrayValue | None) -> None:
        index, problem = failure.index, failure.error
        layer = self.layers[index]
        code = problem.code
        producer = self.layers[index - 1] if index > 0 else None
        rnn = self._rnn_without_sequences(index) if code == "LL101" else None
        if rnn is not None:
            code = "LL301"
        inside = getattr(problem, "inside", None)  # raised inside a custom layer's call()
        if data is not None and index == 0 and inside is None:
            code = "LL201"
        where = self.where(stage, form, span)
        message = f"{_from_producer(problem.message, producer, self.line)}; Keras raises {where}"
        if rnn is not None:
            message = (
                f"{layer.kind} expects 3-D input (batch, timesteps, features) but the "
                f"{rnn.kind} at {self.line(_defined(rnn).line)} returns only its last output "
                f"{format_shape(rnn.output_shape)} (return_sequences=False); Keras raises {where}"
            )
        related = []
        if producer is not None:
            related.append(Related(_defined(producer), f"{producer.kind} produces "
                                   f"{format_shape(producer.output_shape)}"))
        if rnn is not None and rnn is not producer:
            related.append(Related(_defined(rnn), f"{rnn.kind} returns only its last output"))
        at = layer.span if stage in ("construct", "build") and form != "build" else span
        if inside is not None:
            related.insert(0, Related(at, f"{layer.kind}.call() runs here"))
            at, candidates_allowed = inside, False
        else:
            candidates_allowed = True
        defined = _defined(layer)
        if defined != at:
            related.insert(0, Related(defined, f"{layer.kind} ({layer.name}) is defined here"))
        from . import sequence_head

        candidates = fix_builders.layer_fixes(self, index, code, rnn) if candidates_allowed \
            else []
        head = sequence_head.for_flatten(self, index) if code == "LL106" else None
        if head is not None:  # Flatten over a sequence of unknown length feeds this Dense
            message = message.replace("; Keras raises", f"{head.clause}; Keras raises", 1)
            related.append(Related(_defined(head.rnn), sequence_head.returns_one_per_step(
                head.rnn)))
            candidates = head.fixes + candidates
        framework = problem.framework
        if inside is not None and data is not None and self.model.dialect == "keras3":
            framework = custom_layer.symbolic_build_text(framework, form)
        self.error(code, at, stage, message, framework, layer=index, related=related,
                   fixes=candidates)

    def where(self, stage: str, form: str, span: Span) -> str:
        """Where Keras raises, for messages: "at model.fit(...) (line 12)"."""
        return _where(stage, form, span, self.line)

    def _rnn_without_sequences(self, index: int) -> Layer | None:
        """The recurrent layer whose ``return_sequences=False`` left this RNN a 2-D input."""
        layer = self.layers[index]
        if rnn_kind(layer) is None:
            return None
        return self.rnn_before(index)

    def rnn_before(self, index: int) -> Layer | None:
        """The recurrent layer not returning sequences that feeds layer ``index``, through
        layers that keep a sequence as it is (Dropout, ...), if any."""
        for previous in reversed(self.layers[:index]):
            if rnn_kind(previous) is not None:
                return previous if not _returns_sequences(previous) else None
            if not _passes_sequences(previous):
                return None  # only layers that keep any shape (Dropout, ...) may sit between
        return None

    def error(self, code: str, span: Span, stage: str | None, message: str,
              framework: str | None, layer: int | None = None,
              related: list[Related] | None = None, fixes: list[Fix] | None = None) -> None:
        """Record an error and stop: Keras raised here. ``fixes`` are unverified candidates."""
        self.diagnostics.append(Diagnostic(
            code, "error", span, message, model=self.model.name, layer=layer, stage=stage,
            framework_error=framework, related=related or [], fixes=fixes or []))
        raise Stop

    def warn(self, code: str, span: Span, message: str, layer: int | None = None,
             stage: str | None = None, framework: str | None = None) -> Diagnostic:
        diagnostic = Diagnostic(code, "warning", span, message, model=self.model.name,
                                layer=layer, stage=stage, framework_error=framework)
        self.diagnostics.append(diagnostic)
        return diagnostic

    def note(self, code: str, span: Span, message: str) -> None:
        self.notes.setdefault((code, message), Note(code, span, message))

    def report(self) -> ModelReport:
        rows = [layer_row(i, layer) for i, layer in enumerate(self.layers)]
        report = ModelReport(
            name=self.model.name,
            framework="keras",
            dialect=self.model.dialect,
            line=self.model.span.line,
            input_shape=self.input_shape if self.has_input_layer and self.input_known else None,
            layers=rows,
            display_name=self.display_name,
            built=self.built,
            built_at=self.built_at if self.built else None,
        )
        if self.model.dialect != "keras2":
            report.keras_backend = self.model.keras_backend
            finish_keras3_report(report, self.model.events, self.compile_event)
        elif getattr(self, "summary_batch", None) is not None:  # tf.keras 2 built by data: the
            # traced batch its summary shows (keras2.Keras2Replay._feed sets it)
            for row in report.layers:
                row.shown_shape = (self.summary_batch, *row.output_shape[1:]) \
                    if row.output_shape else None  # type: ignore[attr-defined]
        return report


# --- walking the stack through the catalogue ----------------------------------------------------


