"""torch.nn pooling: MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvg/MaxPool1d/2d/3d
(torch/nn/modules/pooling.py; ATen Pool.h). Each family words its checks differently; the
messages below are torch 2.13's (CPU).

Output length per axis (ATen ``pooling_output_shape``), s defaulting to the kernel:
  out = floor((L + 2p - d(k-1) - 1 + (s-1 if ceil_mode)) / s) + 1, minus 1 in ceil mode when
  the last window would start past the input's padded start (``(out-1)s >= L + p``).
Padding must not exceed half the effective kernel. ``return_indices=True`` returns a tuple
(output, indices) of equal shapes.
"""

from __future__ import annotations

from ...shapes import Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import calc, invalid, is_int, module, ntuple, rank_error, tshape

_MAX = "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False"
_AVG1 = "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True"
_AVG = _AVG1 + ", divisor_override=None"


def pool_length(n: int, k: int, p: int, s: int, d: int, ceil_mode: bool) -> int:
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def _window(a: Args, n: int, dilated: bool):
    kernel = ntuple(a, "kernel_size", n)
    stride = kernel if a.stride is None or a.stride == [] else ntuple(a, "stride", n)
    padding = ntuple(a, "padding", n)
    dilation = ntuple(a, "dilation", n) if dilated else (1,) * n
    for values in (kernel, stride, padding, dilation):
        if len(values) == 1:
            continue
        if len(values) != n:
            raise Unmodelled(f"{a.layer_type}: a tuple of the wrong length")
    kernel, stride, padding, dilation = (
        v * n if len(v) == 1 else v for v in (kernel, stride, padding, dilation)
    )
    if any(v <= 0 for v in kernel + stride + dilation) or any(v < 0 for v in padding):
        raise Unmodelled(f"{a.layer_type}: non-positive window arguments")
    return kernel, stride, padding, dilation


def _check_padding(a: Args, kernel, padding, dilation, framework) -> None:
    for k, p, d in zip(kernel, padding, dilation):
        if p > ((k - 1) * d + 1) // 2:
            raise invalid(
                a,
                "padding",
                framework(k, p, d),
                f"{a.layer_type}: padding={p} is more than half the kernel ({k})",
            )


def _pool(a: Args, x: Shape, n: int, kind: str) -> Out:
    dilated = kind == "max"
    kernel, stride, padding, dilation = _window(a, n, dilated)
    ceil_mode = bool(a.ceil_mode)
    # LPPool runs avg_pool on x**p: its checks and messages are AvgPool's
    name = a.layer_type.replace("LPPool", "AvgPool")
    if kind == "max" and n == 1 and a.return_indices and len(x) not in (2, 3):
        raise Unmodelled("MaxPool1d(return_indices=True) on a wrong rank")
    late_rank_check = name == "AvgPool2d" and len(x) > n + 2  # the padding is checked first
    if len(x) not in (n + 1, n + 2) and not late_rank_check:
        raise rank_error(a, x, f"a {n + 1}-D or {n + 2}-D input", _rank_message(name, n, x))
    if n == 1 and kind == "max" and not a.return_indices:
        def framework(k: object, p: object, d: object) -> str:
            return ("RuntimeError: max_pool1d() padding should be at most half of kernel size, "
                    f"but got padding={p} and kernel_size={k}")
        if dilation != (1,):
            raise Unmodelled("MaxPool1d with dilation")
    else:
        def framework(k: object, p: object, d: object) -> str:
            return ("RuntimeError: pad should be at most half of effective kernel size, but got "
                    f"pad={p}, kernel_size={k} and dilation={d}")
    _check_padding(a, kernel, padding, dilation, framework)
    if any(p > k // 2 for k, p in zip(kernel, padding)):
        # Within half the dilated kernel but not the plain one: some kernels (3-D, indices)
        # check the plain kernel, each with its own wording.
        raise Unmodelled(f"{name}: padding more than half the undilated kernel")
    if late_rank_check:
        raise rank_error(a, x, f"a {n + 1}-D or {n + 2}-D input", _rank_message(name, n, x))
    lengths = x[-n:]
    # avg_pool3d compares the unpadded input with the kernel
    if kind == "avg" and n == 3 and any(is_known(L) and L < k for L, k in zip(lengths, kernel)):
        t, h, w = (str(v) for v in lengths)
        kt, kh, kw = kernel
        raise LayerError(
            "LL103",
            f"{a.layer_type}: the input {tshape(x)} is smaller than the kernel {kernel}",
            f"RuntimeError: input image (T: {t} H: {h} W: {w}) smaller than kernel size "
            f"(kT: {kt} kH: {kh} kW: {kw})",
            found=tshape(x),
        )
    sizes = tuple(
        calc(
            lambda v, i=i: pool_length(v, kernel[i], padding[i], stride[i], dilation[i], ceil_mode),
            L,
        )
        for i, L in enumerate(lengths)
    )
    if any(is_known(s) and s < 1 for s in sizes):
        raise LayerError(
            "LL103",
            f"{a.layer_type}: the window {kernel} leaves no output for the input {tshape(x)}",
            _too_small_message(name, n, kind, x, sizes, a),
            found=tshape(x),
        )
    out = x[:-n] + sizes
    if kind == "max" and a.return_indices:
        return Out(out, 0, 0, (out, out))
    return Out(out)


def _rank_message(name: str, n: int, x: Shape) -> str:
    if name == "MaxPool1d":
        return (
            "RuntimeError: max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
            f"dim batch size for input, but got:{tshape(x)}"
        )
    if name == "AvgPool1d":
        return (
            f"RuntimeError: Expected 2 to 3 dimensions, but got {len(x)}-dimensional tensor for "
            "argument #1 'self' (while checking arguments for avg_pool1d)"
        )
    if name == "AvgPool2d" and len(x) < 3:
        r = max(len(x), 1)
        return (
            f"IndexError: Dimension out of range (expected to be in range of [{-r}, {r - 1}], "
            "but got -3)"
        )
    if name == "AvgPool2d":
        return (
            "RuntimeError: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{tshape(x)}"
        )
    return f"RuntimeError: non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input"


def _too_small_message(name: str, n: int, kind: str, x: Shape, sizes, a: Args) -> str:
    if name == "MaxPool1d" and not a.return_indices:
        return f"RuntimeError: max_pool1d() Invalid computed output size: {sizes[0]}"
    channels = x[-n - 1]
    if n == 1:  # avg_pool1d runs avg_pool2d on (C, 1, L)
        given, got = (channels, 1, x[-1]), (channels, 1, sizes[0])
    else:
        given, got = (channels, *x[-n:]), (channels, *sizes)
    return (
        f"RuntimeError: Given input size: ({'x'.join(str(v) for v in given)}). Calculated "
        f"output size: ({'x'.join(str(v) for v in got)}). Output size is too small"
    )


def _adaptive(a: Args, x: Shape, n: int, kind: str) -> Out:
    size = a.output_size
    sizes = (size,) * n if is_int(size) or size is None else size
    if not isinstance(sizes, (tuple, list)) or len(sizes) != n:
        raise Unmodelled(f"{a.layer_type}(output_size={size!r})")
    if not all(s is None or (is_int(s) and s >= 0) for s in sizes):
        raise Unmodelled(f"{a.layer_type}(output_size={size!r})")
    fn = f"adaptive_{kind}_pool{n}d"
    if None in sizes and n == 1:
        raise Unmodelled(f"{a.layer_type}(output_size={size!r})")  # a TypeError in torch
    listed = n > 1 and isinstance(size, (tuple, list)) and (kind == "max" or None in sizes)
    if listed and len(x) < n + 1:  # _list_with_default reads the input's sizes first
        raise rank_error(
            a,
            x,
            f"at least a {n + 1}-D input",
            f"ValueError: Input dimension should be at least {n + 1}",
        )
    if len(x) not in (n + 1, n + 2):
        if n == 1:
            message = (
                f"RuntimeError: Expected 2 to 3 dimensions, but got {len(x)}-dimensional tensor "
                f"for argument #1 'self' (while checking arguments for {fn})"
            )
        elif kind == "max":
            message = (
                f"RuntimeError: {fn}(): Expected {n + 1}D or {n + 2}D tensor, but got: {tshape(x)}"
            )
        else:
            raise Unmodelled(f"{a.layer_type} on a {len(x)}-D input")  # lenient and irregular
        raise rank_error(a, x, f"a {n + 1}-D or {n + 2}-D input", message)
    out = x[:-n] + tuple(L if s is None else s for L, s in zip(x[-n:], sizes))
    if kind == "max" and a.return_indices:
        return Out(out, 0, 0, (out, out))
    return Out(out)


def _register() -> None:
    for n in (1, 2, 3):
        module(f"MaxPool{n}d", _MAX)(lambda a, x, n=n: _pool(a, x, n, "max"))
        module(f"AvgPool{n}d", _AVG1 if n == 1 else _AVG)(lambda a, x, n=n: _pool(a, x, n, "avg"))
        module(f"LPPool{n}d", "norm_type, kernel_size, stride=None, ceil_mode=False")(
            lambda a, x, n=n: _pool(a.with_values(padding=0), x, n, "avg")
        )
        module(f"AdaptiveAvgPool{n}d", "output_size")(lambda a, x, n=n: _adaptive(a, x, n, "avg"))
        module(f"AdaptiveMaxPool{n}d", "output_size, return_indices=False")(
            lambda a, x, n=n: _adaptive(a, x, n, "max")
        )


_register()
