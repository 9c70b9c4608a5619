"""Keras 3 UpSampling1D/2D/3D, ZeroPadding1D/2D/3D and Cropping1D/2D/3D
(keras/src/layers/reshaping/).

Cropping as large as the input is rejected when the layer meets its input (``compute_output_
shape``, wrapped by Keras in "Exception encountered when calling Cropping2D.call()"), i.e. while
``Sequential`` adds the layer when the input shape is known. A plain negative int padding passes
ZeroPadding2D/3D (it crops); only a negative output size is rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...shapes import Dim, Shape, arith, format_shape, is_known, spatial, with_spatial
from ...shown import type_name, type_text
from ..base import Args, LayerError, Out, Unmodelled, keras_layer, require_ndim
from .conv import (
    data_format,
    init_error,
    is_int,
    reject_negative,
    run_checks,
    standardize_tuple,
    wrapped_call_error,
)

_ORDINALS = ("1st", "2nd", "3rd")

# Keras' messages for a `padding` / `cropping` of the wrong form, per layer.
_WRONG_LENGTH = {
    "ZeroPadding2D": "`padding` should have two elements. Received: padding={}.",
    "ZeroPadding3D": "`padding` should have 3 elements. Received: {}.",
    "Cropping2D": "`cropping` should have two elements. Received: cropping={}.",
    "Cropping3D": "`cropping` should have 3 elements. Received: {}.",
}
_WRONG_TYPE = {
    "ZeroPadding2D": "`padding` should be either an int, a tuple of 2 ints (symmetric_height_crop, "
    "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), "
    "(left_crop, right_crop)). Received: padding={}.",
    "ZeroPadding3D": "`padding` should be either an int, a tuple of 3 ints (symmetric_dim1_pad, "
    "symmetric_dim2_pad, symmetric_dim3_pad), or a tuple of 3 tuples of 2 ints ((left_dim1_pad, "
    "right_dim1_pad), (left_dim2_pad, right_dim2_pad), (left_dim3_pad, right_dim2_pad)). "
    "Received: padding={}.",
    "Cropping2D": "`cropping` should be either an int, a tuple of 2 ints (symmetric_height_crop, "
    "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), "
    "(left_crop, right_crop)). Received: cropping={}.",
    "Cropping3D": "`cropping` should be either an int, a tuple of 3 ints (symmetric_dim1_crop, "
    "symmetric_dim2_crop, symmetric_dim3_crop), or a tuple of 3 tuples of 2 ints "
    "((left_dim1_crop, right_dim1_crop), (left_dim2_crop, right_dim2_crop), (left_dim3_crop, "
    "right_dim2_crop)). Received: {}.",
}


def _pairs(a: Args, arg: str, rank: int) -> tuple[tuple[int, int], ...]:
    """The (before, after) amounts per spatial axis of ZeroPadding2D/3D and Cropping2D/3D."""
    value = getattr(a, arg)
    if is_int(value):
        if arg == "cropping" and value < 0:  # ZeroPadding takes a negative int as is
            raise init_error(
                a, arg, f"ValueError: `cropping` cannot be negative. Received: cropping={value}."
            )
        return ((value, value),) * rank
    if isinstance(value, (tuple, list)):
        if len(value) != rank:
            raise init_error(a, arg, "ValueError: " + _WRONG_LENGTH[a.layer_type].format(value))
        return tuple(
            standardize_tuple(  # type: ignore[misc]
                a, arg, 2, allow_zero=True, label=f"{_ORDINALS[i]} entry of {arg}", value=entry
            )
            for i, entry in enumerate(value)
        )
    if isinstance(value, float) or value is None:
        raise init_error(a, arg, "ValueError: " + _WRONG_TYPE[a.layer_type].format(value))
    raise Unmodelled(f"{a.layer_type}({arg}={value!r})")


def _amounts(a: Args, arg: str, rank: int) -> tuple[tuple[int, int], ...]:
    """Per-axis (before, after) amounts of any of the three ranks."""
    if rank == 1:
        before, after = standardize_tuple(a, arg, 2, allow_zero=True)
        return ((before, after),)
    return _pairs(a, arg, rank)


def _shifted(n: Dim, delta: int) -> Dim:
    """``n + delta`` keeping free and unknown lengths (and a named one when delta is 0)."""
    return n if delta == 0 else arith(lambda v: v + delta, n)


def _rebuild(x: Shape, fmt: str, lengths: list[Dim]) -> Shape:
    channels = x[-1] if fmt == "channels_last" else x[1]
    return with_spatial(x, lengths, channels, fmt)


# --- UpSampling ------------------------------------------------------------------------------


def _upsampling_size(a: Args, rank: int) -> tuple[int, ...]:
    if rank > 1:
        return standardize_tuple(a, "size", rank)
    size = a.size
    if not isinstance(size, int) or isinstance(size, bool):
        raise init_error(
            a, "size", f"TypeError: Expected an integer value for `size`, got {type_text(size)}."
        )
    if size <= 0:
        raise init_error(
            a,
            "size",
            f"ValueError: Argument `size` should be a positive integer. Received: size={size}",
        )
    return (size,)


def _interpolation(a: Args) -> None:
    if not isinstance(a.interpolation, str):
        raise init_error(
            a,
            "interpolation",
            f"AttributeError: '{type_name(a.interpolation)}' object has no attribute 'lower'",
        )


def _validate_upsampling(rank: int) -> Callable[[Args], None]:
    if rank == 1:
        return lambda a: run_checks(a, lambda a: _upsampling_size(a, 1))
    extra: tuple[Callable[[Args], Any], ...] = (_interpolation,) if rank == 2 else ()
    return lambda a: run_checks(a, data_format, lambda a: _upsampling_size(a, rank), *extra)


def _upsampling_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, rank + 2)
        fmt = "channels_last" if rank == 1 else data_format(a)
        size = _upsampling_size(a, rank)
        lengths = [
            n if s == 1 else arith(lambda v, s=s: v * s, n) for n, s in zip(spatial(x, fmt), size)
        ]
        return Out(_rebuild(x, fmt, lengths))

    return call


# --- ZeroPadding -----------------------------------------------------------------------------


def _validate_zero_padding(rank: int) -> Callable[[Args], None]:
    return lambda a: run_checks(a, data_format, lambda a: _amounts(a, "padding", rank))


def _zero_padding_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, rank + 2)
        fmt = data_format(a)
        amounts = _amounts(a, "padding", rank)
        lengths = [_shifted(n, sum(p)) for n, p in zip(spatial(x, fmt), amounts)]
        out = _rebuild(x, fmt, lengths)
        reject_negative(a, out)  # a negative int padding crops; below zero Keras fails
        return Out(out)

    return call


# --- Cropping --------------------------------------------------------------------------------


def _validate_cropping(rank: int) -> Callable[[Args], None]:
    if rank == 1:
        return lambda a: run_checks(a, lambda a: _amounts(a, "cropping", 1))
    return lambda a: run_checks(a, data_format, lambda a: _amounts(a, "cropping", rank))


def _cropping_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, rank + 2)
        fmt = "channels_last" if rank == 1 else data_format(a)
        amounts = _amounts(a, "cropping", rank)
        lengths = [_shifted(n, -sum(c)) for n, c in zip(spatial(x, fmt), amounts)]
        if any(is_known(n) and n <= 0 for n in lengths):  # type: ignore[operator]
            cropping = amounts[0] if rank == 1 else amounts
            inner = (
                "`cropping` parameter of `Cropping1D` layer must be smaller than the input "
                f"length. Received: input_shape={format_shape(x)}, cropping={cropping}"
                if rank == 1
                else "Values in `cropping` argument should be smaller than the corresponding "
                "spatial dimension of the input. Received: "
                f"input_shape={format_shape(x)}, cropping={cropping}"
            )
            raise LayerError(
                "LL103",
                f"{a.layer_type} crops {cropping} from the input {format_shape(x)}, leaving "
                f"{format_shape(tuple(lengths))} along the spatial axes",
                wrapped_call_error(a, "ValueError", inner),
                arg="cropping",
                found=format_shape(x),
            )
        return Out(_rebuild(x, fmt, lengths))

    return call


# --- entries (signatures as in Keras 3.15) -----------------------------------------------------

keras_layer("UpSampling1D", "size=2", validate=_validate_upsampling(1))(_upsampling_call(1))
keras_layer(
    "UpSampling2D",
    "size=(2, 2), data_format=None, interpolation='nearest'",
    validate=_validate_upsampling(2),
)(_upsampling_call(2))
keras_layer("UpSampling3D", "size=(2, 2, 2), data_format=None", validate=_validate_upsampling(3))(
    _upsampling_call(3)
)

keras_layer("ZeroPadding1D", "padding=1, data_format=None", validate=_validate_zero_padding(1))(
    _zero_padding_call(1)
)
keras_layer(
    "ZeroPadding2D", "padding=(1, 1), data_format=None", validate=_validate_zero_padding(2)
)(_zero_padding_call(2))
keras_layer(
    "ZeroPadding3D",
    "padding=((1, 1), (1, 1), (1, 1)), data_format=None",
    validate=_validate_zero_padding(3),
)(_zero_padding_call(3))

keras_layer("Cropping1D", "cropping=(1, 1)", validate=_validate_cropping(1))(_cropping_call(1))
keras_layer(
    "Cropping2D", "cropping=((0, 0), (0, 0)), data_format=None", validate=_validate_cropping(2)
)(_cropping_call(2))
keras_layer(
    "Cropping3D",
    "cropping=((1, 1), (1, 1), (1, 1)), data_format=None",
    validate=_validate_cropping(3),
)(_cropping_call(3))
