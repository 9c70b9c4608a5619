"""torch.nn activations (torch/nn/modules/activation.py): elementwise ones keep any shape
(0-D included); PReLU sizes its weight by ``num_parameters`` and checks it against axis 1;
GLU halves ``dim``; Softmax/LogSoftmax/Softmin normalise over ``dim`` (None picks axis 0 for
0-, 1- and 3-D inputs and axis 1 otherwise, with a deprecation warning); Softmax2d needs 3-D or
4-D input.
"""

from __future__ import annotations

from ...shapes import Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import axis_range_error, int_arg, invalid, module, norm_axis, rank_error

# name -> __init__ signature; "" for modules declared (*args, **kwargs) that accept nothing.
ELEMENTWISE = {
    "ReLU": "inplace=False",
    "ReLU6": "inplace=False",
    "LeakyReLU": "negative_slope=0.01, inplace=False",
    "ELU": "alpha=1.0, inplace=False",
    "CELU": "alpha=1.0, inplace=False",
    "SELU": "inplace=False",
    "GELU": "approximate='none'",
    "SiLU": "inplace=False",
    "Mish": "inplace=False",
    "Sigmoid": "",
    "Tanh": "",
    "Hardswish": "inplace=False",
    "Hardsigmoid": "inplace=False",
    "Softplus": "beta=1.0, threshold=20.0",
    "Softsign": "",
    "Tanhshrink": "",
    "LogSigmoid": "",
    "Softshrink": "lambd=0.5",
    "Hardshrink": "lambd=0.5",
    "Threshold": "threshold, value, inplace=False",
    "RReLU": "lower=0.125, upper=0.3333333333333333, inplace=False",
    "Hardtanh": "min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None",
}


def _elementwise(a: Args, x: Shape) -> Out:
    name = a.layer_type
    if name == "GELU" and a.approximate not in ("none", "tanh"):
        raise invalid(
            a, "approximate", "RuntimeError: approximate argument must be either none or tanh."
        )
    if name == "RReLU" and not all(isinstance(v, (int, float)) for v in (a.lower, a.upper)):
        # torch raises a TypeError at forward that is not modelled: no claim, an LL902 note
        raise Unmodelled("RReLU(lower=..., upper=...) with a bound that is not a number")
    if name == "RReLU" and a.lower > a.upper:
        raise invalid(
            a, "lower", "RuntimeError: Lower bound should be less than or equal to the upper bound"
        )
    return Out(x)


def _hardtanh_bounds(a: Args) -> None:
    """Hardtanh.__init__: the deprecated min_value/max_value override, then an assertion."""
    low = a.raw("min_value") if a.raw("min_value") is not None else a.raw("min_val")
    high = a.raw("max_value") if a.raw("max_value") is not None else a.raw("max_val")
    numbers = (int, float)
    if isinstance(low, numbers) and isinstance(high, numbers) and high <= low:
        raise invalid(
            a, "max_val", f"AssertionError: max_val ({high}) must be greater than min_val ({low})"
        )


for _name, _signature in ELEMENTWISE.items():
    module(_name, _signature, validate=_hardtanh_bounds if _name == "Hardtanh" else None)(
        _elementwise
    )


@module("PReLU", "num_parameters=1, init=0.25, device=None, dtype=None")
def prelu(a: Args, x: Shape) -> Out:
    count = int_arg(a, "num_parameters")
    if count < 0:
        raise Unmodelled(f"PReLU({count})")
    if count != 1:
        if len(x) == 0:
            raise rank_error(
                a, x, "at least a 1-D input", "RuntimeError: Not allow zero-dim input tensor."
            )
        channels = x[1] if len(x) >= 2 else 1
        if is_known(channels) and channels != count:
            raise LayerError(
                "LL102",
                f"PReLU({count}) receives {channels} channels on axis 1; use PReLU({channels})",
                "RuntimeError: Mismatch of parameter numbers and input channel size. Found "
                f"parameter numbers = {count} and channel size = {channels}.",
                arg="num_parameters",
                expected=str(count),
                found=str(channels),
            )
    return Out(x, count)


@module("GLU", "dim=-1")
def glu(a: Args, x: Shape) -> Out:
    dim = int_arg(a, "dim")
    if len(x) == 0:
        raise rank_error(
            a,
            x,
            "at least a 1-D input",
            "RuntimeError: glu does not support scalars because halving size must be even",
        )
    axis = norm_axis(dim, len(x))
    if axis is None:
        raise axis_range_error(a, x, dim)
    size = x[axis]
    if is_known(size) and size % 2:
        raise LayerError(
            "LL102",
            f"GLU(dim={dim}) halves axis {axis}, which has the odd size {size}",
            f"RuntimeError: Halving dimension must be even, but dimension {axis} is size {size}",
            arg="dim",
            found=str(size),
        )
    half = size // 2 if is_known(size) else "?"
    return Out(x[:axis] + (half,) + x[axis + 1 :])


_FUNCTIONAL = {"Softmax": "softmax", "LogSoftmax": "log_softmax", "Softmin": "softmin"}


def implicit_dim_warning(module_name: str) -> str:
    """The UserWarning torch gives when Softmax/LogSoftmax/Softmin run with ``dim=None``.

    The axis it then picks is :func:`softmax_axis`; analysis may surface the warning (LL4xx).
    """
    return (
        f"UserWarning: Implicit dimension choice for {_FUNCTIONAL[module_name]} has been "
        "deprecated. Change the call to include dim=X as an argument."
    )


def softmax_axis(dim: int | None, rank: int) -> int:
    """``dim=None``: torch's ``_get_softmax_dim`` (legacy implicit choice, warns)."""
    if dim is None:
        return 0 if rank in (0, 1, 3) else 1
    return dim


def _softmax(a: Args, x: Shape) -> Out:
    dim = a.dim
    if dim is not None and not isinstance(dim, int):
        raise Unmodelled(f"{a.layer_type}(dim={dim!r})")
    axis = softmax_axis(dim, len(x))
    if norm_axis(axis, len(x)) is None:
        raise axis_range_error(a, x, axis)
    return Out(x)


for _name in ("Softmax", "LogSoftmax", "Softmin"):
    module(_name, "dim=None")(_softmax)


@module("Softmax2d", "")
def softmax2d(a: Args, x: Shape) -> Out:
    if len(x) not in (3, 4):
        raise rank_error(
            a,
            x,
            "a 3-D or 4-D input",
            f"ValueError: Softmax2d: expected input to be 3D or 4D, got {len(x)}D instead",
        )
    return Out(x)
