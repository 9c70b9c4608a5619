"""Helpers the PyTorch catalogue shares: dimension checks, torch's way of printing shapes,
argument normalisers, and the ``module`` decorator every entry uses.

Torch has no free dimensions: every dimension of a real tensor is an int. Here ``None`` (a
batch size the code does not show) and ``str`` dims (fixed but unknown to layerlint) are both
*unknown*: they never cause an error, and arithmetic on them gives ``"?"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...shapes import UNKNOWN_DIM, Dim, Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled, torch_layer

Entry = Callable[[Args, Shape], Out]


def module(
    name: str,
    signature: str,
    *,
    aliases: tuple[str, ...] = (),
    validate: Callable[[Args], None] | None = None,
) -> Callable[[Entry], Entry]:
    """Register a torch entry; zero-sized inputs are not modelled.

    Torch's kernels treat zero-sized axes idiosyncratically (some accept an empty batch, others
    reject any empty axis with kernel-specific messages); a model never meets them in practice,
    so claiming nothing there is safer than encoding each kernel's quirks.
    """

    def decorate(call: Entry) -> Entry:
        def call_nonempty(a: Args, x: Shape) -> Out:
            if 0 in x and any(d == 0 for d in x if is_known(d)):  # (no 0: nothing to test)
                raise Unmodelled(f"{name} on a zero-sized input {tshape(x)}")
            return call(a, x)

        torch_layer(name, signature, aliases=aliases, validate=validate)(call_nonempty)
        return call

    return decorate


# --- dimensions -----------------------------------------------------------------------------


def known(*dims: Dim) -> bool:
    return all(is_known(d) for d in dims)


def unknown_to_str(d: Dim) -> Dim:
    """Torch output dims are never free: a None input dim gives an unknown ("?") output dim."""
    return UNKNOWN_DIM if d is None else d


def calc(fn: Callable[..., int], *dims: Dim) -> Dim:
    """``fn`` on known dims; ``"?"`` if any is unknown (None or str)."""
    if known(*dims):
        return fn(*dims)
    return UNKNOWN_DIM


def numel(dims: Shape) -> Dim:
    return calc(lambda *v: _prod(v), *dims)


def _prod(values: tuple[int, ...]) -> int:
    out = 1
    for v in values:
        out *= v
    return out


def tdim(d: Dim) -> str:
    """A dimension as torch would print it; unknown ones as ``?`` (the run-time value)."""
    return str(d) if is_known(d) else ("?" if d is None else str(d))


def tshape(x: Shape) -> str:
    """``[4, 1, 32, 32]``, as ATen prints sizes."""
    return "[" + ", ".join(tdim(d) for d in x) + "]"


def torch_size(x: Shape) -> str:
    """``torch.Size([8, 8])``, as Python code formatting ``input.shape`` prints it."""
    return f"torch.Size({tshape(x)})"


def paren(dims: Shape, sep: str = " x ") -> str:
    return "(" + sep.join(tdim(d) for d in dims) + ")"


def norm_axis(axis: int, rank: int) -> int | None:
    """Torch's ``maybe_wrap_dim``: the axis in ``[0, rank)``, or None if out of range.

    A 0-d tensor behaves like rank 1 for the range check (``[-1, 0]``).
    """
    r = max(rank, 1)
    if -r <= axis < r:
        return axis % r
    return None


def axis_range_error(a: Args, x: Shape, axis: int, arg: str = "dim") -> LayerError:
    r = max(len(x), 1)
    return LayerError(
        "LL101",
        f"{a.layer_type}: dimension {axis} does not exist in its {len(x)}-D input {tshape(x)}",
        f"IndexError: Dimension out of range (expected to be in range of [{-r}, {r - 1}], but "
        f"got {axis})",
        arg=arg,
        expected=f"an axis in [{-r}, {r - 1}]",
        found=str(axis),
    )


# --- errors -------------------------------------------------------------------------------------


def rank_error(a: Args, x: Shape, expected: str, framework: str) -> LayerError:
    """LL101: the input has a rank the module does not accept. ``expected`` is plain words."""
    return LayerError(
        "LL101",
        f"{a.layer_type} expects {expected} but receives a {len(x)}-D input {tshape(x)}",
        framework,
        expected=expected,
        found=tshape(x),
    )


def too_small(a: Args, x: Shape, framework: str, what: str = "") -> LayerError:
    """LL103: the kernel/window is larger than the (padded) input, or the output would be empty."""
    return LayerError(
        "LL103",
        f"{a.layer_type}: {what or 'the output would be empty'} (input {tshape(x)})",
        framework,
        found=tshape(x),
    )


def invalid(a: Args, arg: str, framework: str, message: str = "") -> LayerError:
    """LL105: an argument the module rejects (when created, or when it first runs)."""
    text = framework.split(": ", 1)[-1].splitlines()[0]
    return LayerError(
        "LL105", message or f"{a.layer_type}: invalid `{arg}` ({text})", framework, arg=arg
    )


# --- arguments ----------------------------------------------------------------------------------


def is_int(value: Any) -> bool:
    return type(value) is int or isinstance(value, int) and not isinstance(value, bool)


def int_arg(a: Args, arg: str) -> int:
    """An int argument; anything else (floats, bools, objects) is not modelled."""
    value = a.raw(arg)
    if type(value) is int:  # the usual argument: what reading it as ``a.<arg>`` returns
        return value
    value = getattr(a, arg)
    if not is_int(value):
        raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
    return value


def ntuple(a: Args, arg: str, n: int, value: Any = None) -> tuple[int, ...]:
    """torch's ``_ntuple(n)``: an int repeated ``n`` times, or a tuple/list kept as is.

    Tuples of another length are returned unchanged; the caller decides (torch accepts a
    1-tuple for conv padding but rejects other lengths when the module runs).
    """
    value = getattr(a, arg) if value is None else value
    if is_int(value):
        return (value,) * n
    if isinstance(value, (tuple, list)) and all(is_int(v) for v in value):
        return tuple(value)
    raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
