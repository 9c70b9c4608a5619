"""A torch module called directly on a tensor, outside any model (``conv = nn.Conv1d(40, 16, 5);
out = conv(x)``): the tensor it returns, so that it flows on (``z = lin(conv(x))``).

The call itself becomes a one-module model that the replay checks (its finding, stage
``forward``, at the calling line). Here only the output is worked out, from the catalogue
entry: when the entry raises or cannot tell (an argument layerlint could not evaluate, float
indices into an Embedding), the output is unknown, and so is everything computed from it.
"""

from __future__ import annotations

from typing import Any

from ..ir import UNKNOWN, ArrayValue, Call, Span
from ..layers.base import LayerError, Unmodelled, bind, lookup
from ..layers.torch.input_dtype import module_dtype

RNN_KINDS = ("RNN", "LSTM", "GRU")


def direct_output(call: Call, x: ArrayValue, span: Span, weights: str | None) -> Any:
    """What ``call(x)`` returns: an ArrayValue (a tuple of them for an RNN), or UNKNOWN;
    ``weights`` the dtype of the file's parameters (None: the code may convert them)."""
    spec = lookup("torch", call.kind)
    if spec is None or x.shape is None or not all(
            isinstance(d, int) and not isinstance(d, bool) for d in x.shape):
        return UNKNOWN
    if call.kind in ("Embedding", "EmbeddingBag") and not (x.dtype or "").startswith(
            ("int", "uint")):
        return UNKNOWN
    try:
        args = bind(spec, call, call.kind)
        if spec.validate:
            spec.validate(args)
        dtype = module_dtype(call, args.raw("bias"), x.dtype, len(x.shape), weights)
        if not isinstance(dtype, str):  # torch raises for that dtype, or it is not known
            return UNKNOWN
        out = spec.call(args, tuple(x.shape))
    except (LayerError, Unmodelled):
        return UNKNOWN
    shapes = out.outputs if out.outputs and call.kind in RNN_KINDS else (out.shape,)
    if any(s is None or not all(isinstance(d, int) for d in s) for s in shapes):
        return UNKNOWN
    tensors = [ArrayValue(tuple(s), dtype, span, span) for s in shapes]  # type: ignore[arg-type]
    if len(tensors) == 1:
        return tensors[0]
    if call.kind == "LSTM" and len(tensors) == 3:  # output, (h_n, c_n)
        return (tensors[0], (tensors[1], tensors[2]))
    return tuple(tensors)
