"""Keras core layers: Dense, Activation, ... (example entry; the family is filled in here)."""

from __future__ import annotations

from ...shapes import Shape
from ..base import Args, LayerError, Out, keras_layer, require_defined, require_ndim, weights


def _positive_units(a: Args) -> None:
    units = a.units
    if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
        raise LayerError(
            "LL105",
            f"Dense needs a positive integer number of units, got {units!r}",
            "ValueError: Received an invalid value for `units`, expected a positive integer. "
            f"Received: units={units}",
            arg="units",
        )


@keras_layer(
    "Dense",
    "units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
    "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, "
    "activity_regularizer=None, kernel_constraint=None, bias_constraint=None, "
    "lora_rank=None, lora_alpha=None",
    validate=_positive_units,
    supports_masking=True,
)
def dense(a: Args, x: Shape) -> Out:
    require_ndim(a, x, min_ndim=2)
    features = require_defined(a, x, -1)
    units = a.units
    bias = units if a.use_bias else 0
    return Out(x[:-1] + (units,), weights(lambda f: f * units + bias, features))
