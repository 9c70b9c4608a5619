"""A layer that returns several tensors inside a Keras 3 Sequential model (an RNN with
``return_state=True``, ``Bidirectional(..., merge_mode=None)``): what the next layer does with the
list. Measured on Keras 3.15 (torch backend), layer by layer:

* layers with an InputSpec reject the list when the model is built ("Layer "dense" expects 1
  input(s), but it received 2 input tensors"), and a few others fail then with their own error;
* element-wise layers accept it at build, then the model fails when called on data (``fit``,
  ``predict``, ``model(x)``);
* Dropout-like layers pass the list on; a model whose output is still a list can ``predict``, but
  ``fit`` fails to match its single target with the list (a KeyError on the loss path).

Layers not listed are not modelled: what follows them is unknown, never an error.
"""

from __future__ import annotations

from typing import Literal

from ...layers.base import LayerError

Verdict = Literal["build", "call", "pass"]

_INPUT_SPEC = {
    "Dense", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "RepeatVector", "Flatten",
    "Permute", "LSTM", "GRU", "SimpleRNN", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose",
    "Conv2DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv2D",
    "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
    "GlobalAveragePooling3D", "GlobalMaxPooling3D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "ZeroPadding1D", "ZeroPadding2D",
    "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D",
    "UpSampling3D", "Bidirectional",
}
# Fail at build with an error of their own (shape conversion, 'tuple' has no attribute, ...).
_OTHER_BUILD_FAILURES = {
    "PReLU", "BatchNormalization", "LayerNormalization", "GroupNormalization", "Reshape",
    "Embedding", "Masking", "TimeDistributed",
}
_CALL_FAILURES = {
    "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "UnitNormalization", "Rescaling",
}
_PASS = {
    "Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization",
    "Identity",
}


def verdict(kind: str) -> Verdict | None:
    """When Keras fails on a list of tensors reaching a ``kind`` layer; None if not modelled."""
    if kind in _INPUT_SPEC or kind in _OTHER_BUILD_FAILURES:
        return "build"
    if kind in _CALL_FAILURES:
        return "call"
    if kind in _PASS:
        return "pass"
    return None


def error(kind: str, name: str, count: int, producer: str) -> LayerError:
    if kind in _INPUT_SPEC:
        framework = (f'ValueError: Layer "{name}" expects 1 input(s), but it received {count} '
                     "input tensors.")
    elif kind in _OTHER_BUILD_FAILURES:
        framework = f"Keras fails inside {kind} on a list of {count} tensors"
    else:
        framework = ("ValueError: Exception encountered when calling Sequential.call(). Output "
                     "with path `1` is not connected to `inputs`")
    return LayerError(
        "LL107",
        f"{kind} receives the {count} tensors that {producer} returns (return_state=True or "
        "merge_mode=None) but takes a single tensor",
        framework,
        expected="one tensor",
        found=f"{count} tensors",
    )
