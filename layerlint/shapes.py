"""Dimensions and shapes.

A dimension is one of:
  * ``int``   -- known to layerlint and to the framework;
  * ``None``  -- left free in the framework itself (the batch axis, variable timesteps);
  * ``str``   -- fixed in the framework but unknown to layerlint (a value computed at run time).
    A named one (``"timesteps"``) comes from a variable layerlint could not evaluate, or is made
    by a library entry (``"train@7"``: frontends/library/symbols.py) for a size several arrays
    certainly share; ``"?"`` is anonymous (the result of arithmetic on an unknown). Checks
    compare only known ints: the same name is equal, two names may be.

The distinction between ``None`` and ``str`` matters: Keras rejects ``Dense`` on a free last axis,
but a last axis that is merely unknown to us must never be reported.

A shape is a tuple of dimensions, batch axis first. A shape whose *rank* is unknown is ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Dim = int | str | None
Shape = tuple[Dim, ...]

UNKNOWN_DIM = "?"


def is_known(d: Dim) -> bool:
    """True when layerlint knows the exact value of the dimension."""
    return isinstance(d, int)


def is_free(d: Dim) -> bool:
    """True when the framework itself leaves the dimension free (``None``)."""
    return d is None


def is_symbolic(d: Dim) -> bool:
    return isinstance(d, str)


def definitely_equal(a: Dim, b: Dim) -> bool:
    return is_known(a) and is_known(b) and a == b


def definitely_different(a: Dim, b: Dim) -> bool:
    """Only two known integers can be proven different; anything else might match."""
    return is_known(a) and is_known(b) and a != b


def product(dims: Iterable[Dim]) -> Dim:
    """Product of dimensions: ``None`` if any is free, ``"?"`` if any is unknown to us."""
    dims = list(dims)
    if any(d is None for d in dims):
        return None
    if any(isinstance(d, str) for d in dims):
        return UNKNOWN_DIM
    return math.prod(dims)  # type: ignore[arg-type]


def arith(fn, *dims: Dim) -> Dim:
    """Apply integer arithmetic ``fn`` to dims, propagating free (None) and unknown (str)."""
    if any(d is None for d in dims):
        return None
    if any(isinstance(d, str) for d in dims):
        return UNKNOWN_DIM
    return fn(*dims)


def format_dim(d: Dim) -> str:
    return "None" if d is None else str(d)


def format_shape(shape: Shape | None) -> str:
    """Format like Keras prints shapes: ``(None, 10, 64)``, ``(None, 64)``, ``(5,)``."""
    if shape is None:
        return "?"
    inner = ", ".join(["None" if d is None else str(d) for d in shape])  # format_dim
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def to_json(shape: Shape | None) -> list | None:
    """JSON form per DESIGN.md: null for free or anonymous dims, strings for named ones."""
    if shape is None:
        return None
    return [None if d is None or d == UNKNOWN_DIM else d for d in shape]


# --- convolution / pooling arithmetic ------------------------------------------------------------
# Per spatial axis, as Keras 3 computes it (keras/src/ops/operation_utils.py and
# backend/common/backend_utils.py). A free input length (None) gives a free output length and an
# unknown one (str) an unknown one; neither is ever checked. The caller decides whether a known
# result <= 0 is an error (Keras raises only for `valid` conv and pooling).


def _length(fn, n: Dim, *, identity: bool = False) -> Dim:
    """Apply ``fn`` to a known length; keep a named unknown length when ``fn`` is the identity."""
    if identity:
        return n
    return arith(fn, n)


def conv_length(
    n: Dim, kernel: int, stride: int = 1, padding: str = "valid", dilation: int = 1
) -> Dim:
    """Output length of a convolution; ``padding`` is ``valid``, ``same`` or ``causal``."""
    if padding == "valid":
        span = dilation * (kernel - 1) + 1
        return _length(lambda v: (v - span) // stride + 1, n, identity=span == 1 and stride == 1)
    # `same` and `causal` pad so that only the stride shrinks the axis.
    return _length(lambda v: (v - 1) // stride + 1, n, identity=stride == 1)


def conv_transpose_length(
    n: Dim,
    kernel: int,
    stride: int = 1,
    padding: str = "valid",
    output_padding: int | None = None,
    dilation: int = 1,
) -> Dim:
    """Output length of a transposed convolution (Keras' ``_get_output_shape_given_tf_padding``)."""
    span = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(span, stride) - span if output_padding is None else output_padding
        return _length(lambda v: (v - 1) * stride + span + extra, n)
    if output_padding is None:
        return _length(lambda v: v * stride, n, identity=stride == 1)
    return _length(lambda v: (v - 1) * stride + span % 2 + output_padding, n)


def pool_length(n: Dim, pool: int, stride: int, padding: str = "valid") -> Dim:
    """Output length of a pooling window (``valid`` or ``same``)."""
    if padding == "valid":
        return _length(lambda v: (v - pool) // stride + 1, n, identity=pool == 1 and stride == 1)
    return _length(lambda v: (v - 1) // stride + 1, n, identity=stride == 1)


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def spatial(shape: Shape, data_format: str) -> Shape:
    """The spatial axes of a batched ``(batch, *spatial, channels)`` (or channels-first) shape."""
    return shape[1:-1] if data_format == "channels_last" else shape[2:]


def with_spatial(
    shape: Shape, new_spatial: Iterable[Dim], channels: Dim, data_format: str
) -> Shape:
    """Rebuild a batched shape from its batch axis, new spatial axes and a channel count."""
    if data_format == "channels_last":
        return (shape[0], *new_spatial, channels)
    return (shape[0], channels, *new_spatial)
