"""Tensor strides, where a torch function's outcome depends on them: ``x.view`` works only on
a compatible layout ("view size is not compatible with input tensor's size and stride"), and
``matmul`` folds a batch into one matrix only when that copies nothing.

Strides are tuples of ints, or None where layerlint does not know them (an unknown size before
them, a layout it does not follow).
"""

from __future__ import annotations

from ...shapes import Shape, is_known

Strides = tuple[int, ...]


def contiguous_strides(shape: Shape) -> Strides | None:
    """Row-major strides; None if a size they depend on (any but the first) is unknown."""
    strides: list[int] = []
    step = 1
    for d in reversed(shape):
        strides.append(step)
        if not is_known(d):
            if len(strides) < len(shape):
                return None
            continue
        step *= max(d, 1)  # type: ignore[operator]
    return tuple(reversed(strides))


def is_contiguous(shape: Shape, strides: Strides) -> bool:
    """``Tensor.is_contiguous()``: sizes of one may have any stride."""
    expected = contiguous_strides(shape)
    return expected is not None and all(
        d == 1 or s == e for d, s, e in zip(shape, strides, expected))


def view_strides(old: Shape, strides: Strides, new: Shape) -> Strides | None:
    """ATen's ``computeStride``: the strides of ``old`` viewed as ``new`` (same element count,
    all sizes known), or None when no view exists (a new axis would span two separate chunks
    of memory)."""
    if not old:
        return (1,) * len(new)
    out = [0] * len(new)
    view_d = len(new) - 1
    chunk_base = strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in range(len(old) - 1, -1, -1):
        tensor_numel *= old[tensor_d]  # type: ignore[operator]
        if tensor_d == 0 or (old[tensor_d - 1] != 1
                             and strides[tensor_d - 1] != tensor_numel * chunk_base):
            while view_d >= 0 and (view_numel < tensor_numel or new[view_d] == 1):
                out[view_d] = view_numel * chunk_base
                view_numel *= new[view_d]  # type: ignore[operator]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base = strides[tensor_d - 1]
                tensor_numel = view_numel = 1
    return tuple(out) if view_d == -1 else None


def squeezed(shape: Shape, strides: Strides, axes: list[int]) -> Strides:
    return tuple(s for i, (d, s) in enumerate(zip(shape, strides)) if not (i in axes and d == 1))


def unsqueezed(shape: Shape, strides: Strides, axis: int) -> Strides | None:
    """ATen's ``inferUnsqueezeGeometry``: the new axis steps over the axis it precedes."""
    if axis >= len(shape):
        step = 1
    elif is_known(shape[axis]):
        step = shape[axis] * strides[axis]  # type: ignore[operator]
    else:
        return None
    return strides[:axis] + (step,) + strides[axis:]
