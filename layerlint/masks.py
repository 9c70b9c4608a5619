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

from typing import TYPE_CHECKING

from .diagnostics import Related
from .ir import Call

if TYPE_CHECKING:
    from .keras_model import Layer, Replay

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


def _supports_masking(layer: Layer) -> bool:
    assert layer.spec is not None
    return layer.spec.supports_masking or makes_mask(layer)


def _consumes_mask(layer: Layer) -> bool:
    """An RNN that returns only its last output and GlobalAveragePooling1D use the mask up."""
    from .keras_model import rnn_kind

    if layer.kind == "GlobalAveragePooling1D":
        return True
    shape = layer.output_shape
    return rnn_kind(layer) is not None and shape is not None and len(shape) == 2


def check_masks(replay: Replay, stage: str) -> None:
    """LL306 (warning): follow the mask through the built stack like Keras does; unknown layers,
    arguments or shapes end the walk silently."""
    from .keras2_model import Keras2Replay

    producer: Layer | None = None
    for index, layer in enumerate(replay.layers):
        if layer.spec is None or layer.args is None or not layer.built \
                or layer.input_shape is None:
            return
        if producer is not None and not _supports_masking(layer):
            _warn(replay, index, layer, producer, stage, isinstance(replay, Keras2Replay))
            producer = None
        elif producer is not None and _consumes_mask(layer):
            producer = None
        if makes_mask(layer):
            producer = layer


def _warn(replay: Replay, index: int, layer: Layer, producer: Layer, stage: str,
          keras2: bool) -> None:
    from . import fixes

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
        diagnostic.fixes = fixes.remove_argument(replay.source, producer.call, "mask_zero")
        for fix in diagnostic.fixes:  # later layers lose the mask too: review the change
            fix.safe = False
