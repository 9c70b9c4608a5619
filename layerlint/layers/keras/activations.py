"""Keras activation layers (ReLU, LeakyReLU, PReLU, ELU, Softmax) and the activation-name check
every layer with an ``activation=`` argument shares.

All of them keep the input shape. Keras 3 checks none of their arguments against the input's
rank when building except PReLU's ``shared_axes`` (measured: ``Softmax(axis=5)`` on a 2-D input
builds).
"""

from __future__ import annotations

import math

from ...ir import UNKNOWN
from ...shapes import Shape
from ..base import (
    KERAS_BASE_KWARGS,
    Args,
    LayerError,
    Out,
    Unmodelled,
    keras_layer,
    require_defined,
)
from ._checks import all_of, check_regularizers_and_constraints, comparable, known

# keras.activations.get: the names it resolves (keras.src.activations.ALL_OBJECTS_DICT).
# fmt: off
ACTIVATION_NAMES = frozenset((
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu",
    "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink",
    "threshold",
))
# fmt: on


def check_activation(a: Args, arg: str = "activation") -> None:
    """``keras.activations.get``: a known name, None, a callable or a config dict.

    Only literals can be proven wrong; any other object (a function, a layer) may be callable.
    """
    value = known(a, arg)
    if value is UNKNOWN or value is None or isinstance(value, dict):
        return
    if isinstance(value, str):
        if value in ACTIVATION_NAMES:
            return
    elif not isinstance(value, (int, float, list, tuple)):
        return
    raise LayerError(
        "LL105",
        f"{a.layer_type}: {value!r} is not an activation Keras knows",
        f"ValueError: Could not interpret activation function identifier: {value}",
        arg=arg,
    )


def _non_negative(
    a: Args, arg: str, value: object, framework: str, *, allow_none: bool, zero: float = 0.0
) -> None:
    """``value < zero`` raises ``framework``; ``zero`` is the literal Keras compares with (its
    type shows in Python's TypeError for a non-number)."""
    if value is UNKNOWN or (allow_none and value is None):
        return
    if value is not None and not comparable(a, arg, value, "<", zero, value_first=True):
        return
    if value is None or value < 0:  # type: ignore[operator]
        raise LayerError(
            "LL105",
            f"{a.layer_type}({arg}={value!r}) must be a non-negative number",
            framework,
            arg=arg,
        )


def _relu_arguments(a: Args) -> None:
    max_value = known(a, "max_value")
    _non_negative(
        a,
        "max_value",
        max_value,
        "ValueError: max_value of a ReLU layer cannot be a negative value. "
        f"Received: max_value={max_value}",
        allow_none=True,
    )
    for arg in ("negative_slope", "threshold"):
        value = known(a, arg)
        _non_negative(
            a,
            arg,
            value,
            f"ValueError: {arg} of a ReLU layer cannot be None or a negative value. "
            f"Received: {arg}={value}",
            allow_none=False,
        )


@keras_layer(
    "ReLU",
    "max_value=None, negative_slope=0.0, threshold=0.0",
    validate=all_of(_relu_arguments, check_regularizers_and_constraints),
    supports_masking=True,
)
def relu(a: Args, x: Shape) -> Out:
    return Out(x)


# LeakyReLU still reads the Keras 2 name `alpha` from **kwargs (deprecation warning).
_LEAKY_RELU_KWARGS = {**KERAS_BASE_KWARGS, "alpha": None}


def _leaky_relu_arguments(a: Args) -> None:
    arg = "alpha" if a.given("alpha") else "negative_slope"
    value = known(a, arg)
    _non_negative(
        a,
        arg,
        value,
        "ValueError: The negative_slope value of a Leaky ReLU layer cannot be None or negative "
        f"value. Expected a float. Received: negative_slope={value}",
        allow_none=False,
        zero=0,
    )


@keras_layer(
    "LeakyReLU",
    "negative_slope=0.3",
    validate=all_of(_leaky_relu_arguments, check_regularizers_and_constraints),
    supports_masking=True,
    base_kwargs=_LEAKY_RELU_KWARGS,
)
def leaky_relu(a: Args, x: Shape) -> Out:
    return Out(x)


@keras_layer(
    "PReLU",
    "alpha_initializer='Zeros', alpha_regularizer=None, alpha_constraint=None, shared_axes=None",
    supports_masking=True,
    validate=check_regularizers_and_constraints,
)
def prelu(a: Args, x: Shape) -> Out:
    shared = a.shared_axes
    if shared is None:
        shared = []
    elif not isinstance(shared, (list, tuple)):
        shared = [shared]
    alpha_shape = list(x[1:])  # one alpha per input element, except along shared axes
    for axis in shared:
        if not isinstance(axis, int):
            raise Unmodelled(f"PReLU(shared_axes={shared!r})")
        if not -len(alpha_shape) <= axis - 1 < len(alpha_shape):
            raise LayerError(
                "LL105",
                f"PReLU: shared axis {axis} does not exist in its {len(x)}-D input",
                "IndexError: list assignment index out of range",
                arg="shared_axes",
            )
        alpha_shape[axis - 1] = 1
    for i, d in enumerate(alpha_shape):
        if d is None:
            require_defined(a, x, i + 1)  # raises: alpha would be sized from a free axis
    if all(isinstance(d, int) for d in alpha_shape):
        return Out(x, math.prod(alpha_shape))  # type: ignore[arg-type]
    return Out(x, None)


@keras_layer(
    "ELU",
    "alpha=1.0",
    supports_masking=True,
    validate=check_regularizers_and_constraints,
)
def elu(a: Args, x: Shape) -> Out:
    return Out(x)


@keras_layer(
    "Softmax",
    "axis=-1",
    supports_masking=True,
    validate=check_regularizers_and_constraints,
)
def softmax(a: Args, x: Shape) -> Out:
    return Out(x)
