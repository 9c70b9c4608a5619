"""torch.nn resampling: Upsample (and UpsamplingNearest2d / UpsamplingBilinear2d),
PixelShuffle, PixelUnshuffle, ChannelShuffle (torch/nn/modules/upsampling.py, pixelshuffle.py,
channelshuffle.py; F.interpolate).

Upsample works on (N, C, *spatial) with 1-3 spatial axes; each output length is ``size`` or
``int(L * scale_factor)``. The mode fixes the rank: linear 3-D, bilinear/bicubic 4-D,
trilinear 5-D; nearest, nearest-exact and area take 3- to 5-D.
"""

from __future__ import annotations

from typing import Any

from ...shapes import Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import calc, int_arg, invalid, is_int, module, rank_error, tshape

_NEEDS = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}
_ANY_RANK = ("nearest", "area", "nearest-exact")
# F.interpolate's explicit messages for a known mode on the wrong rank (others: "Input Error").
_GOT = {
    (3, "bilinear"),
    (3, "trilinear"),
    (4, "linear"),
    (4, "trilinear"),
    (5, "linear"),
    (5, "bilinear"),
}
_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"


def _interpolate(a: Args, x: Shape, mode: str, align_corners: Any) -> Out:
    size, scale = a.size, a.scale_factor
    if isinstance(scale, (tuple, list)):
        if not all(isinstance(s, (int, float)) for s in scale):
            raise Unmodelled(f"{a.layer_type}(scale_factor={scale!r})")
        scale = tuple(float(s) for s in scale)
    elif isinstance(scale, (int, float)):
        scale = float(scale) if scale else None  # Upsample.__init__ drops a zero factor
    elif scale is not None:
        raise Unmodelled(f"{a.layer_type}(scale_factor={scale!r})")
    if not isinstance(mode, str) or mode == "lanczos":
        raise Unmodelled(f"{a.layer_type}(mode={mode!r})")
    if mode in _ANY_RANK and align_corners is not None:
        raise invalid(
            a,
            "align_corners",
            "ValueError: align_corners option can only be set with the interpolating modes: "
            "linear | bilinear | bicubic | trilinear",
        )
    dim = len(x) - 2
    spatial = list(x[2:])
    if size is not None and scale is not None:
        raise invalid(a, "size", "ValueError: only one of size or scale_factor should be defined")
    if size is not None:
        sizes = size if isinstance(size, (tuple, list)) else [size] * max(dim, 0)
        if isinstance(size, (tuple, list)) and len(size) != dim:
            raise rank_error(
                a,
                x,
                f"{len(size)} spatial axes after (N, C)",
                "ValueError: Input and output must have the same number of spatial dimensions, "
                f"but got input with spatial dimensions of {_py_list(spatial)} and output size "
                f"of {size!r}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                "output size in (o1, o2, ...,oK) format.",
            )
        if not all(is_int(s) and s > 0 for s in sizes):
            raise Unmodelled(f"{a.layer_type}(size={size!r})")
        if a.recompute_scale_factor:
            raise invalid(
                a,
                "recompute_scale_factor",
                "ValueError: recompute_scale_factor is not meaningful with an explicit size.",
            )
        out = tuple(sizes)
    elif scale is not None:
        scales = scale if isinstance(scale, tuple) else (scale,) * max(dim, 0)
        if isinstance(scale, tuple) and len(scale) != dim:
            raise rank_error(
                a,
                x,
                f"{len(scale)} spatial axes after (N, C)",
                "ValueError: Input and scale_factor must have the same number of spatial "
                f"dimensions, but got input with spatial dimensions of {_py_list(spatial)} and "
                f"scale_factor of shape {scale!r}. Please provide input tensor in (N, C, d1, d2, "
                "...,dK) format and scale_factor in (s1, s2, ...,sK) format.",
            )
        out = tuple(calc(lambda v, s=s: int(v * s), L) for L, s in zip(spatial, scales))
    else:
        raise invalid(
            a, "scale_factor", "ValueError: either size or scale_factor should be defined"
        )
    rank = len(x)
    needs = _NEEDS.get(mode)
    if needs is not None and needs != rank and (rank, mode) in _GOT:
        raise rank_error(
            a,
            x,
            f"a {needs}-D input for mode={mode!r}",
            f"NotImplementedError: Got {rank}D input, but {mode} mode needs {needs}D input",
        )
    if (needs is None and (mode not in _ANY_RANK or rank not in (3, 4, 5))) or (
        needs is not None and needs != rank
    ):
        raise rank_error(
            a,
            x,
            "a 3-D, 4-D or 5-D (N, C, *spatial) input",
            f"NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got "
            f"{rank}D) for the modes: {_MODES} (got {mode})",
        )
    if any(is_known(s) and s <= 0 for s in out):
        raise Unmodelled(f"{a.layer_type}: an empty output")  # message differs per kernel
    return Out(x[:2] + out)


def _py_list(values: list) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


@module(
    "Upsample",
    "size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None",
)
def upsample(a: Args, x: Shape) -> Out:
    return _interpolate(a, x, a.mode, a.align_corners)


@module("UpsamplingNearest2d", "size=None, scale_factor=None")
def upsampling_nearest(a: Args, x: Shape) -> Out:
    return _interpolate(_with_recompute(a), x, "nearest", None)


@module("UpsamplingBilinear2d", "size=None, scale_factor=None")
def upsampling_bilinear(a: Args, x: Shape) -> Out:
    return _interpolate(_with_recompute(a), x, "bilinear", True)


def _with_recompute(a: Args) -> Args:
    return a.with_values(recompute_scale_factor=None)


def _at_least_3d(a: Args, x: Shape, fn: str) -> None:
    if len(x) < 3:
        raise rank_error(
            a,
            x,
            "at least a 3-D (C, H, W) input",
            f"RuntimeError: {fn} expects input to have at least 3 dimensions, but got input "
            f"with {len(x)} dimension(s)",
        )


@module("PixelShuffle", "upscale_factor")
def pixel_shuffle(a: Args, x: Shape) -> Out:
    r = int_arg(a, "upscale_factor")
    if r <= 0:
        raise Unmodelled(f"PixelShuffle({r})")
    _at_least_3d(a, x, "pixel_shuffle")
    c, h, w = x[-3:]
    if is_known(c) and c % (r * r):
        raise LayerError(
            "LL102",
            f"PixelShuffle({r}) needs channels divisible by {r * r}; the input has {c}",
            "RuntimeError: pixel_shuffle expects its input's 'channel' dimension to be divisible "
            f"by the square of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}",
            arg="upscale_factor",
            found=str(c),
        )
    return Out(
        x[:-3]
        + (calc(lambda v: v // (r * r), c), calc(lambda v: v * r, h), calc(lambda v: v * r, w))
    )


@module("PixelUnshuffle", "downscale_factor")
def pixel_unshuffle(a: Args, x: Shape) -> Out:
    r = int_arg(a, "downscale_factor")
    if r <= 0:
        raise Unmodelled(f"PixelUnshuffle({r})")
    _at_least_3d(a, x, "pixel_unshuffle")
    c, h, w = x[-3:]
    for axis, label, size in ((-2, "height", h), (-1, "width", w)):
        if is_known(size) and size % r:
            raise LayerError(
                "LL102",
                f"PixelUnshuffle({r}) needs the {label} divisible by {r}; the input has {size}",
                f"RuntimeError: pixel_unshuffle expects {label} to be divisible by "
                f"downscale_factor, but input.size({axis})={size} is not divisible by {r}",
                arg="downscale_factor",
                found=str(size),
            )
    return Out(
        x[:-3]
        + (calc(lambda v: v * r * r, c), calc(lambda v: v // r, h), calc(lambda v: v // r, w))
    )


@module("ChannelShuffle", "groups")
def channel_shuffle(a: Args, x: Shape) -> Out:
    groups = int_arg(a, "groups")
    if len(x) <= 2:
        raise rank_error(
            a,
            x,
            "at least a 3-D input",
            f"RuntimeError: channel_shuffle expects input with > 2 dims, but got input with "
            f"sizes {tshape(x)}",
        )
    if groups <= 0:
        raise invalid(
            a,
            "groups",
            "RuntimeError: Number of groups to divide channels in must be positive. Value of "
            f"groups:{groups}",
        )
    c = x[1]
    if is_known(c) and c % groups:
        raise LayerError(
            "LL102",
            f"ChannelShuffle({groups}) needs channels (axis 1) divisible by {groups}; the input "
            f"has {c}",
            f"RuntimeError: Number of channels must be divisible by groups. Got {c} channels and "
            f"{groups} groups.",
            arg="groups",
            found=str(c),
        )
    return Out(x)
