"""Data reaching a Keras 3 model: ``fit``/``evaluate``/``predict``/``train_on_batch``/``model(x)``.

Order of Keras' own checks in ``fit`` (keras/src/trainers): sample counts of x and y ("Data
cardinality is ambiguous"), then the input (an unbuilt model is built from the first batch; a
built one compares ranks in ``Functional._adjust_input_rank``, then runs its layers on the data),
then the loss on targets vs output; validation data is checked the same way after the first epoch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ... import edits
from ...diagnostics import Related
from ...ir import ArrayValue, DataCall
from ...shapes import Shape, format_shape
from . import (backend_data, data_lists, fit_validation, fix_builders, losses, masks,
               sequence_head, sequences)
from .stack import STAGE_OF, WHOLE_BATCH, Stop, input_spec_mismatch, rescaled_output, walk

if TYPE_CHECKING:
    from .model import Replay

NEEDS_COMPILE = ("fit", "evaluate", "train_on_batch", "test_on_batch")


def _shape(value: Any) -> Shape | None:
    return value.shape if isinstance(value, ArrayValue) else None


def check_data_call(replay: Replay, event: DataCall) -> None:
    stage = STAGE_OF[event.method]
    validation = fit_validation.validation(event)
    event = fit_validation.training(event)
    x, y = event.x, event.y
    sequences.check_ragged(replay, event, stage, keras2=False)
    data_lists.check_call(replay, event, stage, keras2=False)
    _note_unknown_data(replay, event)
    with_targets = event.method in NEEDS_COMPILE and isinstance(y, ArrayValue)
    if event.method in ("fit", "evaluate") and with_targets:
        _cardinality(replay, event, x, y, stage)
    output = _input(replay, event, x, stage)
    sequences.check_token_ids(replay, event, x, stage, keras2=False)
    if event.method in ("train_on_batch", "test_on_batch") and with_targets:
        _cardinality(replay, event, x, y, stage)
    if with_targets and replay.compiled:
        _targets(replay, event, x, y, output, stage)
    if validation is not None:
        vx, vy = validation.x, validation.y
        data_lists.check_validation(replay, event, stage, keras2=False)
        if isinstance(vy, ArrayValue):
            _cardinality(replay, validation, vx, vy, stage, "validation_data")
        output = _input(replay, validation, vx, stage, "validation_data")
        check_validation_targets(replay, validation, stage)
        if isinstance(vy, ArrayValue) and replay.compiled:
            _targets(replay, validation, vx, vy, output, stage, "validation_data")


def _note_unknown_data(replay: Replay, event: DataCall) -> None:
    """LL902, once per call: data layerlint could not evaluate is not checked (a silent pass
    would read as "checked and fine")."""
    x, y = event.x, event.y
    if (x is None or isinstance(x, ArrayValue) and x.shape is not None) and \
            (y is None or isinstance(y, ArrayValue) and y.shape is not None):
        return  # both known (or absent): nothing to say
    unknown = [what for what, value, needed in (
        ("data", event.x, True),
        ("targets", event.y, event.method in NEEDS_COMPILE),
    ) if needed and value is not None and _shape(value) is None]
    if not unknown or not replay.layers:
        return
    call = "model(...)" if event.method == "__call__" else f"{event.method}"
    replay.note("LL902", event.span,
                f"the {' and '.join(unknown)} passed to {call} ({replay.line(event.span.line)}) "
                "could not be evaluated; "
                f"{'it is' if len(unknown) == 1 else 'they are'} not checked")


def _samples(value: Any) -> Any:
    shape = _shape(value)
    return shape[0] if shape else None


def _first_batch(event: DataCall, x: Any, validation: bool = False,
                 backend: str = "torch") -> Any:
    """The batch axis the model sees first (as TensorFlow traces the step: backend_data)."""
    samples = _samples(x)
    if event.method in WHOLE_BATCH:
        return samples if isinstance(samples, int) else None
    key = "validation_batch_size" if validation and "validation_batch_size" in event.kwargs \
        else "batch_size"
    size = event.kwargs.get(key, 32)
    size = size if isinstance(size, int) and size > 0 else None
    if backend_data.traced(backend, event.method):
        return backend_data.traced_batch(samples, size)
    if isinstance(samples, int) and size is not None:
        return min(size, samples)
    return None


def _cardinality(replay: Replay, event: DataCall, x: Any, y: Any, stage: str,
                 what: str = "") -> None:
    nx, ny = _samples(x), _samples(y)
    if not (isinstance(nx, int) and isinstance(ny, int)) or nx == ny:
        return
    prefix = f"{what}: " if what else ""
    if event.method in ("train_on_batch", "test_on_batch") and replay.model.dialect != "keras2":
        # Keras 3 has no adapter there: the loss meets both batches (measured per loss)
        loss = losses.resolve(replay.loss) if replay.compiled else None
        a, b = _ON_BATCH_OPERANDS.get(loss.function if loss else "", (None, None))
        if a is None:
            raise Stop  # another loss error, not modelled: nothing claimed from here on
        sizes = {"y": ny, "x": nx}
        framework = (f"RuntimeError: The size of tensor a ({sizes[a]}) must match the size of "
                     f"tensor b ({sizes[b]}) at non-singleton dimension 0")
        backend = backend_data.backend_of(replay.model)
        if backend != "torch":  # the loss' own op meets the two batches: its text
            output, target = _model_output(replay), getattr(y, "shape", None)
            if output is None or target is None or len(output) != len(target):
                raise Stop
            true, pred = (ny, *target[1:]), (nx, *output[1:])
            framework = backend_data.broadcast_text(backend, loss.function, true, pred, 0,
                                                    true, pred)
    else:
        framework = ("ValueError: Data cardinality is ambiguous. Make sure all arrays contain the "
                     f"same number of samples.'x' sizes: {nx}\n'y' sizes: {ny}\n")
    replay.error("LL203", event.span, stage,
                 f"{prefix}x has {nx} samples but y has {ny}; Keras raises "
                 f"{replay.where(stage, event.method, event.span)}", framework)


def _model_output(replay: Any) -> Shape | None:
    """The single output shape of a Sequential or functional replay (None: a subclass, several
    outputs, or not known yet)."""
    if getattr(replay, "trace", None) is not None:
        return None
    tensors = getattr(replay, "output_tensors", None)
    if callable(tensors):
        shapes = [t.shape for t in tensors()]
        return shapes[0] if len(shapes) == 1 else None
    layers = getattr(replay, "layers", None)
    return layers[-1].output_shape if layers else None


# Keras 3 ``train_on_batch`` with x and y of other batch sizes: the losses whose elementwise
# operation meets them first, and torch's operands (a, b) in its message.
_ON_BATCH_OPERANDS = {"mean_squared_error": ("y", "x"), "mean_absolute_error": ("y", "x"),
                      "huber": ("x", "y")}


def check_validation_targets(replay: Any, validation: DataCall, stage: str) -> None:
    """Keras 3 (not tf.keras 2) fails on validation data without targets once it evaluates
    them, after their input is checked."""
    if replay.model.dialect == "keras2" or validation.y is not None or not replay.compiled \
            or not isinstance(validation.x, (ArrayValue, list, tuple, dict)):
        return
    replay.error("LL202", validation.span, stage,
                 "validation_data has no targets, which the compiled loss needs; Keras raises "
                 f"{replay.where(stage, validation.method, validation.span)}",
                 backend_data.no_targets_text(backend_data.backend_of(replay.model)))


def _input(replay: Replay, event: DataCall, x: Any, stage: str, what: str = "") -> Shape | None:
    """Feed x to the model; return the output shape Keras would produce (None: unknown)."""
    if not replay.layers:
        return None
    shape = _shape(x)
    batch = _first_batch(event, x, bool(what), backend_data.backend_of(replay.model))
    if not replay.has_input_layer:
        # An unbuilt model is built from the first batch (keras/src/trainers): batch axis included.
        replay.has_input_layer = True
        if shape is None:
            replay.input_known = False
            replay.built = True
            replay.built_at = replay.built_at or stage
            replay._set_unknown(0)
            return None
        replay.input_shape = (batch, *shape[1:])
        replay._build(replay.input_shape, event.span, stage, event.method, data=x)
        return replay.layers[-1].output_shape if replay.layers else None
    if replay.deferred is not None:
        replay._layer_failure(replay.deferred, event.span, stage, event.method, None)
    if shape is None or not replay.input_known or replay.input_shape is None:
        return None
    return _feed_built(replay, event, x, shape, batch, stage, what)


def _feed_built(replay: Replay, event: DataCall, x: ArrayValue, shape: Shape, batch: Any,
                stage: str, what: str) -> Shape | None:
    expected = replay.input_shape
    assert expected is not None
    backend = backend_data.backend_of(replay.model)
    adjusted = _adjust_rank(shape, expected)
    where = replay.where(stage, event.method, event.span)
    prefix = f"{what}: " if what else ""
    if adjusted is None:
        return None
    if adjusted is False:
        target = edits.reshape_target(shape, expected)
        diagnostic_fixes = edits.reshape_data(replay.source, x, target) if target else []
        if stage == "predict" and tuple(shape) == tuple(expected[1:]):
            diagnostic_fixes = edits.one_sample_batch(replay.source, x) + diagnostic_fixes
        diagnostic_fixes += fix_builders.without_batch_axis(replay)
        replay.error(
            "LL201", event.span, stage,
            f"{prefix}the data has shape {format_shape(shape)} ({len(shape)}-D) but the model "
            f"input is {format_shape(expected)} ({len(expected)}-D); Keras raises {where}",
            backend_data.input_shape_text(backend_data.backend_of(replay.model), "Sequential",
                                          format_shape(expected), (batch, *shape[1:])),
            layer=0,
            related=_input_related(replay),
            fixes=diagnostic_fixes + fix_builders.input_shape_fixes(replay, shape),
        )
    fed = (batch, *adjusted[1:])
    output = rescaled_output(replay.layers, getattr(replay, "built_walk", None), fed)
    if output is not None:  # the build's walk on another batch: nothing fails, no layer has
        return output  # other weights or channels than it was built with
    layout = edits.data_layout_fixes(replay.source, x, shape, expected)
    steps, failure = walk(replay.layers, fed)
    if failure is not None and failure.error.code == "LL107":
        replay._layer_failure(failure, event.span, stage, event.method, None)
    for index, (layer, step) in enumerate(zip(replay.layers, steps)):
        channels = built_channels(layer)
        fed_channels = step.input_shape[-1] if step.input_shape else None
        if isinstance(channels, int) and isinstance(fed_channels, int) and \
                channels != fed_channels and layer.kind != "Dense":
            # the InputSpec a built convolution keeps (axes={-1: channels}) is checked first
            replay.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(shape)} differs from the model input "
                f"{format_shape(expected)}: {layer.kind} ({layer.name}) was built for "
                f"{channels} channels on the last axis and receives {fed_channels}; "
                f"Keras raises {where}",
                "ValueError: Exception encountered when calling Sequential.call(). Input 0 with "
                f"name 'None' of layer '{layer.name}' is incompatible with the layer: expected "
                f"axis -1 of input shape to have value {channels}, but received input with "
                f"shape {format_shape(step.input_shape)}",
                layer=index,
                related=[Related(layer.span, f"{layer.kind} ({layer.name})")],
                fixes=layout + fix_builders.input_shape_fixes(replay, shape),
            )
        claim = failure is not None and index == failure.index and \
            backend_data.raises_on_data(backend, event.method, failure.error.code,
                                        replay.layers[failure.index].kind, failure.error.message)
        if claim:
            replay.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(shape)} differs from the model input "
                f"{format_shape(expected)}, and {_unbatched_message(replay, adjusted, failure)}; "
                f"Keras raises {where}",
                backend_data.layer_on_data_text(backend, layer.kind, failure.error, event.method),
                layer=index,
                related=[Related(layer.span, f"{layer.kind} ({layer.name})")],
                fixes=layout + fix_builders.input_shape_fixes(replay, shape),
            )
        if _weights_differ(layer.params, step.params):
            replay.error(
                "LL201", event.span, stage,
                f"{prefix}the data {format_shape(shape)} differs from the model input "
                f"{format_shape(expected)}: {layer.kind} ({layer.name}) was built for input "
                f"{format_shape(layer.input_shape)} and cannot take "
                f"{format_shape(_unbatched(step.input_shape))}"
                f"; Keras raises {where}",
                _weights_error(layer, step),
                layer=index,
                related=[Related(layer.span, f"{layer.kind} ({layer.name})")],
                fixes=layout + fix_builders.input_shape_fixes(replay, shape),
            )
    return steps[-1].output_shape if steps else None


# Layers whose InputSpec, once built, fixes the size of the channel axis (keras/src/layers/
# convolutional/base_*.py: ``axes={channel_axis: input_channel}``), checked before they compute.
_CHANNEL_SPEC = {
    "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
    "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
}  # fmt: skip


def built_channels(layer: Any) -> Any:
    """The channel count a built channels-last convolution requires on the last axis."""
    if layer.kind not in _CHANNEL_SPEC or not layer.input_shape or layer.args is None:
        return None
    if layer.args.raw("data_format") not in (None, "channels_last"):
        return None
    return layer.input_shape[-1]


def _unbatched(shape: Shape | None) -> Shape | None:
    """A shape as messages show it: the batch axis is None (only Keras' text has the batch)."""
    return None if shape is None else (None, *shape[1:])


def _unbatched_message(replay: Replay, adjusted: Shape, failure: Any) -> str:
    """The failing layer's message for a batch of any size (the framework text keeps it)."""
    _, again = walk(replay.layers, _unbatched(adjusted))
    same = again is not None and again.index == failure.index
    return again.error.message if same else failure.error.message


def _adjust_rank(shape: Shape, expected: Shape) -> Shape | None | bool:
    """Keras' ``_adjust_input_rank``: the shape fed on, False when Keras raises, None if unknown."""
    if len(shape) == len(expected):
        return shape
    if len(shape) == len(expected) + 1:
        if shape[-1] == 1:
            return shape[:-1]
        if not isinstance(shape[-1], int):
            return None
    if len(shape) == len(expected) - 1:
        if expected[-1] == 1:
            return (*shape, 1)
        if isinstance(expected[-1], str):
            return None
    return False


def _weights_differ(built: int | None, needed: int | None) -> bool:
    """Weights are created once, at build: other input sizes need other weights and fail."""
    return isinstance(built, int) and isinstance(needed, int) and built != needed


# Layers whose InputSpec fixes the last axis once built (measured on Keras 3.15: the same
# "expected axis -1 of input shape to have value" message as Dense, channels_last).
_LAST_AXIS_SPEC = {"Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D",
                   "DepthwiseConv1D", "DepthwiseConv2D", "Conv1DTranspose", "Conv2DTranspose",
                   "Conv3DTranspose", "BatchNormalization"}


def last_axis_spec(layer: Any) -> bool:
    if layer.kind not in _LAST_AXIS_SPEC or layer.args is None:
        return False
    if layer.kind == "BatchNormalization":
        return layer.args.raw("axis") in (None, -1)
    return layer.kind == "Dense" or layer.args.raw("data_format") in (None, "channels_last")


def _weights_error(layer: Any, step: Any) -> str:
    if last_axis_spec(layer) and layer.input_shape and step.input_shape and \
            layer.input_shape[-1] != step.input_shape[-1]:
        return (
            "ValueError: Exception encountered when calling Sequential.call(). Input 0 with name "
            f"'None' of layer '{layer.name}' is incompatible with the layer: expected axis -1 of "
            f"input shape to have value {layer.input_shape[-1]}, but received input with shape "
            f"{format_shape(step.input_shape)}"
        )
    return (f"the weights of {layer.name} were created for input {format_shape(layer.input_shape)}"
            " and do not fit the data (Keras raises while running the layer)")


def _input_related(replay: Replay) -> list[Related]:
    first = replay.layers[0]
    return [Related(first.span, f"the model input is declared here ({first.kind})")]


def _targets(replay: Replay, event: DataCall, x: Any, y: ArrayValue, output: Shape | None,
             stage: str, what: str = "") -> None:
    last = replay.layers[-1] if replay.layers else None
    if last is not None and last.outputs is not None and len(last.outputs) > 1:
        replay.error(
            "LL204", event.span, stage,
            f"the model returns {len(last.outputs)} tensors (from {last.kind} ({last.name})) but "
            f"fit gets one target array, so the loss cannot pair them; Keras raises "
            f"{replay.where(stage, event.method, event.span)}",
            "KeyError: \"The path: (0,) in the `loss` argument, can't be found in either the "
            "model's output (`y_pred`) or in the labels (`y_true`).\"",
            layer=len(replay.layers) - 1,
        )
    loss = losses.resolve(replay.loss)
    target = y.shape
    if loss is None or output is None or target is None:
        return
    samples = _samples(x)
    if not isinstance(samples, int):
        samples = _samples(y)
    validation = bool(what)
    size_key = "validation_batch_size" if validation else "batch_size"
    backend = backend_data.backend_of(replay.model)
    size = event.kwargs.get(size_key, event.kwargs.get("batch_size"))
    batches = backend_data.loss_batches(backend, event.method, losses.batch_sizes(
        samples, size, event.method in WHOLE_BATCH), samples, size)
    finding = losses.check(loss, output, target, batches, backend)
    if finding is None:
        high = None if y.bounds == "at_most" else y.max_value  # a bound maybe never reached
        finding = losses.label_range(loss, output, target, y.min_value, high, _count(target),
                                     exact=y.bounds == "exact", backend=backend)
    if finding is None or finding.code == "LL403":
        _mask_in_loss(replay, event, loss, output, target, batches, stage, what)
    if finding is None:
        return
    prefix = f"{what}: " if what else ""
    where = replay.where(stage, event.method, event.span)
    last = replay.layers[-1]
    related = [Related(last.span, f"the model output {losses.per_sample(output)} comes from "
                       f"{last.kind} ({last.name})")]
    if replay.compile_event is not None:
        related.append(Related(replay.compile_event.span, f"the loss is {loss.function}"))
    candidates = fix_builders.target_fixes(replay, finding)
    if finding.code == "LL202" and last.kind == "Dense" and len(last.input_shape or ()) >= 4 \
            and len(target) == 2 < len(output):
        candidates = fix_builders.insert_flatten(replay.source, last) + candidates
        finding = replace(finding, message=(
            f"{finding.message}: {last.kind} ({last.name}) acts on the last axis of its "
            f"{len(last.input_shape or ())}-D input, so the output keeps the other axes"))
    head = sequence_head.for_targets(replay, output, target,
                                     lambda last_step: losses.check(loss, last_step, target,
                                                                    batches, backend))
    if head is not None:  # the targets fit the RNN's last step: say so, offer that
        finding = replace(finding, message=finding.message + head.clause)
        candidates = head.fixes + candidates
    if finding.code == "LL403":
        if _dense_on_sequence(replay, output, target):
            warning = replay.warn(
                "LL401", last.span,
                f"{last.kind} acts on the last axis of a {len(last.input_shape or ())}-D "
                f"tensor, so the model output {losses.per_sample(output)} keeps its time "
                f"axis while the targets are {losses.per_sample(target)}"
                + (head.short if head else ""), layer=len(replay.layers) - 1)
            warning.fixes = head.fixes if head else []
            return
        diagnostic = replay.warn("LL403", event.span, f"{prefix}{finding.message}", stage=stage)
        diagnostic.related = related
        diagnostic.fixes = candidates
        return
    replay.error(finding.code, event.span, stage, f"{prefix}{finding.message}; Keras raises {where}",
                 finding.framework, layer=len(replay.layers) - 1, related=related,
                 fixes=candidates)


def _mask_in_loss(replay: Replay, event: DataCall, loss: losses.Loss, output: Shape,
                  target: Shape, batches: list[Any], stage: str, what: str) -> None:
    """LL308: the mask of Embedding(mask_zero=True)/Masking still on the output weighs the loss
    and cannot be broadcast against it (sample weights change that product: not modelled)."""
    if "sample_weight" in event.kwargs or "class_weight" in event.kwargs:
        return
    found = masks.check_mask_loss(replay, loss, output, target, batches, stage, event.span)
    if found is None:
        return
    finding, producer = found
    last = replay.layers[-1]
    made = "mask_zero=True" if producer.kind == "Embedding" else "Masking()"
    related = [Related(producer.span, f"{producer.kind} ({producer.name}, {made}) makes the "
                       "mask"),
               Related(last.span, f"the model output {losses.per_sample(output)} comes from "
                       f"{last.kind} ({last.name}), with the mask")]
    prefix = f"{what}: " if what else ""
    replay.error("LL308", event.span, stage,
                 f"{prefix}{finding.message}; Keras raises "
                 f"{replay.where(stage, event.method, event.span)}",
                 finding.framework, layer=len(replay.layers) - 1, related=related,
                 fixes=masks.mask_loss_fixes(replay, producer, output, target))


def _count(shape: Shape) -> int | None:
    """How many values an array of this shape holds, when known."""
    count = 1
    for dim in shape:
        if not isinstance(dim, int):
            return None
        count *= dim
    return count


def _dense_on_sequence(replay: Replay, output: Shape, target: Shape) -> bool:
    """LL401: the last layer is a Dense on a 3-D+ tensor and the targets have a lower rank."""
    last = replay.layers[-1]
    return (last.kind == "Dense" and last.input_shape is not None and len(last.input_shape) >= 3
            and len(output) > len(target))


def spec_mismatch(expected: Shape, fed: Shape) -> bool:
    """``InputSpec(shape=..., allow_last_axis_squeeze=True)`` (stack.input_spec_mismatch)."""
    return input_spec_mismatch(expected, fed) is not None


def conform_rank(fed: Shape, expected: Shape) -> Shape | None:
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
