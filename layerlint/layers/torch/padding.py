"""torch.nn padding modules: ZeroPad/ConstantPad/ReflectionPad/ReplicationPad/CircularPad
1d/2d/3d (torch/nn/modules/padding.py). ``padding`` is an int or a tuple (left, right, top,
bottom, front, back) from the last axis backwards.

Constant padding pads the last len(padding)/2 axes of any input with at least that many axes.
The other modes need exactly n+1 or n+2 axes; reflection needs each pad smaller than its axis,
circular at most its axis.
"""

from __future__ import annotations

from ...shapes import Shape, arith, is_known
from ..base import Args, Out, Unmodelled
from ._common import module, ntuple, rank_error, too_small, tshape


def _pads(a: Args, n: int) -> tuple[int, ...]:
    pads = ntuple(a, "padding", 2 * n)
    if len(pads) != 2 * n or any(p < 0 for p in pads):
        raise Unmodelled(f"{a.layer_type}(padding={a.padding!r})")  # negative pads crop
    return pads


def _padded(x: Shape, pads: tuple[int, ...]) -> Shape:
    out = list(x)
    for j in range(len(pads) // 2):
        axis = len(x) - 1 - j
        out[axis] = arith(lambda v, j=j: v + pads[2 * j] + pads[2 * j + 1], x[axis])
    return tuple(out)


def _constant(a: Args, x: Shape, n: int) -> Out:
    pads = _pads(a, n)
    if len(pads) > 2 * len(x):
        raise rank_error(
            a,
            x,
            f"at least {n} axes to pad",
            "RuntimeError: Padding length should be less than or equal to two times the input "
            f"dimension but got padding length {len(pads)} and input of dimension {len(x)}",
        )
    return Out(_padded(x, pads))


def _non_constant(a: Args, x: Shape, n: int, mode: str) -> Out:
    pads = _pads(a, n)
    if mode != "circular" and len(pads) > 2 * len(x):  # F.pad checks the padding length first
        return _constant(a, x, n)
    if len(x) not in (n + 1, n + 2):
        if mode == "circular":
            framework = f"ValueError: expected {n + 1}D or {n + 2}D input (got {len(x)}D input)"
        else:
            framework = (
                f"NotImplementedError: Padding size {2 * n} is not supported for {len(x)}D input "
                "tensor."
            )
        raise rank_error(a, x, f"a {n + 1}-D or {n + 2}-D input", framework)
    for j in range(n):
        axis = len(x) - 1 - j
        size, left, right = x[axis], pads[2 * j], pads[2 * j + 1]
        if not is_known(size):
            continue
        if mode == "reflect" and (left >= size or right >= size):
            raise too_small(
                a,
                x,
                f"RuntimeError: Argument #{4 + 2 * j}: Padding size should be less than the "
                f"corresponding input dimension, but got: padding ({left}, {right}) at "
                f"dimension {axis} of input {tshape(x)}",
                f"reflection padding ({left}, {right}) needs axis {axis} longer than it "
                f"(it has {size})",
            )
        if mode == "circular" and (left > size or right > size):
            raise too_small(
                a,
                x,
                "RuntimeError: Padding value causes wrapping around more than once.",
                f"circular padding ({left}, {right}) is longer than axis {axis} ({size})",
            )
    return Out(_padded(x, pads))


for _n in (1, 2, 3):
    module(f"ZeroPad{_n}d", "padding")(lambda a, x, n=_n: _constant(a, x, n))
    module(f"ConstantPad{_n}d", "padding, value")(lambda a, x, n=_n: _constant(a, x, n))
    module(f"ReflectionPad{_n}d", "padding")(lambda a, x, n=_n: _non_constant(a, x, n, "reflect"))
    module(f"ReplicationPad{_n}d", "padding")(
        lambda a, x, n=_n: _non_constant(a, x, n, "replicate")
    )
    module(f"CircularPad{_n}d", "padding")(lambda a, x, n=_n: _non_constant(a, x, n, "circular"))
