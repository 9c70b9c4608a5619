"""Dimensions and shapes.

A dimension is one of:
  * ``int``   -- known to layerlint and to the framework;
  * ``None``  -- left free in the framework itself (the batch axis, variable timesteps);
  * ``str``   -- fixed in the framework but unknown to layerlint (a value computed at run time).
    A named one (``"timesteps"``) comes from a variable layerlint could not evaluate; ``"?"`` is
    anonymous (the result of arithmetic on an unknown).

The distinction between ``None`` and ``str`` matters: Keras rejects ``Dense`` on a free last axis,
but a last axis that is merely unknown to us must never be reported.

A shape is a tuple of dimensions, batch axis first. A shape whose *rank* is unknown is ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Union

Dim = Union[int, str, None]
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
    inner = ", ".join(format_dim(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def to_json(shape: Shape | None) -> list | None:
    """JSON form per DESIGN.md: null for free or anonymous dims, strings for named ones."""
    if shape is None:
        return None
    return [None if d is None or d == UNKNOWN_DIM else d for d in shape]
