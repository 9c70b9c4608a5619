"""Losses of torch.nn.functional on an output and its targets: ``F.cross_entropy``,
``F.nll_loss``, ``F.binary_cross_entropy_with_logits``, ``F.binary_cross_entropy`` (and the
modules ``nn.CrossEntropyLoss`` & co., which call them; the regression and ranking losses are in
``functions_loss_pointwise.py``). Shapes, dtypes and, for class indices, the values the code
makes plain decide; the checks and their order follow ATen's ``cross_entropy_loss`` /
``nll_loss_nd`` / ``nll_loss`` / ``nll_loss2d`` (measured, torch 2.13). A class weight of the
right size, ``ignore_index`` and a ``label_smoothing`` in [0, 1] are followed; a weight of
another size, a legacy ``size_average``/``reduce`` argument are not modelled (the result is
unknown).
"""

from __future__ import annotations

import math

from ...shapes import Dim, Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import tshape
from ._function import TensorArg, shown_name, tensor, torch_function

# torch's names of dtypes in these messages (ScalarType's)
SCALAR = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
           "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
           "float16": "Half", "bfloat16": "BFloat16"}
_FLOATS = ("float32", "float64", "float16", "bfloat16")
# modules calling these functions: name -> (function, the keywords the module passes on)
LOSS_MODULES = {
    "CrossEntropyLoss": ("F.cross_entropy", ("weight", "size_average", "ignore_index", "reduce",
                                             "reduction", "label_smoothing")),
    "NLLLoss": ("F.nll_loss", ("weight", "size_average", "ignore_index", "reduce",
                               "reduction")),
    "BCEWithLogitsLoss": ("F.binary_cross_entropy_with_logits",
                          ("weight", "size_average", "reduce", "reduction", "pos_weight")),
    "BCELoss": ("F.binary_cross_entropy", ("weight", "size_average", "reduce", "reduction")),
    "MSELoss": ("F.mse_loss", ("size_average", "reduce", "reduction")),
    "L1Loss": ("F.l1_loss", ("size_average", "reduce", "reduction")),
    "SmoothL1Loss": ("F.smooth_l1_loss", ("size_average", "reduce", "reduction", "beta")),
    "HuberLoss": ("F.huber_loss", ("reduction", "delta")),
    "KLDivLoss": ("F.kl_div", ("size_average", "reduce", "reduction", "log_target")),
    "MarginRankingLoss": ("F.margin_ranking_loss", ("margin", "size_average", "reduce",
                                                    "reduction")),
    "CosineEmbeddingLoss": ("F.cosine_embedding_loss", ("margin", "size_average", "reduce",
                                                        "reduction")),
    "TripletMarginLoss": ("F.triplet_margin_loss", ("margin", "p", "eps", "swap",
                                                    "size_average", "reduce", "reduction")),
}
# how many tensors a loss module's forward takes (two: the output and its targets)
LOSS_TENSORS = {"F.margin_ranking_loss": 3, "F.cosine_embedding_loss": 3,
                "F.triplet_margin_loss": 3}


def tensor_shapes(xs: tuple[Shape, ...], count: int) -> tuple[Shape, ...]:
    """The shapes of a loss's ``count`` tensors; Unmodelled when one of them is not a tensor
    layerlint knows (a value it could not evaluate)."""
    if len(xs) < count:
        raise Unmodelled("a loss on a value layerlint could not evaluate")
    return xs[:count]


def error(a: Args, code: str, framework: str, message: str) -> LayerError:
    return LayerError(code, f"{shown_name(a)}: {message}", framework)


def _plain(a: Args) -> str:
    """The reduction (or its ValueError); Unmodelled for the legacy arguments."""
    if a.size_average is not None or a.reduce is not None:
        raise Unmodelled(f"{a.layer_type} with size_average/reduce (deprecated)")
    return reduction_of(a)


def reduction_of(a: Args, allowed: tuple[str, ...] = ("mean", "sum", "none")) -> str:
    """``_Reduction.get_enum``: the reduction, or its ValueError."""
    value = a.reduction
    if not isinstance(value, str):
        raise Unmodelled(f"{a.layer_type}(reduction={value!r})")
    if value not in allowed:
        raise LayerError("LL105", f"{shown_name(a)}: reduction={value!r} is not one of "
                         f"{', '.join(map(repr, allowed))}",
                         f"ValueError: {value} is not a valid value for reduction",
                         arg="reduction")
    return value


def _class_weight(a: Args, classes: Dim) -> None:
    """A class weight of C elements is followed; any other one is not modelled."""
    weight = a.weight
    if weight is None:
        return
    if not isinstance(weight, TensorArg) or tuple(weight.shape) != (classes,) or (
            weight.dtype is None or weight.dtype != tensor(a, "input").dtype):
        raise Unmodelled(f"{a.layer_type}(weight=...) of another size or dtype than the input")


def _smoothing(a: Args) -> None:
    value = getattr(a, "label_smoothing", 0.0)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise Unmodelled(f"{a.layer_type}(label_smoothing={value!r})")


def _class_bounds(a: Args, target: TensorArg, classes: Dim) -> None:
    """Class indices the code makes plain against the class count (IndexError on CPU: LL208):
    exact values, or draws (``torch.randint(0, 10, (64,))``) that certainly hold one."""
    top, low, ignore = target.max_value, target.min_value, a.ignore_index
    if not isinstance(classes, int) or not isinstance(ignore, int):
        return
    above = _outside(classes, top, ignore) if isinstance(top, int) else []
    below = _outside(low, -1, ignore) if isinstance(low, int) else []
    if not above and not below or not _certainly_drawn(target, classes):
        return
    # torch names the first bad target it meets: known only when one value can be bad
    bad = [*below, *above] if isinstance(low, int) else [*above, None]
    first = str(bad[0]) if len(bad) == 1 else "<a label outside 0 .. " + str(classes - 1) + ">"
    if above:
        message = (f"the targets hold class indices up to {top} but the input has {classes} "
                   f"classes (indices 0 to {classes - 1})")
    else:
        message = (f"the targets hold class indices down to {low} but they must lie in 0 .. "
                   f"{classes - 1} (or be the ignore_index, {ignore})")
    raise _out_of_bounds(a, first, message, top if above else low, classes)  # type: ignore


# As for Keras' labels (replay/keras/losses.py): drawn labels are reported out of range only
# when a draw misses every out-of-range value with at most this probability.
MISS_PROBABILITY = 1e-9


def _certainly_drawn(target: TensorArg, classes: int) -> bool:
    """Exact values hold their bounds; labels drawn uniformly from low .. high hold an
    out-of-range one unless all of the tensor's draws fall inside (then: not claimed)."""
    if target.bounds == "exact":
        return True
    low, high = target.min_value, target.max_value
    count = 1
    for d in target.shape:
        if not isinstance(d, int):
            return False
        count *= d
    if not isinstance(low, int) or not isinstance(high, int) or count < 1:
        return False
    total = high - low + 1
    inside = max(0, min(high, classes - 1) - max(low, 0) + 1)
    return inside == 0 or count * math.log(inside / total) <= math.log(MISS_PROBABILITY)


def _outside(start: int, stop: int, ignore: int) -> list[int]:
    """The values of start .. stop other than the ignore_index (two at most: enough to tell
    one from several)."""
    found: list[int] = []
    for v in range(start, stop + 1):
        if v != ignore:
            found.append(v)
            if len(found) == 2:
                break
    return found


def _out_of_bounds(a: Args, first: str, message: str, value: int, classes: int) -> LayerError:
    return LayerError("LL208", f"{shown_name(a)}: {message}",
                      f"IndexError: Target {first} is out of bounds.",
                      expected=f"class indices in [0, {classes})", found=str(value))


def _known(*shapes: Shape) -> None:
    if not all(is_known(d) for s in shapes for d in s):
        raise Unmodelled("a loss on a tensor of unknown size")


def _dtype(t: TensorArg) -> str:
    if t.dtype not in SCALAR:
        raise Unmodelled("a loss on targets of unknown dtype")
    return t.dtype  # type: ignore[return-value]


def _sizes(shape: Shape) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _torch_size(shape: Shape) -> str:
    return f"torch.Size({_sizes(shape)})"


def _reduced(reduction: str, shape: tuple[Dim, ...]) -> Out:
    return Out(shape if reduction == "none" else ())


def _nll_nd(a: Args, x: Shape, t: Shape, target: TensorArg, reduction: str) -> Out:
    """ATen's nll_loss_nd: the class axis is 1 (0 for a 1-D input)."""
    if len(x) < 1:
        raise error(a, "LL101", f"ValueError: Expected 1 or more dimensions (got {len(x)})",
                     "the input needs a class axis")
    if len(x) != 1:
        if len(t) == 0:
            raise Unmodelled("a 0-D target for a batched input")
        if x[0] != t[0]:
            raise error(a, "LL202", f"ValueError: Expected input batch_size ({x[0]}) to match "
                         f"target batch_size ({t[0]}).",
                         f"{x[0]} samples in the input, {t[0]} targets")
    if len(x) <= 2:
        if len(t) > 1:
            raise error(a, "LL202", "RuntimeError: 0D or 1D target tensor expected, "
                         "multi-target not supported",
                         f"targets {tshape(t)} for input {tshape(x)}: one class index per "
                         "sample is expected")
        if len(x) == 1 and len(t) == 1 and t[0] != 1:
            _integer_targets(a, target)  # checked first here (measured)
            raise error(a, "LL202", "ValueError: For 1D input, 1D target must have size 1, "
                         f"but got target size: {t[0]}",
                         f"{t[0]} targets for one sample")
        out: tuple[Dim, ...] = (x[0],) if len(x) == 2 else ()
        _class_weight(a, x[-1])
    elif len(x) == 4:
        if len(t) != 3:
            raise error(a, "LL202", "RuntimeError: only batches of spatial targets supported "
                         f"(3D tensors) but got targets of dimension: {len(t)}",
                         f"targets {tshape(t)} for input {tshape(x)}: (N, H, W) expected")
        _integer_targets(a, target)  # before the sizes here (measured)
        _class_weight(a, x[1])
        if (x[2], x[3]) != (t[1], t[2]):
            raise error(a, "LL202", f"RuntimeError: size mismatch (got input: {_sizes(x)} , "
                         f"target: {_sizes(t)}",
                         f"targets {tshape(t)} for input {tshape(x)}")
        out = tuple(t)
    else:
        expected = (x[0], *x[2:])
        if tuple(t[1:]) != tuple(x[2:]):
            raise error(a, "LL202", f"RuntimeError: Expected target size {_sizes(expected)}, "
                         f"got {_sizes(t)}", f"targets {tshape(t)} for input {tshape(x)}: "
                         f"{tshape(expected)} expected")
        out = expected
        _class_weight(a, x[1])
    _integer_targets(a, target)
    _class_bounds(a, target, x[1] if len(x) > 1 else x[0])
    return _reduced(reduction, out)


def _integer_targets(a: Args, target: TensorArg) -> None:
    dtype = _dtype(target)
    if dtype == "uint8":  # allowed by this check, refused by some kernels (measured)
        raise Unmodelled("uint8 class-index targets")
    if dtype != "int64":
        raise error(a, "LL202", "RuntimeError: expected target dtype to be Long or Byte, but "
                     f"got {SCALAR[dtype]}", f"class-index targets must be integers, got "
                     f"{dtype}")


@torch_function("F.cross_entropy", "input, target, weight=None, size_average=None, "
                "ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0",
                binding="python")
def cross_entropy(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    _smoothing(a)
    x, t = tensor_shapes(xs, 2)
    _known(x, t)
    target = tensor(a, "target")
    if tuple(x) == tuple(t):  # class probabilities
        dtype = _dtype(target)
        if dtype not in _FLOATS:
            raise error(a, "LL202", "RuntimeError: Expected floating point type for target "
                         f"with class probabilities, got {SCALAR[dtype]}",
                         f"targets shaped like the input are probabilities, got {dtype}")
        if not x:
            raise error(a, "LL101", "IndexError: Dimension specified as 1 but tensor has no "
                         "dimensions", "the input needs a class axis")
        if not isinstance(a.ignore_index, int) or a.ignore_index >= 0:
            raise Unmodelled("F.cross_entropy(ignore_index=...) on class probabilities")
        axis = 1 if len(x) > 1 else 0
        _class_weight(a, x[axis])
        return _reduced(reduction, tuple(x[:axis]) + tuple(x[axis + 1:]))
    if not x:
        raise Unmodelled("F.cross_entropy on a 0-D input")
    return _nll_nd(a, x, t, target, reduction)


@torch_function("F.nll_loss", "input, target, weight=None, size_average=None, "
                "ignore_index=-100, reduce=None, reduction='mean'", binding="python")
def nll_loss(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    x, t = tensor_shapes(xs, 2)
    _known(x, t)
    return _nll_nd(a, x, t, tensor(a, "target"), reduction)


@torch_function("F.binary_cross_entropy_with_logits", "input, target, weight=None, "
                "size_average=None, reduce=None, reduction='mean', pos_weight=None",
                binding="python")
def bce_with_logits(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    x, t = tensor_shapes(xs, 2)
    _known(x, t)
    if tuple(x) != tuple(t):
        raise error(a, "LL202", f"ValueError: Target size ({_torch_size(t)}) must be the same "
                     f"as input size ({_torch_size(x)})",
                     f"targets {tshape(t)} for output {tshape(x)}")
    if tensor(a, "input").dtype != "float32":
        raise Unmodelled("a loss on an input of another dtype than float32")
    _elementwise_weight(a, "pos_weight", x, first=True)
    dtype = _dtype(tensor(a, "target"))
    if dtype in ("int64", "int32"):
        raise error(a, "LL202", "RuntimeError: result type Float can't be cast to the desired "
                     f"output type {SCALAR[dtype]}", f"the targets must be floats, got {dtype}")
    if dtype != "float32":
        raise Unmodelled("targets of another dtype")
    _elementwise_weight(a, "weight", x, first=False)
    return _reduced(reduction, tuple(x))


def _elementwise_weight(a: Args, name: str, x: Shape, first: bool) -> None:
    """``pos_weight`` / ``weight`` multiply the per-element loss in place: they broadcast to
    the input's shape or raise the broadcast's error (a larger result is not modelled)."""
    from .functions_math import broadcast

    weight = getattr(a, name)
    if weight is None:
        return
    if not isinstance(weight, TensorArg) or weight.dtype not in _FLOATS:
        raise Unmodelled(f"{a.layer_type}({name}=...)")
    try:
        joined = broadcast(a, weight.shape, x) if first else broadcast(a, x, weight.shape)
    except LayerError as failure:
        raise error(a, "LL202", failure.framework, f"{name} {tshape(weight.shape)} does not "
                    f"broadcast with the input {tshape(x)}") from None
    if tuple(joined) != tuple(x):
        raise Unmodelled(f"{a.layer_type}({name}=...) larger than the input")


@torch_function("F.binary_cross_entropy", "input, target, weight=None, size_average=None, "
                "reduce=None, reduction='mean'", binding="python")
def binary_cross_entropy(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    if a.weight is not None:
        raise Unmodelled("F.binary_cross_entropy(weight=...)")
    x, t = tensor_shapes(xs, 2)
    _known(x, t)
    if tuple(x) != tuple(t):
        raise error(a, "LL202", f"ValueError: Using a target size ({_torch_size(t)}) that is "
                     f"different to the input size ({_torch_size(x)}) is deprecated. Please "
                     "ensure they have the same size.",
                     f"targets {tshape(t)} for output {tshape(x)}")
    if tensor(a, "input").dtype != "float32":
        raise Unmodelled("a loss on an input of another dtype than float32")
    if _dtype(tensor(a, "target")) == "int64":
        raise error(a, "LL202", "RuntimeError: Found dtype Long but expected Float",
                     "the targets must be floats, got int64")
    if _dtype(tensor(a, "target")) != "float32":
        raise Unmodelled("targets of another dtype")
    # its input must hold probabilities (values in [0, 1]): a run-time fact, not claimed
    return _reduced(reduction, tuple(x))
