"""Torch tensor functions that join, split and rearrange axes: cat, stack, split, chunk, flatten,
view/reshape, squeeze/unsqueeze, permute, transpose (messages measured on torch 2.13, CPU).

An axis argument is wrapped like ATen's ``maybe_wrap_dim`` (a 0-D tensor counts as rank 1);
out of range is torch's IndexError. Unknown dimensions (None, str) never fail a check: two of
them are assumed equal, so a check claims an error only between known sizes. Importing this
module registers every tensor-function family.
"""

from __future__ import annotations

import math
from typing import Any

from ...shapes import UNKNOWN_DIM, Dim, Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled, lookup
from ._common import numel, tdim, tshape
from .strides import contiguous_strides, squeezed, unsqueezed, view_strides
from ._function import (
    TensorArg,
    bad_argument,
    differ,
    int_list,
    int_value,
    short_name,
    rank_mismatch,
    shown_name,
    size_mismatch,
    tensor,
    tensor_list,
    torch_function,
    wrap,
)


# --- joining ------------------------------------------------------------------------------------


@torch_function("cat", "tensors, dim=0", aliases=("concat", "concatenate"))
def cat(a: Args, xs: tuple[Shape, ...]) -> Out:
    tensors = tensor_list(a, "tensors")
    dim = int_value(a, "dim")
    if not tensors:
        raise bad_argument(a, "tensors", f"ValueError: torch.{short_name(a)}(): expected a "
                           "non-empty list of Tensors", "needs at least one tensor")
    for i, x in enumerate(xs):
        if len(x) == 0:
            raise rank_mismatch(a, f"RuntimeError: zero-dimensional tensor (at position {i}) "
                                "cannot be concatenated",
                                f"tensor {i} is 0-D; concatenation needs at least 1-D tensors")
    first = xs[0]
    axis = wrap(a, first, dim)
    out = list(first)
    for i, x in enumerate(xs[1:], 1):
        if len(x) != len(first):
            raise rank_mismatch(a, f"RuntimeError: Tensors must have same number of dimensions: "
                                f"got {len(first)} and {len(x)}",
                                f"tensor {i} is {len(x)}-D {tshape(x)}, tensor 0 is "
                                f"{len(first)}-D {tshape(first)}")
        for d in range(len(x)):
            if d != axis and differ(first[d], x[d]):
                raise size_mismatch(
                    a, f"Sizes of tensors must match except in dimension {axis}. Expected size "
                    f"{first[d]} but got size {x[d]} for tensor number {i} in the list.",
                    f"tensor {i} {tshape(x)} differs from tensor 0 {tshape(first)} on axis {d} "
                    f"(only axis {axis}, the one joined, may differ)", first[d], x[d])
            if d != axis and not is_known(out[d]):
                out[d] = x[d] if is_known(x[d]) else UNKNOWN_DIM
        out[axis] = numel_sum(out[axis], x[axis])
    return Out(tuple(_torch_dim(d) for d in out))


def numel_sum(d: Dim, e: Dim) -> Dim:
    return d + e if is_known(d) and is_known(e) else UNKNOWN_DIM  # type: ignore[operator]


def _torch_dim(d: Dim) -> Dim:
    return UNKNOWN_DIM if d is None else d


@torch_function("stack", "tensors, dim=0")
def stack(a: Args, xs: tuple[Shape, ...]) -> Out:
    tensor_list(a, "tensors")
    dim = int_value(a, "dim")
    if not xs:
        raise bad_argument(a, "tensors", "RuntimeError: stack expects a non-empty TensorList",
                           "needs at least one tensor")
    first = xs[0]
    axis = wrap(a, first, dim, rank=len(first) + 1)
    for i, x in enumerate(xs[1:], 1):
        if len(x) != len(first) or any(differ(d, e) for d, e in zip(first, x)):
            raise size_mismatch(
                a, f"stack expects each tensor to be equal size, but got {tshape(first)} at "
                f"entry 0 and {tshape(x)} at entry {i}",
                f"tensor {i} {tshape(x)} differs from tensor 0 {tshape(first)}; stacked tensors "
                "must have equal shapes")
    out = [_torch_dim(next((x[d] for x in xs if is_known(x[d])), first[d]))
           for d in range(len(first))]
    out.insert(axis, len(xs))
    return Out(tuple(out))


# --- splitting ----------------------------------------------------------------------------------


def _pieces(a: Args, x: Shape, axis: int, sizes: list[int]) -> Out:
    """The pieces are views of the input: its strides."""
    shapes = tuple(x[:axis] + (s,) + x[axis + 1:] for s in sizes)
    shapes = tuple(tuple(_torch_dim(d) for d in s) for s in shapes)
    first = a.raw("input") if isinstance(a.raw("input"), TensorArg) else a.raw("tensor")
    return Out(shapes[0], outputs=shapes,
               strides=first.layout() if isinstance(first, TensorArg) else None)


@torch_function("split", "tensor, split_size_or_sections, dim=0", method="split_size, dim=0",
                binding="python")
def split(a: Args, xs: tuple[Shape, ...]) -> Out:
    x = xs[0] if xs else tensor(a, "tensor").shape
    sections = a.raw("split_size") if a.layer_type == "Tensor.split" else a.raw(
        "split_size_or_sections")
    if sections is None or any(v is not None and not is_known(v) for v in _listed(sections)):
        raise Unmodelled(f"{a.layer_type}(split_size={sections!r})")
    dim = int_value(a, "dim")
    if len(x) == 0:
        raise Unmodelled(f"{a.layer_type} of a 0-D tensor")
    axis = wrap(a, x, dim)
    length = x[axis]
    if isinstance(sections, int) and not isinstance(sections, bool):
        if sections < 0:
            raise bad_argument(a, "split_size", "RuntimeError: split expects split_size be "
                               f"non-negative, but got split_size={sections}",
                               f"split_size={sections} is negative")
        if not is_known(length):
            raise Unmodelled(f"{a.layer_type} of an unknown axis into pieces of {sections}")
        if sections == 0:
            raise bad_argument(a, "split_size", "RuntimeError: split_size can only be 0 if "
                               f"dimension size is 0, but got dimension size of {length}",
                               "split_size=0 on a non-empty axis")
        count = max(math.ceil(length / sections), 1)  # type: ignore[operator]
        sizes = [sections] * (count - 1) + [length - sections * (count - 1)]  # type: ignore
        return _pieces(a, x, axis, sizes)
    if isinstance(sections, (tuple, list)) and all(
            isinstance(s, int) and not isinstance(s, bool) for s in sections):
        if any(s < 0 for s in sections) or not sections:
            raise Unmodelled(f"{a.layer_type}({list(sections)})")
        if is_known(length) and sum(sections) != length:
            raise size_mismatch(
                a, f"split_with_sizes expects split_sizes to sum exactly to {length} (input "
                f"tensor's size at dimension {dim}), but got split_sizes={list(sections)}",
                f"the sections {list(sections)} add up to {sum(sections)}, not to the {length} "
                f"of axis {axis} {tshape(x)}", length, sum(sections))
        return _pieces(a, x, axis, list(sections))
    raise Unmodelled(f"{a.layer_type}({sections!r})")


def _listed(value: Any) -> list:
    return list(value) if isinstance(value, (tuple, list)) else [value]


@torch_function("chunk", "input, chunks, dim=0", method=True)
def chunk(a: Args, xs: tuple[Shape, ...]) -> Out:
    x = xs[0]
    chunks, dim = int_value(a, "chunks"), int_value(a, "dim")
    if len(x) == 0:
        raise Unmodelled(f"{a.layer_type} of a 0-D tensor")
    if chunks <= 0:
        raise bad_argument(a, "chunks", "RuntimeError: chunk expects `chunks` to be greater "
                           f"than 0, got: {chunks}", f"chunks={chunks} must be positive")
    axis = wrap(a, x, dim)
    length = x[axis]
    if not is_known(length):
        raise Unmodelled(f"{a.layer_type} of an unknown axis")
    size = math.ceil(length / chunks)  # type: ignore[operator]
    count = math.ceil(length / size)  # type: ignore[operator]
    return _pieces(a, x, axis, [size] * (count - 1) + [length - size * (count - 1)])  # type: ignore


# --- reshaping ----------------------------------------------------------------------------------


@torch_function("flatten", "input, start_dim=0, end_dim=-1", method=True)
def flatten(a: Args, xs: tuple[Shape, ...]) -> Out:
    spec = lookup("torch", "Flatten")
    assert spec is not None
    values = {"start_dim": int_value(a, "start_dim"), "end_dim": int_value(a, "end_dim")}
    out = spec.call(Args(a.layer_type, values), xs[0])  # nn.Flatten runs this very function
    if out.shape == xs[0]:
        return Out(out.shape, strides=tensor(a, "input").layout())  # itself
    return _reshape_layout(tensor(a, "input"), out.shape)  # flatten is a reshape


def target_sizes(a: Args, raw: Any) -> list[Dim]:
    """The sizes of a view/reshape: ints, or ``"?"`` where only the run knows (``x.size(0)``)."""
    sizes = list(raw) if isinstance(raw, (tuple, list)) else [raw]
    for s in sizes:
        if isinstance(s, bool) or not (isinstance(s, int) or s == UNKNOWN_DIM):
            raise Unmodelled(f"{a.layer_type}({raw!r})")
    return sizes


def reshaped(a: Args, x: Shape, sizes: list[Dim]) -> Out:
    """ATen's ``infer_size``: one -1 at most, no other negative size, the same element count."""
    name = shown_name(a)
    shown = "[" + ", ".join(str(s) for s in sizes) + "]"
    inferred = False
    for i, s in enumerate(sizes):
        if s == -1:
            if inferred:
                raise LayerError("LL104", f"{name}: only one size can be -1 (inferred)",
                                 "RuntimeError: only one dimension can be inferred", arg="shape")
            inferred = True
        elif is_known(s) and s < 0:  # type: ignore[operator]
            raise bad_argument(a, "shape", f"RuntimeError: invalid shape dimension {s} at index "
                               f"{i} of shape {shown}", f"size {s} is negative")
    total = numel(x)
    known_part = math.prod(s for s in sizes if is_known(s) and s != -1)  # type: ignore[misc]
    if not is_known(total) or any(not is_known(s) for s in sizes):
        return Out(tuple(UNKNOWN_DIM if s == -1 or not is_known(s) else s for s in sizes))
    fits = (known_part > 0 and total % known_part == 0) if inferred else known_part == total
    if not fits:
        per_sample = total // x[0] if len(x) > 1 and x[0] else None  # type: ignore[operator]
        hint = (f"; each of the {x[0]} samples has {per_sample} elements "
                f"({' x '.join(tdim(d) for d in x[1:])})" if per_sample else "")
        raise LayerError(
            "LL104",
            f"{name}({', '.join(str(s) for s in sizes)}) does not fit a tensor of {total} "
            f"elements {tshape(x)}{hint}",
            f"RuntimeError: shape '{shown}' is invalid for input of size {total}",
            arg="shape", expected=str(known_part), found=str(total))
    return Out(tuple(total // known_part if s == -1 else s for s in sizes))  # type: ignore


def _reshape_layout(x: TensorArg, shape: Shape) -> Out:
    """``reshape``: a view when the layout allows one, else a contiguous copy."""
    strides = x.layout()
    if strides is not None and all(is_known(d) for d in (*x.shape, *shape)):
        viewed = view_strides(x.shape, strides, shape)
        return Out(shape, strides=viewed if viewed is not None else contiguous_strides(shape))
    return Out(shape, strides=contiguous_strides(shape) if x.is_contiguous() else None)


@torch_function("reshape", "input, shape", method="*shape")
def reshape(a: Args, xs: tuple[Shape, ...]) -> Out:
    out = reshaped(a, xs[0], target_sizes(a, a.shape))
    return _reshape_layout(tensor(a, "input"), out.shape)  # type: ignore[arg-type]


@torch_function("Tensor.view", "input, *shape", binding=None)
def view(a: Args, xs: tuple[Shape, ...]) -> Out:
    if len(a.shape) == 0:
        raise Unmodelled("x.view()")
    x = tensor(a, "input")
    out = reshaped(a, xs[0], target_sizes(a, a.shape))
    shape: Shape = out.shape  # type: ignore[assignment]
    strides = x.layout()
    if strides is None:
        raise Unmodelled("view of a tensor whose strides layerlint does not know")
    if not all(is_known(d) for d in (*x.shape, *shape)):
        if x.is_contiguous():
            return Out(shape, strides=contiguous_strides(shape))
        raise Unmodelled("view of a non-contiguous tensor of unknown sizes")
    viewed = view_strides(x.shape, strides, shape)
    if viewed is None:
        raise LayerError(
            "LL104",
            f"x.view{tuple(shape)}: the tensor {tshape(x.shape)} is not laid out contiguously "
            "(after a transpose/permute or a slice), so it cannot be viewed in that shape; use "
            ".reshape(...) or call .contiguous() first",
            "RuntimeError: view size is not compatible with input tensor's size and stride (at "
            "least one dimension spans across two contiguous subspaces). Use .reshape(...) "
            "instead.", arg="shape")
    return Out(shape, strides=viewed)


@torch_function("squeeze", "input, dim=None", method=True, binding=None)  # overloaded
def squeeze(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, dim = xs[0], a.dim
    if dim is None:
        if any(not is_known(d) for d in x):
            raise Unmodelled(f"{a.layer_type}() of a tensor with unknown sizes")
        return _squeezed(a, x, [i for i, d in enumerate(x) if d == 1])
    dims = int_list(a, "dim")
    axes = [wrap(a, x, d) for d in dims]
    if len(set(axes)) != len(axes):
        duplicate = next(d for d in axes if axes.count(d) > 1)
        raise bad_argument(a, "dim", f"RuntimeError: dim {duplicate} appears multiple times in "
                           "the list of dims", f"axis {duplicate} is listed twice")
    if any(not is_known(x[i]) for i in axes if i < len(x)):
        raise Unmodelled(f"{a.layer_type} of an axis of unknown size")
    return _squeezed(a, x, axes)


def _squeezed(a: Args, x: Shape, axes: list[int]) -> Out:
    strides = tensor(a, "input").layout()
    return Out(tuple(_torch_dim(d) for i, d in enumerate(x) if not (i in axes and d == 1)),
               strides=squeezed(x, strides, axes) if strides is not None else None)


@torch_function("unsqueeze", "input, dim", method=True)
def unsqueeze(a: Args, xs: tuple[Shape, ...]) -> Out:
    x = xs[0]
    axis = wrap(a, x, int_value(a, "dim"), rank=len(x) + 1)
    strides = tensor(a, "input").layout()
    return Out(tuple(_torch_dim(d) for d in x[:axis] + (1,) + x[axis:]),
               strides=unsqueezed(x, strides, axis) if strides is not None else None)


@torch_function("permute", "input, dims", method="*dims")
def permute(a: Args, xs: tuple[Shape, ...]) -> Out:
    x = xs[0]
    dims = int_list(a, "dims")
    if len(dims) != len(x):
        raise rank_mismatch(
            a, "RuntimeError: permute(sparse_coo): number of dimensions in the tensor input does "
            "not match the length of the desired ordering of dimensions i.e. input.dim() = "
            f"{len(x)} is not equal to len(dims) = {len(dims)}",
            f"{len(dims)} axes given for a {len(x)}-D tensor {tshape(x)}")
    seen: list[int] = []
    for d in dims:
        axis = wrap(a, x, d)
        if axis in seen:
            raise bad_argument(a, "dims", "RuntimeError: permute(): duplicate dims are not "
                               "allowed.", f"axis {axis} is listed twice")
        seen.append(axis)
    strides = tensor(a, "input").layout()
    return Out(tuple(_torch_dim(x[i]) for i in seen),
               strides=tuple(strides[i] for i in seen) if strides is not None else None)


@torch_function("transpose", "input, dim0, dim1", method=True, aliases=("swapaxes", "swapdims"))
def transpose(a: Args, xs: tuple[Shape, ...]) -> Out:
    x = xs[0]
    first = wrap(a, x, int_value(a, "dim0"), "dim0")
    second = wrap(a, x, int_value(a, "dim1"), "dim1")
    out = [_torch_dim(d) for d in x]
    strides = list(tensor(a, "input").layout() or ())
    if out:
        out[first], out[second] = out[second], out[first]
    if strides:
        strides[first], strides[second] = strides[second], strides[first]
    return Out(tuple(out), strides=tuple(strides) if len(strides) == len(out) else None)

