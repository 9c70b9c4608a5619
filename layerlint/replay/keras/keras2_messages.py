"""tf.keras 2's wording of the catalogue's Keras 3 exception texts (keras2.py's replay and the
graph, nested and subclass replays of tf.keras 2), each measured with tf_keras 2.21."""

from __future__ import annotations

import re
from typing import Any

from ...shapes import Shape, format_shape
from . import stateful_keras2
from .stack import Layer

_INPUT_SPEC = re.compile(r"Input 0 with name '[^']*' of layer '([^']*)'")
_UNRECOGNISED = re.compile(r"ValueError: Unrecognized keyword arguments passed to \w+: \{'(\w+)'")
_SEQUENTIAL_CALL = "ValueError: Exception encountered when calling Sequential.call(). "
_INT_OF_NONE = ("TypeError: int() argument must be a string, a bytes-like object or a real "
                "number, not 'NoneType'")
_CARDINALITY = re.compile(r"ValueError: Data cardinality is ambiguous\. Make sure all arrays "
                          r"contain the same number of samples\.'x' sizes: (?P<x>[^\n]*)\n"
                          r"(?:'y' sizes: (?P<y>[^\n]*)\n)?$")


def keras2_message(text: str | None, layer: Layer | None = None,
                   shape: Shape | None = None, built: bool = False) -> str | None:
    """The Keras 3 exception text of the catalogue, as tf.keras 2 words it (``built``: the layer
    already has its weights, so only the TensorFlow op checks what it is fed)."""
    if text is None:
        return None
    text = _INPUT_SPEC.sub(r'Input 0 of layer "\1"', text)
    ambiguous = _CARDINALITY.match(text)
    if ambiguous:
        sizes = "".join(f"  {label} sizes: {ambiguous.group(label)}\n" for label in "xy"
                        if ambiguous.group(label) is not None)
        return ("ValueError: Data cardinality is ambiguous:\n" + sizes
                + "Make sure all arrays contain the same number of samples.")
    unrecognised = _UNRECOGNISED.match(text)
    if unrecognised:
        return f"TypeError: ('Keyword argument not understood:', '{unrecognised.group(1)}')"
    if text == "ValueError: Received an invalid value for `units`, expected a positive " \
            "integer. Received: units=None":  # tf.keras 2 runs int(units) first
        return _INT_OF_NONE
    if text.startswith(stateful_keras2.KERAS3_STATIC_BATCH):
        return stateful_keras2.NEEDS_BATCH_SIZE
    if "Shapes used to initialize variables must be fully-defined" in text and layer is not None \
            and layer.kind == "Dense" and shape is not None:
        return ("ValueError: The last dimension of the inputs to a Dense layer should be defined. "
                f"Found None. Full input shape received: {format_shape(shape)}")
    if "Computed output size would be zero or negative" in text and layer is not None:
        return _downsampling_message(layer, shape, built) or text
    if text.startswith("ValueError: The total size of the tensor must be unchanged"):
        if layer is None or shape is None or layer.args is None:
            return "ValueError: total size of new array must be unchanged"
        target = list(layer.args.raw("target_shape") or ())
        return _call_error(layer, shape, "total size of new array must be unchanged, "
                           f"input_shape = {list(shape[1:])}, output_shape = {target}")
    if layer is not None and shape is not None and layer.args is not None \
            and layer.kind in ("BatchNormalization", "LayerNormalization") \
            and text.startswith(("IndexError: tuple index out of range", "ValueError: Axis ")):
        axis = layer.args.raw("axis")
        axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        normalized = tuple(a + len(shape) if isinstance(a, int) and a < 0 else a for a in axes)
        return ("ValueError: Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank "
                f"(with inputs.rank={len(shape)}). Received: axis={normalized}")
    if layer is not None and shape is not None and layer.args is not None \
            and layer.kind in ("Cropping1D", "Cropping2D") and "`cropping`" in text:
        cropping = layer.args.raw("cropping")
        cropping = (cropping, cropping) if isinstance(cropping, int) else cropping
        said = ("cropping parameter of Cropping layer must be" if layer.kind == "Cropping1D"
                else "Argument `cropping` must be")
        return _call_error(layer, shape, f"{said} greater than the input shape. Received: "
                           f"inputs.shape={format_shape(shape)}, and cropping={cropping}")
    return text


# Layers whose build checks the output size (tf_keras base_conv.Conv.compute_output_shape);
# the others reach TensorFlow's op, which raises "Negative dimension size".
_BUILD_CHECKS_OUTPUT = frozenset({"Conv1D", "Conv2D", "Conv3D"})


def _downsampling_message(layer: Layer, shape: Shape | None, built: bool = False) -> str | None:
    """tf.keras 2's text for a window larger than its input (measured with tf_keras 2.21).

    Conv1D/2D/3D check their output length ``(n - dilated_kernel + stride) // stride`` when
    built and raise "One of the dimensions in the output is <= 0" only when it is negative; a
    zero length, and every pooling, separable or depthwise window, reaches TensorFlow's op:
    "Negative dimension size caused by subtracting k from n" (n divided by the dilation, as
    TF's atrous convolution does), followed by the op's node definition, which layerlint does
    not reproduce: that message is a prefix of the real one."""
    args = layer.args
    if args is None or shape is None:
        return None
    window = args.raw("kernel_size") or args.raw("pool_size")
    strides = args.raw("strides")
    dilation = args.raw("dilation_rate") or 1
    first = 2 if layer.kind.startswith("ConvLSTM") else 1  # after the time axis
    spatial = (shape[first + 1:] if args.raw("data_format") == "channels_first"
               else shape[first:-1])
    rank = len(spatial)
    windows, steps, rates = (_per_axis(v, rank) for v in (window, strides or window, dilation))
    if None in (windows, steps, rates) or not all(isinstance(n, int) for n in spatial):
        return None
    axes = list(zip(spatial, windows, steps, rates))  # type: ignore[arg-type]
    if not built and layer.kind in _BUILD_CHECKS_OUTPUT and any(n - (k - 1) * d - 1 + s < 0
                                                  for n, k, s, d in axes):
        return ("ValueError: One of the dimensions in the output is <= 0 due to downsampling "
                f"in {layer.name}. Consider increasing the input size. Received input shape "
                f"{list(shape)} which would produce output shape with a zero or negative value "
                "in a dimension.")
    for n, k, _, d in axes:
        if n < (k - 1) * d + 1:
            return _call_error(layer, shape, "Negative dimension size caused by subtracting "
                               f"{k} from {-(-n // d)}", arguments=False)
    return None


def _per_axis(value: Any, rank: int) -> tuple[int, ...] | None:
    if isinstance(value, int):
        return (value,) * rank
    if isinstance(value, (tuple, list)) and len(value) == rank \
            and all(isinstance(v, int) for v in value):
        return tuple(value)
    return None


def _call_error(layer: Layer, shape: Shape, inner: str, arguments: bool = True) -> str:
    """An error raised in a layer's ``call`` as tf.keras 2 wraps it (the input assumed float32,
    as from ``Input``); without ``arguments``, only the text up to ``inner``."""
    head = f'layer "{layer.name}" (type {layer.kind})'
    text = f"ValueError: Exception encountered when calling {head}.\n\n{inner}"
    if not arguments:
        return text
    return (f"{text}\n\nCall arguments received by {head}:\n"
            f"  \u2022 inputs=tf.Tensor(shape={format_shape(shape)}, dtype=float32)")


def keras2_call_error(model_name: str, framework: str) -> str:
    """A layer's error raised while the model runs on data, wrapped as tf.keras 2 does: an
    error of the layer's own call() (a TensorFlow op's) is wrapped by that layer alone, with its
    name in single quotes (measured, as in subclass_keras2.py); any other by the Sequential."""
    inner = framework.removeprefix(_SEQUENTIAL_CALL).removeprefix("ValueError: ")
    if inner.startswith('Exception encountered when calling layer "'):
        return "ValueError: " + re.sub(r'calling layer "([^"]*)"', r"calling layer '\1'", inner)
    return (f"ValueError: Exception encountered when calling layer '{model_name}' (type "
            f"Sequential). {inner}")
