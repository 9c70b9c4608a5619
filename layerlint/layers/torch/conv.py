"""torch.nn convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d and their Lazy forms
(torch/nn/modules/conv.py; checks in ATen's ConvUtils.h / Convolution.cpp).

Per spatial axis, with p the padding, d the dilation, s the stride, k the kernel:
  Conv           out = floor((L + 2p - d(k-1) - 1) / s) + 1, an error when L + 2p < d(k-1) + 1
  ConvTranspose  out = (L - 1)s - 2p + d(k-1) + output_padding + 1
``padding='same'`` (stride 1 only) keeps L; ``'valid'`` is p = 0. A ``padding_mode`` other than
``'zeros'`` pads the input with ``F.pad`` first (reflect needs p < L, circular p <= L), then
convolves without padding. Inputs may be unbatched (one axis fewer); torch then reports the
input with a batch axis of 1 added.

Parameters: Conv out*(in/groups)*prod(k) + out*bias; ConvTranspose in*(out/groups)*prod(k) +
out*bias. Lazy modules take ``in_channels`` from the first input.
"""

from __future__ import annotations

from typing import Any

from ...shapes import Shape, arith, conv_length, conv_transpose_length, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import (
    int_arg,
    invalid,
    is_int,
    module,
    ntuple,
    paren,
    rank_error,
    too_small,
    torch_size,
    tshape,
    unknown_to_str,
)

_MODES = ("zeros", "reflect", "replicate", "circular")


def _layout(a: Args) -> tuple[int, bool, bool]:
    """(number of spatial axes, transposed, lazy) from the module's name."""
    name = a.layer_type
    return int(name[-2]), "Transpose" in name, name.startswith("Lazy")


def _validate(a: Args) -> None:
    """_ConvNd.__init__ (and _ConvTransposeNd's padding_mode check, which comes first)."""
    _, transposed, lazy = _layout(a)
    mode = a.raw("padding_mode")
    if transposed and isinstance(mode, str) and mode != "zeros":
        raise invalid(
            a,
            "padding_mode",
            f'ValueError: Only "zeros" padding mode is supported for {a.layer_type}',
        )
    groups = a.raw("groups")
    if not is_int(groups):
        return
    if groups <= 0:
        raise invalid(a, "groups", "ValueError: groups must be a positive integer")
    if lazy:  # LazyConv*.__init__ passes 0 channels up; the first input decides
        channels, out = 0, 0
    else:
        channels, out = a.raw("in_channels"), a.raw("out_channels")
    if is_int(channels) and channels % groups:
        raise invalid(
            a,
            "groups",
            "ValueError: in_channels must be divisible by groups",
            f"{a.layer_type}: in_channels={channels} is not divisible by groups={groups}",
        )
    if is_int(out) and out % groups:
        raise invalid(
            a,
            "groups",
            "ValueError: out_channels must be divisible by groups",
            f"{a.layer_type}: out_channels={out} is not divisible by groups={groups}",
        )
    padding = a.raw("padding")
    if isinstance(padding, str) and not transposed:
        if padding not in ("same", "valid"):
            shown = repr({"same", "valid"})  # a set: its order is the process's, as torch's
            raise invalid(
                a,
                "padding",
                f"ValueError: Invalid padding string {padding!r}, should be one of {shown}",
            )
        stride = a.raw("stride")
        strides = (stride,) if is_int(stride) else stride
        if (
            padding == "same"
            and isinstance(strides, (tuple, list))
            and any(s != 1 for s in strides)
        ):
            raise invalid(
                a,
                "padding",
                "ValueError: padding='same' is not supported for strided convolutions",
                f"{a.layer_type}: padding='same' cannot be combined with stride={stride}; "
                "pad explicitly (padding=k//2) or use stride=1",
            )
    if isinstance(mode, str) and mode not in _MODES:
        shown = repr({"zeros", "reflect", "replicate", "circular"})
        raise invalid(
            a,
            "padding_mode",
            f"ValueError: padding_mode must be one of {shown}, but got padding_mode='{mode}'",
        )


def _geometry(a: Args, n: int, transposed: bool) -> dict[str, Any]:
    """Kernel, stride, dilation, padding as n-tuples; odd values are not modelled."""
    g: dict[str, Any] = {}
    for arg in ("kernel_size", "stride", "dilation"):
        values = ntuple(a, arg, n)
        if len(values) != n or any(v <= 0 for v in values):
            raise Unmodelled(f"{a.layer_type}({arg}={getattr(a, arg)!r})")
        g[arg] = values
    padding = a.padding
    if isinstance(padding, str) and not transposed:
        g["padding"] = padding
    else:
        if isinstance(padding, str):
            g["padding"] = padding  # transposed: fails in forward (see below)
        else:
            values = ntuple(a, "padding", n)
            if len(values) == 1:
                values = values * n
            if len(values) != n or any(v < 0 for v in values):
                raise Unmodelled(f"{a.layer_type}(padding={padding!r})")
            g["padding"] = values
    if transposed:
        values = ntuple(a, "output_padding", n)
        if len(values) != n or any(v < 0 for v in values):
            raise Unmodelled(f"{a.layer_type}(output_padding={a.output_padding!r})")
        g["output_padding"] = values
    return g


def _conv(a: Args, x: Shape) -> Out:
    n, transposed, lazy = _layout(a)
    out_channels = int_arg(a, "out_channels")
    groups = int_arg(a, "groups")
    g = _geometry(a, n, transposed)
    kernel, stride, dilation = g["kernel_size"], g["stride"], g["dilation"]
    mode = a.padding_mode
    fn = f"conv_transpose{n}d" if transposed else f"conv{n}d"
    if len(x) not in (n + 1, n + 2):
        if mode != "zeros":
            raise Unmodelled(f"{a.layer_type}(padding_mode={mode!r}) on a {len(x)}-D input")
        shown = torch_size(x) if lazy else tshape(x)
        raise rank_error(
            a,
            x,
            f"a {n + 2}-D (batch, channels, {_axes(n)}) or {n + 1}-D unbatched input",
            f"RuntimeError: Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to "
            f"{a.layer_type if lazy else fn}, but got input of size: {shown}",
        )
    batched = x if len(x) == n + 2 else (1, *x)
    channels, lengths = batched[1], batched[2:]
    in_channels = channels if lazy else int_arg(a, "in_channels")
    if lazy and is_known(in_channels) and in_channels % groups:
        raise LayerError(
            "LL102",
            f"{a.layer_type}(groups={groups}) receives {in_channels} channels, which groups "
            "cannot divide",
            "ValueError: in_channels must be divisible by groups",
            arg="groups",
        )
    if lazy and out_channels % groups:
        raise Unmodelled(f"{a.layer_type}: out_channels not divisible by groups")
    if (is_known(in_channels) and in_channels == 0) or out_channels == 0:
        raise Unmodelled(f"{a.layer_type} with zero channels")
    if transposed and isinstance(g["padding"], str):
        raise invalid(
            a,
            "padding",
            f"TypeError: {fn}(): argument 'padding' (position 5) must be tuple of ints, but "
            "found element of type str at pos 0",
            f"{a.layer_type} takes integer padding, not {g['padding']!r}",
        )
    padding = g["padding"]
    if padding == "valid":
        padding = (0,) * n
    if mode != "zeros":
        pairs = _pad_first(a, x, mode, padding, kernel, dilation)
        # torch pads first: later messages show the padded input, convolved without padding
        lengths = tuple(arith(lambda v, p=p: v + p[0] + p[1], L) for L, p in zip(lengths, pairs))
        batched = (*batched[:2], *lengths)
        padding = (0,) * n

    if mode == "zeros" and padding == "same":
        # ATen pads an odd total padding's extra element up front; messages show that input
        extra = tuple(d * (k - 1) % 2 for k, d in zip(kernel, dilation))
        batched = (*batched[:2], *(arith(lambda v, e=e: v + e, L) for L, e in zip(lengths, extra)))

    weight = (
        [in_channels, out_channels // groups, *kernel]
        if transposed
        else [out_channels, _div(in_channels, groups), *kernel]
    )
    if is_known(channels) and is_known(in_channels) and channels != in_channels:
        given = "transposed=1" if transposed else f"groups={groups}"
        raise LayerError(
            "LL102",
            f"{a.layer_type} expects {in_channels} input channels; the data has {channels}"
            + _channels_last_hint(n, batched, in_channels),
            f"RuntimeError: Given {given}, weight of size {tshape(tuple(weight))}, expected "
            f"input{tshape(batched)} to have {in_channels} channels, but got {channels} "
            "channels instead",
            arg="in_channels",
            expected=str(in_channels),
            found=str(channels),
        )

    if transposed:
        op = g["output_padding"]
        bad = [i for i in range(n) if op[i] >= stride[i] and op[i] >= dilation[i]]
        if bad:
            raise invalid(
                a,
                "output_padding",
                "RuntimeError: output padding must be smaller than either stride or dilation, "
                "but got "
                + _per_axis(n, ("output_padding", op), ("stride", stride), ("dilation", dilation)),
            )
        sizes = tuple(
            arith(
                lambda v, i=i: (
                    conv_transpose_length(v, kernel[i], stride[i], "valid", op[i], dilation[i])
                    - 2 * padding[i]
                ),
                L,
            )
            for i, L in enumerate(lengths)
        )
        if any(is_known(s) and s <= 0 for s in sizes):
            # Which kernel runs (oneDNN or ATen's own) depends on batch size, groups and the
            # thread count, and each words this differently (or returns an empty tensor).
            raise Unmodelled(f"{a.layer_type}: output size {paren(sizes)} <= 0")
        params = (
            in_channels * (out_channels // groups) * _prod(kernel)
            if is_known(in_channels)
            else None
        )
    else:
        if padding == "same":
            sizes = tuple(unknown_to_str(L) for L in lengths)
        else:
            padded = tuple(arith(lambda v, p=p: v + 2 * p, L) for L, p in zip(lengths, padding))
            spans = tuple(d * (k - 1) + 1 for d, k in zip(dilation, kernel))
            if any(is_known(P) and P < s for P, s in zip(padded, spans)):
                raise too_small(
                    a,
                    x,
                    f"RuntimeError: Calculated padded input size per channel: {paren(padded)}. "
                    f"Kernel size: {paren(spans)}. Kernel size can't be greater than actual "
                    "input size",
                    f"the kernel {paren(spans)} is larger than the padded input {paren(padded)}",
                )
            sizes = tuple(
                unknown_to_str(conv_length(P, k, s, "valid", d))
                for P, k, s, d in zip(padded, kernel, stride, dilation)
            )
        params = (
            out_channels * (in_channels // groups) * _prod(kernel)
            if is_known(in_channels)
            else None
        )
    if params is not None and a.bias:
        params += out_channels
    lead = (x[0],) if len(x) == n + 2 else ()
    return Out((*lead, out_channels, *sizes), params)


def _pad_first(
    a: Args, x: Shape, mode: str, padding: Any, kernel, dilation
) -> list[tuple[int, int]]:
    """F.pad(input, reversed padding, mode) before the convolution (checked last axis first)."""
    n = len(kernel)
    if padding == "same":
        pairs = [
            (d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation)
        ]
    else:
        pairs = [(p, p) for p in padding]
    for j in range(n):  # j-th axis from the end
        axis = len(x) - 1 - j
        size = x[axis]
        left, right = pairs[n - 1 - j]
        if not is_known(size):
            continue
        if mode == "reflect" and (left >= size or right >= size):
            raise too_small(
                a,
                x,
                f"RuntimeError: Argument #{4 + 2 * j}: Padding size should be less than the "
                f"corresponding input dimension, but got: padding ({left}, {right}) at "
                f"dimension {axis} of input {tshape(x)}",
                f"reflect padding ({left}, {right}) needs an axis longer than it; axis {axis} "
                f"has {size}",
            )
        if mode == "circular" and (left > size or right > size):
            raise too_small(
                a,
                x,
                "RuntimeError: Padding value causes wrapping around more than once.",
                f"circular padding ({left}, {right}) wraps around axis {axis} of size {size} "
                "more than once",
            )
    return pairs


def _channels_last_hint(n: int, batched: Shape, in_channels: Any) -> str:
    """Data laid out channels-last (Keras style) has the expected count on its last axis."""
    if not is_known(batched[-1]) or batched[-1] != in_channels:
        return ""
    layout = ("batch", "length", "channels") if n == 1 else ("batch", "...", "channels")
    return f" (the data looks like ({', '.join(layout)}): permute it to channels-first)"


def _per_axis(n: int, *named: tuple[str, tuple[int, ...]]) -> str:
    """ATen's message for 1-3 spatial axes (1-D is reported as 2-D with a leading 0/1)."""
    labels = ("depth", "height", "width") if n == 3 else ("height", "width")
    parts = []
    for name, values in named:
        if n == 1:
            values = ((0,) if name == "output_padding" else (1,)) + tuple(values)
        parts.extend(f"{name}_{label}: {v}" for label, v in zip(labels, values))
    return " ".join(parts)


def _axes(n: int) -> str:
    return ("length", "height, width", "depth, height, width")[n - 1]


def _div(a: Any, b: int) -> Any:
    return a // b if is_known(a) else a


def _prod(values: tuple[int, ...]) -> int:
    out = 1
    for v in values:
        out *= v
    return out


_CONV = (
    "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, "
    "bias=True, padding_mode='zeros', device=None, dtype=None"
)
_TRANSPOSE = (
    "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, "
    "bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None"
)

for _n in (1, 2, 3):
    module(f"Conv{_n}d", _CONV, validate=_validate)(_conv)
    module(f"ConvTranspose{_n}d", _TRANSPOSE, validate=_validate)(_conv)
    module(f"LazyConv{_n}d", _CONV.split(", ", 1)[1], validate=_validate)(_conv)
    module(f"LazyConvTranspose{_n}d", _TRANSPOSE.split(", ", 1)[1], validate=_validate)(_conv)
