"""torch.nn normalization: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm,
LocalResponseNorm (torch/nn/modules/batchnorm.py, instancenorm.py, normalization.py).

Modules run in training mode (torch's default until ``.eval()``), where BatchNorm needs more than
one value per channel and InstanceNorm more than one spatial element. The channel axis is 1
(0 for unbatched InstanceNorm inputs). Parameters (not buffers): BatchNorm/InstanceNorm/GroupNorm
2C when affine (C with ``bias=False``); LayerNorm 2*prod(normalized_shape) when
``elementwise_affine`` (half without bias).
"""

from __future__ import annotations

from ...shapes import Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import calc, int_arg, invalid, is_int, module, numel, rank_error, torch_size, tshape

_BATCH_NORM = (
    "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, "
    "dtype=None, *, bias=True"
)


def _affine_params(a: Args, count: int, flag: str = "affine") -> int:
    if not getattr(a, flag):
        return 0
    return count * (1 + bool(a.bias))


def _mismatch(a: Args, expected: int, found: int, framework: str, what: str) -> LayerError:
    return LayerError(
        "LL102",
        f"{a.layer_type}({expected}) receives {found} {what}; use {a.layer_type}({found})",
        framework,
        arg="num_features",
        expected=str(expected),
        found=str(found),
    )


def _batch_norm(a: Args, x: Shape, ranks: tuple[int, ...]) -> Out:
    c = int_arg(a, "num_features")
    if c <= 0:
        raise Unmodelled(f"{a.layer_type}({c})")
    if len(x) not in ranks:
        shown = " or ".join(f"{r}D" for r in ranks)
        raise rank_error(
            a,
            x,
            f"a {shown} input",
            f"ValueError: expected {shown} input (got {len(x)}D input)",
        )
    per_channel = numel(x[:1] + x[2:])
    if is_known(per_channel) and per_channel <= 1:  # F.batch_norm's _verify_batch_size
        raise LayerError(
            "LL103",
            f"{a.layer_type} in training mode needs more than one value per channel; the input "
            f"{tshape(x)} has {per_channel} (use a larger batch, or call .eval())",
            "ValueError: Expected more than 1 value per channel when training, got input size "
            f"{torch_size(x)}",
            found=tshape(x),
        )
    found = x[1]
    if is_known(found) and found != c:
        if a.track_running_stats:
            stat = "running_mean"
        elif a.affine:
            stat = "weight"
        else:
            return Out(x, 0)  # nothing is sized by num_features
        raise _mismatch(
            a,
            c,
            found,
            f"RuntimeError: {stat} should contain {found} elements not {c}",
            "channels",
        )
    return Out(x, _affine_params(a, c))


module("BatchNorm1d", _BATCH_NORM)(lambda a, x: _batch_norm(a, x, (2, 3)))
module("BatchNorm2d", _BATCH_NORM)(lambda a, x: _batch_norm(a, x, (4,)))
module("BatchNorm3d", _BATCH_NORM)(lambda a, x: _batch_norm(a, x, (5,)))

_INSTANCE_NORM = (
    "num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, "
    "device=None, dtype=None, *, bias=True"
)


def _instance_norm(a: Args, x: Shape, n: int) -> Out:
    c = int_arg(a, "num_features")
    if c <= 0:
        raise Unmodelled(f"{a.layer_type}({c})")
    if len(x) not in (n + 1, n + 2):
        raise rank_error(
            a,
            x,
            f"a {n + 1}D or {n + 2}D input",
            f"ValueError: expected {n + 1}D or {n + 2}D input (got {len(x)}D input)",
        )
    axis = len(x) - n - 1
    found = x[axis]
    if a.affine and is_known(found) and found != c:
        raise _mismatch(
            a,
            c,
            found,
            f"ValueError: expected input's size at dim={axis} to match num_features ({c}), but "
            f"got: {found}.",
            "channels",
        )
    batched = x if axis == 1 else (1, *x)
    spatial = numel(batched[2:])
    if is_known(spatial) and spatial <= 1:
        raise LayerError(
            "LL103",
            f"{a.layer_type} in training mode needs more than one spatial element; the input "
            f"{tshape(x)} has {spatial}",
            "ValueError: Expected more than 1 spatial element when training, got input size "
            f"{torch_size(batched)}",
            found=tshape(x),
        )
    if a.track_running_stats and is_known(found) and found != c:
        b = batched[0]
        if not is_known(b):
            raise Unmodelled(f"{a.layer_type}: the message needs the batch size")
        raise _mismatch(
            a,
            c,
            found,
            f"RuntimeError: running_mean should contain {b * found} elements not {b * c}",
            "channels",
        )
    return Out(x, _affine_params(a, c))


for _n in (1, 2, 3):
    module(f"InstanceNorm{_n}d", _INSTANCE_NORM)(lambda a, x, n=_n: _instance_norm(a, x, n))


@module(
    "LayerNorm",
    "normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None",
)
def layer_norm(a: Args, x: Shape) -> Out:
    return _normalized(a, x, "*, ")


@module("RMSNorm", "normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None")
def rms_norm(a: Args, x: Shape) -> Out:
    # RMSNorm has no bias and prints the expected shape as "[*28]"
    return _normalized(a.with_values(bias=False), x, "*")


def _normalized(a: Args, x: Shape, star: str) -> Out:
    shape = a.normalized_shape
    shape = (shape,) if is_int(shape) else shape
    if not isinstance(shape, (tuple, list)) or not all(is_int(s) and s > 0 for s in shape):
        raise Unmodelled(f"LayerNorm({a.normalized_shape!r})")
    shape = tuple(shape)
    if not shape:
        raise invalid(
            a,
            "normalized_shape",
            "RuntimeError: Expected normalized_shape to be at least 1-dimensional, i.e., "
            "containing at least one element, but got normalized_shape = []",
        )
    if star == "*" and len(x) < len(shape):  # RMSNorm checks the rank in Python first
        raise rank_error(
            a,
            x,
            f"at least a {len(shape)}-D input",
            f"ValueError: Input tensor must have at least {len(shape)} dimensions, but got "
            f"{len(x)}",
        )
    tail = x[len(x) - len(shape) :] if len(x) >= len(shape) else None
    if tail is None or any(is_known(d) and d != s for d, s in zip(tail, shape)):
        shown = ", ".join(str(s) for s in shape)
        found = tshape(tail) if tail is not None else tshape(x)
        raise LayerError(
            "LL102",
            f"{a.layer_type}({shape[0] if len(shape) == 1 else shape}) normalizes trailing axes "
            f"{list(shape)}, but the input ends with {found}",
            f"RuntimeError: Given normalized_shape=[{shown}], expected input with shape "
            f"[{star}{shown}], but got input of size{tshape(x)}",
            arg="normalized_shape",
            expected=f"[{shown}]",
            found=found,
        )
    count = 1
    for s in shape:
        count *= s
    return Out(x, _affine_params(a, count, "elementwise_affine"))


def _groups_divide(a: Args) -> None:
    groups, channels = a.raw("num_groups"), a.raw("num_channels")
    if is_int(groups) and is_int(channels) and groups > 0 and channels % groups:
        raise invalid(
            a,
            "num_groups",
            f"ValueError: num_channels ({channels}) must be divisible by num_groups ({groups})",
        )


@module(
    "GroupNorm",
    "num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None, *, bias=True",
    validate=_groups_divide,
)
def group_norm(a: Args, x: Shape) -> Out:
    groups, c = int_arg(a, "num_groups"), int_arg(a, "num_channels")
    if groups <= 0 or c <= 0:
        raise Unmodelled(f"GroupNorm({groups}, {c})")
    if len(x) < 2:
        raise rank_error(
            a,
            x,
            "at least a 2-D input",
            f"RuntimeError: Expected at least 2 dimensions for input tensor but received {len(x)}",
        )
    found = x[1]
    # F.group_norm's _verify_batch_size on (B*C//G, G, *spatial), before torch.group_norm
    first = calc(lambda b, ch: b * ch // groups, x[0], found)
    per_group = numel((first,) + x[2:])
    if is_known(per_group) and per_group == 1:
        shown = "[" + ", ".join(str(v) for v in (first, groups, *x[2:])) + "]"
        raise LayerError(
            "LL103",
            f"GroupNorm({groups}, {c}) needs more than one value per group; the input "
            f"{tshape(x)} has one",
            f"ValueError: Expected more than 1 value per channel when training, got input size "
            f"{shown}",
            found=tshape(x),
        )
    if is_known(found) and found % groups:
        raise LayerError(
            "LL102",
            f"GroupNorm({groups}, {c}) receives {found} channels, which {groups} groups cannot "
            "divide",
            "RuntimeError: Expected number of channels in input to be divisible by num_groups, "
            f"but got input of shape {tshape(x)} and num_groups={groups}",
            arg="num_channels",
            expected=str(c),
            found=str(found),
        )
    if is_known(found) and found != c and a.affine:
        raise LayerError(
            "LL102",
            f"GroupNorm({groups}, {c}) receives {found} channels; use GroupNorm({groups}, {found})",
            "RuntimeError: Expected weight to be a vector of size equal to the number of "
            f"channels in input, but got weight of shape [{c}] and input of shape {tshape(x)}",
            arg="num_channels",
            expected=str(c),
            found=str(found),
        )
    return Out(x, _affine_params(a, c))


@module("LocalResponseNorm", "size, alpha=0.0001, beta=0.75, k=1.0")
def local_response_norm(a: Args, x: Shape) -> Out:
    if len(x) < 3:
        raise rank_error(
            a,
            x,
            "at least a 3-D input",
            "ValueError: Expected 3D or higher dimensionality                          input "
            f"(got {len(x)} dimensions)",
        )
    return Out(x)
