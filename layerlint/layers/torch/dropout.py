"""torch.nn dropout modules (torch/nn/modules/dropout.py): shapes pass through unchanged.

``p`` outside [0, 1] is rejected when the module is created. Dropout1d needs 2-D or 3-D input;
Dropout2d/3d and FeatureAlphaDropout at least 2-D (any higher rank, with a warning off their
intended ranks) unless p is exactly 0 or 1; Dropout and AlphaDropout accept anything.
"""

from __future__ import annotations

from ...shapes import Shape
from ..base import Args, Out, Unmodelled
from ._common import invalid, module, rank_error

_SIGNATURE = "p=0.5, inplace=False"


def _probability(a: Args) -> None:
    p = a.raw("p")
    if isinstance(p, (int, float)) and not isinstance(p, bool) and (p < 0 or p > 1):
        raise invalid(
            a, "p", f"ValueError: dropout probability has to be between 0 and 1, but got {p}"
        )


@module("Dropout", _SIGNATURE, validate=_probability)
def dropout(a: Args, x: Shape) -> Out:
    return Out(x)


module("AlphaDropout", _SIGNATURE, validate=_probability)(dropout)


@module("Dropout1d", _SIGNATURE, validate=_probability)
def dropout1d(a: Args, x: Shape) -> Out:
    if len(x) not in (2, 3):
        raise rank_error(
            a,
            x,
            "a 2-D (channels, length) or 3-D (batch, channels, length) input",
            f"RuntimeError: dropout1d: Expected 2D or 3D input, but received a {len(x)}D input. "
            "Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
            "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D "
            "inputs).",
        )
    return Out(x)


def feature_dropout(a: Args, x: Shape) -> Out:
    """Channel-wise dropout (ATen feature_dropout); p of exactly 0 or 1 skips the kernel."""
    p = a.p
    if not isinstance(p, (int, float)):
        raise Unmodelled(f"{a.layer_type}(p={p!r})")
    # dropout3d adds a batch axis to anything not 5-D before the kernel sees it
    rank = len(x) + (a.layer_type == "Dropout3d" and len(x) != 5)
    if rank < 2 and 0 < p < 1:
        raise rank_error(
            a,
            x,
            "at least a 2-D input",
            "RuntimeError: Feature dropout requires at least 2 dimensions in the input",
        )
    return Out(x)


for _name in ("Dropout2d", "Dropout3d", "FeatureAlphaDropout"):
    module(_name, _SIGNATURE, validate=_probability)(feature_dropout)
