"""Keras regularization layers: Dropout and its variants, GaussianNoise, ActivityRegularization.

All keep the input shape and have no weights. Keras 3 does not compare ``noise_shape`` with the
input when the model is built (measured), so only the constructor checks are modelled.
"""

from __future__ import annotations

import math

from ...ir import UNKNOWN
from ...shapes import Shape
from ...shown import type_name
from ..base import KERAS_BASE_KWARGS, Args, LayerError, Out, keras_layer, require_ndim
from ._checks import (
    all_of,
    check_data_format,
    check_regularizers_and_constraints,
    check_unit_interval,
    known,
)


def _noise_shape_error(a: Args, detail: str) -> LayerError:
    return LayerError(
        "LL105",
        f"{a.layer_type}: noise_shape must be a tuple of positive integers or None",
        f"ValueError: Invalid value received for argument `noise_shape`. {detail}",
        arg="noise_shape",
    )


def _check_noise_shape(a: Args) -> None:
    """Dropout._validate_noise_shape."""
    value = known(a, "noise_shape")
    if value is None or value is UNKNOWN:
        return
    if isinstance(value, str):
        raise _noise_shape_error(
            a, f"Expected a tuple or list of integers. Received: noise_shape={value}"
        )
    if not isinstance(value, (tuple, list)):
        raise _noise_shape_error(
            a,
            "Expected an iterable of integers (e.g., a tuple or list). "
            f"Received: noise_shape={value}",
        )
    for i, dim in enumerate(value):
        if dim is None or dim is UNKNOWN:
            continue
        if not isinstance(dim, int):
            raise _noise_shape_error(
                a,
                f"Expected all elements to be integers or None. Received element at index {i}: "
                f"{dim} (type: {type_name(dim)})",
            )
        if dim <= 0:
            raise _noise_shape_error(
                a,
                "Expected all dimensions to be positive integers or None. Received negative or "
                f"zero value at index {i}: {dim}",
            )


def _dropout_arguments(a: Args) -> None:
    check_unit_interval(a, "rate")
    _check_noise_shape(a)


@keras_layer(
    "Dropout",
    "rate, noise_shape=None, seed=None",
    validate=all_of(_dropout_arguments, check_regularizers_and_constraints),
    supports_masking=True,
)
def dropout(a: Args, x: Shape) -> Out:
    return Out(x)


def _rate(a: Args) -> None:
    check_unit_interval(a, "rate")


def _rate_and_data_format(a: Args) -> None:
    check_unit_interval(a, "rate")
    check_data_format(a)


# SpatialDropout*D.__init__ has no **kwargs: only name= and dtype= of the base arguments.
@keras_layer(
    "SpatialDropout1D",
    "rate, seed=None, name=None, dtype=None",
    validate=all_of(_rate, check_regularizers_and_constraints),
    supports_masking=True,
    base_kwargs={},
)
def spatial_dropout_1d(a: Args, x: Shape) -> Out:
    require_ndim(a, x, 3)
    return Out(x)


@keras_layer(
    "SpatialDropout2D",
    "rate, data_format=None, seed=None, name=None, dtype=None",
    validate=all_of(_rate_and_data_format, check_regularizers_and_constraints),
    supports_masking=True,
    base_kwargs={},
)
def spatial_dropout_2d(a: Args, x: Shape) -> Out:
    require_ndim(a, x, 4)
    return Out(x)


@keras_layer(
    "SpatialDropout3D",
    "rate, data_format=None, seed=None, name=None, dtype=None",
    validate=all_of(_rate_and_data_format, check_regularizers_and_constraints),
    supports_masking=True,
    base_kwargs={},
)
def spatial_dropout_3d(a: Args, x: Shape) -> Out:
    require_ndim(a, x, 5)
    return Out(x)


@keras_layer(
    "GaussianDropout",
    "rate, seed=None",
    validate=all_of(_rate, check_regularizers_and_constraints),
    supports_masking=True,
)
def gaussian_dropout(a: Args, x: Shape) -> Out:
    return Out(x)


def _stddev(a: Args) -> None:
    check_unit_interval(a, "stddev")


@keras_layer(
    "GaussianNoise",
    "stddev, seed=None",
    validate=all_of(_stddev, check_regularizers_and_constraints),
    supports_masking=True,
)
def gaussian_noise(a: Args, x: Shape) -> Out:
    return Out(x)


@keras_layer(
    "AlphaDropout",
    "rate, noise_shape=None, seed=None",
    validate=all_of(_rate, check_regularizers_and_constraints),
    supports_masking=True,
)
def alpha_dropout(a: Args, x: Shape) -> Out:
    return Out(x)


def _penalties(a: Args) -> None:
    """regularizers.L1L2 -> validate_float_arg (None means 0.0)."""
    for arg in ("l1", "l2"):
        value = known(a, arg)
        if value is UNKNOWN or value is None:
            continue
        if not isinstance(value, (int, float, str, list, tuple, dict)):
            continue  # an object layerlint cannot evaluate (a numpy scalar, a call)
        bad = not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0
        if bad:
            raise LayerError(
                "LL105",
                f"ActivityRegularization({arg}={value!r}) must be a non-negative number",
                f"ValueError: Invalid value for argument {arg}: expected a non-negative float."
                f"Received: {arg}={value}",
                arg=arg,
            )


# ActivityRegularization sets activity_regularizer itself: passing it too is a TypeError.
_ACTIVITY_REGULARIZATION_KWARGS = {
    k: v for k, v in KERAS_BASE_KWARGS.items() if k != "activity_regularizer"
}


@keras_layer(
    "ActivityRegularization",
    "l1=0.0, l2=0.0",
    validate=all_of(_penalties, check_regularizers_and_constraints),
    supports_masking=True,
    base_kwargs=_ACTIVITY_REGULARIZATION_KWARGS,
)
def activity_regularization(a: Args, x: Shape) -> Out:
    return Out(x)
