"""Replay of a ``Sequential`` model as tf.keras 2 (TensorFlow <= 2.15, or ``tf_keras``) runs it.

The Keras 3 replay (keras_model.Replay) with what Keras 2 does differently, each measured with
tf_keras 2.21 (tests/keras2/):

* Layers accept the Keras 2 base arguments (``batch_input_shape=``, ``batch_size=``,
  ``weights=``, ...); other unknown keywords raise ``TypeError: ('Keyword argument not
  understood:', 'foo')``.
* The first layer declares the input with ``input_shape=``, ``input_dim=`` or
  ``batch_input_shape=``, and an ``Embedding`` always does: ``(None, input_length)``, or
  ``(None, None)`` without ``input_length`` (tf_keras/src/layers/core/embedding.py), so such a
  model is built, and fails, at construction.
* Data at ``fit``/``predict``: the model checks the data against its input spec with the last
  axis squeezable (``expected shape=(None, 20), found shape=(None, 21)``, only axes present in
  both are compared), then adds or drops a trailing axis of size 1
  (``Functional._conform_to_reference_input``) and runs its layers, which raise on a wrong rank.
  Data reach the model batched with a free batch axis (``None``), also when they build it.
* Error texts: ``Input 0 of layer "lstm_1" is incompatible with the layer: ...`` and the others
  in :func:`keras2_message`.
* Losses follow Keras 2 (keras2_losses.py).
* Arguments: each entry's Keras 3 signature with the tf.keras 2 differences of
  :data:`KERAS2_ARGUMENTS` (Keras 3-only arguments rejected, Keras 2-only ones accepted, the
  positional order of ``inspect.signature``); layers tf.keras 2 lacks (:data:`KERAS3_ONLY`)
  raise AttributeError where they are looked up.
* Layer quirks: Cropping3D crops to length 0 without raising, UpSampling3D takes any rank,
  BatchNormalization/GroupNormalization/PReLU/TimeDistributed fix the input rank when built.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ... import edits
from ...diagnostics import Fix, Related
from ...ir import UNKNOWN, ArrayValue, Build, Call, DataCall, Span
from ...layers.base import Args, LayerSpec, Param, Unmodelled, lookup, parse_signature
from ...layers.keras.core import standardize_shape
from ...layers.keras.merging import KERAS2_CALLS as MERGE_CALLS_KERAS2
from ...shapes import Shape, arith, format_shape
from . import fit_validation, fix_builders, loader_keras2, stateful_keras2
from .data import conform_rank as _conform, last_axis_spec, spec_mismatch as _spec_mismatch
from .model import Replay
from .custom_layer import in_tf_function
from .keras2_messages import keras2_call_error as _keras2_call_error
from .keras2_messages import keras2_message
from .stack import RNN_KINDS, STAGE_OF, Layer, Stop, WalkFailure, _where, walk

# Keyword arguments every tf.keras 2 layer accepts (base_layer.Layer.__init__: its own
# parameters and ``allowed_kwargs``), whatever the layer's own signature.
KERAS2_BASE_KWARGS: dict[str, Any] = {
    "trainable": True, "name": None, "dtype": None, "dynamic": False,
    "input_dim": None, "input_shape": None, "batch_input_shape": None, "batch_size": None,
    "weights": None, "activity_regularizer": None, "autocast": True, "implementation": None,
}
# Catalogue layers tf.keras 2 does not have (tf_keras 2.21's keras.layers).
KERAS3_ONLY = frozenset({"RMSNormalization"})
# Convolutions built on base_conv.Conv in tf.keras 2 -> the rank they are written for.
_CONV_RANKS = {"Conv1D": 3, "Conv2D": 4, "Conv3D": 5}
# Layers whose weights, built for one last-axis size, still run on another: TF broadcasts them
# (no InputSpec on that axis; measured: LayerNormalization built for (None, 1) fed (None, 4)).
_WEIGHTS_BROADCAST = frozenset({"LayerNormalization"})
# Layers whose tf.keras 2 signature differs from Keras 3's (their Keras 3 validate is dropped).
KERAS2_SIGNATURES = {
    "LeakyReLU": "alpha=0.3",  # Keras 3 calls it negative_slope; Keras 2 rejects that name
    # Hashing, the lookups: outputs unknown there (categorical.py); Keras 3's checks don't apply.
    "Hashing": "num_bins, mask_value=None, salt=None, output_mode='int', sparse=False",
    "StringLookup": "max_tokens=None, num_oov_indices=1, mask_token=None, oov_token='[UNK]', "
                    "vocabulary=None, idf_weights=None, encoding='utf-8', invert=False, "
                    "output_mode='int', sparse=False, pad_to_max_tokens=False",
    "IntegerLookup": "max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, "
                     "vocabulary=None, vocabulary_dtype='int64', idf_weights=None, invert=False, "
                     "output_mode='int', sparse=False, pad_to_max_tokens=False",
}


@dataclass(frozen=True)
class ArgumentChanges:
    """How a tf.keras 2 layer's arguments differ from the Keras 3 entry's (measured against
    ``inspect.signature`` of tf_keras 2.21's classes and their constructors, tests/keras2/
    test_signatures_keras2.py)."""

    # Keras 3-only: tf.keras 2 raises "Keyword argument not understood"; the entry's call still
    # reads the Keras 3 default.
    removed: tuple[str, ...] = ()
    # Accepted by tf.keras 2 only through ``**kwargs``: keyword-only there.
    keyword: tuple[str, ...] = ()
    # Keras 2-only arguments as signature text, e.g. "time_major=False".
    added: str = ""
    # Positional order: name -> the parameter it comes before (None: last).
    before: dict[str, str | None] = field(default_factory=dict)
    # Keras 2-only arguments whose non-default values change shapes layerlint does not model.
    unmodelled: tuple[str, ...] = ()


_LORA = ("lora_rank", "lora_alpha")
_IMAGE_KEYWORDS = ("data_format", "bounding_box_format", "factor")
_RNN_TAIL = {"dropout": None, "recurrent_dropout": None}
KERAS2_ARGUMENTS: dict[str, ArgumentChanges] = {
    "Dense": ArgumentChanges(removed=(*_LORA, "quantization_config")),
    "Embedding": ArgumentChanges(
        removed=(*_LORA, "quantization_config"), keyword=("weights",),
        added="activity_regularizer=None, input_length=None, sparse=False",
        before={"activity_regularizer": "embeddings_constraint"}, unmodelled=("sparse",)),
    **{f"Conv{n}D": ArgumentChanges(removed=_LORA) for n in (1, 2, 3)},
    "Conv3DTranspose": ArgumentChanges(before={"output_padding": "data_format"}),
    **{f"ConvLSTM{n}D": ArgumentChanges(removed=("seed",), before=_RNN_TAIL) for n in (1, 2, 3)},
    "SimpleRNN": ArgumentChanges(removed=("seed",)),
    "LSTM": ArgumentChanges(removed=("use_cudnn",), keyword=("seed",), added="time_major=False",
                            before={"time_major": "unroll"}, unmodelled=("time_major",)),
    "GRU": ArgumentChanges(removed=("use_cudnn",), keyword=("seed",), added="time_major=False",
                           before={"time_major": "reset_after"}, unmodelled=("time_major",)),
    "LayerNormalization": ArgumentChanges(removed=("rms_scaling",)),
    "BatchNormalization": ArgumentChanges(keyword=("renorm", "renorm_clipping",
                                                   "renorm_momentum")),
    "GlobalAveragePooling1D": ArgumentChanges(keyword=("keepdims",)),
    **{f"{kind}Pooling{n}D": ArgumentChanges(keyword=("name",))
       for kind in ("Max", "Average") for n in (1, 2, 3)},
    "SpatialDropout1D": ArgumentChanges(keyword=("seed", "name", "dtype")),
    **{f"SpatialDropout{n}D": ArgumentChanges(keyword=("seed", "name", "dtype")) for n in (2, 3)},
    "ZeroPadding1D": ArgumentChanges(removed=("data_format",)),
    "Softmax": ArgumentChanges(added="robust_masking=False"),
    # Keras 2's Identity is base_layer.Layer.__init__: its arguments are positional there.
    "Identity": ArgumentChanges(added="trainable=True, name=None, dtype=None, dynamic=False"),
    # Passes its own activity_regularizer to the base layer: a second one is a TypeError
    # ("got multiple values for keyword argument"; layerlint words it as any unknown keyword).
    "ActivityRegularization": ArgumentChanges(removed=("activity_regularizer",)),
    # Preprocessing layers (tf_keras 2.21): the Keras 3 image layers' data_format=,
    # bounding_box_format= and (where not their own) factor= do not exist there. Their
    # arguments are checked the tf.keras 2 way by the entries themselves (image_keras2.py).
    **{kind: ArgumentChanges(removed=_IMAGE_KEYWORDS) for kind in (
        "RandomFlip", "RandomZoom", "RandomTranslation")},
    "Resizing": ArgumentChanges(removed=(*_IMAGE_KEYWORDS, "pad_to_aspect_ratio", "fill_mode",
                                         "fill_value", "antialias")),
    # These pass autocast=False to the base layer themselves: a second one is a TypeError.
    "RandomCrop": ArgumentChanges(removed=(*_IMAGE_KEYWORDS, "autocast"), keyword=("name",)),
    "CenterCrop": ArgumentChanges(removed=(*_IMAGE_KEYWORDS, "autocast")),
    **{kind: ArgumentChanges(removed=_IMAGE_KEYWORDS[:2]) for kind in (
        "RandomRotation", "RandomBrightness")},
    "RandomContrast": ArgumentChanges(removed=(*_IMAGE_KEYWORDS[:2], "value_range")),
    # Discretization: dtype= and name= are tf.keras 2 base-layer keywords there.
    "Discretization": ArgumentChanges(keyword=("dtype", "name")),
}
# Layers whose build sets an InputSpec of the rank built for (tf_keras 2.21), so data
# of another rank fail even where the Keras 3 entry accepts any rank.
_NDIM_FIXED_AT_BUILD = frozenset({"BatchNormalization", "GroupNormalization", "PReLU",
                                  "TimeDistributed"})
# Keras 3 keywords tf.keras 2 spells otherwise: (layer, Keras 3 name) -> the Keras 2 name.
KERAS2_SPELLINGS = {("LeakyReLU", "negative_slope"): "alpha"}
# Keras 3 InputLayer keywords -> tf.keras 2's (tf_keras/src/engine/input_layer.py).
_INPUT_LAYER_SPELLINGS = {"shape": "input_shape", "batch_shape": "batch_input_shape"}
# tf_keras InputLayer.__init__'s parameters, in order.
_INPUT_LAYER_PARAMS = ("input_shape", "batch_size", "dtype", "input_tensor", "sparse", "name",
                       "ragged", "type_spec")
@dataclass
class Keras2Replay(Replay):
    """keras_model.Replay with tf.keras 2 semantics."""

    # The batch axis each tf.function of the model (train / test / predict) was traced with:
    # an int while every call fed static batches of that size, None once relaxed (stateful_keras2).
    traced_batches: dict[str, int | None] = field(default_factory=dict)

    # --- creating layers ------------------------------------------------------------------

    def layer_spec(self, kind: str) -> LayerSpec | None:
        spec = lookup("keras", kind)
        if spec is None or spec.name in KERAS3_ONLY:
            return None  # not a tf.keras 2 layer: unknown, never guessed
        return _keras2_spec(spec)

    def _make(self, value: Any, event_span: Span, form: str) -> Layer | None:
        """A Keras 3-only layer looked up as ``layers.X`` raises AttributeError where it is
        written (measured: tf_keras 2.21, at that line, before the model exists). Imported by
        name, the import itself fails, earlier than any model: layerlint says so in a note."""
        if isinstance(value, Call) and value.kind in KERAS3_ONLY:
            from ...edits import text_of

            looked_up = value.func_span is not None and "." in text_of(self.source,
                                                                        value.func_span)
            if looked_up:
                self.error("LL105", value.span, "construct",
                           f"{value.kind} does not exist in tf.keras 2 (it is new in Keras 3); "
                           "tf.keras raises when the layer is looked up",
                           "AttributeError: module 'tf_keras.api._v2.keras.layers' has no "
                           f"attribute '{value.kind}'", layer=len(self.layers))
            self.note("LL901", value.span, f"{value.kind} does not exist in tf.keras 2 (it is "
                      "new in Keras 3): importing it fails; shapes after it are unknown")
            layer = super()._make(value, event_span, form)
            generic = f"{value.kind} is not modelled by layerlint; shapes after it are unknown"
            self.notes.pop(("LL901", generic), None)  # said above, more precisely
            return layer
        try:
            return super()._make(value, event_span, form)
        except Stop:
            if isinstance(value, Call):
                self._keras3_argument_fixes(value)
            raise

    def _keras3_argument_fixes(self, call: Call) -> None:
        """The fix for "Keyword argument not understood": each Keras 3 keyword tf.keras 2 does
        not take is written the Keras 2 way (:data:`KERAS2_SPELLINGS`) or removed. Removing a
        value other than Keras 3's default changes the layer (``rms_scaling=True``...): unsafe."""

        finding = self.diagnostics[-1]
        spec = self.layer_spec(call.kind)
        framework = finding.framework_error or ""
        if finding.code != "LL105" or spec is None or \
                not framework.startswith("TypeError: ('Keyword argument not understood:'"):
            return
        accepted = {p.name for p in spec.signature} | set(spec.base_kwargs)
        keras3 = lookup("keras", call.kind)
        defaults = {p.name: p.default for p in keras3.signature} if keras3 else {}
        changes: dict[str, str | None] = {}
        for name in (k for k in call.kwargs if k not in accepted):
            spelling = KERAS2_SPELLINGS.get((spec.name, name))
            changes[name] = spelling if spelling and spelling not in call.kwargs else None
        safe = all(new is not None or (name in defaults and call.kwargs[name] == defaults[name])
                   for name, new in changes.items())
        finding.fixes = edits.rewrite_arguments(self.source, call, changes, safe)

    def _add_input(self, call: Call, span: Span) -> None:
        """Keras 2's ``InputLayer`` takes ``input_shape``/``batch_input_shape``, not Keras 3's
        ``shape``/``batch_shape`` (``Input()`` takes ``shape`` in both)."""
        if call.kind == "InputLayer":
            names = _INPUT_LAYER_PARAMS[len(call.args):]
            rejected = [k for k in call.kwargs if k not in names and k != "batch_input_shape"]
            if rejected:

                changes = {k: _INPUT_LAYER_SPELLINGS.get(k) for k in rejected}
                changes = {k: None if v in call.kwargs else v for k, v in changes.items()}
                self.error("LL105", call.span, "construct",
                           f"tf.keras 2 InputLayer does not take {', '.join(rejected)} (write "
                           "input_shape= or batch_input_shape=)",
                           f"ValueError: Unrecognized keyword arguments: {rejected}",
                           fixes=edits.rewrite_arguments(self.source, call, changes,
                                                         None not in changes.values()))
        if call.kind == "Input" and ("batch_input_shape" in call.kwargs
                                     or "batch_shape" in call.kwargs):
            call = stateful_keras2.keras2_input(call)
        super()._add_input(call, span)

    def _build_event(self, event: Build) -> None:
        """Keras 2's ``Sequential.build`` on a model that already has an input rebuilds it from
        that input and ignores the shape given (tf_keras/src/engine/sequential.py)."""
        if self.has_input_layer and self.layers:
            self._build(self.input_shape if self.input_known else None, event.span, "build",
                        "build")
            return
        super()._build_event(event)

    def _build(self, shape: Shape | None, span: Span, stage: str, form: str,
               data: ArrayValue | None = None) -> None:
        """Keras 2's Sequential rejects a layer returning several tensors (an RNN with
        ``return_state=True``) as soon as it is called in the model, even as the last layer."""

        steps, failure = walk(self.layers, shape)
        end = failure.index if failure is not None else len(steps)
        for index, step in enumerate(steps[:end]):
            if step.outputs is not None and len(step.outputs) > 1:
                layer = self.layers[index]
                code = "LL201" if data is not None and index == 0 else "LL107"
                self.built = True
                self._set_unknown(index)
                self.error(
                    code, layer.span if data is None else span, stage,
                    f"{layer.kind} ({layer.name}) returns {len(step.outputs)} tensors; a tf.keras "
                    f"2 Sequential model takes only layers with one output; Keras raises "
                    f"{_where(stage, form, span)}",
                    "ValueError: All layers in a Sequential model should have a single output "
                    "tensor. For multi-output layers, use the functional API.",
                    layer=index, fixes=fix_builders.single_output(self.source, layer))
        super()._build(shape, span, stage, form, data)

    def _deprecated_arguments(self, layer: Layer) -> None:
        """Keras 2 reads ``Embedding(input_length=)``: nothing is deprecated there."""

    def _legacy_input_shape(self, layer: Layer) -> None:
        """The first layer's ``batch_input_shape=`` / ``input_shape=`` / ``input_dim=``, or an
        Embedding's ``(input_length,)``, adds an InputLayer (batch size from
        ``batch_input_shape``, else from ``batch_size=``, else free: tf_keras
        base_layer.Layer.__init__)."""
        assert layer.args is not None and layer.spec is not None
        if self.has_input_layer:  # after an Input, Keras 2 ignores the layer's input_shape
            return
        args = layer.args
        batch_shape = args.raw("batch_input_shape")
        if batch_shape is not None:
            self._declare(layer, batch_shape, batched=True)
            return
        if layer.kind in RNN_KINDS and not args.given("input_shape") and (
                args.given("input_dim") or args.given("input_length")):
            self._declare(layer, (args.raw("input_length"), args.raw("input_dim")), batched=False)
            return
        if layer.kind == "Embedding" and not args.given("input_shape"):
            length = args.raw("input_length")
            self._declare(layer, UNKNOWN if length is UNKNOWN else (length,), batched=False)
            return
        super()._legacy_input_shape(layer)
        if self.has_input_layer and self.input_known and self.input_shape is not None:
            self.input_shape = (stateful_keras2.declared_batch(args), *self.input_shape[1:])

    def _declare(self, layer: Layer, shape: Any, batched: bool) -> None:
        self.has_input_layer = True
        if shape is UNKNOWN or not isinstance(shape, (tuple, list)) or UNKNOWN in shape:
            self.input_known = False
            self.input_shape = None
            self.note("LL902", layer.span, "the input shape could not be evaluated; shapes "
                      "after it are unknown")
            return
        dims = tuple(shape)
        assert layer.args is not None
        self.input_shape = dims if batched else (
            stateful_keras2.declared_batch(layer.args), *standardize_shape(dims))

    # --- errors ---------------------------------------------------------------------------

    def error(self, code: str, span: Span, stage: str | None, message: str,
              framework: str | None, layer: int | None = None,
              related: list[Related] | None = None, fixes: list[Fix] | None = None) -> None:
        super().error(code, span, stage, message.replace("Keras raises", "tf.keras raises"),
                      keras2_message(framework), layer, related, fixes)

    def _layer_failure(self, failure: WalkFailure, span: Span, stage: str, form: str,
                       data: ArrayValue | None) -> None:
        layer = self.layers[failure.index]
        received = (self.layers[failure.index - 1].output_shape if failure.index
                    else self.input_shape)
        framework = keras2_message(failure.error.framework, layer, received)
        if data is not None and framework is not None:
            framework = _keras2_call_error(self.display_name, framework) if getattr(
                failure.error, "inside", None) is None else in_tf_function(framework)
        try:
            super()._layer_failure(replace(failure, error=replace(failure.error,
                                                                  framework=framework or "")),
                                   span, stage, form, data)
        except Stop:
            if failure.error.code == "LL106" and data is None:
                self.diagnostics[-1].fixes += self._input_length_fixes()
            raise

    def _input_length_fixes(self) -> list[Fix]:
        """An Embedding without ``input_length`` declares inputs of any length, (None, None):
        a layer sized from the length then fails when the model is built (Keras 3 would build
        it from the data instead). The fix gives it the length of the data the script passes
        to its first fit/predict, where layerlint knows it."""

        first = self.layers[0] if self.layers else None
        if first is None or first.kind != "Embedding" or not isinstance(first.call, Call) \
                or first.args is None or first.args.raw("input_length") is not None \
                or first.args.given("input_shape") or first.args.given("batch_input_shape"):
            return []
        data = next((event for event in self.model.events if isinstance(event, DataCall)), None)
        shape = data.x.shape if data is not None and isinstance(data.x, ArrayValue) else None
        if shape is None or len(shape) != 2 or not isinstance(shape[1], int):
            return []
        title = (f"Set input_length={shape[1]} on {first.kind} ({first.name}), the length of "
                 f"the data passed to {data.method} ({self.line(data.span.line)})")
        return edits.add_keyword(self.source, first.call, "input_length", str(shape[1]), title,
                                 safe=False)

    # --- data -----------------------------------------------------------------------------

    def _data_call(self, event: DataCall) -> None:
        from . import data as keras_data
        from . import data_lists, sequences

        stage = STAGE_OF[event.method]
        validation = fit_validation.validation(event)
        event = fit_validation.training(event)
        x, y = event.x, event.y
        sequences.check_ragged(self, event, stage, keras2=True)
        data_lists.check_call(self, event, stage, keras2=True)
        with_targets = event.method in keras_data.NEEDS_COMPILE and isinstance(y, ArrayValue)
        if with_targets:
            keras_data._cardinality(self, event, x, y, stage)
        output = self._feed(event, x, stage)
        sequences.check_token_ids(self, event, x, stage, keras2=True)
        if with_targets and self.compiled:
            self._targets(event, x, y, output, stage)
        if validation is not None:
            vx, vy = validation.x, validation.y
            data_lists.check_validation(self, event, stage, keras2=True)
            if isinstance(vy, ArrayValue):
                keras_data._cardinality(self, validation, vx, vy, stage, "validation_data")
            output = self._feed(validation, vx, stage, "validation_data")
            if isinstance(vy, ArrayValue) and self.compiled:
                self._targets(validation, vx, vy, output, stage, "validation_data")

    def _targets(self, event: DataCall, x: Any, y: ArrayValue, output: Shape | None,
                 stage: str, what: str = "") -> None:
        """Targets against the output under the compiled loss, Keras 2 rules (keras2_losses)."""
        from . import losses, masks, sequence_head
        from . import losses_keras2 as keras2_losses
        from .data import _samples
        from .stack import WHOLE_BATCH

        last = self.layers[-1] if self.layers else None
        if last is None or (last.outputs is not None and len(last.outputs) > 1):
            return  # several outputs: not modelled in this dialect
        loss = keras2_losses.resolve(self.loss)
        if loss is None or output is None or y.shape is None:
            return
        samples = _samples(x) if isinstance(_samples(x), int) else _samples(y)
        size_key = "validation_batch_size" if what else "batch_size"
        batches = losses.batch_sizes(samples, event.kwargs.get(size_key, event.kwargs.get(
            "batch_size")), event.method in WHOLE_BATCH)
        target, sigmoid = y.shape, _sigmoid_output(last)
        finding = keras2_losses.check_targets(self.loss, last, output, y, batches, event, what)
        if finding is None:  # LL308: the output's mask weighs the loss (masks.py)
            finding = masks.keras2_mask_finding(self, event, x, loss, output, target,
                                                sigmoid)
        head = sequence_head.for_targets(self, output, target, lambda last_step: (
            keras2_losses.check(loss, last_step, target, batches, sigmoid)))
        if finding is None:
            if head is not None and last.kind == "Dense" and not what \
                    and _broadcasts_silently(loss.function, sigmoid, output, target):
                warning = self.warn(
                    "LL401", last.span,
                    f"{last.kind} acts on the last axis of a 3-D tensor, so the model output "
                    f"{losses.per_sample(output)} keeps its time axis while the targets are "
                    f"{losses.per_sample(target)} (tf.keras 2 broadcasts them){head.short}",
                    layer=len(self.layers) - 1)
                warning.fixes = head.fixes
            return
        prefix = f"{what}: " if what else ""
        related = [Related(last.span, f"the model output {losses.per_sample(output)} comes from "
                           f"{last.kind} ({last.name})")]
        if self.compile_event is not None:
            related.append(Related(self.compile_event.span, f"the loss is {loss.function}"))
        self.error(finding.code, event.span, stage,
                   f"{prefix}{finding.message}{head.clause if head else ''}; Keras raises "
                   f"{_where(stage, event.method, event.span)}",
                   finding.framework, layer=len(self.layers) - 1, related=related,
                   fixes=head.fixes if head else [])

    def _feed(self, event: DataCall, x: Any, stage: str, what: str = "") -> Shape | None:
        """Feed x to the model; the output shape Keras would produce (None: unknown)."""
        if not self.layers:
            return None
        shape = x.shape if isinstance(x, ArrayValue) else None
        # tf.function traces the batch with a free batch axis; model(x) runs eagerly.
        batch = shape[0] if shape and event.method == "__call__" else None
        if not self.has_input_layer:  # built from the first batch
            self.has_input_layer = True
            if shape is None:
                self.input_known = False
                self.built = True
                self._set_unknown(0)
                return None
            if batch is None:  # a stateful RNN is built for the static batch size, if any
                batch = stateful_keras2.built_batch(self, event, shape)
            self.summary_batch = batch if batch is not None else stateful_keras2.traced_batch(event, shape[0])  # type: ignore[attr-defined]
            self.input_shape = (batch, *shape[1:])
            if self._eager_too_small(event, self.input_shape):
                return None
            self._build(self.input_shape, event.span, stage, event.method, data=x)
            return self.layers[-1].output_shape
        if self.deferred is not None:
            self._layer_failure(self.deferred, event.span, stage, event.method, None)
        if shape is None or not self.input_known or self.input_shape is None:
            return None
        if event.method.endswith("_on_batch"):  # traced on the whole input (traced_batch)
            batch = shape[0]
        if x.loader is not None and x.loader.sequence:  # TF sees only the rank: kernels decide
            return loader_keras2.feed_sequence(self, event, x, (batch, *shape[1:]), stage, what)
        return self._feed_built(event, x, (batch, *shape[1:]), stage, what)

    def _eager_too_small(self, event: DataCall, shape: Shape) -> bool:
        """``model(x)`` runs eagerly, where TF pooling windows larger than the input give an
        empty output instead of an error (measured): layerlint then claims nothing."""
        if event.method != "__call__":
            return False
        _, failure = walk(self.layers, shape)
        if failure is None or failure.error.code != "LL103":
            return False
        self.built = True
        self._set_unknown(0)
        return True

    def _feed_built(self, event: DataCall, x: ArrayValue, fed: Shape, stage: str,
                    what: str) -> Shape | None:
        expected = self.input_shape
        assert expected is not None
        where = _where(stage, event.method, event.span)
        prefix = f"{what}: " if what else ""
        if _spec_mismatch(expected, fed):
            from . import sequences

            # the step is traced with the batch size when every batch is full (measured)
            traced = fed if event.method == "__call__" or fed[0] is not None else (
                stateful_keras2.traced_batch(event, x.shape[0] if x.shape else None), *fed[1:])
            framework = (f'ValueError: Input 0 of layer "{self.display_name}" is incompatible '
                         f"with the layer: expected shape={format_shape(expected)}, found shape="
                         f"{format_shape(traced)}")
            if not what:
                sequences.padded_length(self, event, x, stage, framework)
            self.error(
                "LL201", event.span, stage,
                f"{prefix}the data has shape {format_shape(x.shape)} but the model input is "
                f"{format_shape(expected)}; Keras raises {where}",
                framework, layer=0, related=[Related(self.layers[0].span, "the model input is declared "
                                          f"here ({self.layers[0].kind})")],
                fixes=fix_builders.input_shape_fixes(self, x.shape))
        conformed = _conform(fed, expected)
        if conformed is not None:  # a stateful RNN sees the batch size its states fix
            conformed = stateful_keras2.fed_shape(self, event, x, conformed, stage, what)
        if conformed is None:
            return None
        if self._eager_too_small(event, conformed):
            return None
        steps, failure = walk(self.layers, conformed)
        if failure is not None:
            layer = self.layers[failure.index]
            framework = keras2_message(failure.error.framework, layer, steps[-1].input_shape,
                                       built=layer.built)

            self.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(x.shape)} differs from the model input "
                f"{format_shape(expected)}, and {failure.error.message}; Keras raises {where}",
                _keras2_call_error(self.display_name, framework or ""),
                layer=failure.index,
                related=[Related(layer.span, f"{layer.kind} ({layer.name})")],
                fixes=_reshape_fixes(self, x, expected) + fix_builders.input_shape_fixes(self, x.shape))
        for index, (layer, step) in enumerate(zip(self.layers, steps)):
            if layer.kind in _NDIM_FIXED_AT_BUILD and layer.input_shape is not None \
                    and step.input_shape is not None \
                    and len(layer.input_shape) != len(step.input_shape):
                self.error(
                    "LL201", event.span, stage,
                    f"{prefix}the data {format_shape(x.shape)} differs from the model input "
                    f"{format_shape(expected)}: {layer.kind} ({layer.name}) was built for "
                    f"{len(layer.input_shape)}-D input and receives "
                    f"{format_shape(step.input_shape)}; Keras raises {where}",
                    _keras2_call_error(self.display_name, (
                        f'ValueError: Input 0 of layer "{layer.name}" is incompatible with the '
                        f"layer: expected ndim={len(layer.input_shape)}, found "
                        f"ndim={len(step.input_shape)}. Full shape received: "
                        f"{format_shape(step.input_shape)}")),
                    layer=index, related=[Related(layer.span, f"{layer.kind} ({layer.name})")])
            built, needed = layer.params, step.params
            if not (isinstance(built, int) and isinstance(needed, int) and built != needed):
                continue
            if layer.kind in _WEIGHTS_BROADCAST:
                continue  # TF broadcasts the built weights; the shape goes on unchanged
            framework = f"the weights of {layer.name} were created for input " \
                f"{format_shape(layer.input_shape)} and do not fit the data"
            if last_axis_spec(layer) and layer.input_shape and step.input_shape:
                framework = _keras2_call_error(self.display_name, (  # its InputSpec, axis -1
                    f'ValueError: Input 0 of layer "{layer.name}" is incompatible with the layer: '
                    f"expected axis -1 of input shape to have value {layer.input_shape[-1]}, but "
                    f"received input with shape {format_shape(step.input_shape)}"))
            self.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(x.shape)} differs from the model input "
                f"{format_shape(expected)}: {layer.kind} ({layer.name}) was built for input "
                f"{format_shape(layer.input_shape)} and cannot take "
                f"{format_shape(step.input_shape)}; Keras raises {where}",
                framework, layer=index, related=[Related(layer.span, f"{layer.kind} ({layer.name})")])
        return steps[-1].output_shape if steps else None


def _keras2_spec(spec: LayerSpec) -> LayerSpec:
    """The entry with tf.keras 2's base keyword arguments and signature."""
    own = {p.name for p in spec.signature}
    # The entry's own extra keywords stay (its call reads their defaults, e.g. lora_rank).
    base = {**spec.base_kwargs,
            **{k: v for k, v in KERAS2_BASE_KWARGS.items() if k not in own}}
    if spec.name in RNN_KINDS:  # RNN(input_dim=, input_length=) declares (length, dim)
        base["input_length"] = None
    spec = replace(spec, base_kwargs=base)
    if spec.name in _CONV_RANKS:
        spec = replace(spec, call=_extra_batch_axes(spec.call, _CONV_RANKS[spec.name]))
    if spec.name == "Cropping3D":
        spec = replace(spec, call=_cropping3d_slices(spec.call))
    if spec.name == "UpSampling3D":
        spec = replace(spec, call=_upsampling3d_any_rank(spec.call))
    if spec.name in MERGE_CALLS_KERAS2:  # output shapes by TensorFlow's ops, their own checks
        spec = replace(spec, call=MERGE_CALLS_KERAS2[spec.name])
    if spec.name in KERAS2_SIGNATURES:
        spec = replace(spec, signature=parse_signature(KERAS2_SIGNATURES[spec.name]),
                       validate=None)
    if spec.name in KERAS2_ARGUMENTS:
        spec = _changed_arguments(spec, KERAS2_ARGUMENTS[spec.name])
    return spec


def _changed_arguments(spec: LayerSpec, changes: ArgumentChanges) -> LayerSpec:
    """The entry with tf.keras 2's arguments: Keras 3-only ones dropped (their Keras 3 defaults
    still given to the call), some made keyword-only, Keras 2-only ones added, reordered."""
    defaults = {p.name: p.default for p in spec.signature}
    defaults.update({k: v for k, v in spec.base_kwargs.items() if k not in defaults})
    hidden = {name: defaults.get(name) for name in changes.removed}
    params = [p for p in spec.signature if p.name not in changes.removed]
    params = [replace(p, keyword_only=True) if p.name in changes.keyword else p for p in params]
    params += [p for p in parse_signature(changes.added) if p.name not in defaults
               or p.name in spec.base_kwargs]
    for name, anchor in changes.before.items():
        moved = next(p for p in params if p.name == name)
        params.remove(moved)
        at = len(params) if anchor is None else [p.name for p in params].index(anchor)
        params.insert(at, moved)
    params.sort(key=lambda p: p.keyword_only)  # stable: keyword-only ones last
    base = {k: v for k, v in spec.base_kwargs.items()
            if k not in changes.removed and k not in {p.name for p in params}}
    call, validate = spec.call, spec.validate

    def with_keras3_defaults(a: Args) -> Args:
        for name in changes.unmodelled:
            value = a.raw(name)
            if value is UNKNOWN or value != _default(params, name):
                raise Unmodelled(f"{spec.name}({name}={value!r})")
        return a.with_values(**hidden) if hidden else a

    def keras2_call(a: Args, x: Shape) -> Any:
        return call(with_keras3_defaults(a), x)

    def keras2_validate(a: Args) -> None:
        if validate is not None:
            validate(with_keras3_defaults(a))

    return replace(spec, signature=tuple(params), base_kwargs=base, call=keras2_call,
                   validate=keras2_validate if validate is not None else None)


def _default(params: list[Param], name: str) -> Any:
    return next(p.default for p in params if p.name == name)


def _cropping3d_slices(call: Any) -> Any:
    """tf.keras 2's Cropping3D slices without checking (measured): cropping as much as or more
    than the input leaves an axis of length 0 instead of raising."""
    from ...layers.base import LayerError
    from ...layers.keras.padding import _amounts, _rebuild, data_format

    def keras2_call(a: Args, x: Shape) -> Any:
        try:
            return call(a, x)
        except LayerError as problem:
            if problem.code != "LL103":
                raise
        fmt = data_format(a)
        axes = x[2:] if fmt == "channels_first" else x[1:-1]
        lengths = [max(0, n - sum(c)) if isinstance(n, int) else n
                   for n, c in zip(axes, _amounts(a, "cropping", 3))]
        return replace(call(a.with_values(cropping=((0, 0),) * 3), x),
                       shape=_rebuild(x, fmt, lengths))

    return keras2_call


def _upsampling3d_any_rank(call: Any) -> Any:
    """tf.keras 2's UpSampling3D sets its ``InputSpec(ndim=5)`` before the base layer's
    ``__init__`` resets it (tf_keras/src/layers/reshaping/up_sampling3d.py): any input that has
    the three axes it repeats (1-3, or 2-4 channels first) runs, other axes kept (measured)."""
    from ...layers.keras.padding import _upsampling_size, data_format

    def keras2_call(a: Args, x: Shape) -> Any:
        first = 2 if data_format(a) == "channels_first" else 1
        if len(x) == 5 or len(x) < first + 3:
            return call(a, x)  # the entry's own shapes, or its error (the axes are missing)
        out = call(a, x[:5] if len(x) > 5 else (*x, 1))  # the entry's checks on a 5-D input
        dims = list(x)
        for axis, size in zip(range(first, first + 3), _upsampling_size(a, 3)):
            if size != 1:
                dims[axis] = arith(lambda n, size=size: n * size, dims[axis])
        return replace(out, shape=tuple(dims))

    return keras2_call


def _extra_batch_axes(call: Any, ndim: int) -> Any:
    """Keras 2 convolutions take inputs with extra leading (batch) axes
    (``InputSpec(min_ndim=...)``, tf_keras/src/layers/convolutional/base_conv.py): the
    convolution runs on the last axes and keeps the leading ones."""

    def keras2_call(a: Args, x: Shape) -> Any:
        if len(x) <= ndim:
            return call(a, x)
        extra = len(x) - ndim + 1  # the batch axis and the extra ones
        out = call(a, (x[0], *x[extra:]))
        if out.shape is None:
            return out
        return replace(out, shape=(*x[:extra], *out.shape[1:]))

    return keras2_call


_NO_ACTIVATION = ("ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU", "Softmax")


def _sigmoid_output(last: Layer) -> bool | None:
    """Whether the model output is a sigmoid (Keras 2's binary_crossentropy then works on the
    logits and needs equal shapes); None when layerlint cannot tell."""
    if last.args is None:
        return None
    if last.kind in _NO_ACTIVATION:
        return False
    if last.spec is None or "activation" not in {p.name for p in last.spec.signature}:
        return None
    activation = last.args.raw("activation")
    if activation is None:
        return False
    if isinstance(activation, str):
        return activation.rsplit(".", 1)[-1] == "sigmoid"
    return None


def _broadcasts_silently(function: str, sigmoid: bool | None, output: Shape,
                         target: Shape) -> bool:
    """Whether tf.keras 2 broadcasts targets without a time axis over the steps of a 3-D output
    for a loss keras2_losses found nothing wrong with (measured: mse and mae with targets (N,)
    or (N, 1); binary_crossentropy with (N, 1), its output (N, T, 1) squeezed first; with
    targets (N,) binary_crossentropy after a sigmoid raises instead, so it is left out)."""
    known = function in ("mean_squared_error", "mean_absolute_error") or (
        function == "binary_crossentropy" and sigmoid is not None and len(target) == 2)
    return known and len(output) == 3 and output[1] != 1


def _reshape_fixes(replay: Replay, x: ArrayValue, expected: Shape) -> list[Fix]:
    """Reshape the data to the model input's rank (seed example 1: (100, 10) -> (100, 1, 10))."""

    target = edits.reshape_target(x.shape, expected) if x.shape is not None else None
    return edits.reshape_data(replay.source, x, target) if target else []
