"""Losses of torch.nn.functional on an output and its targets: ``F.cross_entropy``,
``F.nll_loss``, ``F.binary_cross_entropy_with_logits``, ``F.binary_cross_entropy`` (and the
modules ``nn.CrossEntropyLoss`` & co., which call them). Shapes and dtypes decide; the checks
and their order follow ATen's ``cross_entropy_loss`` / ``nll_loss_nd`` / ``nll_loss`` /
``nll_loss2d`` (measured, torch 2.13). A class weight, label smoothing or a legacy
``size_average``/``reduce`` argument is not modelled (the result is unknown).
"""

from __future__ import annotations

from ...shapes import Dim, Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import tshape
from ._function import TensorArg, shown_name, tensor, torch_function

# torch's names of dtypes in these messages (ScalarType's)
_SCALAR = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
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
}


def _error(a: Args, code: str, framework: str, message: str) -> LayerError:
    return LayerError(code, f"{shown_name(a)}: {message}", framework)


def _plain(a: Args, *extra: str) -> str:
    """The reduction; Unmodelled for the arguments these entries do not model."""
    if a.weight is not None or a.size_average is not None or a.reduce is not None or any(
            getattr(a, name) is not None for name in extra):
        raise Unmodelled(f"{a.layer_type} with a weight or a legacy argument")
    if a.reduction not in ("mean", "sum", "none"):
        raise Unmodelled(f"{a.layer_type}(reduction={a.reduction!r})")
    return a.reduction


def _known(*shapes: Shape) -> None:
    if not all(is_known(d) for s in shapes for d in s):
        raise Unmodelled("a loss on a tensor of unknown size")


def _dtype(t: TensorArg) -> str:
    if t.dtype not in _SCALAR:
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
        raise _error(a, "LL101", f"ValueError: Expected 1 or more dimensions (got {len(x)})",
                     "the input needs a class axis")
    if len(x) != 1:
        if len(t) == 0:
            raise Unmodelled("a 0-D target for a batched input")
        if x[0] != t[0]:
            raise _error(a, "LL202", f"ValueError: Expected input batch_size ({x[0]}) to match "
                         f"target batch_size ({t[0]}).",
                         f"{x[0]} samples in the input, {t[0]} targets")
    if len(x) <= 2:
        if len(t) > 1:
            raise _error(a, "LL202", "RuntimeError: 0D or 1D target tensor expected, "
                         "multi-target not supported",
                         f"targets {tshape(t)} for input {tshape(x)}: one class index per "
                         "sample is expected")
        if len(x) == 1 and len(t) == 1 and t[0] != 1:
            _integer_targets(a, target)  # checked first here (measured)
            raise _error(a, "LL202", "ValueError: For 1D input, 1D target must have size 1, "
                         f"but got target size: {t[0]}",
                         f"{t[0]} targets for one sample")
        out: tuple[Dim, ...] = (x[0],) if len(x) == 2 else ()
    elif len(x) == 4:
        if len(t) != 3:
            raise _error(a, "LL202", "RuntimeError: only batches of spatial targets supported "
                         f"(3D tensors) but got targets of dimension: {len(t)}",
                         f"targets {tshape(t)} for input {tshape(x)}: (N, H, W) expected")
        _integer_targets(a, target)  # before the sizes here (measured)
        if (x[2], x[3]) != (t[1], t[2]):
            raise _error(a, "LL202", f"RuntimeError: size mismatch (got input: {_sizes(x)} , "
                         f"target: {_sizes(t)}",
                         f"targets {tshape(t)} for input {tshape(x)}")
        out = tuple(t)
    else:
        expected = (x[0], *x[2:])
        if tuple(t[1:]) != tuple(x[2:]):
            raise _error(a, "LL202", f"RuntimeError: Expected target size {_sizes(expected)}, "
                         f"got {_sizes(t)}", f"targets {tshape(t)} for input {tshape(x)}: "
                         f"{tshape(expected)} expected")
        out = expected
    _integer_targets(a, target)
    return _reduced(reduction, out)


def _integer_targets(a: Args, target: TensorArg) -> None:
    dtype = _dtype(target)
    if dtype == "uint8":  # allowed by this check, refused by some kernels (measured)
        raise Unmodelled("uint8 class-index targets")
    if dtype != "int64":
        raise _error(a, "LL202", "RuntimeError: expected target dtype to be Long or Byte, but "
                     f"got {_SCALAR[dtype]}", f"class-index targets must be integers, got "
                     f"{dtype}")


@torch_function("F.cross_entropy", "input, target, weight=None, size_average=None, "
                "ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0",
                binding="python")
def cross_entropy(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    if a.label_smoothing != 0.0:
        raise Unmodelled("F.cross_entropy(label_smoothing=...)")
    x, t = xs[0], xs[1]
    _known(x, t)
    target = tensor(a, "target")
    if tuple(x) == tuple(t):  # class probabilities
        dtype = _dtype(target)
        if dtype not in _FLOATS:
            raise _error(a, "LL202", "RuntimeError: Expected floating point type for target "
                         f"with class probabilities, got {_SCALAR[dtype]}",
                         f"targets shaped like the input are probabilities, got {dtype}")
        if not x:
            raise _error(a, "LL101", "IndexError: Dimension specified as 1 but tensor has no "
                         "dimensions", "the input needs a class axis")
        axis = 1 if len(x) > 1 else 0
        return _reduced(reduction, tuple(x[:axis]) + tuple(x[axis + 1:]))
    if not x:
        raise Unmodelled("F.cross_entropy on a 0-D input")
    return _nll_nd(a, x, t, target, reduction)


@torch_function("F.nll_loss", "input, target, weight=None, size_average=None, "
                "ignore_index=-100, reduce=None, reduction='mean'", binding="python")
def nll_loss(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    x, t = xs[0], xs[1]
    _known(x, t)
    return _nll_nd(a, x, t, tensor(a, "target"), reduction)


@torch_function("F.binary_cross_entropy_with_logits", "input, target, weight=None, "
                "size_average=None, reduce=None, reduction='mean', pos_weight=None",
                binding="python")
def bce_with_logits(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a, "pos_weight")
    x, t = xs[0], xs[1]
    _known(x, t)
    if tuple(x) != tuple(t):
        raise _error(a, "LL202", f"ValueError: Target size ({_torch_size(t)}) must be the same "
                     f"as input size ({_torch_size(x)})",
                     f"targets {tshape(t)} for output {tshape(x)}")
    if tensor(a, "input").dtype != "float32":
        raise Unmodelled("a loss on an input of another dtype than float32")
    if _dtype(tensor(a, "target")) == "int64":
        raise _error(a, "LL202", "RuntimeError: result type Float can't be cast to the desired "
                     "output type Long", "the targets must be floats, got int64")
    if _dtype(tensor(a, "target")) != "float32":
        raise Unmodelled("targets of another dtype")
    return _reduced(reduction, tuple(x))


@torch_function("F.binary_cross_entropy", "input, target, weight=None, size_average=None, "
                "reduce=None, reduction='mean'", binding="python")
def binary_cross_entropy(a: Args, xs: tuple[Shape, ...]) -> Out:
    reduction = _plain(a)
    x, t = xs[0], xs[1]
    _known(x, t)
    if tuple(x) != tuple(t):
        raise _error(a, "LL202", f"ValueError: Using a target size ({_torch_size(t)}) that is "
                     f"different to the input size ({_torch_size(x)}) is deprecated. Please "
                     "ensure they have the same size.",
                     f"targets {tshape(t)} for output {tshape(x)}")
    if tensor(a, "input").dtype != "float32":
        raise Unmodelled("a loss on an input of another dtype than float32")
    if _dtype(tensor(a, "target")) == "int64":
        raise _error(a, "LL202", "RuntimeError: Found dtype Long but expected Float",
                     "the targets must be floats, got int64")
    if _dtype(tensor(a, "target")) != "float32":
        raise Unmodelled("targets of another dtype")
    # its input must hold probabilities (values in [0, 1]): a run-time fact, not claimed
    return _reduced(reduction, tuple(x))
