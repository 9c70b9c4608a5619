"""torch.nn linear and reshaping modules: Linear, Bilinear, LazyLinear, Identity, Flatten,
Unflatten (torch/nn/modules/linear.py, flatten.py).

Linear works on the last axis of any input of rank >= 1 (a 1-D input is one unbatched sample);
its weight is ``(out_features, in_features)``, so a wrong feature count fails inside the matrix
product, reported with the input flattened to 2-D: "mat1 and mat2 shapes cannot be multiplied
(8x5408 and 4096x10)".
"""

from __future__ import annotations

from typing import Any

from ...shapes import Shape, is_known
from ...shown import type_name
from ..base import Args, LayerError, Out, Unmodelled
from ._common import (
    axis_range_error,
    calc,
    int_arg,
    invalid,
    is_int,
    module,
    norm_axis,
    numel,
    tdim,
    tshape,
)


def _weight_sizes(*names: str):
    """``torch.empty(sizes)`` in ``__init__``: a negative size fails there (first one named)."""

    def validate(a: Args) -> None:
        sizes = []
        for name in names:
            value = a.raw(name)
            if not is_int(value):
                return  # unknown or not an int: not modelled
            sizes.append(value)
        negative = [s for s in sizes if s < 0]
        if negative:
            shown = "[" + ", ".join(str(s) for s in sizes) + "]"
            arg = names[sizes.index(negative[0])]
            raise invalid(
                a,
                arg,
                f"RuntimeError: Trying to create tensor with negative dimension {negative[0]}: "
                f"{shown}",
                f"{a.layer_type}: {arg}={negative[0]} is negative",
            )

    return validate


def _linear_out(a: Args, x: Shape, in_features: int, out_features: int, who: str) -> Out:
    if len(x) == 0:
        raise LayerError(
            "LL101",
            f"{who} needs at least a 1-D input (features) but receives a 0-D tensor",
            "RuntimeError: both arguments to linear need to be at least 1D, but they are 0D and 2D",
            expected="at least 1-D input",
            found=tshape(x),
        )
    features = x[-1]
    if is_known(features) and features != in_features:
        rows = numel(x[:-1]) if len(x) > 1 else 1
        raise LayerError(
            "LL102",
            f"{who} receives {features} features; use Linear({features}, {out_features}) or "
            f"nn.LazyLinear({out_features})",
            f"RuntimeError: mat1 and mat2 shapes cannot be multiplied ({tdim(rows)}x{features} "
            f"and {in_features}x{out_features})",
            arg="in_features",
            expected=str(in_features),
            found=str(features),
        )
    return Out(x[:-1] + (out_features,))


@module(
    "Linear",
    "in_features, out_features, bias=True, device=None, dtype=None",
    validate=_weight_sizes("out_features", "in_features"),
)
def linear(a: Args, x: Shape) -> Out:
    fin, fout = int_arg(a, "in_features"), int_arg(a, "out_features")
    out = _linear_out(a, x, fin, fout, f"Linear({fin}, {fout})")
    return Out(out.shape, fin * fout + fout * bool(a.bias))


@module(
    "Bilinear",
    "in1_features, in2_features, out_features, bias=True, device=None, dtype=None",
    validate=_weight_sizes("out_features", "in1_features", "in2_features"),
)
def bilinear(a: Args, x: Shape) -> Out:
    # forward(input1, input2): nn.Sequential passes a single tensor, whatever its shape.
    raise LayerError(
        "LL107",
        "Bilinear takes two inputs (input1, input2); nn.Sequential passes it only one: call it "
        "from a custom forward",
        "TypeError: Bilinear.forward() missing 1 required positional argument: 'input2'",
    )


@module("LazyLinear", "out_features, bias=True, device=None, dtype=None")
def lazy_linear(a: Args, x: Shape) -> Out:
    fout = int_arg(a, "out_features")
    if len(x) == 0:  # initialize_parameters reads input.shape[-1]
        raise LayerError(
            "LL101",
            "LazyLinear needs at least a 1-D input (features) but receives a 0-D tensor",
            "IndexError: tuple index out of range",
            expected="at least 1-D input",
            found=tshape(x),
        )
    features = x[-1]
    params = calc(lambda f: f * fout + fout * bool(a.bias), features)
    return Out(x[:-1] + (fout,), params if is_int(params) else None)


@module("Identity", "*args, **kwargs")
def identity(a: Args, x: Shape) -> Out:
    return Out(x)


@module("Flatten", "start_dim=1, end_dim=-1")
def flatten(a: Args, x: Shape) -> Out:
    start, end = int_arg(a, "start_dim"), int_arg(a, "end_dim")
    s = norm_axis(start, len(x))
    if s is None:
        raise axis_range_error(a, x, start, "start_dim")
    e = norm_axis(end, len(x))
    if e is None:
        raise axis_range_error(a, x, end, "end_dim")
    if s > e:
        raise LayerError(
            "LL105",
            f"Flatten(start_dim={start}, end_dim={end}): start_dim comes after end_dim for a "
            f"{len(x)}-D input",
            "RuntimeError: flatten() has invalid args: start_dim cannot come after end_dim",
            arg="start_dim",
        )
    if len(x) == 0:
        return Out((1,))
    return Out(x[:s] + (numel(x[s : e + 1]),) + x[e + 1 :])


def _unflatten_sizes(a: Args) -> None:
    sizes: Any = a.raw("unflattened_size")
    if isinstance(sizes, (tuple, list)):
        for i, elem in enumerate(sizes):
            if isinstance(elem, (float, str)) or elem is None:
                raise invalid(
                    a,
                    "unflattened_size",
                    "TypeError: unflattened_size must be tuple of ints, but found element of "
                    f"type {type_name(elem)} at pos {i}",
                )
        return
    if isinstance(sizes, (int, float, str)) or sizes is None:
        raise invalid(
            a,
            "unflattened_size",
            "TypeError: unflattened_size must be a tuple of ints, but found type "
            f"{type_name(sizes)}",
        )


@module("Unflatten", "dim, unflattened_size", validate=_unflatten_sizes)
def unflatten(a: Args, x: Shape) -> Out:
    dim = int_arg(a, "dim")
    sizes = a.unflattened_size
    if not isinstance(sizes, (tuple, list)) or not all(is_int(s) for s in sizes):
        raise Unmodelled(f"Unflatten(unflattened_size={sizes!r})")
    sizes = tuple(sizes)
    if len(x) == 0 or any(s < -1 for s in sizes) or sizes.count(-1) > 1 or not sizes:
        raise Unmodelled(f"Unflatten{(dim, sizes)} on {tshape(x)}")  # rare paths, odd messages
    axis = norm_axis(dim, len(x))
    if axis is None:
        raise axis_range_error(a, x, dim)
    size = x[axis]
    rest = 1
    for s in sizes:
        if s != -1:
            rest *= s
    if rest == 0:
        raise Unmodelled(f"Unflatten{(dim, sizes)}: a zero size")
    if not is_known(size):
        new = tuple("?" if s == -1 else s for s in sizes)
        return Out(x[:axis] + new + x[axis + 1 :])
    ok = size % rest == 0 if -1 in sizes and rest else size == rest
    if not ok:
        shown = "[" + ", ".join(str(s) for s in sizes) + "]"
        raise LayerError(
            "LL104",
            f"Unflatten({dim}, {tuple(sizes)}): the sizes multiply to {rest}, but axis {dim} "
            f"has {size} elements",
            f"RuntimeError: unflatten: Provided sizes {shown} don't multiply up to the size of "
            f"dim {axis} ({size}) in the input tensor",
            arg="unflattened_size",
            expected=str(rest),
            found=str(size),
        )
    new = tuple(size // rest if s == -1 else s for s in sizes)
    return Out(x[:axis] + new + x[axis + 1 :])
