"""Masks from ``Embedding(mask_zero=True)`` or ``Masking()`` reaching a layer that drops them
(LL306).

Measured (tests/test_masks.py, tests/keras2/test_masks_keras2.py):

* Keras 3 never raises: a layer whose ``supports_masking`` is False (Flatten, Conv1D,
  GlobalMaxPooling1D, ...) warns "Layer 'flatten' (of type Flatten) was passed an input with a mask
  attached to it. However, this layer does not support masking and will therefore destroy the
  mask information. Downstream layers will not see the mask." whenever the model is built or run;
* tf.keras 2 (tf_keras 2.21) drops the mask silently, with neither a warning nor an error;
* layers with ``supports_masking`` pass the mask on (Dense, Dropout, an RNN with
  ``return_sequences=True``, ...), except those that consume it: an RNN returning only its last
  output and GlobalAveragePooling1D (their ``compute_mask`` returns None).

The catalogue's ``supports_masking`` flags equal the real layers' (tests/test_masks.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import edits
from ...diagnostics import Fix, Related
from ...ir import Call, Span
from ...shapes import Shape

if TYPE_CHECKING:
    from .model import Replay
    from .stack import Layer

KERAS3_WARNING = (
    "UserWarning: Layer '{name}' (of type {kind}) was passed an input with a mask attached to it. "
    "However, this layer does not support masking and will therefore destroy the mask "
    "information. Downstream layers will not see the mask."
)


def makes_mask(layer: Layer) -> bool:
    """``Masking`` always, ``Embedding`` only with ``mask_zero=True``."""
    if layer.kind == "Masking":
        return True
    return layer.kind == "Embedding" and layer.args is not None \
        and layer.args.raw("mask_zero") is True


# The classes that can make a mask (makes_mask): a stack without any has none to follow.
_MASK_MAKERS = ("Masking", "Embedding")


def _may_mask(layers: list[Layer]) -> bool:
    for layer in layers:
        if layer.kind in _MASK_MAKERS:
            return True
    return False


def _supports_masking(layer: Layer) -> bool:
    assert layer.spec is not None
    return layer.spec.supports_masking or makes_mask(layer)


def _consumes_mask(layer: Layer) -> bool:
    """An RNN that returns only its last output and GlobalAveragePooling1D use the mask up."""
    from .stack import rnn_kind

    if layer.kind == "GlobalAveragePooling1D":
        return True
    shape = layer.output_shape
    return rnn_kind(layer) is not None and shape is not None and len(shape) == 2


def check_masks(replay: Replay, stage: str) -> None:
    """LL306 (warning): follow the mask through the built stack like Keras does; unknown layers,
    arguments or shapes end the walk silently."""

    if not _may_mask(replay.layers):
        return
    producer: Layer | None = None
    for index, layer in enumerate(replay.layers):
        if layer.spec is None or layer.args is None or not layer.built \
                or layer.input_shape is None:
            return
        if producer is not None and not _supports_masking(layer):
            _warn(replay, index, layer, producer, stage, replay.model.dialect == "keras2")
            producer = None
        elif producer is not None and _consumes_mask(layer):
            producer = None
        if makes_mask(layer):
            producer = layer


def _warn(replay: Replay, index: int, layer: Layer, producer: Layer, stage: str,
          keras2: bool) -> None:

    if any(d.code == "LL306" and d.layer == index for d in replay.diagnostics):
        return
    made = "mask_zero=True" if producer.kind == "Embedding" else "Masking()"
    if keras2:
        outcome = "tf.keras drops the mask silently"
        framework = None
    else:
        outcome = "Keras 3 warns that it destroys the mask"
        framework = KERAS3_WARNING.format(name=layer.name, kind=layer.kind)
    diagnostic = replay.warn(
        "LL306", layer.span,
        f"{layer.kind} ({layer.name}) does not support masking, so the mask made by "
        f"{producer.kind} ({producer.name}, {made}) stops here and padded steps count as data; "
        f"{outcome}. Remove {made}, or use a layer that takes masks (e.g. "
        "GlobalAveragePooling1D or an RNN instead of Flatten/Conv1D/GlobalMaxPooling1D)",
        layer=index, stage=stage, framework=framework)
    diagnostic.related = [Related(producer.span, f"{producer.kind} ({producer.name}) makes the "
                                  "mask")]
    if producer.kind == "Embedding" and isinstance(producer.call, Call):
        diagnostic.fixes = edits.remove_argument(replay.source, producer.call, "mask_zero")
        for fix in diagnostic.fixes:  # later layers lose the mask too: review the change
            fix.safe = False


# --- LL308: the mask reaches the loss (Keras 3) -------------------------------------------------


def output_mask(replay: Replay) -> tuple[Layer, Shape] | None:
    """The layer whose mask is still attached to the model output, with the mask's shape
    (batch axis first), or None (no mask, or something layerlint does not know on the way)."""
    if not _may_mask(replay.layers):
        return None
    producer: Layer | None = None
    mask: Shape | None = None
    for layer in replay.layers:
        if layer.spec is None or layer.args is None or not layer.built \
                or layer.input_shape is None or layer.output_shape is None:
            return None
        if layer.outputs is not None and len(layer.outputs) > 1:
            return None
        if producer is not None and (not _supports_masking(layer) or _consumes_mask(layer)):
            producer, mask = None, None
        if makes_mask(layer):
            # Embedding: one flag per id; Masking: per step, over the last (feature) axis.
            shape = layer.input_shape if layer.kind == "Embedding" else layer.input_shape[:-1]
            producer, mask = layer, shape
        elif producer is not None and layer.kind in _MASK_KEEPS_TIME_AXIS_ONLY_IF_3D \
                and len(layer.output_shape) != len(layer.input_shape):
            return None  # a layer that changes the rank around a mask: not modelled
    if producer is None or mask is None or not mask:
        return None
    return producer, mask


# Layers that hand the mask on unchanged whatever they do to the features; a rank change
# (e.g. TimeDistributed over a 4-D tensor) is not modelled.
_MASK_KEEPS_TIME_AXIS_ONLY_IF_3D = ("TimeDistributed",)


def check_mask_loss(replay: Replay, loss: Any, output: Shape, target: Shape,
                    batches: list[Any], stage: str, span: Span) -> tuple[Any, Layer] | None:
    """LL308 (Keras 3): the propagated mask weighs the loss and does not fit its shape. Measured
    on torch and TensorFlow: on another backend, not claimed, and an LL903 note at ``span``
    says so."""
    from . import losses
    from .backend_data import backend_of, modelled

    found = output_mask(replay)
    if found is None:
        return None
    producer, mask = found
    backend = backend_of(replay.model)
    if not modelled(backend):
        replay.note("LL903", span, f"the mask of {producer.kind} ({producer.name}) reaches the "
                    f"loss; whether it fits the loss on the {backend} backend is not checked "
                    "(measured on torch and TensorFlow only)")
        return None
    finding = losses.check_mask(loss, output, target, mask, batches, backend)
    return (finding, producer) if finding is not None else None


def mask_loss_fixes(replay: Replay, producer: Layer, output: Shape,
                    target: Shape) -> list[Fix]:
    """Candidates (each re-checked by fixes.verify) when the targets are one per sequence
    (shaped like the output without its time axis): the last RNN after the mask producer
    returns its last step only; or GlobalAveragePooling1D (which uses the mask up) before the
    last layer."""
    from .stack import rnn_kind

    if len(output) != 3 or tuple(target[1:]) != (output[2],):
        return []  # targets per step or of another shape: the fix is in the data
    start = replay.layers.index(producer)
    candidates: list[Fix] = []
    for layer in reversed(replay.layers[start + 1:]):
        if rnn_kind(layer) is not None and layer.args is not None \
                and layer.args.raw("return_sequences") is True:
            candidates += _return_sequences_false(replay.source, layer)
            break
    last = replay.layers[-1]
    if last is not producer and last.input_shape is not None and len(last.input_shape) == 3:
        candidates += _insert_before(replay.source, last, "GlobalAveragePooling1D")
    return candidates


def _return_sequences_false(source: str, rnn: Layer) -> list[Fix]:
    """The model then outputs one value per sequence, and the loss no longer sees the mask;
    unsafe here because the output changes meaning for whoever reads it."""
    from .fix_builders import return_sequences

    fixes = return_sequences(source, rnn, False)
    for fix in fixes:
        fix.title += ": one output per sequence"
        fix.safe = False
    return fixes


def _insert_before(source: str, layer: Layer, sibling: str) -> list[Fix]:
    from .fix_builders import insert_before

    return insert_before(source, layer, sibling, ": it averages the unmasked steps")


def keras2_mask_finding(replay: Replay, event: Any, x: Any, loss: Any, output: Shape,
                        target: Shape, sigmoid_output: bool | None) -> Any:
    """LL308 in tf.keras 2 (keras2_losses.check_mask), or None. tf.function traces the data's
    own shape, so a mask made by the first layer has the data's steps even when the model
    declares them free (``Embedding`` without ``input_length``)."""
    from . import losses_keras2 as keras2_losses

    if "sample_weight" in event.kwargs or "class_weight" in event.kwargs:
        return None
    found = output_mask(replay)
    if found is None:
        return None
    producer, mask = found
    data = getattr(x, "shape", None)
    if replay.layers[0] is producer and data is not None and len(data) >= len(mask):
        mask = tuple(m if m is not None else d for m, d in zip(mask, data))
    return keras2_losses.check_mask(loss, output, target, mask, sigmoid_output)
