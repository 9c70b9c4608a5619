"""tf.keras 2's own checks of the image preprocessing layers and Normalization (tf_keras 2.21,
tests/keras2/test_keras2_preprocessing.py), which differ from Keras 3's in bounds, messages and
stage:

* Creation: each layer's ``__init__`` parses its factor as ``(f[0], f[1])`` for a tuple or list
  and ``(-f, f)`` for a number, then checks the bounds with its own wording; the fill mode and
  interpolation of the affine layers must be one of four / two values; Resizing looks its
  interpolation up (lower-cased) in TF's table of eight; RandomCrop and CenterCrop check nothing.
* Building: tf.keras runs the transformation on the symbolic input, so the input's rank is
  checked by TensorFlow ops (their messages end with the op's node definition, which layerlint
  leaves out: its text is a prefix of the real one).
"""

from __future__ import annotations

from typing import Any

from ...ir import UNKNOWN
from ...shapes import Shape, format_shape
from ...shown import type_name
from ..base import Args, LayerError, Unmodelled
from ._checks import known

# tf_keras image_utils._TF_INTERPOLATION_METHODS, in its order.
TF_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                     "gaussian", "mitchellcubic")
_FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def keras2(a: Args) -> bool:
    """Bound for tf.keras 2: only its base layer takes ``dynamic=`` (so only it defaults it)."""
    return a.raw("dynamic") is not None


def _error(a: Args, arg: str, message: str, framework: str) -> LayerError:
    return LayerError("LL105", f"{a.layer_type}: {message}", framework, arg=arg)


# --- creation -------------------------------------------------------------------------------


def _bounds(a: Args, arg: str, value: Any) -> tuple[float, float]:
    """``lower, upper = value[0], value[1]`` for a tuple or list, else ``-value, value``."""
    if isinstance(value, (tuple, list)):
        if len(value) < 2:
            kind = "tuple" if isinstance(value, tuple) else "list"
            raise _error(a, arg, f"{arg} must be a number or a pair, got {value!r}",
                         f"IndexError: {kind} index out of range")
        lower, upper = value[0], value[1]
    elif value is None or isinstance(value, str):
        raise _error(a, arg, f"{arg} must be a number or a pair, got {value!r}",
                     f"TypeError: bad operand type for unary -: '{type_name(value)}'")
    elif isinstance(value, (int, float)):
        lower, upper = -value, value
    else:
        raise Unmodelled(f"{a.layer_type}({arg}=...)")
    if not all(isinstance(v, (int, float)) for v in (lower, upper)):
        raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
    return lower, upper


def _fill_mode_and_interpolation(a: Args) -> None:
    """image_preprocessing.check_fill_mode_and_interpolation."""
    fill_mode, interpolation = known(a, "fill_mode"), known(a, "interpolation")
    if fill_mode is UNKNOWN or not isinstance(fill_mode, str):
        raise Unmodelled(f"{a.layer_type}(fill_mode=...)")
    if fill_mode not in _FILL_MODES:
        raise _error(a, "fill_mode", f"fill_mode must be one of {', '.join(_FILL_MODES)}, got "
                     f"{fill_mode!r}", f"NotImplementedError: Unknown `fill_mode` {fill_mode}. "
                     "Only `reflect`, `wrap`, `constant` and `nearest` are supported.")
    if interpolation is UNKNOWN or not isinstance(interpolation, str):
        raise Unmodelled(f"{a.layer_type}(interpolation=...)")
    if interpolation not in ("nearest", "bilinear"):
        raise _error(a, "interpolation", f"interpolation must be nearest or bilinear, got "
                     f"{interpolation!r}", f"NotImplementedError: Unknown `interpolation` "
                     f"{interpolation}. Only `nearest` and `bilinear` are supported.")


def tf_interpolation(a: Args) -> None:
    """image_utils.get_interpolation (Resizing, RandomHeight, RandomWidth)."""
    interpolation = known(a, "interpolation")
    if interpolation is UNKNOWN or not isinstance(interpolation, str):
        raise Unmodelled(f"{a.layer_type}(interpolation=...)")
    if interpolation.lower() not in TF_INTERPOLATIONS:
        raise _error(a, "interpolation", f"interpolation must be one of "
                     f"{', '.join(TF_INTERPOLATIONS)}, got {interpolation!r}",
                     "NotImplementedError: Value not recognized for `interpolation`: "
                     f"{interpolation.lower()}. Supported values are: "
                     f"dict_keys({list(TF_INTERPOLATIONS)})")


def _factor(a: Args, arg: str) -> Any:
    value = known(a, arg)
    if value is UNKNOWN:
        raise Unmodelled(f"{a.layer_type}({arg}=...)")
    return value


def random_flip(a: Args) -> None:
    mode = known(a, "mode")
    if mode is UNKNOWN or mode in ("horizontal", "vertical", "horizontal_and_vertical"):
        return
    raise _error(a, "mode", f"mode must be horizontal, vertical or horizontal_and_vertical, "
                 f"got {mode!r}", f"ValueError: RandomFlip layer {a.name} received an unknown "
                 f"mode argument {mode}")


def random_rotation(a: Args) -> None:
    factor = _factor(a, "factor")
    lower, upper = _bounds(a, "factor", factor)
    if upper < lower:
        raise _error(a, "factor", f"factor's upper bound {upper} is below its lower bound "
                     f"{lower}", "ValueError: `factor` argument cannot have a negative value. "
                     f"Received: factor={factor}")
    _fill_mode_and_interpolation(a)


def random_zoom(a: Args) -> None:
    height = _factor(a, "height_factor")
    lower, upper = _bounds(a, "height_factor", height)
    if abs(lower) > 1.0 or abs(upper) > 1.0:
        raise _error(a, "height_factor", f"height_factor must lie in [-1, 1], got {height!r}",
                     "ValueError: `height_factor` argument must have values between [-1, 1]. "
                     f"Received: height_factor={height}")
    width = _factor(a, "width_factor")
    if width is not None:
        lower, upper = _bounds(a, "width_factor", width)
        if lower < -1.0 or upper < -1.0:
            raise _error(a, "width_factor", f"width_factor must be at least -1, got {width!r}",
                         "ValueError: `width_factor` argument must have values larger than -1. "
                         f"Received: width_factor={width}")
    _fill_mode_and_interpolation(a)


def random_translation(a: Args) -> None:
    # Their own wordings differ between the two factors.
    wordings = {"height_factor": "argument must have values between [-1, 1]. Received: "
                                 "height_factor={}",
                "width_factor": "must have values between [-1, 1], got {}"}
    for arg, between in wordings.items():
        factor = _factor(a, arg)
        lower, upper = _bounds(a, arg, factor)
        if upper < lower:
            raise _error(a, arg, f"{arg}'s upper bound {upper} is below its lower bound {lower}",
                         f"ValueError: `{arg}` cannot have upper bound less than lower bound, "
                         f"got {factor}")
        if abs(lower) > 1.0 or abs(upper) > 1.0:
            raise _error(a, arg, f"{arg} must lie in [-1, 1], got {factor!r}",
                         f"ValueError: `{arg}` " + between.format(factor))
    _fill_mode_and_interpolation(a)


def random_contrast(a: Args) -> None:
    factor = _factor(a, "factor")
    if isinstance(factor, (tuple, list)):
        _bounds(a, "factor", factor)  # IndexError for fewer than two items
        lower, upper = factor[0], factor[1]
    else:
        lower = upper = factor
    for value in (lower, upper):
        if value is None or isinstance(value, str):
            raise _error(a, "factor", f"factor must be a number in [0, 1] or a pair, got "
                         f"{factor!r}", "TypeError: '<' not supported between instances of "
                         f"'{type_name(value)}' and 'float'")
        if not isinstance(value, (int, float)):
            raise Unmodelled("RandomContrast(factor=...)")
    if lower < 0.0 or upper < 0.0 or lower > 1.0:
        raise _error(a, "factor", f"factor must lie in [0, 1], got {factor!r}",
                     "ValueError: `factor` argument cannot have negative values or values "
                     f"greater than 1.Received: factor={factor}")


_BRIGHTNESS_FACTOR = ("ValueError: The `factor` argument should be a number (or a list of two "
                      "numbers) in the range [-1.0, 1.0]. Got ")


def random_brightness(a: Args) -> None:
    factor = _factor(a, "factor")
    wording = f"factor must be a number in [-1, 1] or a pair of them, got {factor!r}"
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise _error(a, "factor", wording, f"{_BRIGHTNESS_FACTOR}{factor}")
        numbers = list(factor)
    elif isinstance(factor, (int, float)):
        numbers = [factor]
    else:
        raise _error(a, "factor", wording, f"{_BRIGHTNESS_FACTOR}{factor}")
    for number in numbers:
        if not isinstance(number, (int, float)):
            raise Unmodelled("RandomBrightness(factor=...)")
        if number > 1.0 or number < -1.0:
            raise _error(a, "factor", wording, f"{_BRIGHTNESS_FACTOR}{number}")
    value_range = known(a, "value_range")
    if value_range is UNKNOWN:
        return
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise _error(a, "value_range", f"value_range must be a pair of numbers, got "
                     f"{value_range!r}", "ValueError: The `value_range` argument should be a "
                     f"list of two numbers. Got {value_range}")


def normalization(a: Args) -> None:
    axis = known(a, "axis")
    if isinstance(axis, float):
        raise _error(a, "axis", f"axis must be an integer or a tuple, got {axis!r}",
                     "TypeError: 'float' object is not iterable")
    mean, variance = known(a, "mean"), known(a, "variance")
    if UNKNOWN in (mean, variance):
        return
    if (mean is None) != (variance is None):
        raise _error(a, "mean" if mean is not None else "variance",
                     "mean= and variance= go together",
                     "ValueError: When setting values directly, both `mean` and `variance` must "
                     f"be set. Got mean: {mean} and variance: {variance}")


# --- building -------------------------------------------------------------------------------


def call_error(a: Args, inner: str) -> str:
    """An exception raised in ``call`` while tf.keras builds the layer, as it wraps it (up to the
    layer's own text; TensorFlow's node definition and the call arguments follow)."""
    return (f'ValueError: Exception encountered when calling layer "{a.name}" (type '
            f"{a.layer_type}).\n\n{inner}")


def _rank_error(a: Args, x: Shape, needs: str, inner: str) -> LayerError:
    return LayerError(
        "LL101", f"{a.layer_type} in tf.keras 2 needs {needs} but receives {len(x)}-D input "
        f"{format_shape(x)}", call_error(a, inner), expected=needs, found=format_shape(x))


def image_rank(a: Args, x: Shape) -> None:
    """The rank each augmentation layer's transformation accepts when tf.keras builds it."""
    n, shape = len(x), format_shape(x)
    kind = a.layer_type
    if kind == "RandomFlip":
        if n < 3:
            raise _rank_error(a, x, "a 3-D or 4-D image input",
                              f"'image' (shape {shape}) must be at least three-dimensional.")
        if n > 4:
            raise _rank_error(a, x, "a 3-D or 4-D image input",
                              f"'image' (shape {shape}) must have either 3 or 4 dimensions.")
    elif kind in ("RandomRotation", "RandomZoom", "RandomTranslation"):
        if n < 3:
            raise _rank_error(a, x, "a 3-D or 4-D image input",
                              f"slice index {n - 3} of dimension 0 out of bounds.")
        if n > 4:
            raise _rank_error(a, x, "a 3-D or 4-D image input",
                              f"Shape must be rank 4 but is rank {n}")
    elif kind == "RandomContrast":
        if n < 3:
            raise _rank_error(a, x, "an image input of at least 3 axes",
                              f"Shape must be at least rank 3 but is rank {n}")
    elif kind == "RandomBrightness" and n not in (3, 4):
        raise _rank_error(a, x, "a 3-D or 4-D image input",
                          f"Expected the input image to be rank 3 or 4. Got inputs.shape = {shape}")
