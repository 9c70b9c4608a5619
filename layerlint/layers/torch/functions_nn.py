"""torch.nn.functional counterparts of catalogued modules: F.linear, F.conv1d/2d/3d, the pools,
F.interpolate, F.pad, F.embedding. Each runs the module entry's own arithmetic (nn.Conv2d's
forward *is* F.conv2d): the weight tensor's shape stands for the module's constructor arguments.
"""

from __future__ import annotations

from typing import Any

from ...shapes import Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled, lookup
from ._common import rank_error, tshape
from ._function import (
    TensorArg,
    bad_argument,
    differ,
    int_list,
    shown_name,
    size_mismatch,
    tensor,
    torch_function,
)
from .conv import _conv
from .linear import _linear_out
from .padding import _non_constant
from .pooling import _adaptive
from .resampling import _interpolate


def _as_module(a: Args, module: str, call, x: Shape, **values: Any) -> Out:
    """Run ``module``'s entry; its messages name the function (``F.conv2d``), not the module."""
    try:
        return call(Args(module, values), x)
    except LayerError as error:
        raise LayerError(error.code, error.message.replace(module, a.layer_type, 1),
                         error.framework, error.arg, error.expected, error.found) from None


def _known_weight(a: Args, name: str = "weight") -> Shape:
    shape = tensor(a, name).shape
    if not all(is_known(d) for d in shape):
        raise Unmodelled(f"{a.layer_type}: a {name} of unknown size")
    return shape


@torch_function("F.linear", "input, weight, bias=None")
def linear(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, weight = xs[0], _known_weight(a)
    if len(weight) != 2:
        raise Unmodelled(f"F.linear with a {len(weight)}-D weight")
    if len(x) >= 3 and differ(x[-1], weight[1]) and tensor(a, "input").contiguous is not True:
        raise Unmodelled("F.linear: which kernel reports the mismatch depends on strides")
    out = _as_module(a, "Linear", lambda m, s: _linear_out(m, s, weight[1], weight[0],
                                                           a.layer_type), x)
    bias = a.bias
    if bias is None:
        return out
    if not isinstance(bias, TensorArg):
        raise Unmodelled(f"F.linear(bias={bias!r})")
    if len(bias.shape) == 1 and differ(bias.shape[0], weight[0]):
        if len(x) != 2:
            raise Unmodelled("F.linear: a bias of the wrong size on a non-2-D input")
        raise size_mismatch(
            a, f"The expanded size of the tensor ({weight[0]}) must match the existing size "
            f"({bias.shape[0]}) at non-singleton dimension 1.  Target sizes: "
            f"[{x[0]}, {weight[0]}].  Tensor sizes: [{bias.shape[0]}]",
            f"the bias has {bias.shape[0]} elements for {weight[0]} outputs",
            weight[0], bias.shape[0])
    if len(bias.shape) != 1:
        raise Unmodelled(f"F.linear with a {len(bias.shape)}-D bias")
    return out


def _functional_conv(n: int):
    def conv(a: Args, xs: tuple[Shape, ...]) -> Out:
        x, weight = xs[0], _known_weight(a)
        groups = a.groups
        if not isinstance(groups, int) or isinstance(groups, bool) or groups <= 0:
            raise Unmodelled(f"{a.layer_type}(groups={groups!r})")
        if len(weight) != n + 2 or weight[0] % groups:
            raise Unmodelled(f"{a.layer_type} with a weight of shape {tshape(weight)}")
        padding = a.padding
        if isinstance(padding, str) and (padding not in ("same", "valid") or any(
                s != 1 for s in int_list(a, "stride"))):
            raise Unmodelled(f"{a.layer_type}(padding={padding!r})")
        bias = a.bias
        if bias is not None and not isinstance(bias, TensorArg):
            raise Unmodelled(f"{a.layer_type}(bias={bias!r})")
        module = {"in_channels": weight[1] * groups, "out_channels": weight[0],
                  "kernel_size": tuple(weight[2:]), "stride": a.stride, "padding": padding,
                  "dilation": a.dilation, "groups": groups, "bias": bias is not None,
                  "padding_mode": "zeros"}
        # ATen checks the rank and channels, then the bias, then the lengths
        lengths_unknown = x[:len(x) - n] + ("?",) * n if len(x) >= n else x
        try:
            _as_module(a, f"Conv{n}d", _conv, lengths_unknown, **module)
        except LayerError:
            _as_module(a, f"Conv{n}d", _conv, x, **module)  # the same check, the real input
            raise
        if bias is not None and (len(bias.shape) != 1 or differ(bias.shape[0], weight[0])):
            raise size_mismatch(
                a, f"Given weight of size {tshape(weight)}, expected bias to be 1-dimensional "
                f"with {weight[0]} elements, but got bias of size {tshape(bias.shape)} instead",
                f"the bias {tshape(bias.shape)} does not have one element per output channel "
                f"({weight[0]})", weight[0], tshape(bias.shape))
        out = _as_module(a, f"Conv{n}d", _conv, x, **module)
        return Out(out.shape)

    return conv


for _n in (1, 2, 3):
    torch_function(f"F.conv{_n}d", "input, weight, bias=None, stride=1, padding=0, dilation=1, "
                   "groups=1", binding=None)(_functional_conv(_n))  # two overloads


def _pool(kind: str, n: int):
    module = f"{'Max' if kind == 'max' else 'Avg'}Pool{n}d"

    def pool(a: Args, xs: tuple[Shape, ...]) -> Out:
        spec = lookup("torch", module)
        assert spec is not None
        values = {p.name: getattr(a, p.name, p.default) for p in spec.signature}
        return _as_module(a, module, spec.call, xs[0], **values)

    return pool


for _n in (1, 2, 3):
    # max_pool*d are boolean_dispatch wrappers taking (*args, **kwargs): binding not modelled
    torch_function(f"F.max_pool{_n}d", "input, kernel_size, stride=None, padding=0, dilation=1, "
                   "ceil_mode=False, return_indices=False", binding=None)(_pool("max", _n))
    torch_function(f"F.avg_pool{_n}d", "input, kernel_size, stride=None, padding=0, "
                   "ceil_mode=False, count_include_pad=True"
                   + (", divisor_override=None" if _n > 1 else ""))(_pool("avg", _n))


def _adaptive_pool(kind: str, n: int):
    module = f"Adaptive{'Max' if kind == 'max' else 'Avg'}Pool{n}d"

    def pool(a: Args, xs: tuple[Shape, ...]) -> Out:
        values = {"output_size": a.output_size}
        if kind == "max":
            values["return_indices"] = a.return_indices
        return _as_module(a, module, lambda m, x: _adaptive(m, x, n, kind), xs[0], **values)

    return pool


for _n in (1, 2, 3):
    torch_function(f"F.adaptive_avg_pool{_n}d", "input, output_size",
                   binding="python")(_adaptive_pool("avg", _n))
    torch_function(f"F.adaptive_max_pool{_n}d", "input, output_size, return_indices=False",
                   binding=None)(_adaptive_pool("max", _n))


@torch_function("F.interpolate", "input, size=None, scale_factor=None, mode='nearest', "
                "align_corners=None, recompute_scale_factor=None, antialias=False",
                binding="python")
def interpolate(a: Args, xs: tuple[Shape, ...]) -> Out:
    if a.antialias is not False or a.scale_factor == 0:
        raise Unmodelled("F.interpolate(antialias=...)")
    return _interpolate(a, xs[0], a.mode, a.align_corners)


@torch_function("F.pad", "input, pad, mode='constant', value=None")
def pad(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, mode = xs[0], a.mode
    pads = int_list(a, "pad")
    if not isinstance(mode, str) or not isinstance(a.pad, (tuple, list)):
        raise Unmodelled(f"F.pad(mode={mode!r})")
    if len(pads) % 2:
        raise bad_argument(a, "pad", "RuntimeError: Padding length must be divisible by 2",
                           f"{len(pads)} pad values: they come in (before, after) pairs")
    if len(pads) > 2 * len(x):
        raise rank_error(a, x, f"at least {len(pads) // 2} axes to pad",
                         "RuntimeError: Padding length should be less than or equal to two "
                         f"times the input dimension but got padding length {len(pads)} and "
                         f"input of dimension {len(x)}")
    if mode == "constant":
        out = list(x)
        for j in range(len(pads) // 2):
            axis = len(x) - 1 - j
            out[axis] = (x[axis] + pads[2 * j] + pads[2 * j + 1]  # type: ignore[operator]
                         if is_known(x[axis]) else "?")
        if any(p < 0 for p in pads) and any(is_known(d) and d <= 0 for d in out):
            raise Unmodelled("F.pad cropping an axis away")
        return Out(tuple("?" if d is None else d for d in out))
    if mode not in ("reflect", "replicate", "circular") or not pads or len(pads) > 6:
        raise Unmodelled(f"F.pad(mode={mode!r})")
    if a.value is not None:
        raise Unmodelled("F.pad(value=...) with a non-constant mode")
    n = len(pads) // 2
    if len(x) not in (n + 1, n + 2):
        raise rank_error(a, x, f"a {n + 1}-D or {n + 2}-D input",
                         f"NotImplementedError: Padding size {2 * n} is not supported for "
                         f"{len(x)}D input tensor.")
    return _as_module(a, "F.pad", lambda m, s: _non_constant(m, s, n, mode), x,
                      padding=tuple(pads))


@torch_function("F.embedding", "input, weight, padding_idx=None, max_norm=None, norm_type=2.0, "
                "scale_grad_by_freq=False, sparse=False", binding="python")
def embedding(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, weight = xs[0], tensor(a, "weight").shape
    if len(weight) != 2:
        raise LayerError("LL101", f"{shown_name(a)}: the weight must be 2-D, got "
                         f"{tshape(weight)}", "RuntimeError: 'weight' must be 2-D")
    if a.padding_idx is not None or a.max_norm is not None:
        raise Unmodelled("F.embedding(padding_idx=/max_norm=)")
    return Out(tuple("?" if d is None else d for d in x) + (weight[1],))
