"""torch.nn.Embedding and EmbeddingBag (torch/nn/modules/sparse.py).

Embedding maps indices of any shape to ``shape + (embedding_dim,)``; EmbeddingBag reduces each
row of a 2-D index tensor to ``(batch, embedding_dim)``. Parameters: num_embeddings *
embedding_dim.

Indices must be integers (``torch.long``/``torch.int``): :data:`INDEX_MODULES` lists the modules
whose input is indices and :func:`float_indices_error` is torch's error for float data, for the
analysis to raise when it knows the data's dtype (the catalogue sees shapes only).
"""

from __future__ import annotations

from typing import Any

from ...shapes import Shape
from ..base import Args, LayerError, Out, Unmodelled
from ._common import int_arg, invalid, is_int, module, rank_error

INDEX_MODULES = frozenset(("Embedding", "EmbeddingBag"))
_FN = {"Embedding": "embedding", "EmbeddingBag": "embedding_bag"}


def float_indices_error(module_name: str, dtype: str = "Float") -> LayerError:
    """The forward pass of an Embedding(Bag) fed floating-point data (measured on 2.13)."""
    return LayerError(
        "LL201",
        f"{module_name} takes integer indices but receives {dtype.lower()} data; convert it with "
        ".long()",
        "RuntimeError: Expected tensor for argument #1 'indices' to have one of the following "
        f"scalar types: Long, Int; but got torch.{dtype}Tensor instead (while checking "
        f"arguments for {_FN[module_name]})",
        expected="Long or Int indices",
        found=dtype,
    )


# how torch names a tensor's type in that error, by dtype (measured, torch 2.13, CPU)
_TYPE_NAMES = {"float32": "torch.FloatTensor", "float64": "torch.DoubleTensor",
               "float16": "torch.HalfTensor", "bfloat16": "CPUBFloat16Type",
               "uint8": "torch.ByteTensor", "int16": "torch.ShortTensor",
               "int8": "torch.CharTensor", "bool": "CPUBoolType"}


def index_dtype_error(module_name: str, dtype: str | None) -> LayerError | None:
    """The forward pass of an Embedding(Bag) fed indices of ``dtype``: torch's error, or None
    when it takes them (int64, int32) or layerlint does not know (EmbeddingBag checks the rank
    first: the caller runs the entry before this)."""
    if dtype is None or dtype in ("int64", "int32") or dtype not in _TYPE_NAMES or (
            module_name == "EmbeddingBag" and dtype == "bool"):
        return None
    return LayerError(
        "LL201",
        f"{module_name} takes integer indices but receives {dtype} data; convert it with "
        ".long()",
        "RuntimeError: Expected tensor for argument #1 'indices' to have one of the following "
        f"scalar types: Long, Int; but got {_TYPE_NAMES[dtype]} instead (while checking "
        f"arguments for {_FN[module_name]})",
        expected="Long or Int indices",
        found=dtype,
    )


def index_range_error(a: Args, low: Any, high: Any) -> LayerError | None:
    """An Embedding fed ids the code makes plain (``low`` .. ``high``) outside its
    ``num_embeddings`` rows: torch's IndexError on CPU (measured, torch 2.13); None when the
    ids fit or are not known."""
    num = a.raw("num_embeddings")
    if not is_int(num) or not (is_int(high) and high >= num or is_int(low) and low < 0):
        return None
    above = is_int(high) and high >= num
    shown = f"ids up to {high}; use num_embeddings={high + 1} or check the ids" if above else \
        f"ids down to {low}: ids are row numbers, 0 or more"
    return LayerError(
        "LL302", f"Embedding({num}, ...) has {num} rows (ids 0 to {num - 1}) but receives "
        f"{shown}", "IndexError: index out of range in self",
        expected=f"ids in [0, {num})", found=str(high if above else low))


def _padding_idx(a: Args) -> None:
    num, idx = a.raw("num_embeddings"), a.raw("padding_idx")
    if is_int(num) and is_int(idx) and not -num <= idx < num:
        raise invalid(
            a,
            "padding_idx",
            "AssertionError: Padding_idx must be within num_embeddings",
            f"{a.layer_type}: padding_idx={idx} is outside the {num} embeddings",
        )


def _params(a: Args) -> int:
    num, dim = int_arg(a, "num_embeddings"), int_arg(a, "embedding_dim")
    if num < 0 or dim < 0:
        raise Unmodelled(f"{a.layer_type}({num}, {dim})")
    return num * dim


@module(
    "Embedding",
    "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, "
    "scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, "
    "dtype=None",
    validate=_padding_idx,
)
def embedding(a: Args, x: Shape) -> Out:
    params = _params(a)
    return Out(x + (a.embedding_dim,), params)


@module(
    "EmbeddingBag",
    "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, "
    "mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, "
    "device=None, dtype=None",
    validate=_padding_idx,
)
def embedding_bag(a: Args, x: Shape) -> Out:
    params = _params(a)
    if len(x) == 1:
        raise rank_error(
            a,
            x,
            "a 2-D (batch, bag) input (or 1-D indices with offsets)",
            "ValueError: offsets has to be a 1D Tensor but got None",
        )
    if len(x) != 2:
        if len(x) == 0:
            raise Unmodelled("EmbeddingBag on a 0-D input")
        raise rank_error(
            a,
            x,
            "a 2-D (batch, bag) input",
            f"ValueError: input has to be 1D or 2D Tensor, but got Tensor of dimension {len(x)}",
        )
    if a.mode not in ("sum", "mean", "max"):
        raise invalid(a, "mode", "ValueError: mode has to be one of sum, mean or max")
    return Out((x[0], a.embedding_dim), params)
