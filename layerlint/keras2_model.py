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
* Losses follow Keras 2 (losses.py has the Keras 3 rules): until they are modelled, targets are
  not checked against the output in this dialect (nothing is claimed).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .diagnostics import Fix, Related
from .ir import UNKNOWN, ArrayValue, Build, Call, DataCall, Span
from .keras_model import RNN_KINDS, STAGE_OF, Layer, Replay, WalkFailure, _where, walk
from .layers.base import Args, LayerSpec, lookup, parse_signature
from .layers.keras.core import standardize_shape
from .shapes import Shape, format_shape

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
# Layers whose tf.keras 2 signature differs from Keras 3's: (signature, keep Keras 3 validate).
KERAS2_SIGNATURES = {
    "LeakyReLU": "alpha=0.3",  # Keras 3 calls it negative_slope; Keras 2 rejects that name
}
# tf_keras InputLayer.__init__'s parameters, in order.
_INPUT_LAYER_PARAMS = ("input_shape", "batch_size", "dtype", "input_tensor", "sparse", "name",
                       "ragged", "type_spec")
_INPUT_SPEC = re.compile(r"Input 0 with name '[^']*' of layer '([^']*)'")
_UNRECOGNISED = re.compile(r"ValueError: Unrecognized keyword arguments passed to \w+: \{'(\w+)'")
_SEQUENTIAL_CALL = "ValueError: Exception encountered when calling Sequential.call(). "


def keras2_message(text: str | None, layer: Layer | None = None,
                   shape: Shape | None = None) -> str | None:
    """The Keras 3 exception text of the catalogue, as tf.keras 2 words it."""
    if text is None:
        return None
    text = _INPUT_SPEC.sub(r'Input 0 of layer "\1"', text)
    unrecognised = _UNRECOGNISED.match(text)
    if unrecognised:
        return f"TypeError: ('Keyword argument not understood:', '{unrecognised.group(1)}')"
    if "Shapes used to initialize variables must be fully-defined" in text and layer is not None \
            and layer.kind == "Dense" and shape is not None:
        return ("ValueError: The last dimension of the inputs to a Dense layer should be defined. "
                f"Found None. Full input shape received: {format_shape(shape)}")
    if "Computed output size would be zero or negative" in text and layer is not None:
        return ("ValueError: One of the dimensions in the output is <= 0 due to downsampling in "
                f"{layer.name}. Consider increasing the input size.")
    if text.startswith("ValueError: The total size of the tensor must be unchanged"):
        return "ValueError: total size of new array must be unchanged"
    return text


class Keras2Replay(Replay):
    """keras_model.Replay with tf.keras 2 semantics."""

    # --- creating layers ------------------------------------------------------------------

    def layer_spec(self, kind: str) -> LayerSpec | None:
        spec = lookup("keras", kind)
        if spec is None or spec.name in KERAS3_ONLY:
            return None  # not a tf.keras 2 layer: unknown, never guessed
        return _keras2_spec(spec)

    def _add_input(self, call: Call, span: Span) -> None:
        """Keras 2's ``InputLayer`` takes ``input_shape``/``batch_input_shape``, not Keras 3's
        ``shape``/``batch_shape`` (``Input()`` takes ``shape`` in both)."""
        if call.kind == "InputLayer":
            names = _INPUT_LAYER_PARAMS[len(call.args):]
            rejected = [k for k in call.kwargs if k not in names and k != "batch_input_shape"]
            if rejected:
                self.error("LL105", call.span, "construct",
                           f"tf.keras 2 InputLayer does not take {', '.join(rejected)} (write "
                           "input_shape= or batch_input_shape=)",
                           f"ValueError: Unrecognized keyword arguments: {rejected}")
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
                    layer=index)
        super()._build(shape, span, stage, form, data)

    def _deprecated_arguments(self, layer: Layer) -> None:
        """Keras 2 reads ``Embedding(input_length=)``: nothing is deprecated there."""

    def _legacy_input_shape(self, layer: Layer) -> None:
        """The first layer's ``batch_input_shape=`` / ``input_shape=`` / ``input_dim=``, or an
        Embedding's ``(input_length,)``, adds an InputLayer (batch size from
        ``batch_input_shape``, else free)."""
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

    def _declare(self, layer: Layer, shape: Any, batched: bool) -> None:
        self.has_input_layer = True
        if shape is UNKNOWN or not isinstance(shape, (tuple, list)) or UNKNOWN in shape:
            self.input_known = False
            self.input_shape = None
            self.note("LL902", layer.span, "the input shape could not be evaluated; shapes "
                      "after it are unknown")
            return
        dims = tuple(shape)
        self.input_shape = dims if batched else (None, *standardize_shape(dims))

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
            framework = _keras2_call_error(self.display_name, framework)
        super()._layer_failure(replace(failure, error=replace(failure.error,
                                                              framework=framework or "")),
                               span, stage, form, data)

    # --- data -----------------------------------------------------------------------------

    def _data_call(self, event: DataCall) -> None:
        from . import keras_data, sequences

        stage = STAGE_OF[event.method]
        x, y = event.x, event.y
        sequences.check_ragged(self, event, stage, keras2=True)
        with_targets = event.method in keras_data.NEEDS_COMPILE and isinstance(y, ArrayValue)
        if with_targets:
            keras_data._cardinality(self, event, x, y, stage)
        output = self._feed(event, x, stage)
        sequences.check_token_ids(self, event, x, stage, keras2=True)
        if with_targets and self.compiled:
            self._targets(event, x, y, output, stage)
        if event.method == "fit" and isinstance(event.validation_data, tuple):
            vx, vy = (tuple(event.validation_data) + (None, None))[:2]
            if isinstance(vy, ArrayValue):
                keras_data._cardinality(self, event, vx, vy, stage, "validation_data")
            output = self._feed(event, vx, stage, "validation_data")
            if isinstance(vy, ArrayValue) and self.compiled:
                self._targets(event, vx, vy, output, stage, "validation_data")

    def _targets(self, event: DataCall, x: Any, y: ArrayValue, output: Shape | None,
                 stage: str, what: str = "") -> None:
        """Targets against the output under the compiled loss, Keras 2 rules (keras2_losses)."""
        from . import keras2_losses, losses
        from .keras_data import WHOLE_BATCH, _samples

        last = self.layers[-1] if self.layers else None
        if last is None or (last.outputs is not None and len(last.outputs) > 1):
            return  # several outputs: not modelled in this dialect
        loss = losses.resolve(self.loss)
        if loss is None or output is None or y.shape is None:
            return
        samples = _samples(x) if isinstance(_samples(x), int) else _samples(y)
        size_key = "validation_batch_size" if what else "batch_size"
        batches = losses.batch_sizes(samples, event.kwargs.get(size_key, event.kwargs.get(
            "batch_size")), event.method in WHOLE_BATCH)
        finding = keras2_losses.check(loss, output, y.shape, batches, _sigmoid_output(last))
        if finding is None:
            return
        prefix = f"{what}: " if what else ""
        related = [Related(last.span, f"the model output {losses.per_sample(output)} comes from "
                           f"{last.kind} ({last.name})")]
        if self.compile_event is not None:
            related.append(Related(self.compile_event.span, f"the loss is {loss.function}"))
        self.error(finding.code, event.span, stage,
                   f"{prefix}{finding.message}; Keras raises "
                   f"{_where(stage, event.method, event.span)}",
                   finding.framework, layer=len(self.layers) - 1, related=related)

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
            self.input_shape = (batch, *shape[1:])
            if self._eager_too_small(event, self.input_shape):
                return None
            self._build(self.input_shape, event.span, stage, event.method, data=x)
            return self.layers[-1].output_shape
        if self.deferred is not None:
            self._layer_failure(self.deferred, event.span, stage, event.method, None)
        if shape is None or not self.input_known or self.input_shape is None:
            return None
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
            from . import fixes, sequences

            framework = (f'ValueError: Input 0 of layer "{self.display_name}" is incompatible '
                         f"with the layer: expected shape={format_shape(expected)}, found shape="
                         f"{format_shape(fed)}")
            if not what:
                sequences.padded_length(self, event, x, stage, framework)
            self.error(
                "LL201", event.span, stage,
                f"{prefix}the data has shape {format_shape(x.shape)} but the model input is "
                f"{format_shape(expected)}; Keras raises {where}",
                framework, layer=0, related=[Related(self.layers[0].span, "the model input is declared "
                                          f"here ({self.layers[0].kind})")],
                fixes=fixes.input_shape_fixes(self, x.shape))
        conformed = _conform(fed, expected)
        if conformed is None:
            return None
        if self._eager_too_small(event, conformed):
            return None
        steps, failure = walk(self.layers, conformed)
        if failure is not None:
            layer = self.layers[failure.index]
            framework = keras2_message(failure.error.framework, layer, steps[-1].input_shape)
            from . import fixes

            self.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(x.shape)} differs from the model input "
                f"{format_shape(expected)}, and {failure.error.message}; Keras raises {where}",
                _keras2_call_error(self.display_name, framework or ""),
                layer=failure.index,
                related=[Related(layer.span, f"{layer.kind} ({layer.name})")],
                fixes=_reshape_fixes(self, x, expected) + fixes.input_shape_fixes(self, x.shape))
        for index, (layer, step) in enumerate(zip(self.layers, steps)):
            built, needed = layer.params, step.params
            if not (isinstance(built, int) and isinstance(needed, int) and built != needed):
                continue
            if layer.kind in _WEIGHTS_BROADCAST:
                continue  # TF broadcasts the built weights; the shape goes on unchanged
            self.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(x.shape)} differs from the model input "
                f"{format_shape(expected)}: {layer.kind} ({layer.name}) was built for input "
                f"{format_shape(layer.input_shape)} and cannot take "
                f"{format_shape(step.input_shape)}; Keras raises {where}",
                f"the weights of {layer.name} were created for input "
                f"{format_shape(layer.input_shape)} and do not fit the data",
                layer=index, related=[Related(layer.span, f"{layer.kind} ({layer.name})")])
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
    if spec.name in KERAS2_SIGNATURES:
        spec = replace(spec, signature=parse_signature(KERAS2_SIGNATURES[spec.name]),
                       validate=None)
    return spec


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


def _reshape_fixes(replay: Replay, x: ArrayValue, expected: Shape) -> list[Fix]:
    """Reshape the data to the model input's rank (seed example 1: (100, 10) -> (100, 1, 10))."""
    from . import fixes

    target = fixes.reshape_target(x.shape, expected) if x.shape is not None else None
    return fixes.reshape_data(replay.source, x, target) if target else []


def _spec_mismatch(expected: Shape, fed: Shape) -> bool:
    """``InputSpec(shape=..., allow_last_axis_squeeze=True)``: trailing 1s dropped, then the axes
    present in both compared where both are known (tf_keras/src/engine/input_spec.py)."""
    spec, data = list(expected), list(fed)
    if data and data[-1] == 1:
        data = data[:-1]
    if spec and spec[-1] == 1:
        spec = spec[:-1]
    return any(isinstance(s, int) and isinstance(d, int) and s != d for s, d in zip(spec, data))


def _conform(fed: Shape, expected: Shape) -> Shape | None:
    """``Functional._conform_to_reference_input``: squeeze or add a trailing axis of size 1.
    None when a dimension it depends on is unknown to layerlint."""
    if len(fed) == len(expected) + 1:
        if fed[-1] == 1:
            return fed[:-1]
        return None if isinstance(fed[-1], str) else fed
    if len(fed) == len(expected) - 1:
        if expected[-1] == 1:
            return (*fed, 1)
        return None if isinstance(expected[-1], str) else fed
    return fed


def _keras2_call_error(model_name: str, framework: str) -> str:
    """A layer's error raised while the model runs on data, wrapped as tf.keras 2 does."""
    inner = framework.removeprefix(_SEQUENTIAL_CALL).removeprefix("ValueError: ")
    return (f"ValueError: Exception encountered when calling layer '{model_name}' (type "
            f"Sequential). {inner}")
