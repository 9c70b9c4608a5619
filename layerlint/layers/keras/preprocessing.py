"""Keras preprocessing layers: image augmentation (RandomFlip, RandomRotation, RandomZoom,
RandomTranslation, RandomContrast, RandomBrightness), cropping and resizing (RandomCrop,
CenterCrop, Resizing) and Normalization. Rescaling lives in normalization.py.

Measured on Keras 3.15 (tests/test_catalogue_preprocessing.py):

* The augmentation layers are inactive at inference but still take part in building: their
  ``compute_output_shape`` returns the input shape for any rank (the "3-D or 4-D image" rule of
  their docstrings is only enforced when real data are transformed). They have no weights.
* RandomCrop, CenterCrop and Resizing replace the height and width axes by index: channels_last
  ``[-3], [-2]`` (RandomCrop) or ``[1], [2]`` of a 4-D input and ``[0], [1]`` otherwise
  (CenterCrop, Resizing: Keras reads a 3-D input as one unbatched image). When that overwrites
  the batch axis (``Input((180, 180))`` then ``Resizing``) the shape Keras computes depends on
  reading the batch as the image height; layerlint leaves the output unknown there. An input
  with too few axes raises ``IndexError: list assignment index out of range`` when built;
  CenterCrop accepts only 3-D and 4-D inputs. The new height/width go through
  ``standardize_shape`` (negative, float and string sizes fail when built; 0 and None pass).
* Normalization counts mean, variance (sized from the kept axes) and a scalar count as
  non-trainable weights, unless ``mean=``/``variance=`` are given (no weights then, and they must
  broadcast to the kept axes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim, Shape, format_shape
from ...shown import type_name
from ..base import KERAS_BASE_KWARGS, Args, LayerError, Out, Unmodelled, keras_layer
from . import image_keras2
from ._checks import all_of, check_data_format, check_regularizers_and_constraints, known
from .conv import wrapped_call_error
from .core import standardize_shape
from .image_keras2 import keras2 as _tf_keras2

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")

# BaseImagePreprocessingLayer.__init__(factor=None, bounding_box_format=None, data_format=None,
# **kwargs): the keywords every image layer takes besides its own and the base layer's.
_IMAGE_KWARGS = {**KERAS_BASE_KWARGS, "bounding_box_format": None, "data_format": None,
                 "factor": None}
_IMAGE_KWARGS_OWN_FACTOR = {k: v for k, v in _IMAGE_KWARGS.items() if k != "factor"}


def _per_dialect(keras3: Callable[[Args], None],
                 keras2: Callable[[Args], None] | None) -> Callable[[Args], None]:
    """A creation check that is Keras 3's, or tf.keras 2's own (image_keras2.py)."""

    def check(a: Args) -> None:
        if not _tf_keras2(a):
            keras3(a)
        elif keras2 is not None:
            keras2(a)

    return check


def _augmented(a: Args, x: Shape) -> Out:
    """The shape-keeping augmentation layers: any rank in Keras 3; in tf.keras 2 the rank their
    transformation accepts when the model is built."""
    if _tf_keras2(a):
        image_keras2.image_rank(a, x)
    return Out(x)


def _init_error(a: Args, arg: str, message: str, framework: str) -> LayerError:
    return LayerError("LL105", f"{a.layer_type}: {message}", framework, arg=arg)


# --- factors --------------------------------------------------------------------------------


def _base_factor(bounds: tuple[int, int], arg: str = "factor"):
    """BaseImagePreprocessingLayer._set_factor (``factor or 0.0``, then a number in bounds or a
    pair whose first item is not above the upper bound and second not below the lower one)."""
    lo, hi = bounds

    def check(a: Args) -> None:
        factor = known(a, arg)
        if factor is UNKNOWN:
            return
        factor = factor or 0.0
        if isinstance(factor, (tuple, list)) and UNKNOWN in factor:
            return
        bad = f"a number in [{lo}, {hi}] or a pair of numbers"
        framework = (
            "ValueError: The `factor` argument should be a number (or a list of two numbers) in "
            f"the range [{lo}, {hi}]. Received: factor={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise _init_error(a, arg, f"{arg} must be {bad}, got {factor!r}", framework)
            first, second = factor
            if not all(isinstance(v, (int, float)) for v in factor):
                raise Unmodelled(f"{a.layer_type}({arg}={factor!r})")
            if first > hi or second < lo:
                raise _init_error(a, arg, f"{arg} must be {bad}, got {factor!r}", framework)
        elif isinstance(factor, (int, float)):
            if not lo <= factor <= hi:
                raise _init_error(a, arg, f"{arg} must be {bad}, got {factor!r}", framework)
        elif isinstance(factor, (str, dict)):
            raise _init_error(a, arg, f"{arg} must be {bad}, got {factor!r}", framework)
        else:
            raise Unmodelled(f"{a.layer_type}({arg}=...)")

    return check


def _no_base_factor(a: Args) -> None:
    """Layers with _USE_BASE_FACTOR = False reject a ``factor=`` keyword that is not None."""
    factor = known(a, "factor")
    if factor is None or factor is UNKNOWN:
        return
    raise _init_error(
        a, "factor", "takes no factor argument",
        f"ValueError: Layer {a.layer_type} does not take a `factor` argument. "
        f"Received: factor={factor}",
    )


def _own_factor(prefix: str, excluded_low: bool):
    """RandomZoom/RandomTranslation._set_factor for ``height_factor`` / ``width_factor`` (RandomZoom
    alone has the interval open below, and skips ``width_factor=None``)."""

    def check_one(a: Args, arg: str) -> None:
        factor = known(a, arg)
        if factor is UNKNOWN or (excluded_low and arg == "width_factor" and factor is None):
            return
        interval = "(-1.0, 1.0]" if excluded_low else "[-1.0, 1.0]"
        wording = f"{arg} must be a number in {interval} or a pair of them"

        def error(received: str) -> LayerError:
            return _init_error(a, arg, f"{wording}, got {factor!r}",
                               f"ValueError: {prefix} in the range {interval}. Received: "
                               f"{received}")

        def check_range(value: Any) -> None:
            if value is UNKNOWN or not isinstance(value, (int, float)):
                raise Unmodelled(f"{a.layer_type}({arg}=...)")
            if value > 1.0 or (value <= -1.0 if excluded_low else value < -1.0):
                raise error(f"input_number={value}")

        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise error(f"{arg}={factor}")
            for value in factor:
                check_range(value)
        elif isinstance(factor, (int, float)):
            check_range(factor)
        elif isinstance(factor, (str, dict, type(None))):
            raise error(f"{arg}={factor}")
        else:
            raise Unmodelled(f"{a.layer_type}({arg}=...)")

    def check(a: Args) -> None:
        check_one(a, "height_factor")
        check_one(a, "width_factor")

    return check


def _choice(arg: str, allowed: tuple[str, ...]):
    def check(a: Args) -> None:
        value = known(a, arg)
        if value is UNKNOWN or value in allowed:
            return
        raise LayerError(
            "LL105",
            f"{a.layer_type}: {arg} must be one of {', '.join(allowed)}, got {value!r}",
            f"NotImplementedError: Unknown `{arg}` {value}. Expected of one {allowed}.",
            arg=arg,
        )

    return check


def _value_range(a: Args) -> None:
    """RandomBrightness._set_value_range."""
    value = known(a, "value_range")
    if value is UNKNOWN:
        return
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise _init_error(
            a, "value_range", f"value_range must be a pair of numbers, got {value!r}",
            "ValueError: The `value_range` argument should be a list of two numbers. "
            f"Received: value_range={value}",
        )


_FILL_AND_INTERPOLATION = (_choice("fill_mode", _FILL_MODES),
                           _choice("interpolation", _INTERPOLATIONS))


# --- shape-keeping augmentation layers ------------------------------------------------------


@keras_layer("RandomFlip", "mode='horizontal_and_vertical', seed=None, data_format=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _no_base_factor), image_keras2.random_flip),
             base_kwargs=_IMAGE_KWARGS)
def random_flip(a: Args, x: Shape) -> Out:
    return _augmented(a, x)


@keras_layer("RandomRotation",
             "factor, fill_mode='reflect', interpolation='bilinear', seed=None, fill_value=0.0, "
             "data_format=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _base_factor((-1, 1)), *_FILL_AND_INTERPOLATION),
                                   image_keras2.random_rotation),
             base_kwargs=_IMAGE_KWARGS_OWN_FACTOR)
def random_rotation(a: Args, x: Shape) -> Out:
    return _augmented(a, x)


@keras_layer("RandomZoom",
             "height_factor, width_factor=None, fill_mode='reflect', interpolation='bilinear', "
             "seed=None, fill_value=0.0, data_format=None",
             validate=_per_dialect(all_of(
                 check_regularizers_and_constraints, _no_base_factor,
                 _own_factor("The `height_factor` and `width_factor` arguments should be a "
                             "number (or a list of two numbers)", True),
                 *_FILL_AND_INTERPOLATION, check_data_format), image_keras2.random_zoom),
             base_kwargs=_IMAGE_KWARGS)
def random_zoom(a: Args, x: Shape) -> Out:
    return _augmented(a, x)


@keras_layer("RandomTranslation",
             "height_factor, width_factor, fill_mode='reflect', interpolation='bilinear', "
             "seed=None, fill_value=0.0, data_format=None",
             validate=_per_dialect(all_of(
                 check_regularizers_and_constraints, check_data_format, _no_base_factor,
                 _own_factor("The `factor` argument should be a number (or a list of two "
                             "numbers)", False),
                 *_FILL_AND_INTERPOLATION), image_keras2.random_translation),
             base_kwargs=_IMAGE_KWARGS)
def random_translation(a: Args, x: Shape) -> Out:
    return _augmented(a, x)


@keras_layer("RandomContrast", "factor, value_range=(0, 255), seed=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _base_factor((0, 1))), image_keras2.random_contrast),
             base_kwargs=_IMAGE_KWARGS_OWN_FACTOR)
def random_contrast(a: Args, x: Shape) -> Out:
    return _augmented(a, x)


@keras_layer("RandomBrightness", "factor, value_range=(0, 255), seed=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _base_factor((-1, 1)), _value_range),
                                   image_keras2.random_brightness),
             base_kwargs=_IMAGE_KWARGS_OWN_FACTOR)
def random_brightness(a: Args, x: Shape) -> Out:
    return _augmented(a, x)


# --- cropping and resizing ------------------------------------------------------------------


def _channels_first(a: Args) -> bool:
    fmt = a.data_format
    return fmt is not None and str(fmt).lower() == "channels_first"


def _size(a: Args, arg: str) -> Any:
    value = a.raw(arg)
    return UNKNOWN_DIM if value is UNKNOWN else value


def _resize_axes(a: Args, x: Shape, axes: tuple[int, int]) -> Out:
    """``input_shape[h], input_shape[w] = height, width`` as compute_output_shape does it."""
    if any(not -len(x) <= axis < len(x) for axis in axes):
        raise LayerError(
            "LL101",
            f"{a.layer_type} needs an image input with height and width axes but receives "
            f"{len(x)}-D input {format_shape(x)}",
            wrapped_call_error(a, "IndexError", "list assignment index out of range"),
            expected="an image input", found=format_shape(x),
        )
    if any(axis % len(x) == 0 for axis in axes):
        raise Unmodelled(
            f"{a.layer_type} on the {len(x)}-D input {format_shape(x)} (Keras reads it as one "
            "unbatched image, its batch axis as the height)"
        )
    dims: list[Any] = list(x)
    dims[axes[0]], dims[axes[1]] = _size(a, "height"), _size(a, "width")
    negative = any(isinstance(d, int) and d < 0 for d in (dims[axes[0]], dims[axes[1]]))
    if negative and a.layer_type == "Resizing" and _tf_keras2(a):
        # tf.keras 2 builds Resizing(-1, 5) with a free axis (measured); not modelled further.
        raise Unmodelled(f"Resizing({a.raw('height')!r}, {a.raw('width')!r}) in tf.keras 2")
    try:
        shape = standardize_shape(tuple(dims))
    except LayerError as problem:
        raise LayerError(
            "LL105",
            f"{a.layer_type}: height and width must be non-negative integers "
            f"(output {format_shape(tuple(dims))})",
            wrapped_call_error(a, *problem.framework.split(": ", 1)),
            arg="height",
        ) from None
    return Out(shape)


@keras_layer("RandomCrop", "height, width, seed=None, data_format=None, name=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _base_factor((-1, 1))), None),
             base_kwargs=_IMAGE_KWARGS)
def random_crop(a: Args, x: Shape) -> Out:
    if _tf_keras2(a):
        _keras2_crop_checks(a, x)
    return _resize_axes(a, x, (-2, -1) if _channels_first(a) else (-3, -2))


def _image_axes(a: Args, x: Shape) -> tuple[int, int]:
    """CenterCrop/Resizing: the axes of a 4-D batch, otherwise of one unbatched image."""
    if len(x) == 4:
        return (2, 3) if _channels_first(a) else (1, 2)
    return (1, 2) if _channels_first(a) else (0, 1)


@keras_layer("CenterCrop", "height, width, data_format=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _no_base_factor), None),
             base_kwargs=_IMAGE_KWARGS)
def center_crop(a: Args, x: Shape) -> Out:
    if _tf_keras2(a):
        _keras2_crop_checks(a, x)
    if len(x) not in (3, 4):
        raise LayerError(
            "LL101",
            f"CenterCrop expects a 4-D batch of images (or one 3-D image) but receives "
            f"{len(x)}-D input {format_shape(x)}",
            wrapped_call_error(a, "ValueError", "`input_shape` must be a non-nested tuple or "
                               "list of rank-1 with size 3 (unbatched) or 4 (batched). "),
            expected="4-D input", found=format_shape(x),
        )
    return _resize_axes(a, x, _image_axes(a, x))


@keras_layer("Resizing",
             "height, width, interpolation='bilinear', crop_to_aspect_ratio=False, "
             "pad_to_aspect_ratio=False, fill_mode='constant', fill_value=0.0, antialias=False, "
             "data_format=None",
             validate=_per_dialect(all_of(check_regularizers_and_constraints, check_data_format,
                                          _no_base_factor), image_keras2.tf_interpolation),
             base_kwargs=_IMAGE_KWARGS)
def resizing(a: Args, x: Shape) -> Out:
    if _tf_keras2(a):
        if len(x) not in (3, 4):
            inner = ("'images' must have either 3 or 4 dimensions."
                     if a.raw("crop_to_aspect_ratio") is False else
                     "Expected an image array with shape `(height, width, channels)`, or "
                     "`(batch_size, height, width, channels)`, but got input with incorrect "
                     f"rank, of shape {format_shape(x)}.")
            if a.raw("crop_to_aspect_ratio") not in (False, True):
                raise Unmodelled("Resizing(crop_to_aspect_ratio=...) in tf.keras 2")
            raise LayerError(
                "LL101", f"Resizing in tf.keras 2 needs a 3-D or 4-D image input but receives "
                f"{len(x)}-D input {format_shape(x)}", image_keras2.call_error(a, inner),
                expected="3-D or 4-D input", found=format_shape(x))
        if any(not isinstance(a.raw(arg), int) for arg in ("height", "width")):
            raise Unmodelled("Resizing(height=..., width=...) in tf.keras 2")
    return _resize_axes(a, x, _image_axes(a, x))


# --- Normalization --------------------------------------------------------------------------


def _nested_shape(value: Any) -> tuple[int, ...] | None:
    """np.shape of a literal number / nested list; None when layerlint cannot tell."""
    if isinstance(value, (int, float)):  # bool included, as np.shape does
        return ()
    if isinstance(value, (tuple, list)) and value:
        inner = [_nested_shape(v) for v in value]
        if any(s is None for s in inner) or len(set(inner)) != 1:
            return None
        return (len(value),) + inner[0]  # type: ignore[operator]
    return None


def _normalization_axes(a: Args) -> tuple[Any, ...]:
    axis = a.axis
    if axis is None:
        return ()
    if isinstance(axis, int):
        return (axis,)
    if isinstance(axis, (tuple, list, str)):
        return tuple(axis)
    if isinstance(axis, float):
        raise _init_error(a, "axis", f"axis must be an integer or a tuple, got {axis!r}",
                          "TypeError: 'float' object is not iterable")
    raise Unmodelled(f"Normalization(axis={axis!r})")


def _normalization_arguments(a: Args) -> None:
    mean, variance = known(a, "mean"), known(a, "variance")
    if UNKNOWN in (mean, variance):
        return
    if (mean is None) != (variance is None):
        raise _init_error(
            a, "mean" if mean is not None else "variance", "mean= and variance= go together",
            "ValueError: When setting values directly, both `mean` and `variance` must be set. "
            f"Received: mean={mean} and variance={variance}",
        )
    if mean is None:
        return
    mean_shape, variance_shape = _nested_shape(mean), _nested_shape(variance)
    if mean_shape is None or variance_shape is None:
        return
    if mean_shape != variance_shape:
        raise _init_error(
            a, "variance", "mean and variance must have the same shape",
            "ValueError: When setting values directly, `mean` and `variance` must have the same "
            f"shape. Received: mean shape {mean_shape} and variance shape {variance_shape}",
        )
    try:
        axes = _normalization_axes(a)
    except Unmodelled:
        return
    if len(mean_shape) > len(axes):
        raise _init_error(
            a, "mean", f"mean has more axes than the {len(axes)} normalized",
            "ValueError: The rank of `mean` must be less than or equal to the number of axes "
            f"({len(axes)}). Received: mean shape {mean_shape} for axis {axes}",
        )


@keras_layer("Normalization", "axis=-1, mean=None, variance=None, invert=False",
             validate=_per_dialect(all_of(_normalization_axes, _normalization_arguments,
                                          check_regularizers_and_constraints),
                                   image_keras2.normalization),
             supports_masking=True)
def normalization(a: Args, x: Shape) -> Out:
    axes = _normalization_axes(a)
    ndim = len(x)
    for axis in axes:
        if not isinstance(axis, int):
            raise LayerError(
                "LL105", f"Normalization: axis {axis!r} is not an integer",
                f"TypeError: '<' not supported between instances of '{type_name(axis)}' "
                "and 'int'", arg="axis",
            )
    if any(axis < -ndim or axis >= ndim for axis in axes):
        raise LayerError(
            "LL105",
            f"Normalization: axis {axes} does not exist in its {ndim}-D input {format_shape(x)}",
            ("ValueError: All `axis` values must be in the range [-ndim, ndim). Found ndim: "
             f"`{ndim}`, axis: {axes}") if _tf_keras2(a) else
            ("ValueError: All `axis` values must be in the range [-ndim, ndim). Received inputs "
             f"with ndim={ndim}, while axis={axes}"),
            arg="axis",
        )
    keep = sorted(axis % ndim for axis in axes)
    if len(set(keep)) != len(keep):
        raise Unmodelled(f"Normalization(axis={axes}) naming an axis twice")
    for d in keep:
        if x[d] is None:
            raise LayerError(
                "LL106",
                f"Normalization sizes its mean and variance from axis {d} of its input, which "
                f"is not defined (input {format_shape(x)})",
                ("ValueError: All `axis` values to be kept must have known shape. Got axis: "
                 f"{axes}, input shape: {list(x)}, with unknown axis at index: {d}")
                if _tf_keras2(a) else
                ("ValueError: All `axis` values to be kept must have a known shape. Received "
                 f"axis={axes}, inputs.shape={format_shape(x)}, with unknown axis at index {d}"),
                found=format_shape(x),
            )
    kept: list[Dim] = [x[d] for d in keep]
    mean = a.raw("mean")
    if mean is None:
        if all(isinstance(d, int) for d in kept):
            count = 2 * math.prod(kept) + 1  # type: ignore[arg-type]
            return Out(x, count, count)
        return Out(x, None, None)
    shape = _nested_shape(mean)
    if shape is None:  # an array or a value layerlint could not evaluate
        return Out(x, None, None)
    if _tf_keras2(a):
        # tf.keras 2 broadcasts given statistics otherwise; measured only for a scalar, or one
        # value per feature on the default last axis.
        if shape == () or (axes == (-1,) and shape == (x[-1],) and isinstance(x[-1], int)):
            return Out(x)
        raise Unmodelled("Normalization(mean=..., variance=...) in tf.keras 2")
    if len(shape) > len(keep):
        raise Unmodelled(f"Normalization(mean=...) with more axes than axis={axes}")
    _check_broadcast(x, keep, shape)
    return Out(x)


def _check_broadcast(x: Shape, keep: list[int], mean_shape: tuple[int, ...]) -> None:
    """Normalization.build: mean aligned right to left on the kept axes, broadcast to them."""
    target: list[Dim] = [x[d] if d in keep else 1 for d in range(len(x))]
    expanded: list[int] = [1] * len(x)
    for i in range(1, len(mean_shape) + 1):
        expanded[keep[-i]] = mean_shape[-i]
    for d in reversed(range(len(x))):  # torch reports the last mismatching axis
        if not isinstance(target[d], int):
            continue
        if expanded[d] != 1 and expanded[d] != target[d]:
            raise LayerError(
                "LL102",
                f"Normalization's mean has {expanded[d]} values on axis {d} but the input has "
                f"{target[d]} (input {format_shape(x)})",
                f"RuntimeError: The expanded size of the tensor ({target[d]}) must match the "
                f"existing size ({expanded[d]}) at non-singleton dimension {d}.  Target sizes: "
                f"{_torch_list(target)}.  Tensor sizes: {_torch_list(expanded)}",
                expected=str(target[d]), found=str(expanded[d]),
            )


def _torch_list(dims: list[Any]) -> str:
    return "[" + ", ".join(str(d) for d in dims) + "]"


def _keras2_crop_checks(a: Args, x: Shape) -> None:
    """tf.keras 2's RandomCrop and CenterCrop crop the symbolic image when built: the height and
    width axes are read, the sizes used, the rank checked (3-D or 4-D), then the sizes checked
    (measured with tf_keras 2.21, in that order)."""
    def rank_error(inner: str) -> LayerError:
        return LayerError(
            "LL101", f"{a.layer_type} in tf.keras 2 needs a 3-D or 4-D image input but receives "
            f"{len(x)}-D input {format_shape(x)}", image_keras2.call_error(a, inner),
            expected="3-D or 4-D input", found=format_shape(x))

    if len(x) < 3:
        raise rank_error(f"slice index {len(x) - 3} of dimension 0 out of bounds.")
    sizes = {arg: a.raw(arg) for arg in ("height", "width")}
    if not all(isinstance(size, int) for size in sizes.values()):
        raise Unmodelled(f"{a.layer_type}(height=..., width=...) in tf.keras 2")
    if len(x) > 4:
        raise rank_error(f"'image' (shape {format_shape(x)}) must have either 3 or 4 dimensions.")
    for arg, size in sizes.items():
        if size <= 0:
            raise LayerError("LL105", f"{a.layer_type}: {arg} must be positive, got {size}",
                             image_keras2.call_error(a, f"target_{arg} must be > 0."), arg=arg)


# --- tf.keras 2 only: RandomHeight, RandomWidth ---------------------------------------------

def _keras2_random_size_arguments(a: Args) -> None:
    """tf_keras RandomHeight/RandomWidth.__init__: the factor's bounds, then the interpolation."""
    factor = known(a, "factor")
    if factor is UNKNOWN:
        return
    if isinstance(factor, (tuple, list)):
        if len(factor) < 2:
            kind = "tuple" if isinstance(factor, tuple) else "list"
            raise _init_error(a, "factor", f"factor must be a number or a pair, got {factor!r}",
                              f"IndexError: {kind} index out of range")
        lower, upper = factor[0], factor[1]
    elif isinstance(factor, (str, type(None))):
        raise _init_error(a, "factor", f"factor must be a number or a pair, got {factor!r}",
                          f"TypeError: bad operand type for unary -: '{type_name(factor)}'")
    else:
        lower, upper = -factor, factor
    if not all(isinstance(v, (int, float)) for v in (lower, upper)):
        raise Unmodelled(f"{a.layer_type}(factor={factor!r})")
    if upper < lower:
        less = "lesser" if a.layer_type == "RandomHeight" else "less"  # their own wordings
        raise LayerError(
            "LL105", f"{a.layer_type}: factor's upper bound {upper} is below its lower bound "
            f"{lower}",
            f"ValueError: `factor` argument cannot have an upper bound {less} than the lower "
            f"bound. Received: factor={factor}", arg="factor")
    if lower < -1.0 or upper < -1.0:
        raise LayerError(
            "LL105", f"{a.layer_type}: factor's bounds must be at least -1, got {factor!r}",
            f"ValueError: `factor` argument must have values larger than -1. Received: "
            f"factor={factor}", arg="factor")
    image_keras2.tf_interpolation(a)


def _keras2_random_size(axis: int):
    """tf.keras 2 builds the layer by resizing the symbolic image: a 3-D or 4-D input, whose
    height (axis -3) or width (axis -2) becomes free (measured with tf_keras 2.21)."""

    def call(a: Args, x: Shape) -> Out:
        wrapped = f'ValueError: Exception encountered when calling layer "{a.name}" (type ' \
            f"{a.layer_type}).\n\n"
        if len(x) < 3:
            raise LayerError(
                "LL101", f"{a.layer_type} needs a 3-D image or a 4-D batch of images but receives "
                f"{len(x)}-D input {format_shape(x)}",
                f"{wrapped}slice index {len(x) - 3} of dimension 0 out of bounds.",
                expected="3-D or 4-D input", found=format_shape(x))
        if len(x) > 4:
            raise LayerError(
                "LL101", f"{a.layer_type} needs a 3-D image or a 4-D batch of images but receives "
                f"{len(x)}-D input {format_shape(x)}",
                f"{wrapped}'images' must have either 3 or 4 dimensions.",
                expected="3-D or 4-D input", found=format_shape(x))
        dims = list(x)
        dims[axis] = None
        return Out(tuple(dims))

    return call


keras_layer("RandomHeight", "factor, interpolation='bilinear', seed=None",
            validate=_keras2_random_size_arguments, dialects=("keras2",))(_keras2_random_size(-3))
keras_layer("RandomWidth", "factor, interpolation='bilinear', seed=None",
            validate=_keras2_random_size_arguments, dialects=("keras2",))(_keras2_random_size(-2))
