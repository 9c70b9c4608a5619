"""Argument checks several Keras 3 constructors share, with the exceptions Keras raises.

A value layerlint could not evaluate is skipped when the output shape does not depend on it
(a dropout rate), so an unknown value never silences more than it has to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...ir import UNKNOWN
from ...shapes import Shape, format_shape
from ...shown import type_name
from ..base import Args, LayerError, Unmodelled

# Values whose comparison with a number fails in Python (Keras then raises that TypeError).
_NOT_COMPARABLE = (str, list, tuple, dict, type(None))


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float))  # bool is an int, as in Keras' own checks


def known(a: Args, arg: str) -> Any:
    """The value of ``arg``, or UNKNOWN if layerlint could not evaluate it (never raises)."""
    value = a.raw(arg)
    return UNKNOWN if value is UNKNOWN else value


def comparable(a: Args, arg: str, value: Any, op: str, other: Any, *, value_first: bool) -> bool:
    """False when ``value`` cannot be compared: Keras would raise Python's TypeError there.

    Objects layerlint cannot reason about (calls, arrays) raise Unmodelled.
    """
    if is_number(value):
        return True
    if not isinstance(value, _NOT_COMPARABLE):
        raise Unmodelled(f"{a.layer_type}({arg}=...)")
    left, right = (value, other) if value_first else (other, value)
    raise LayerError(
        "LL105",
        f"{a.layer_type}({arg}=...) must be a number, got {value!r}",
        f"TypeError: '{op}' not supported between instances of '{type_name(left)}' and "
        f"'{type_name(right)}'",
        arg=arg,
    )


def check_unit_interval(a: Args, arg: str = "rate") -> None:
    """Dropout & co: ``if not 0 <= rate <= 1: raise ValueError``."""
    value = known(a, arg)
    if value is UNKNOWN or not comparable(a, arg, value, "<=", 0, value_first=False):
        return
    if not 0 <= value <= 1:
        raise LayerError(
            "LL105",
            f"{a.layer_type}({arg}={value!r}) must be between 0 and 1",
            f"ValueError: Invalid value received for argument `{arg}`. Expected a float value "
            f"between 0 and 1. Received: {arg}={value}",
            arg=arg,
        )


def check_data_format(a: Args) -> None:
    """keras.backend.standardize_data_format (None means the user's config: channels_last)."""
    value = known(a, "data_format")
    if value is None or value is UNKNOWN:
        return
    text = str(value).lower()
    if text not in ("channels_first", "channels_last"):
        raise LayerError(
            "LL105",
            f"{a.layer_type}: data_format must be 'channels_first' or 'channels_last', "
            f"got {value!r}",
            "ValueError: The `data_format` argument must be one of {'channels_first', "
            f"'channels_last'}}. Received: data_format={text}",
            arg="data_format",
        )


def not_iterable(a: Args, arg: str, value: Any) -> LayerError:
    """``tuple(value)`` on a non-iterable: Python's TypeError."""
    return LayerError(
        "LL105",
        f"{a.layer_type}({arg}=...) must be a tuple, got {value!r}",
        f"TypeError: '{type_name(value)}' object is not iterable",
        arg=arg,
    )


def axis_out_of_range(a: Args, x: Shape, axis: Any, framework: str) -> LayerError:
    """An axis argument that does not exist in the input (Keras raises when it builds)."""
    return LayerError(
        "LL105",
        f"{a.layer_type}: axis {axis} does not exist in its {len(x)}-D input {format_shape(x)}",
        framework,
        arg="axis",
    )


# keras.regularizers.get / keras.constraints.get resolve strings through these names only.
_REGULARIZERS = frozenset(
    ("L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "l1", "l1l2", "l2")
    + ("orthogonal_regularizer", "regularizer")
)
_CONSTRAINTS = frozenset(
    ("Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "constraint", "max_norm")
    + ("min_max_norm", "non_neg", "unit_norm")
)
_WEIGHT_PREFIXES = (
    "activity",
    "kernel",
    "bias",
    "recurrent",
    "embeddings",
    "alpha",
    "beta",
    "gamma",
    "depthwise",
    "pointwise",
)


# (kind, the names Keras resolves, argument), in the order __init__ resolves them; built once
# (every layer with weights is checked against all of them).
_WEIGHT_ARGUMENTS = tuple(
    (kind, names, f"{prefix}_{kind}")
    for kind, names in (("regularizer", _REGULARIZERS), ("constraint", _CONSTRAINTS))
    for prefix in _WEIGHT_PREFIXES
)
_WEIGHT_ARGUMENT_NAMES = frozenset(arg for _, _, arg in _WEIGHT_ARGUMENTS)


def check_regularizers_and_constraints(a: Args) -> None:
    """``*_regularizer=`` / ``*_constraint=`` arguments: a known name, a dict or an object.

    Keras resolves them in ``__init__``; a literal it cannot interpret raises there.
    """
    if not a.any_set(_WEIGHT_ARGUMENT_NAMES):  # the usual layer: none given
        return
    for kind, names, arg in _WEIGHT_ARGUMENTS:
        value = a.raw(arg)
        if value is None or value is UNKNOWN or isinstance(value, dict):
            continue
        if isinstance(value, str) and value in names:
            continue
        if isinstance(value, (str, int, float, list, tuple)):
            raise LayerError(
                "LL105",
                f"{a.layer_type}: {value!r} is not a {kind} Keras knows",
                f"ValueError: Could not interpret {kind} identifier: {value}",
                arg=arg,
            )


def all_of(*checks: Callable[[Args], None]) -> Callable[[Args], None]:
    """One ``validate`` running several checks in the order Keras' ``__init__`` makes them."""

    def validate(a: Args) -> None:
        for check in checks:
            check(a)

    return validate
