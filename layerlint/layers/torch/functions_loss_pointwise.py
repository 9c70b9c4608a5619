"""Losses of torch.nn.functional that compare tensors element by element or by distance:
``F.mse_loss``, ``F.l1_loss``, ``F.smooth_l1_loss``, ``F.huber_loss``, ``F.kl_div``,
``F.margin_ranking_loss``, ``F.cosine_embedding_loss``, ``F.triplet_margin_loss`` (the modules
``nn.MSELoss`` & co. call them; ``F.ctc_loss`` is not modelled). Measured on torch 2.13 (CPU),
pinned by tests/torch_differential/test_losses.py.

The regression losses broadcast the target against the input after *warning* when their sizes
differ ("Using a target size ... This will likely lead to incorrect results due to
broadcasting"): the result carries that warning (LL403), or the broadcast's error when the
shapes do not broadcast. The checks run in the order the Python functions and ATen run them.
"""

from __future__ import annotations

from typing import Any

from ...ir import UNKNOWN
from ...shapes import Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import tshape, torch_size
from ._function import shown_name, tensor, torch_function
from .functions_loss import error, reduction_of, tensor_shapes
from .functions_math import broadcast

FLOATS = ("float32", "float64", "float16")


def _legacy(a: Args) -> None:
    if getattr(a, "size_average", None) is not None or getattr(a, "reduce", None) is not None:
        raise Unmodelled(f"{a.layer_type} with size_average/reduce (deprecated)")


def _broadcast(a: Args, first: Shape, second: Shape, names: str) -> Shape:
    """``broadcast_tensors`` (or an operator) on two shapes (``names``: what they are, "the
    input and the target"); its error as a target error."""
    try:
        return broadcast(a, first, second)
    except LayerError as failure:
        raise LayerError("LL202", f"{shown_name(a)}: {names} do not broadcast: "
                         f"{tshape(first)} and {tshape(second)}", failure.framework) from None


def differs(x: Shape, t: Shape) -> bool | None:
    """Whether two sizes certainly differ (True), certainly agree (False) or either (None)."""
    if len(x) != len(t):
        return True
    if any(is_known(d) and is_known(e) and d != e for d, e in zip(x, t)):
        return True
    if all(d == e and d is not None and d != "?" for d, e in zip(x, t)):
        return False
    return None


def size_warning(a: Args, x: Shape, t: Shape, joined: Shape) -> LayerError:
    """torch's UserWarning for a target of another size than the input (LL403)."""
    return LayerError(
        "LL403", f"{shown_name(a)}: the target {tshape(t)} has another shape than the input "
        f"{tshape(x)}; torch broadcasts them to {tshape(joined)} and compares every input with "
        "every target", f"UserWarning: Using a target size ({torch_size(t)}) that is different "
        f"to the input size ({torch_size(x)}). This will likely lead to incorrect results due "
        "to broadcasting. Please ensure they have the same size.",
        expected=tshape(x), found=tshape(t))


def _regression(name: str, signature: str, kernel: str, check: Any = None) -> None:
    @torch_function(f"F.{name}", signature, binding="python")
    def entry(a: Args, xs: tuple[Shape, ...]) -> Out:
        _legacy(a)
        if getattr(a, "weight", None) is not None:
            raise Unmodelled(f"{a.layer_type}(weight=...)")
        x, t = tensor_shapes(xs, 2)
        differ = differs(x, t)
        joined = _broadcast(a, x, t, "the input and the target")
        reduction = reduction_of(a)
        if check is not None:
            check(a)
        _dtypes(a, kernel)
        out = Out(joined if reduction == "none" else ())
        if differ:
            return Out(out.shape, warning=size_warning(a, x, t, joined))
        if differ is None and reduction == "none":
            raise Unmodelled(f"{a.layer_type} on sizes that may differ")
        return out


def _dtypes(a: Args, kernel: str) -> None:
    """The dtypes the kernels take: a float input, a float or integer target (measured)."""
    x, t = tensor(a, "input").dtype, tensor(a, "target").dtype
    if x not in FLOATS or t not in (*FLOATS, "int64", "int32"):
        raise Unmodelled(f"{a.layer_type} on {x} / {t} tensors")


def _beta(a: Args) -> None:
    beta = a.beta
    if not isinstance(beta, (int, float)) or isinstance(beta, bool):
        raise Unmodelled(f"{a.layer_type}(beta={beta!r})")
    if beta < 0:
        raise LayerError("LL105", f"{shown_name(a)}: beta={beta} is negative",
                         "RuntimeError: smooth_l1_loss does not support negative values for "
                         "beta.", arg="beta")


def _delta(a: Args) -> None:
    delta = a.delta
    if not isinstance(delta, (int, float)) or isinstance(delta, bool):
        raise Unmodelled(f"{a.layer_type}(delta={delta!r})")
    if delta <= 0:
        raise LayerError("LL105", f"{shown_name(a)}: delta={delta} must be positive",
                         "RuntimeError: huber_loss does not support non-positive values for "
                         "delta.", arg="delta")


_regression("mse_loss", "input, target, size_average=None, reduce=None, reduction='mean', "
            "weight=None", "mse")
_regression("l1_loss", "input, target, size_average=None, reduce=None, reduction='mean', "
            "weight=None", "l1")
_regression("smooth_l1_loss", "input, target, size_average=None, reduce=None, "
            "reduction='mean', beta=1.0", "smooth_l1", _beta)
_regression("huber_loss", "input, target, reduction='mean', delta=1.0, weight=None", "huber",
            _delta)


@torch_function("F.kl_div", "input, target, size_average=None, reduce=None, reduction='mean', "
                "log_target=False", binding="python")
def kl_div(a: Args, xs: tuple[Shape, ...]) -> Out:
    _legacy(a)
    reduction = reduction_of(a, ("mean", "batchmean", "sum", "none"))
    x, t = tensor_shapes(xs, 2)
    dtypes = (tensor(a, "input").dtype, tensor(a, "target").dtype)
    if any(d is None or d.startswith("bfloat") for d in dtypes):
        raise Unmodelled("F.kl_div on tensors of unknown dtype")
    if any(d.startswith(("int", "uint", "bool")) for d in dtypes):  # type: ignore[union-attr]
        raise error(a, "LL202", "RuntimeError: kl_div: Integral inputs not supported.",
                    "kl_div takes float tensors (log-probabilities and probabilities), got "
                    f"{dtypes[0]} and {dtypes[1]}")
    # target * (log(target) - input): the target's shape comes first
    joined = _broadcast(a, t, x, "the target and the input")
    return Out(joined if reduction == "none" else (),
               warning=_kl_mean(a) if reduction == "mean" else None)


def _kl_mean(a: Args) -> LayerError:
    """torch's UserWarning for ``reduction='mean'`` (the default) of ``kl_div`` (LL404)."""
    return LayerError(
        "LL404", f"{shown_name(a)}: reduction='mean' divides the loss by the batch size and the "
        "number of classes, not the KL divergence's batch mean; torch warns that 'mean' will "
        "become 'batchmean'", "UserWarning: reduction: 'mean' divides the total loss by both "
        "the batch size and the support size.'batchmean' divides only by the batch size, and "
        "aligns with the KL div math definition.'mean' will be changed to behave the same as "
        "'batchmean' in the next major release.", arg="reduction")


@torch_function("F.margin_ranking_loss", "input1, input2, target, margin=0, size_average=None, "
                "reduce=None, reduction='mean'", binding="python")
def margin_ranking_loss(a: Args, xs: tuple[Shape, ...]) -> Out:
    _legacy(a)
    reduction = reduction_of(a)
    x1, x2, t = tensor_shapes(xs, 3)
    if not len(x1) == len(x2) == len(t):
        raise error(a, "LL202", "RuntimeError: margin_ranking_loss : All input tensors should "
                    f"have same dimension but got sizes: input1: {torch_size(x1)}, input2: "
                    f"{torch_size(x2)}, target: {torch_size(t)} ",
                    f"input1 {tshape(x1)}, input2 {tshape(x2)} and target {tshape(t)} need "
                    "the same number of dimensions")
    diff = _broadcast(a, x1, x2, "input1 and input2")
    joined = _broadcast(a, t, diff, "the target and the inputs")
    if tensor(a, "input1").dtype not in FLOATS or tensor(a, "input2").dtype not in FLOATS:
        raise Unmodelled("F.margin_ranking_loss on integer inputs")
    return Out(joined if reduction == "none" else ())


@torch_function("F.cosine_embedding_loss", "input1, input2, target, margin=0, "
                "size_average=None, reduce=None, reduction='mean'", binding="python")
def cosine_embedding_loss(a: Args, xs: tuple[Shape, ...]) -> Out:
    _legacy(a)
    reduction = reduction_of(a)
    x1, x2, t = tensor_shapes(xs, 3)
    if len(t) > 1:
        raise error(a, "LL202", "RuntimeError: 0D or 1D target tensor expected, multi-target "
                    "not supported", f"the target {tshape(t)} must hold one label (1 or -1) "
                    "per pair")
    rank = 2 if len(t) == 1 else 1
    if not len(x1) == len(x2) == rank:
        raise error(a, "LL202", f"RuntimeError: {len(t)}D target tensor expects {rank}D input "
                    f"tensors, but found inputs with sizes {tshape(x1)} and {tshape(x2)}.",
                    f"a {len(t)}-D target needs {rank}-D inputs, got {tshape(x1)} and "
                    f"{tshape(x2)}")
    product = _broadcast(a, x1, x2, "input1 and input2")
    cosines = product[:-1]
    joined = _broadcast(a, t, cosines, "the target and the similarities")
    if tensor(a, "input1").dtype not in FLOATS or tensor(a, "input2").dtype not in FLOATS:
        raise Unmodelled("F.cosine_embedding_loss on integer inputs")
    return Out(joined if reduction == "none" else ())


@torch_function("F.triplet_margin_loss", "anchor, positive, negative, margin=1.0, p=2, "
                "eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean'",
                binding="python")
def triplet_margin_loss(a: Args, xs: tuple[Shape, ...]) -> Out:
    _legacy(a)
    reduction = reduction_of(a)
    margin = a.margin
    if margin is UNKNOWN or not isinstance(margin, (int, float)) or isinstance(margin, bool):
        raise Unmodelled(f"F.triplet_margin_loss(margin={margin!r})")
    if margin <= 0:
        raise LayerError("LL105", f"{shown_name(a)}: margin={margin} must be positive",
                         f"ValueError: margin must be greater than 0, got {margin}",
                         arg="margin")
    anchor, positive, negative = tensor_shapes(xs, 3)
    if not len(anchor) == len(positive) == len(negative):
        raise error(a, "LL202", "RuntimeError: The anchor, positive, and negative tensors are "
                    f"expected to have the same number of dimensions, but got: anchor "
                    f"{len(anchor)}D, positive {len(positive)}D, and negative {len(negative)}D "
                    "inputs", f"anchor {tshape(anchor)}, positive {tshape(positive)} and "
                    f"negative {tshape(negative)} need the same number of dimensions")
    if a.swap is not False or not anchor:
        raise Unmodelled("F.triplet_margin_loss(swap=True) or on 0-D tensors")
    near = _broadcast(a, anchor, positive, "anchor and positive")[:-1]
    far = _broadcast(a, anchor, negative, "anchor and negative")[:-1]
    joined = _broadcast(a, near, far, "the two distances")
    if any(tensor(a, n).dtype not in FLOATS for n in ("anchor", "positive", "negative")):
        raise Unmodelled("F.triplet_margin_loss on integer tensors")
    return Out(joined if reduction == "none" else ())
