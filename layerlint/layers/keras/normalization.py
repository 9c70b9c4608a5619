"""Keras normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
UnitNormalization, RMSNormalization, and Rescaling (a preprocessing layer, same family here).

All keep the input shape. Weights are sized from the normalized axes, so those must not be free
(LL106); an axis that does not exist in the input fails when the layer is built (LL105).
"""

from __future__ import annotations

import math
from typing import Any

from ...ir import UNKNOWN, Call
from ...shapes import Dim, Shape, format_shape
from ...shown import type_name
from ..base import (
    KERAS_BASE_KWARGS,
    Args,
    LayerError,
    Out,
    Unmodelled,
    keras_layer,
    require_defined,
)
from ._checks import all_of, axis_out_of_range, check_regularizers_and_constraints, known


def _in_range(x: Shape, axis: int) -> bool:
    return -len(x) <= axis < len(x)


def _index_error(a: Args, x: Shape, axis: Any, what: str = "tuple") -> LayerError:
    return axis_out_of_range(a, x, axis, f"IndexError: {what} index out of range")


def _sized_from(a: Args, x: Shape, axes: list[int], *, has_weights: bool = True) -> list[Dim]:
    """The dims weights are sized from (``input_shape[axis]`` per axis), checked as Keras does."""
    for axis in axes:
        if not _in_range(x, axis):
            raise _index_error(a, x, axis)
    for axis in axes if has_weights else ():
        require_defined(a, x, axis)
    return [x[axis] for axis in axes]


def _count(dims: list[Dim], copies: int) -> int | None:
    if copies == 0:
        return 0
    if all(isinstance(d, int) for d in dims):
        return math.prod(dims) * copies  # type: ignore[arg-type]
    return None


# --- BatchNormalization -------------------------------------------------------------------------


def _batch_norm_arguments(a: Args) -> None:
    axis = known(a, "axis")
    # Keras runs int(axis): a list, a layer or a non-numeric string fails at construction.
    if isinstance(axis, (list, tuple, dict, Call)) or axis is None:
        raise LayerError(
            "LL105",
            f"BatchNormalization normalizes one axis; axis must be an integer, got {axis!r}",
            "TypeError: int() argument must be a string, a bytes-like object or a real number, "
            f"not '{type_name(axis)}'",
            arg="axis",
        )
    if isinstance(axis, str):
        try:
            int(axis)
        except ValueError:
            raise LayerError(
                "LL105",
                f"BatchNormalization: axis must be an integer, got {axis!r}",
                f"ValueError: invalid literal for int() with base 10: {axis!r}",
                arg="axis",
            ) from None
    if axis is not UNKNOWN and not isinstance(axis, (int, float, str)):
        raise Unmodelled("BatchNormalization(axis=...)")  # int() of an array: not modelled
    renorm, clipping = known(a, "renorm"), known(a, "renorm_clipping")
    if renorm is UNKNOWN or clipping is UNKNOWN or not renorm:
        return
    if isinstance(clipping, dict):
        _check_renorm_clipping(clipping)


def _check_renorm_clipping(clipping: dict) -> None:
    keys = ["rmax", "rmin", "dmax"]
    if set(clipping) - set(keys):
        raise LayerError(
            "LL105",
            f"BatchNormalization: renorm_clipping takes only the keys {keys}",
            f"ValueError: Received invalid keys for `renorm_clipping` argument: {clipping}. "
            f"Supported values: {keys}.",
            arg="renorm_clipping",
        )
    rmax, rmin, dmax = (clipping.get(k) for k in keys)
    numbers = all(v is None or isinstance(v, (int, float)) for v in (rmax, rmin, dmax))
    if not numbers:
        return
    if rmax is not None and rmin is not None and rmax < rmin:
        raise LayerError(
            "LL105",
            f"BatchNormalization: renorm_clipping rmax ({rmax}) is below rmin ({rmin})",
            # Keras' message is a plain string here (no f-prefix): the braces are literal.
            "ValueError: rmax should be greater than rmin in the `renorm_clipping` argument. "
            "Received: rmax={rmax}, rmin={rmin}.",
            arg="renorm_clipping",
        )
    if dmax is not None and dmax < 0:
        raise LayerError(
            "LL105",
            f"BatchNormalization: renorm_clipping dmax ({dmax}) is negative",
            "ValueError: dmax should be non-negative in the `renorm_clipping` argument. "
            "Received: dmax={dmax}.",
            arg="renorm_clipping",
        )


@keras_layer(
    "BatchNormalization",
    "axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
    "gamma_initializer='ones', moving_mean_initializer='zeros', "
    "moving_variance_initializer='ones', beta_regularizer=None, gamma_regularizer=None, "
    "beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None, "
    "renorm_momentum=0.99, synchronized=False",
    validate=all_of(_batch_norm_arguments, check_regularizers_and_constraints),
    supports_masking=True,
)
def batch_normalization(a: Args, x: Shape) -> Out:
    # synchronized=True is rejected on every backend but TensorFlow: not modelled (unknown
    # backend), the shapes are the same.
    axis = int(a.axis)
    dims = _sized_from(a, x, [axis])
    moving = 2 + (3 if a.renorm else 0)  # moving mean/variance (+ renorm's three statistics)
    learned = int(bool(a.center)) + int(bool(a.scale))
    return Out(x, _count(dims, moving + learned), _count(dims, moving) or 0)


# --- LayerNormalization, RMSNormalization, UnitNormalization ------------------------------------


def _axis_list(a: Args) -> list[int]:
    axis = a.axis
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not all(isinstance(ax, int) for ax in axes):
        raise Unmodelled(f"{a.layer_type}(axis={axis!r})")
    return sorted(axes)


def _int_or_ints(a: Args, framework: str) -> None:
    axis = known(a, "axis")
    if axis is UNKNOWN or isinstance(axis, (int, list, tuple)):
        return
    raise LayerError(
        "LL105",
        f"{a.layer_type}: axis must be an integer or a list of integers, got {axis!r}",
        framework.format(axis=axis, r=repr(axis)),
        arg="axis",
    )


def _layer_norm_arguments(a: Args) -> None:
    _int_or_ints(
        a,
        "TypeError: Expected an int or a list/tuple of ints for the argument 'axis', but "
        "received: {r}",
    )


# LayerNormalization still reads the deprecated `rms_scaling` from **kwargs (with a warning).
_LAYER_NORM_KWARGS = {**KERAS_BASE_KWARGS, "rms_scaling": False}


@keras_layer(
    "LayerNormalization",
    "axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
    "gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, "
    "beta_constraint=None, gamma_constraint=None",
    validate=all_of(_layer_norm_arguments, check_regularizers_and_constraints),
    supports_masking=True,
    base_kwargs=_LAYER_NORM_KWARGS,
)
def layer_normalization(a: Args, x: Shape) -> Out:
    rms = bool(a.rms_scaling)
    copies = int(bool(a.scale) or rms) + int(bool(a.center) and not rms)
    dims = _sized_from(a, x, _axis_list(a), has_weights=copies > 0)
    return Out(x, _count(dims, copies))


@keras_layer(
    "RMSNormalization",
    "axis=-1, epsilon=1e-06",
    validate=check_regularizers_and_constraints,
)
def rms_normalization(a: Args, x: Shape) -> Out:
    return Out(x, _count(_sized_from(a, x, _axis_list(a)), 1))


def _unit_norm_arguments(a: Args) -> None:
    _int_or_ints(
        a,
        "TypeError: Invalid value for `axis` argument: expected an int or a list/tuple of "
        "ints. Received: axis={axis}",
    )


@keras_layer(
    "UnitNormalization",
    "axis=-1",
    validate=all_of(_unit_norm_arguments, check_regularizers_and_constraints),
    supports_masking=True,
)
def unit_normalization(a: Args, x: Shape) -> Out:
    axes = _axis_list(a)
    for axis in axes:
        if not _in_range(x, axis):
            raise axis_out_of_range(
                a,
                x,
                axis,
                f"ValueError: Axis {a.axis} is out of bounds for input shape {format_shape(x)}.",
            )
    return Out(x)


# --- GroupNormalization -------------------------------------------------------------------------


def _groups(a: Args) -> None:
    groups = known(a, "groups")
    if groups is UNKNOWN:
        return
    if not isinstance(groups, int) or (groups <= 0 and groups != -1):
        raise LayerError(
            "LL105",
            f"GroupNormalization needs a positive number of groups (or -1), got {groups!r}",
            "ValueError: Received an invalid value for argument `groups`, expected a positive "
            f"integer (or `-1` for instance normalization). Received: groups={groups}",
            arg="groups",
        )


@keras_layer(
    "GroupNormalization",
    "groups=32, axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
    "gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, "
    "beta_constraint=None, gamma_constraint=None",
    validate=all_of(_groups, check_regularizers_and_constraints),
    supports_masking=True,
)
def group_normalization(a: Args, x: Shape) -> Out:
    axis = a.axis
    if not isinstance(axis, int):
        raise Unmodelled(f"GroupNormalization(axis={axis!r})")
    if not _in_range(x, axis):
        raise _index_error(a, x, axis)
    channels = x[axis]
    if channels is None:
        raise LayerError(
            "LL106",
            f"GroupNormalization normalizes axis {axis}, which is not defined "
            f"(input {format_shape(x)})",
            f"ValueError: Axis {axis} of input tensor should have a defined dimension but the "
            f"layer received an input with shape {format_shape(x)}.",
            found=format_shape(x),
        )
    copies = int(bool(a.scale)) + int(bool(a.center))
    if not isinstance(channels, int):
        return Out(x, None)
    groups = channels if a.groups == -1 else a.groups
    if channels < groups or channels % groups:
        relation = (
            f"cannot be more than the number of channels ({channels})"
            if channels < groups
            else f"must be a multiple of the number of channels ({channels})"
        )
        raise LayerError(
            "LL102",
            f"GroupNormalization: {channels} channels cannot be split into {groups} groups",
            f"ValueError: Number of groups ({groups}) {relation}.",
            arg="groups",
            expected=f"a multiple of {groups}",
            found=str(channels),
        )
    return Out(x, channels * copies)


# --- Rescaling ----------------------------------------------------------------------------------


@keras_layer(
    "Rescaling",
    "scale, offset=0.0",
    supports_masking=True,
    validate=check_regularizers_and_constraints,
)
def rescaling(a: Args, x: Shape) -> Out:
    return Out(x)
